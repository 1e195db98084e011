"""Hole 3 (and the re-import part of 5) of the hardening issue: imports kept the names they
read as accounts (creating users for any name, even ``<img src=x onerror=…>``), stored
approvals by people who never saw the work, and a second import of the same file doubled
its claims."""

import orjson
import pytest
from django.contrib.auth import get_user_model

from claims.models import Attribution, Claim, ClaimLink, StandoffMark
from claims.services.interchange import InterchangeError, annotations_import
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TEXT = "Aides said the plan failed. The mayor said it worked. Others disagreed."
XSS_NAME = "<img src=x onerror=alert(1)>"


def _bundle(**claim_fields):
    claim = {"id": 1, "start": 11, "end": 26, "status": "approved", "created_by": "editor"}
    claim.update(claim_fields)
    return {
        "format": "claim-annotator/1",
        "article": {"title": "Plan", "text": TEXT},
        "claims": [claim, {"id": 2, "start": 43, "end": 52, "created_by": XSS_NAME}],
        "attributions": [
            {"id": 1, "claim": 1, "kind": "anonymous", "cue_start": 6, "cue_end": 10},
            {"id": 2, "claim": None, "kind": "anonymous", "cue_start": 36, "cue_end": 40},
        ],
        "links": [{"id": 1, "from_claim": 1, "to_claim": 2, "relation": "contradicts"}],
        "marks": [{"label": "Discuss", "start": 54, "end": 60, "annotator": XSS_NAME}],
    }


def _import(annotation_set, user, bundle, name="a.jsonl"):
    return annotations_import(
        annotation_set=annotation_set,
        files=[(name, orjson.dumps(bundle))],
        fmt="jsonl",
        user=user,
    )


def test_names_in_the_file_are_provenance_never_accounts(annotation_set, manager):
    UserFactory(username="editor")
    UserFactory(username="admin", is_superuser=True, is_staff=True)
    users_before = set(get_user_model().objects.values_list("username", flat=True))
    _import(annotation_set, manager, _bundle(accepted_by="admin"))
    assert set(get_user_model().objects.values_list("username", flat=True)) == users_before
    claim = Claim.objects.get(start=11)
    # The work is the importer's; the file's names are kept as text.
    assert claim.created_by == manager and claim.imported_annotator == "editor"
    assert claim.accepted_by == manager and claim.imported_reviewer == "admin"
    other = Claim.objects.get(start=43)
    assert other.created_by == manager and other.imported_annotator == XSS_NAME
    assert StandoffMark.objects.get().imported_annotator == XSS_NAME
    assert StandoffMark.objects.get().annotator == manager


def test_an_importer_who_cannot_review_cannot_import_approvals(annotation_set, annotator):
    result = _import(annotation_set, annotator, _bundle(accepted_by="admin"))
    claim = Claim.objects.get(start=11)
    assert claim.status == "submitted" and claim.accepted_by is None
    assert any("imported as submitted" in w for w in result["warnings"])


def test_a_reviewer_may_import_approvals(annotation_set, reviewer):
    _import(annotation_set, reviewer, _bundle(status="rejected"))
    assert Claim.objects.get(start=11).status == "rejected"


def test_over_long_name_is_refused_naming_file_and_line(annotation_set, manager):
    with pytest.raises(InterchangeError) as refused:
        _import(annotation_set, manager, _bundle(created_by="x" * 300), name="long.jsonl")
    first = refused.value.errors[0]
    assert (first["file"], first["line"]) == ("long.jsonl", 1)
    assert "created_by" in first["message"]
    assert not Claim.objects.exists()


def test_over_long_name_through_the_api_is_a_400(client, manager):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(manager)
    upload = SimpleUploadedFile("long.jsonl", orjson.dumps(_bundle(created_by="x" * 300)))
    response = client.post("/api/v1/sets/newsroom/import/", {"format": "jsonl", "files": [upload]})
    assert response.status_code == 400
    assert "long.jsonl" in response.content.decode()


def _counts():
    return (
        Claim.objects.count(),
        Attribution.objects.count(),
        ClaimLink.objects.count(),
        StandoffMark.objects.count(),
    )


def test_importing_the_same_file_twice_adds_nothing(annotation_set, manager):
    bundle = _bundle()
    first = _import(annotation_set, manager, bundle)
    assert _counts() == (2, 2, 1, 1)
    again = _import(annotation_set, manager, bundle)
    assert _counts() == (2, 2, 1, 1)
    assert first["claims"] == 2 and again["claims"] == 0
    assert again["attributions"] == again["links"] == again["marks"] == 0


def test_reimport_adds_only_what_is_new(annotation_set, manager):
    _import(annotation_set, manager, _bundle())
    bundle = _bundle()
    bundle["claims"].append({"id": 3, "start": 0, "end": 5, "created_by": "editor"})
    result = _import(annotation_set, manager, bundle)
    assert result["claims"] == 1 and Claim.objects.count() == 3


def test_brat_annotator_is_provenance_and_reimport_is_a_no_op(annotation_set, manager):
    text = "Aides said the plan failed."
    ann = "T1\tCue 6 10\tsaid\nT2\tContent 11 26\tthe plan failed\nT3\tAttribution 6 10\tsaid\n"
    ann += "E1\tAttribution:T3 Cue:T1 Content:T2\n"
    name = "doc_" + "ab12"
    files = [("doc.txt", text.encode()), (f"{name}.ann", ann.encode())]
    annotations_import(annotation_set=annotation_set, files=files, fmt="brat", user=manager)
    attribution = Attribution.objects.get()
    assert attribution.imported_annotator == "ab12" and attribution.created_by == manager
    assert not get_user_model().objects.filter(username="ab12").exists()
    again = annotations_import(annotation_set=annotation_set, files=files, fmt="brat", user=manager)
    assert again["attributions"] == 0 and Attribution.objects.count() == 1
