"""Holes 2 and 4 of the hardening issue: bounded work per upload and per article on every
path (UI, API, command, jobs), zip bombs refused, corrupt input a clear 4xx or a failed job
naming the file, never a 500."""

import io
import json
import zipfile
from pathlib import Path

import orjson
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from claims.models import Article, ImportJob, JobStatus
from claims.services.ingest import articles_import
from claims.services.interchange import InterchangeError, annotations_import
from claims.services.limits import UploadRefused, unzip_bounded

pytestmark = pytest.mark.django_db

TEXT = b"Council vote\n\nThe council voted 5-4 on Tuesday, officials said."


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _bomb(size: int = 200 * 1024 * 1024) -> bytes:
    """A small zip that expands to ``size`` bytes (streamed, never held in memory)."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("doc.txt", "w", force_zip64=True) as member,
    ):
        block = b"a" * (1 << 20)
        for _ in range(size >> 20):
            member.write(block)
    return buffer.getvalue()


def _corrupt(data: bytes, needle: bytes) -> bytes:
    at = data.index(needle)
    return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]


# --- the pure unpacker -----------------------------------------------------------------


def test_zip_bomb_is_refused_from_its_declared_size_before_inflating():
    bomb = _bomb()
    assert len(bomb) < 400_000  # 200 MB of text in a few hundred KB
    with pytest.raises(UploadRefused, match="expands to 209,715,200 bytes"):
        unzip_bounded("bomb.zip", bomb)


def test_members_are_counted_while_read(settings):
    settings.CLAIMS_MAX_IMPORT_UNZIPPED_BYTES = 150_000
    data = _zip({"a.txt": b"x" * 100_000, "b.txt": b"y" * 40_000})
    assert len(unzip_bounded("ok.zip", data)) == 2
    settings.CLAIMS_MAX_IMPORT_UNZIPPED_BYTES = 120_000
    with pytest.raises(UploadRefused, match="120,000"):
        unzip_bounded("big.zip", data)


def test_too_many_members_are_refused(settings):
    settings.CLAIMS_MAX_ZIP_MEMBERS = 3
    data = _zip({f"{i}.txt": b"x" for i in range(4)})
    with pytest.raises(UploadRefused, match="holds 4 files; the limit is 3"):
        unzip_bounded("many.zip", data)


def test_bad_crc_names_the_member():
    data = _corrupt(_zip({"doc.txt": TEXT}, zipfile.ZIP_STORED), b"council voted")
    with pytest.raises(UploadRefused) as refused:
        unzip_bounded("crc.zip", data)
    assert refused.value.file == "crc.zip/doc.txt" and "corrupt" in refused.value.message


def test_corrupt_deflate_stream_names_the_member():
    raw = _zip({"doc.txt": TEXT * 50})
    header_end = raw.index(b"doc.txt") + len(b"doc.txt")
    broken = raw[:header_end] + b"\xff" * 16 + raw[header_end + 16 :]
    with pytest.raises(UploadRefused) as refused:
        unzip_bounded("deflate.zip", broken)
    assert refused.value.file == "deflate.zip/doc.txt"


def test_truncated_archive_is_not_a_zip():
    with pytest.raises(UploadRefused, match="not a readable zip"):
        unzip_bounded("cut.zip", _zip({"doc.txt": TEXT})[:30])


# --- services: annotation imports and article imports ----------------------------------


@pytest.mark.parametrize(
    "upload",
    [
        ("bomb.zip", _bomb(100 * 1024 * 1024)),
        ("crc.zip", _corrupt(_zip({"doc.txt": TEXT}, zipfile.ZIP_STORED), b"council voted")),
        ("nul.zip", _zip({"doc.txt": b"Aides\x00 said so.", "doc.ann": b""})),
    ],
    ids=["bomb", "bad-crc", "nul"],
)
def test_annotation_import_refuses_bad_archives_naming_the_file(annotation_set, manager, upload):
    with pytest.raises(InterchangeError) as refused:
        annotations_import(annotation_set=annotation_set, files=[upload], fmt="brat", user=manager)
    assert refused.value.errors[0]["file"].startswith(upload[0])
    assert not Article.objects.exists()


def test_article_over_the_limit_is_refused_before_analysis(annotation_set, settings, monkeypatch):
    settings.CLAIMS_MAX_ARTICLE_CHARS = 1000
    import claims.services.ingest as ingest

    analyse = ingest.analyze_article

    def bounded_analysis(text):
        assert len(text) <= 1000, "analysed an article that is over the limit"
        return analyse(text)

    monkeypatch.setattr(ingest, "analyze_article", bounded_analysis)
    lines = b"\n".join(orjson.dumps({"title": "Long", "text": "word " * n}) for n in (300, 10))
    outcome = articles_import(annotation_set=annotation_set, files=[("a.jsonl", lines)])
    assert outcome.errors[0]["file"] == "a.jsonl" and outcome.errors[0]["line"] == 1
    assert "limit is 1,000" in outcome.errors[0]["error"]
    assert outcome.imported == 1


def test_upload_over_the_limit_is_refused_per_file(annotation_set, settings):
    settings.CLAIMS_MAX_UPLOAD_BYTES = 100
    outcome = articles_import(
        annotation_set=annotation_set, files=[("big.txt", TEXT * 5), ("small.txt", TEXT)]
    )
    assert [e["file"] for e in outcome.errors] == ["big.txt"]
    assert outcome.imported == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Title\n\nSome\x00text here.", "NUL"),
        (orjson.dumps({"title": "T", "text": "Some\u0000text"}), "NUL"),
        (orjson.dumps({"title": "T", "text": "Some text", "url": "javascript:alert(1)"}), "http"),
    ],
    ids=["nul-byte", "nul-escape", "javascript-url"],
)
def test_bad_records_are_named_by_file_and_line(annotation_set, data, message):
    name = "in.jsonl" if data.startswith(b"{") else "in.txt"
    outcome = articles_import(annotation_set=annotation_set, files=[(name, data)])
    assert outcome.imported == 0
    assert outcome.errors[0]["file"] == name
    assert outcome.errors[0]["line"] == (1 if name == "in.jsonl" else 3)
    assert message in outcome.errors[0]["error"]


def test_annotated_jsonl_with_nul_or_script_url_is_refused(annotation_set, manager):
    for article, message in (
        ({"title": "T", "text": "A said\u0000 so."}, "NUL"),
        ({"title": "T", "text": "A said so.", "url": "javascript:alert(1)"}, "http"),
    ):
        line = orjson.dumps({"format": "claim-annotator/1", "article": article})
        with pytest.raises(InterchangeError) as refused:
            annotations_import(
                annotation_set=annotation_set, files=[("a.jsonl", line)], fmt="jsonl", user=manager
            )
        assert refused.value.errors[0]["file"] == "a.jsonl"
        assert refused.value.errors[0]["line"] == 1
        assert message in refused.value.errors[0]["message"]


# --- every path: UI upload, API, command, background job -------------------------------


def test_ui_upload_over_the_limit_is_413_before_reading(client, manager, settings):
    settings.CLAIMS_MAX_UPLOAD_BYTES = 1000
    client.force_login(manager)
    upload = SimpleUploadedFile("big.txt", TEXT * 100)
    response = client.post(reverse("import-upload", args=["newsroom"]), {"uploads": upload})
    assert response.status_code == 413
    assert not ImportJob.objects.exists()


def test_ui_upload_file_over_the_limit_is_a_form_error(settings):
    from django.utils.datastructures import MultiValueDict

    from claims.forms import ImportUploadForm

    settings.CLAIMS_MAX_UPLOAD_BYTES = 100
    files = MultiValueDict({"uploads": [SimpleUploadedFile("big.txt", TEXT * 10)]})
    form = ImportUploadForm({"format": "auto"}, files)
    assert not form.is_valid()
    assert "big.txt" in form.errors["uploads"][0] and "limit" in form.errors["uploads"][0]


def test_api_annotation_import_of_a_bomb_is_a_400_naming_the_file(
    client, manager, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    response = client.post(
        "/api/v1/sets/newsroom/import/",
        {"format": "brat", "files": [SimpleUploadedFile("bomb.zip", _bomb(100 << 20))]},
    )
    assert response.status_code == 400, response.content
    assert "bomb.zip" in json.dumps(response.json())


def test_background_job_of_a_corrupt_zip_fails_naming_the_member(
    annotation_set, manager, django_capture_on_commit_callbacks
):
    from claims.services.jobs import annotations_import_job_start

    data = _corrupt(_zip({"doc.txt": TEXT}, zipfile.ZIP_STORED), b"council voted")
    with django_capture_on_commit_callbacks(execute=True):
        job = annotations_import_job_start(
            annotation_set=annotation_set, user=manager, files=[("c.zip", data)], fmt="brat"
        )
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.result["errors"][0]["file"] == "c.zip/doc.txt"


def test_command_refuses_a_file_over_the_limit_naming_it(
    annotation_set, settings, tmp_path: Path, capsys
):
    settings.CLAIMS_MAX_UPLOAD_BYTES = 100
    big, small = tmp_path / "big.txt", tmp_path / "small.txt"
    big.write_bytes(TEXT * 5)
    small.write_bytes(TEXT)
    with pytest.raises(CommandError):
        call_command("import_articles", str(big), str(small), "--set", "newsroom", "--json")
    result = json.loads(capsys.readouterr().out)
    assert [e["file"] for e in result["errors"]] == [str(big)]
    assert result["imported"] == 1
