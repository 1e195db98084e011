"""API behaviour beyond the permission matrix: mass assignment, conflicts, limits, errors,
exports, imports, flat query counts."""

import io
import zipfile

import orjson
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.models import ApiToken, Claim, ImportJobFile
from tests.api.conftest import build_world
from tests.factories import (
    AnnotationSetFactory,
    AttributionFactory,
    ClaimFactory,
    MembershipFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def test_mass_assignment_is_ignored_or_refused(client_for, annotator, own, manager):
    client = client_for(annotator)
    body = {
        "article": own.article.pk,
        "start": 21,
        "end": 40,
        "created_by": manager.pk,
        "origin": "imported",
        "quote": "forged",
        "accepted_by": manager.pk,
        "version": 9,
    }
    response = client.post("/api/v1/claims/", body, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["created_by"] == "annie" and data["origin"] == "manual"
    assert data["accepted_by"] is None and data["version"] == 1
    assert data["quote"] == own.article.text[21:40]
    response = client.post("/api/v1/claims/", {**body, "status": "approved"}, format="json")
    assert response.status_code == 400 and "status" in response.json()
    # An annotator cannot approve their own claim either.
    own_claim = Claim.objects.get(pk=data["id"])
    response = client.patch(
        f"/api/v1/claims/{own_claim.pk}/", {"status": "approved", "version": 1}, format="json"
    )
    assert response.status_code == 403
    response = client.patch(
        f"/api/v1/claims/{own_claim.pk}/",
        {"status": "submitted", "version": 1, "article": own.article.pk + 1000},
        format="json",
    )
    assert response.status_code in (200, 400)
    own_claim.refresh_from_db()
    assert own_claim.article_id == own.article.pk
    response = client.post(
        "/api/v1/attributions/",
        {
            "article": own.article.pk,
            "claim": own_claim.pk,
            "kind": "sourced",
            "details": {"brat": {"trigger": "x"}},
            "origin": "suggested",
            "created_by": manager.pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["details"] == {} and response.json()["origin"] == "manual"
    assert response.json()["created_by"] == "annie"


def test_stale_version_gives_409_with_current(client_for, reviewer, own):
    client = client_for(reviewer)
    url = f"/api/v1/claims/{own.claim.pk}/"
    assert client.patch(url, {"note": "a", "version": 1}, format="json").status_code == 200
    response = client.patch(url, {"note": "b", "version": 1}, format="json")
    assert response.status_code == 409
    assert response.json()["current"]["version"] == 2
    assert response.json()["current"]["note"] == "a"
    response = client.patch(url, {"note": "b"}, format="json")
    assert response.status_code == 400 and "version" in response.json()
    assert client.delete(url).status_code == 400


def test_bad_offsets_are_400_naming_the_field(client_for, annotator, own):
    client = client_for(annotator)
    response = client.post(
        "/api/v1/claims/", {"article": own.article.pk, "start": 5, "end": 5000}, format="json"
    )
    assert response.status_code == 400
    assert "past the end" in str(response.json())
    response = client.post(
        "/api/v1/attributions/",
        {"article": own.article.pk, "kind": "sourced", "cue_start": 3},
        format="json",
    )
    assert response.status_code == 400 and "cue_start" in response.json()


def test_export_every_format_streams(client_for, annotator, own):
    client = client_for(annotator)
    for fmt in ("jsonl", "json", "csv", "brat", "w3c", "labelstudio"):
        response = client.get(f"/api/v1/sets/{own.annotation_set.slug}/export/?format={fmt}")
        assert response.status_code == 200, fmt
        assert response.streaming
        body = b"".join(response.streaming_content)
        assert "attachment" in response["Content-Disposition"]
        if fmt == "brat":
            names = zipfile.ZipFile(io.BytesIO(body)).namelist()
            assert any(n.endswith("_writer.ann") for n in names)
        elif fmt == "csv":
            assert len(body.decode().splitlines()) == 2
        elif fmt == "jsonl":
            assert orjson.loads(body.splitlines()[0])["attributions"][0]["kind"] == "sourced"
        else:
            orjson.loads(body)


def test_export_filters_and_unknown_format(client_for, annotator, own):
    client = client_for(annotator)
    url = f"/api/v1/sets/{own.annotation_set.slug}/export/"
    response = client.get(url + "?format=xml")
    assert response.status_code == 400
    assert "jsonl, json, csv, brat, w3c, labelstudio" in response.json()["format"]
    response = client.get(url + "?format=csv&kind=quoted")
    assert len(b"".join(response.streaming_content).decode().splitlines()) == 1
    response = client.get(url + "?format=csv&annotator=writer&status=draft")
    assert len(b"".join(response.streaming_content).decode().splitlines()) == 2
    assert client.get(url + "?format=csv&status=bogus").status_code == 400


def test_import_limits_and_errors(client_for, manager, own, settings):
    client = client_for(manager)
    url = f"/api/v1/sets/{own.annotation_set.slug}/import/"
    bad = SimpleUploadedFile("doc_x.ann", b"T1\tCue 0 4\tNope\n")
    text = SimpleUploadedFile("doc.txt", b"Aides said so.")
    response = client.post(url, {"format": "brat", "files": [text, bad]}, format="multipart")
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["file"] == "doc_x.ann" and error["line"] == 1
    assert "does not match" in error["message"]
    assert not own.annotation_set.articles.filter(source_name="doc.txt").exists()
    response = client.post(
        url, {"format": "xml", "files": [SimpleUploadedFile("a", b"x")]}, format="multipart"
    )
    assert response.status_code == 400 and "brat" in str(response.json()["format"])
    settings.CLAIMS_MAX_IMPORT_BYTES = 100
    big = SimpleUploadedFile("doc.txt", b"x" * 500)
    response = client.post(url, {"format": "brat", "files": [big]}, format="multipart")
    assert response.status_code == 413


def test_brat_zip_import_over_api(client_for, manager, own):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("text/doc.txt", "Aides said so.")
        z.writestr(
            "attributions/doc_zz.ann",
            "T1\tCue 6 10\tsaid\nT2\tAttribution 6 10\tsaid\nE1\tAttribution-no-source:T2 Cue:T1\n",
        )
    response = client_for(manager).post(
        f"/api/v1/sets/{own.annotation_set.slug}/import/",
        {"format": "brat", "files": [SimpleUploadedFile("set.zip", archive.getvalue())]},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    assert response.json()["attributions"] == 1
    assert response.json()["annotators"]["zz"]["spans"] == 2


def _brat_zip(ann: str) -> SimpleUploadedFile:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("text/doc.txt", "Aides said so.")
        z.writestr("attributions/doc_zz.ann", ann)
    return SimpleUploadedFile("set.zip", archive.getvalue())


def test_background_import_answers_202_and_its_job_reports(
    client_for, manager, annotator, own, django_capture_on_commit_callbacks
):
    client = client_for(manager)
    ann = "T1\tCue 6 10\tsaid\nT2\tAttribution 6 10\tsaid\nE1\tAttribution-no-source:T2 Cue:T1\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/v1/sets/{own.annotation_set.slug}/import/",
            {"format": "brat", "files": [_brat_zip(ann)], "background": "true"},
            format="multipart",
        )
    assert response.status_code == 202, response.content
    queued = response.json()
    assert queued["kind"] == "import_annotations" and queued["set"] == own.annotation_set.slug
    assert response["Location"] == queued["url"]
    # Any member may poll the set's jobs; the job ran when the request committed.
    job = client_for(annotator).get(response["Location"]).json()
    assert job["status"] == "done", job
    assert job["result"]["attributions"] == 1 and job["created_by"] == manager.username
    assert own.annotation_set.articles.filter(title__contains="doc").exists()
    listed = client_for(annotator).get("/api/v1/jobs/?kind=import_annotations").json()
    assert [j["id"] for j in listed["results"]] == [job["id"]]


def test_a_refused_background_import_fails_its_job_with_file_and_line(
    client_for, manager, own, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(manager).post(
            f"/api/v1/sets/{own.annotation_set.slug}/import/",
            {"format": "brat", "files": [_brat_zip("T1\tCue 0 4\tNope\n")], "background": "1"},
            format="multipart",
        )
    assert response.status_code == 202
    job = client_for(manager).get(response["Location"]).json()
    assert job["status"] == "failed"
    [error] = job["result"]["errors"]
    assert error["file"].endswith("doc_zz.ann") and error["line"] == 1
    assert "does not match" in error["error"]
    assert not own.annotation_set.articles.filter(title__contains="doc").exists()
    assert not ImportJobFile.objects.exists()  # the upload is not kept once refused


def test_revoked_token_is_refused(client_for, annotator, own):
    client = client_for(annotator)
    assert client.get("/api/v1/sets/").status_code == 200
    ApiToken.objects.update(revoked_at="2026-01-01T00:00:00Z")
    assert client.get("/api/v1/sets/").status_code == 401


def test_session_auth_works_for_the_browser(client, annotator, own):
    client.force_login(annotator)
    assert client.get("/api/v1/claims/").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/sets/",
        "/api/v1/articles/",
        "/api/v1/sentences/",
        "/api/v1/claims/",
        "/api/v1/attributions/",
        "/api/v1/sources/",
        "/api/v1/links/",
    ],
)
def test_list_query_counts_are_flat(
    url, client_for, manager, annotation_set, django_assert_max_num_queries
):
    client = client_for(manager)
    build_world(annotation_set, "w1")
    client.get(url)  # warm the token's last-used touch
    with django_assert_max_num_queries(6):
        assert client.get(url).status_code == 200
    for n in range(2, 8):
        world = build_world(annotation_set, f"w{n}")
        ClaimFactory(article=world.article, created_by=world.writer, start=3, end=9)
        AttributionFactory(claim=world.other_claim, created_by=world.writer)
        SourceFactory(annotation_set=annotation_set).aliases.create(name="x", folded_name="x")
        MembershipFactory(user=manager, annotation_set=AnnotationSetFactory(), role="reviewer")
    with django_assert_max_num_queries(6):
        response = client.get(url)
        assert response.status_code == 200
    assert len(response.json()["results"]) > 1


def test_profile_creates_token_shown_once_and_revokes(client, annotator):
    client.force_login(annotator)
    response = client.post(reverse("profile-token-create"), {"name": "pipeline"})
    assert response.status_code == 201
    token = annotator.api_tokens.get()
    key = response.context["new_key"]
    assert key.startswith(token.prefix) and key.encode() in response.content
    assert key.encode() not in client.get(reverse("profile")).content
    response = client.post(reverse("profile-token-revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_schema_and_docs_are_served(client, annotator):
    client.force_login(annotator)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/v1/claims/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200 and b"swagger-ui" in docs.content
    assert b"cdn.jsdelivr" not in docs.content
    assert b"<script>" not in docs.content  # the CSP forbids inline scripts
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and b"/api/schema/" in script.content


def test_a_set_slug_with_a_nul_byte_is_refused_not_a_server_error(client_for, manager, own):
    """PostgreSQL text cannot hold NUL; the slug reached the query and answered 500."""
    response = client_for(manager).post(
        "/api/v1/sources/", {"annotation_set": own.annotation_set.slug + "\x00", "name": "X"}
    )
    assert response.status_code == 400 and "annotation_set" in response.json()
