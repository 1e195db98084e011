"""Hole 2's last part and fault 2 of the hardening issue: a job whose worker was killed
stayed ``running`` forever. The watchdog fails it; a re-run completes the work without
doubling any of it (articles or suggestions)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from claims.models import Article, Claim, ImportJob, JobStatus
from claims.services.jobs import (
    JobRefused,
    import_job_start,
    job_rerun,
    jobs_fail_stale,
    suggestion_job_start,
)

pytestmark = pytest.mark.django_db

FILES = [
    ("one.txt", b"Council vote\n\nThe council voted 5-4 on Tuesday, officials said."),
    ("two.txt", b"Harbour plan\n\nThe harbour master said the plan would cost 2 million."),
]


def _killed_mid_job(job: ImportJob, minutes: int = 60) -> None:
    """What a worker that died after starting leaves behind."""
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING,
        done=1,
        heartbeat_at=timezone.now() - timedelta(minutes=minutes),
    )


def test_stale_running_job_is_failed_and_a_rerun_completes_it(
    annotation_set, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):  # queued, never run
        job = import_job_start(annotation_set=annotation_set, user=manager, files=FILES)
    _killed_mid_job(job)
    fresh = ImportJob.objects.create(
        annotation_set=annotation_set, status=JobStatus.RUNNING, heartbeat_at=timezone.now()
    )
    assert jobs_fail_stale(older_than=timedelta(minutes=15)) == [job.pk]
    job.refresh_from_db()
    fresh.refresh_from_db()
    assert job.status == JobStatus.FAILED and "worker stopped" in job.result["errors"][0]["error"]
    assert fresh.status == JobStatus.RUNNING
    assert job.files.count() == 2  # kept for the re-run
    with django_capture_on_commit_callbacks(execute=True):
        job_rerun(job=job)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.result["imported"] == 2
    assert Article.objects.count() == 2
    with pytest.raises(JobRefused):
        job_rerun(job=job)  # done: nothing to re-run


def test_rerun_after_a_partial_import_adds_no_duplicates(
    annotation_set, manager, django_capture_on_commit_callbacks
):
    from claims.services.ingest import articles_import

    articles_import(annotation_set=annotation_set, files=FILES[:1], user=manager)  # got halfway
    with django_capture_on_commit_callbacks(execute=False):
        job = import_job_start(annotation_set=annotation_set, user=manager, files=FILES)
    _killed_mid_job(job)
    jobs_fail_stale()
    with django_capture_on_commit_callbacks(execute=True):
        job_rerun(job=job)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.result["imported"] == 1 and len(job.result["skipped_duplicates"]) == 1
    assert Article.objects.count() == 2


def test_killed_suggestion_job_rerun_adds_no_duplicate_suggestions(
    annotation_set, manager, django_capture_on_commit_callbacks
):
    from claims.services.ingest import articles_import

    with django_capture_on_commit_callbacks(execute=True):
        articles_import(annotation_set=annotation_set, files=FILES, user=manager)
    suggested = set(Claim.objects.filter(origin="suggested").values_list("start", "end"))
    assert suggested, "the import made no suggestions to test with"
    with django_capture_on_commit_callbacks(execute=False):
        job = suggestion_job_start(
            annotation_set=annotation_set,
            user=None,
            article_ids=list(Article.objects.values_list("id", flat=True)),
        )
    _killed_mid_job(job)
    call_command("jobs_watchdog", "--minutes", "15")
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    with django_capture_on_commit_callbacks(execute=True):
        job_rerun(job=job)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    after = list(Claim.objects.filter(origin="suggested").values_list("start", "end"))
    assert len(after) == len(set(after)) and set(after) == suggested


def test_manager_reruns_from_the_job_page(
    client, annotation_set, manager, annotator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        job = import_job_start(annotation_set=annotation_set, user=manager, files=FILES)
    _killed_mid_job(job)
    jobs_fail_stale()
    client.force_login(annotator)
    assert client.post(reverse("job-rerun", args=[job.pk])).status_code == 403
    client.force_login(manager)
    page = client.get(reverse("job-detail", args=[job.pk])).content.decode()
    assert reverse("job-rerun", args=[job.pk]) in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("job-rerun", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
