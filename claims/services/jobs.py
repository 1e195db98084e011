"""Background jobs with progress the UI polls: article imports (uploaded files are kept in
the database, so a worker on any machine can read them) and suggestion runs."""

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from claims.models import AnnotationSet, ImportJob, ImportJobFile, JobStatus

Progress = Callable[[int, int], None]


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
    rows.update(status=JobStatus.RUNNING)

    def progress(done: int, total: int) -> None:
        rows.update(done=done, total=total)

    try:
        result = work(progress)
    except Exception as error:  # the job must end in a state the UI can show
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


def import_job_start(
    *, annotation_set: AnnotationSet, user: Any, files: list[tuple[str, bytes]], fmt: str = "auto"
) -> ImportJob:
    from claims.tasks import run_import_job

    with transaction.atomic():
        job = _job_create(
            run_task=run_import_job,
            annotation_set=annotation_set,
            created_by=user,
            total=len(files),
            result={"format": fmt},
        )
        ImportJobFile.objects.bulk_create(
            ImportJobFile(job=job, name=name, data=data) for name, data in files
        )
    job.refresh_from_db()
    return job


def import_job_run(*, job_id: int) -> ImportJob:
    from claims.services.ingest import articles_import

    job = ImportJob.objects.select_related("annotation_set", "created_by").get(pk=job_id)
    files = [(f.name, bytes(f.data)) for f in job.files.order_by("id")]

    def work(progress: Progress) -> dict[str, Any]:
        outcome = articles_import(
            annotation_set=job.annotation_set,
            files=files,
            fmt=job.result.get("format", "auto"),
            user=job.created_by,
            progress=progress,
        )
        return outcome.as_json()

    job = _job_run(job, work)
    job.files.all().delete()  # the articles hold the text now
    return job


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
