"""Import jobs: uploaded files are kept in the database and imported by a background task
that reports progress on the job row, which the UI polls."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from claims.models import AnnotationSet, ImportJob, ImportJobFile, JobStatus


def import_job_start(
    *, annotation_set: AnnotationSet, user: Any, files: list[tuple[str, bytes]], fmt: str = "auto"
) -> ImportJob:
    from claims.tasks import run_import_job

    with transaction.atomic():
        job = ImportJob.objects.create(
            annotation_set=annotation_set,
            created_by=user,
            total=len(files),
            result={"format": fmt},
        )
        ImportJobFile.objects.bulk_create(
            ImportJobFile(job=job, name=name, data=data) for name, data in files
        )
        transaction.on_commit(lambda: _enqueue(job.pk, run_import_job))
    job.refresh_from_db()
    return job


def suggestion_job_start(
    *, annotation_set: AnnotationSet, user: Any, article_ids: list[int]
) -> ImportJob:
    from claims.tasks import run_suggestion_job

    with transaction.atomic():
        job = ImportJob.objects.create(
            annotation_set=annotation_set,
            kind="suggest_attributions",
            created_by=user if getattr(user, "is_authenticated", False) else None,
            total=len(article_ids),
            result={"article_ids": article_ids},
        )
        transaction.on_commit(lambda: _enqueue(job.pk, run_suggestion_job))
    job.refresh_from_db()
    return job


def suggestion_job_run(*, job_id: int) -> ImportJob:
    from claims.services.suggestions import suggestions_store

    job = ImportJob.objects.get(pk=job_id)
    if job.status in (JobStatus.DONE, JobStatus.FAILED):
        return job
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)

    def progress(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(done=done, total=total)

    try:
        totals = suggestions_store(article_ids=job.result["article_ids"], progress=progress)
    except Exception as error:  # the job must end in a state the UI can show
        ImportJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED,
            finished_at=timezone.now(),
            result={**job.result, "errors": [{"file": "", "error": str(error)}]},
        )
        raise
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE,
        done=job.total,
        finished_at=timezone.now(),
        result={**job.result, **totals},
    )
    job.refresh_from_db()
    return job


def _enqueue(job_id: int, run_task: Any) -> None:
    result = run_task.enqueue(job_id)
    ImportJob.objects.filter(pk=job_id, task_id="").update(task_id=str(result.id)[:64])


def import_job_run(*, job_id: int) -> ImportJob:
    from claims.services.ingest import articles_import

    job = ImportJob.objects.select_related("annotation_set", "created_by").get(pk=job_id)
    if job.status in (JobStatus.DONE, JobStatus.FAILED):
        return job
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)

    def progress(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(done=done, total=total)

    files = [(f.name, bytes(f.data)) for f in job.files.order_by("id")]
    try:
        outcome = articles_import(
            annotation_set=job.annotation_set,
            files=files,
            fmt=job.result.get("format", "auto"),
            user=job.created_by,
            progress=progress,
        )
    except Exception as error:  # the job must end in a state the UI can show
        ImportJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED,
            finished_at=timezone.now(),
            result={**job.result, "errors": [{"file": "", "error": str(error)}]},
        )
        raise
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE,
        done=len(files),
        finished_at=timezone.now(),
        result={**job.result, **outcome.as_json()},
    )
    job.files.all().delete()  # the articles hold the text now
    job.refresh_from_db()
    return job
