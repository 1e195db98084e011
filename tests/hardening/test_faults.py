"""Faults (hardening issue, deliverable 4): the database connection killed in the middle of
an import rolls everything back and fails the job, and a re-run completes it; a failed save
in the annotate page keeps the edit in the form with the error inline."""

import orjson
import pytest
from django.db import connection
from django.urls import reverse

from claims.models import Article, Claim, ImportJob, ImportJobFile, JobStatus
from claims.services.jobs import job_rerun

TEXT = "Aides said the plan failed. The mayor said it worked. Others disagreed."


def _bundle(i: int) -> bytes:
    return orjson.dumps(
        {
            "format": "claim-annotator/1",
            "article": {"title": f"Plan {i}", "text": f"Story {i}. {TEXT}"},
            "claims": [{"id": 1, "start": 20, "end": 35}],
        }
    )


@pytest.mark.django_db(transaction=True)
def test_connection_killed_mid_import_rolls_back_and_rerun_completes(
    annotation_set, manager, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("pg_terminate_backend needs PostgreSQL (set DATABASE_URL)")
    import psycopg

    import claims.services.interchange.jsonl as jsonl_import

    # A failed annotation-import job with its upload, as a re-run finds it.
    job = ImportJob.objects.create(
        annotation_set=annotation_set,
        kind="import_annotations",
        created_by=manager,
        status=JobStatus.FAILED,
        total=1,
        result={"format": "jsonl"},
    )
    ImportJobFile.objects.create(
        job=job, name="a.jsonl", data=b"\n".join(_bundle(i) for i in range(3))
    )
    real = jsonl_import.history_create
    settings = connection.settings_dict

    def killed(*args, **kwargs):
        # Everything but the history rows is written inside the transaction: kill it now.
        pid = connection.cursor().connection.info.backend_pid
        with psycopg.connect(
            dbname=settings["NAME"],
            user=settings["USER"],
            host=settings["HOST"] or "127.0.0.1",
            port=settings["PORT"] or 5432,
            password=settings["PASSWORD"] or None,
            autocommit=True,
        ) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", [pid])
        return real(*args, **kwargs)

    monkeypatch.setattr(jsonl_import, "history_create", killed)
    try:
        job_rerun(job=job)  # the immediate task backend may or may not re-raise
    except Exception as error:
        assert "terminat" in str(error) or "closed" in str(error), error
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert not Article.objects.exists() and not Claim.objects.exists()  # full rollback
    assert job.files.count() == 1  # kept for the re-run
    monkeypatch.setattr(jsonl_import, "history_create", real)
    job_rerun(job=job)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert Article.objects.count() == 3 and Claim.objects.count() == 3


@pytest.mark.django_db
def test_failed_save_keeps_the_edit_in_the_form_with_the_error_inline(
    client, annotator, annotation_set
):
    from tests.factories import ArticleFactory

    article = ArticleFactory(annotation_set=annotation_set)
    client.force_login(annotator)
    response = client.post(
        reverse("claim-create", args=[article.pk]),
        {"start": "5", "end": "99999", "note": "my careful note", "kind": "anonymous"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "my careful note" in body  # the edit is still in the form
    assert 'role="alert"' in body or 'class="error"' in body
    assert not Claim.objects.exists()
