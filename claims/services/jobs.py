"""Background jobs with progress the UI and the API poll: article imports and annotation
imports (uploaded files are kept in the database, so a worker on any machine can read them)
and suggestion runs."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from claims.models import AnnotationSet, ImportJob, ImportJobFile, JobStatus

Progress = Callable[[int, int], None]


class JobRefused(Exception):
    """Work that refused its input (and wrote nothing): the job fails with ``result`` (the
    errors, naming file and line), and the task itself ends normally."""

    def __init__(self, result: dict[str, Any]) -> None:
        super().__init__(result)
        self.result = result


def _job_create(*, run_task: Any, **fields: Any) -> ImportJob:
    with transaction.atomic():
        job = ImportJob.objects.create(**fields)
        transaction.on_commit(lambda: _enqueue(job.pk, run_task))
    return job


def _enqueue(job_id: int, run_task: Any) -> None:
    result = run_task.enqueue(job_id)
    ImportJob.objects.filter(pk=job_id, task_id="").update(task_id=str(result.id)[:64])


def _job_run(job: ImportJob, work: Callable[[Progress], dict[str, Any]]) -> ImportJob:
    """Run ``work`` with a progress callback; the job always ends done or failed."""
    if job.status in (JobStatus.DONE, JobStatus.FAILED):
        return job
    rows = ImportJob.objects.filter(pk=job.pk)
    rows.update(status=JobStatus.RUNNING, heartbeat_at=timezone.now())

    def progress(done: int, total: int) -> None:
        rows.update(done=done, total=total, heartbeat_at=timezone.now())

    try:
        result = work(progress)
    except JobRefused as refused:
        rows.update(
            status=JobStatus.FAILED,
            finished_at=timezone.now(),
            result={**job.result, **refused.result},
        )
        job.refresh_from_db()
        return job
    except Exception as error:  # the job must end in a state the UI can show
        # A killed database connection (failover, pg_terminate_backend) must not also keep
        # the job from being marked failed: drop the broken connection, use a fresh one.
        if not db_connection.in_atomic_block:
            db_connection.close_if_unusable_or_obsolete()
        rows.update(
            status=JobStatus.FAILED,
            finished_at=timezone.now(),
            result={**job.result, "errors": [{"file": "", "error": str(error)}]},
        )
        raise
    rows.update(
        status=JobStatus.DONE,
        done=job.total,
        finished_at=timezone.now(),
        result={**job.result, **result},
    )
    job.refresh_from_db()
    return job


def _upload_job_start(
    *,
    run_task: Any,
    kind: str,
    annotation_set: AnnotationSet,
    user: Any,
    files: list[tuple[str, bytes]],
    fmt: str,
) -> ImportJob:
    """A job over uploaded files, kept in the database so a worker on any machine reads them."""
    with transaction.atomic():
        job = _job_create(
            run_task=run_task,
            annotation_set=annotation_set,
            kind=kind,
            created_by=user,
            total=len(files),
            result={"format": fmt},
        )
        ImportJobFile.objects.bulk_create(
            ImportJobFile(job=job, name=name, data=data) for name, data in files
        )
    job.refresh_from_db()
    return job


def _upload_job_run(
    job_id: int, work: Callable[[ImportJob, list[tuple[str, bytes]], Progress], dict[str, Any]]
) -> ImportJob:
    """Run ``work`` on the job's uploaded files, then drop them: imported, the articles hold
    the text; refused, the result keeps the reasons."""
    job = ImportJob.objects.select_related("annotation_set", "created_by").get(pk=job_id)
    files = [(f.name, bytes(f.data)) for f in job.files.order_by("id")]
    job = _job_run(job, lambda progress: work(job, files, progress))
    # Kept when the job broke (not its input): a re-run needs them.
    job.files.all().delete()
    return job


def import_job_start(
    *, annotation_set: AnnotationSet, user: Any, files: list[tuple[str, bytes]], fmt: str = "auto"
) -> ImportJob:
    from claims.tasks import run_import_job

    return _upload_job_start(
        run_task=run_import_job,
        kind="import_articles",
        annotation_set=annotation_set,
        user=user,
        files=files,
        fmt=fmt,
    )


def import_job_run(*, job_id: int) -> ImportJob:
    from claims.services.ingest import articles_import

    def work(job: ImportJob, files: list[tuple[str, bytes]], progress: Progress) -> dict[str, Any]:
        return articles_import(
            annotation_set=job.annotation_set,
            files=files,
            fmt=job.result.get("format", "auto"),
            user=job.created_by,
            progress=progress,
        ).as_json()

    return _upload_job_run(job_id, work)


def annotations_import_job_start(
    *, annotation_set: AnnotationSet, user: Any, files: list[tuple[str, bytes]], fmt: str
) -> ImportJob:
    """An annotation import (``brat``/``jsonl``) run as a job: uploads too big to import
    within one HTTP request (a zip of 20 MB can hold minutes of work)."""
    from claims.tasks import run_annotations_import_job

    return _upload_job_start(
        run_task=run_annotations_import_job,
        kind="import_annotations",
        annotation_set=annotation_set,
        user=user,
        files=files,
        fmt=fmt,
    )


def annotations_import_job_run(*, job_id: int) -> ImportJob:
    from claims.services.interchange import InterchangeError, annotations_import

    def work(job: ImportJob, files: list[tuple[str, bytes]], progress: Progress) -> dict[str, Any]:
        try:
            return annotations_import(
                annotation_set=job.annotation_set,
                files=files,
                fmt=job.result["format"],
                user=job.created_by,
            )
        except InterchangeError as refused:
            raise JobRefused({"errors": refused.described()}) from refused

    return _upload_job_run(job_id, work)


def suggestion_job_start(
    *, annotation_set: AnnotationSet, user: Any, article_ids: list[int]
) -> ImportJob:
    from claims.tasks import run_suggestion_job

    job = _job_create(
        run_task=run_suggestion_job,
        annotation_set=annotation_set,
        kind="suggest_attributions",
        created_by=user if getattr(user, "is_authenticated", False) else None,
        total=len(article_ids),
        result={"article_ids": article_ids},
    )
    job.refresh_from_db()
    return job


def suggestion_job_run(*, job_id: int) -> ImportJob:
    from claims.services.suggestions import suggestions_store

    job = ImportJob.objects.get(pk=job_id)
    return _job_run(
        job,
        lambda progress: suggestions_store(
            article_ids=job.result["article_ids"], progress=progress
        ),
    )


STALE_MESSAGE = "the worker stopped before finishing (no progress for {minutes} min); re-run it"


def jobs_fail_stale(*, older_than: timedelta = timedelta(minutes=15)) -> list[int]:
    """Fail the running jobs whose heartbeat stopped (a killed or timed-out worker), so
    none stays ``running`` forever. Returns their ids."""
    cutoff = timezone.now() - older_than
    stale = ImportJob.objects.filter(status=JobStatus.RUNNING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff)
    )
    ids = list(stale.values_list("id", flat=True))
    message = STALE_MESSAGE.format(minutes=int(older_than.total_seconds() // 60))
    for job in ImportJob.objects.filter(pk__in=ids):
        # Conditional on still running: a worker that just finished keeps its result.
        ImportJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
            status=JobStatus.FAILED,
            finished_at=timezone.now(),
            result={**job.result, "errors": [{"file": "", "error": message}]},
        )
    return ids


def _run_task(kind: str) -> Any:
    from claims import tasks

    return {
        "import_articles": tasks.run_import_job,
        "import_annotations": tasks.run_annotations_import_job,
        "suggest_attributions": tasks.run_suggestion_job,
    }.get(kind)


def job_rerun(*, job: ImportJob) -> ImportJob:
    """Queue a failed job again. Imports are idempotent (an article already stored is a
    duplicate, an annotation import is one transaction) and suggestions have stable keys, so
    a re-run finishes the work without doubling any of it."""
    job.refresh_from_db()
    run_task = _run_task(job.kind)
    uploads = job.kind != "suggest_attributions"
    if job.status != JobStatus.FAILED or run_task is None:
        raise JobRefused({"errors": [{"file": "", "error": "only a failed job can be re-run"}]})
    if uploads and not job.files.exists():
        raise JobRefused(
            {"errors": [{"file": "", "error": "its input was refused; fix it and upload again"}]}
        )
    keep = {k: v for k, v in job.result.items() if k in ("format", "article_ids")}
    with transaction.atomic():
        ImportJob.objects.filter(pk=job.pk).update(
            status=JobStatus.QUEUED,
            done=0,
            result=keep,
            finished_at=None,
            heartbeat_at=None,
            task_id="",
        )
        transaction.on_commit(lambda: _enqueue(job.pk, run_task))
    job.refresh_from_db()
    return job
