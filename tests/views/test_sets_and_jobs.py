"""Set list, article list (query counts flat), the reading view, and upload jobs."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.models import ArticleFlag, DuplicateCluster, ImportJob, JobStatus
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def test_article_list_query_count_is_flat(
    client, annotator, annotation_set, django_assert_max_num_queries
):
    client.force_login(annotator)
    ArticleFactory.create_batch(3, annotation_set=annotation_set)
    with django_assert_max_num_queries(8) as few:
        assert client.get(reverse("article-list", args=["newsroom"])).status_code == 200
    for article in ArticleFactory.create_batch(40, annotation_set=annotation_set):
        ClaimFactory(article=article)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("article-list", args=["newsroom"]))
    assert response.content.count(b"<tr>") == 44  # header + 43 articles


def test_counts_are_not_multiplied_by_the_duplicate_cluster(client, annotator, annotation_set):
    cluster = DuplicateCluster.objects.create()
    first, second = ArticleFactory.create_batch(2, annotation_set=annotation_set, cluster=cluster)
    ClaimFactory(article=first)
    client.force_login(annotator)
    articles = {
        a.pk: a for a in client.get(reverse("article-list", args=["newsroom"])).context["articles"]
    }
    assert (articles[first.pk].claim_count, articles[first.pk].cluster_size) == (1, 2)
    assert articles[second.pk].claim_count == 0


def test_htmx_request_gets_only_the_table(client, annotator, article):
    client.force_login(annotator)
    response = client.get(
        reverse("article-list", args=["newsroom"]), headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="article-table"')
    assert "<html" not in body
    assert "HX-Request" in response["Vary"]


def test_other_sets_are_invisible(client, outsider, article):
    client.force_login(outsider)
    assert client.get(reverse("article-list", args=["newsroom"])).status_code == 404
    assert b"Newsroom" not in client.get(reverse("set-list")).content


def test_reading_view_escapes_text_and_marks_flags(client, annotator, annotation_set):
    text = "Héllo <script>alert(1)</script> said the mayor.\n\nDonate now."
    article = ArticleFactory(annotation_set=annotation_set, text=text)
    ArticleFlag.objects.create(
        article=article, kind="boilerplate", start=49, end=60, detail={"reason": "donation"}
    )
    client.force_login(annotator)
    body = client.get(reverse("article-read", args=[article.pk])).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert 'class="run mark-boilerplate" data-start="49" data-end="60"' in body
    assert (
        "script-src 'self'"
        in client.get(reverse("article-read", args=[article.pk]))["Content-Security-Policy"]
    )


def test_manager_upload_runs_a_job_with_progress(
    client, manager, annotator, annotation_set, django_capture_on_commit_callbacks
):
    upload = [
        SimpleUploadedFile("one.txt", b"Council vote\n\nThe council voted 5-4, officials said."),
        SimpleUploadedFile("bad.txt", b"\xff\xfe broken"),
    ]
    client.force_login(annotator)
    response = client.post(reverse("import-upload", args=["newsroom"]), {"uploads": upload})
    assert response.status_code == 403
    client.force_login(manager)
    upload = [
        SimpleUploadedFile("one.txt", b"Council vote\n\nThe council voted 5-4, officials said."),
        SimpleUploadedFile("bad.txt", b"\xff\xfe broken"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("import-upload", args=["newsroom"]), {"uploads": upload, "format": "auto"}
        )
    job = ImportJob.objects.get(kind="import_articles")
    assert response.status_code == 302 and response["Location"] == reverse(
        "job-detail", args=[job.pk]
    )
    assert job.status == JobStatus.DONE and job.done == 2
    assert job.result["imported"] == 1
    assert job.result["errors"][0]["file"] == "bad.txt"
    fragment = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<section id="job-progress"')
    assert "bad.txt" in fragment and "hx-trigger" not in fragment  # finished: stops polling
    assert not job.files.exists()


def test_upload_without_files_is_a_400_inline(client, manager):
    client.force_login(manager)
    response = client.post(reverse("import-upload", args=["newsroom"]), {"format": "auto"})
    assert response.status_code == 400
    assert b'id="import-form"' in response.content and b"uploads" in response.content


def test_job_page_reports_an_annotation_import(
    client, manager, annotation_set, django_capture_on_commit_callbacks
):
    from claims.services.jobs import annotations_import_job_start

    files = [("doc.txt", b"Aides said so."), ("doc_zz.ann", b"T1\tCue 0 4\tNope\n")]
    with django_capture_on_commit_callbacks(execute=True):
        job = annotations_import_job_start(
            annotation_set=annotation_set, user=manager, files=files, fmt="brat"
        )
    client.force_login(manager)
    page = client.get(reverse("job-detail", args=[job.pk])).content.decode()
    assert "Annotation import" in page
    [problem] = [line for line in page.splitlines() if "doc_zz.ann, line 1:" in line]
    assert problem.count("doc_zz.ann") == 1 and "does not match" in problem
