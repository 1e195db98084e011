"""Write-path integrity (issue 15): one action layer, one definition of live. One test per
case of the issue (1-8) and per "Also" case; each failed on the old main."""

import orjson
import pytest
from django.core.exceptions import ValidationError
from django.db.models import RestrictedError

from claims.models import (
    Attribution,
    ChangeAction,
    ChangeRecord,
    Claim,
    ClaimLink,
    ClaimStatus,
    Source,
    SourceAlias,
)
from claims.services import attributions as attribution_services
from claims.services import claims as claim_services
from claims.services import links as link_services
from claims.services import sources as source_services
from claims.services.errors import ConflictError
from claims.services.interchange import InterchangeError, annotations_import
from claims.services.restore import change_group_revert, change_revert
from tests.api.conftest import token_client
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _claim(article, user, start=0, end=20):
    return claim_services.claim_create(article=article, start=start, end=end, user=user)


def _source(annotation_set, user, name, aliases=()):
    return source_services.source_create(
        annotation_set=annotation_set, name=name, user=user, aliases=aliases
    )


def _attribution(article, user, claim, source):
    return attribution_services.attribution_create(
        article=article, kind="sourced", user=user, claim=claim, source=source
    )


# 1. A source merge is recorded and undoable as one step.
def test_source_merge_moves_attributions_with_records_and_reverts_as_one(
    annotation_set, article, annotator, reviewer
):
    dupe = _source(annotation_set, annotator, "A. Ruiz", aliases=["Ruiz"])
    keep = _source(annotation_set, annotator, "Ana Ruiz")
    first = _attribution(article, annotator, _claim(article, annotator), dupe)
    second = _attribution(article, annotator, _claim(article, annotator, 60, 80), dupe)
    attribution_services.attribution_delete(attribution=second, user=annotator, version=1)

    source_services.source_merge(source=dupe, into=keep, user=reviewer)

    moved = Attribution.objects.get(pk=first.pk)
    assert moved.source_id == keep.pk and moved.version == 2
    merge = ChangeRecord.objects.get(action=ChangeAction.MERGE, object_id=dupe.pk)
    grouped = ChangeRecord.objects.filter(group=merge.group)
    assert {(r.entity, r.object_id) for r in grouped if r.entity == "attribution"} == {
        ("attribution", first.pk),
        ("attribution", second.pk),
    }
    assert set(keep.aliases.values_list("name", flat=True)) == {"A. Ruiz", "Ruiz"}

    change_revert(record=merge, user=reviewer)

    dupe.refresh_from_db()
    assert dupe.merged_into_id is None
    assert set(
        Attribution.objects.filter(pk__in=[first.pk, second.pk]).values_list("source", flat=True)
    ) == {dupe.pk}
    assert not keep.aliases.exists()
    assert set(dupe.aliases.values_list("name", flat=True)) == {"Ruiz"}


# 2. The target's state is read locked from the database, not from the caller's object.
def test_merge_into_a_source_merged_meanwhile_is_refused(annotation_set, annotator, reviewer):
    a = _source(annotation_set, annotator, "Alpha")
    b = _source(annotation_set, annotator, "Beta")
    c = _source(annotation_set, annotator, "Gamma")
    stale_b = Source.objects.get(pk=b.pk)
    source_services.source_merge(source=b, into=c, user=reviewer)
    with pytest.raises(ValidationError, match="target source was itself merged"):
        source_services.source_merge(source=a, into=stale_b, user=reviewer)
    a.refresh_from_db()
    assert a.merged_into_id is None


# 3. Children of a deleted claim vanish from the API (read and write) until it is restored.
def test_attributions_and_links_of_a_deleted_claim_are_gone_until_restored(
    annotation_set, article, annotator
):
    claim = _claim(article, annotator)
    other = _claim(article, annotator, 60, 80)
    attribution = _attribution(article, annotator, claim, None)
    link = link_services.claim_link_create(
        from_claim=claim, to_claim=other, relation="corroborates", user=annotator
    )
    api = token_client(annotator)
    claim_services.claim_delete(claim=claim, user=annotator, version=1)

    assert api.get(f"/api/v1/attributions/{attribution.pk}/").status_code == 404
    assert (
        api.patch(
            f"/api/v1/attributions/{attribution.pk}/", {"kind": "quoted", "version": 1}, "json"
        ).status_code
        == 404
    )
    assert api.get(f"/api/v1/links/{link.pk}/").status_code == 404
    assert attribution.pk not in [
        a["id"] for a in api.get("/api/v1/attributions/").json()["results"]
    ]
    assert not Attribution.objects.live().filter(pk=attribution.pk).exists()
    assert not ClaimLink.objects.live().filter(pk=link.pk).exists()
    with pytest.raises(ConflictError):  # the service refuses too, whoever calls it
        attribution_services.attribution_update(
            attribution=attribution, user=annotator, version=1, kind="quoted"
        )

    claim_services.claim_restore(claim=claim, user=annotator)
    assert api.get(f"/api/v1/attributions/{attribution.pk}/").status_code == 200
    assert api.get(f"/api/v1/links/{link.pk}/").status_code == 200


# 4. A merged source cannot be assigned.
def test_merged_source_is_not_assignable(annotation_set, article, annotator, reviewer):
    merged = _source(annotation_set, annotator, "Old name")
    keep = _source(annotation_set, annotator, "New name")
    stale = Source.objects.get(pk=merged.pk)
    source_services.source_merge(source=merged, into=keep, user=reviewer)
    claim = _claim(article, annotator)
    response = token_client(annotator).post(
        "/api/v1/attributions/",
        {"article": article.pk, "claim": claim.pk, "kind": "sourced", "source": merged.pk},
        "json",
    )
    assert response.status_code == 400, response.content
    assert "source" in response.json()
    with pytest.raises(ValidationError, match="merged"):
        _attribution(article, annotator, claim, stale)
    assert not Attribution.objects.filter(claim=claim).exists()


# 5. Restores never revive orphans.
def test_reverting_an_attribution_delete_under_a_deleted_claim_is_refused(article, annotator):
    claim = _claim(article, annotator)
    attribution = _attribution(article, annotator, claim, None)
    attribution_services.attribution_delete(attribution=attribution, user=annotator, version=1)
    claim_services.claim_delete(claim=claim, user=annotator, version=1)
    deletion = ChangeRecord.objects.get(
        entity="attribution", object_id=attribution.pk, action=ChangeAction.DELETE
    )
    with pytest.raises(ValidationError, match="claim"):
        change_revert(record=deletion, user=annotator)
    assert Attribution.objects.get(pk=attribution.pk).deleted_at is not None


def test_restoring_a_link_to_a_deleted_claim_is_refused(article, annotator):
    claim = _claim(article, annotator)
    other = _claim(article, annotator, 60, 80)
    link = link_services.claim_link_create(
        from_claim=claim, to_claim=other, relation="repeats", user=annotator
    )
    link_services.claim_link_delete(link=link, user=annotator, version=1)
    claim_services.claim_delete(claim=other, user=annotator, version=1)
    with pytest.raises(ValidationError, match="claims was deleted"):
        link_services.claim_link_restore(link=link, user=annotator)
    assert ClaimLink.objects.get(pk=link.pk).deleted_at is not None


def test_reverting_an_update_of_a_source_merged_since_is_refused(
    annotation_set, annotator, reviewer
):
    source = _source(annotation_set, annotator, "Ana Ruis")
    keep = _source(annotation_set, annotator, "Ana Ruiz")
    source_services.source_update(source=source, user=annotator, version=1, description="typo")
    edit = ChangeRecord.objects.get(entity="source", object_id=source.pk, action="update")
    source_services.source_merge(source=source, into=keep, user=reviewer)
    with pytest.raises(ValidationError, match="merged"):
        change_revert(record=edit, user=annotator)
    source.refresh_from_db()
    assert source.merged_into_id == keep.pk


# 6. The Django admin cannot change claims or aliases behind the services' back.
def test_admin_cannot_edit_a_claim_or_add_aliases(client, annotation_set, article, annotator):
    from django.contrib.auth import get_user_model

    admin_user = get_user_model().objects.create_superuser("root", "r@example.org", "pw")
    client.force_login(admin_user)
    claim = _claim(article, annotator)
    source = _source(annotation_set, annotator, "Ana Ruiz")
    records = ChangeRecord.objects.count()
    response = client.post(
        f"/admin/claims/claim/{claim.pk}/change/",
        {"article": article.pk, "start": 5, "end": 30, "status": "draft", "origin": "manual"},
    )
    assert response.status_code == 403
    response = client.post(
        f"/admin/claims/source/{source.pk}/change/",
        {
            "name": "Ana Ruiz",
            "kind": "person",
            "annotation_set": annotation_set.pk,
            "aliases-TOTAL_FORMS": "1",
            "aliases-INITIAL_FORMS": "0",
            "aliases-0-name": "A. Ruiz",
        },
    )
    assert response.status_code == 403
    claim.refresh_from_db()
    assert (claim.start, claim.end, claim.version) == (0, 20, 1)
    assert not SourceAlias.objects.filter(source=source).exists()
    assert ChangeRecord.objects.count() == records


# 7. JSONL import: bad links and versions are 400s naming file and line; nothing written.
def _bundle(**extra):
    line = {
        "format": "claim-annotator/1",
        "article": {"title": "t", "text": "Alpha beta gamma. Delta epsilon zeta."},
        "claims": [{"id": 1, "start": 0, "end": 16}, {"id": 2, "start": 18, "end": 37}],
        "attributions": [],
        "links": [],
    }
    line.update(extra)
    return line


def _import(annotation_set, *lines, name="up.jsonl"):
    data = b"\n".join(orjson.dumps(line) for line in lines)
    return annotations_import(
        annotation_set=annotation_set, files=[(name, data)], fmt="jsonl", user=None
    )


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"links": [{"from_claim": 1, "to_claim": 1, "relation": "repeats"}]}, "itself"),
        (
            {
                "links": [
                    {"from_claim": 1, "to_claim": 2, "relation": "repeats"},
                    {"from_claim": 1, "to_claim": 2, "relation": "repeats"},
                ]
            },
            "appears twice",
        ),
        (
            {"claims": [{"id": 1, "start": 0, "end": 16, "version": 0}]},
            "versions start at 1",
        ),
    ],
)
def test_jsonl_bad_links_and_versions_name_file_and_line(annotation_set, extra, message):
    with pytest.raises(InterchangeError, match=message) as caught:
        _import(annotation_set, _bundle(), _bundle(**extra))
    assert caught.value.errors[0]["file"] == "up.jsonl"
    assert caught.value.errors[0]["line"] == 2
    assert not annotation_set.articles.exists() and not Claim.objects.exists()


def test_jsonl_self_link_through_the_api_is_a_400(annotation_set, manager):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = _bundle(links=[{"from_claim": 2, "to_claim": 2, "relation": "repeats"}])
    response = token_client(manager).post(
        f"/api/v1/sets/{annotation_set.slug}/import/",
        {"format": "jsonl", "files": [SimpleUploadedFile("bad.jsonl", orjson.dumps(bad))]},
        format="multipart",
    )
    assert response.status_code == 400, response.content
    assert "bad.jsonl" in response.content.decode()
    assert not Claim.objects.exists()


def test_jsonl_claim_id_zero_is_an_id(annotation_set):
    line = _bundle(
        claims=[{"id": 0, "start": 0, "end": 16}, {"id": 1, "start": 18, "end": 37}],
        attributions=[{"id": 0, "claim": 0, "kind": "anonymous"}],
        links=[{"from_claim": 0, "to_claim": 1, "relation": "elaborates"}],
    )
    _import(annotation_set, line)
    attribution = Attribution.objects.get()
    assert attribution.claim is not None and attribution.claim.start == 0
    link = ClaimLink.objects.get()
    assert (link.from_claim.start, link.to_claim.start) == (0, 18)


def test_jsonl_repeated_claim_ids_across_lines_stay_on_their_line(annotation_set):
    text_b = "Other words here. More other words."
    first = _bundle(links=[{"from_claim": 1, "to_claim": 2, "relation": "repeats"}])
    second = _bundle(
        article={"title": "b", "text": text_b},
        claims=[{"id": 2, "start": 0, "end": 16}, {"id": 3, "start": 18, "end": 35}],
        attributions=[{"id": 1, "claim": 2, "kind": "anonymous"}],
        links=[{"from_claim": 3, "to_claim": 2, "relation": "contradicts"}],
    )
    _import(annotation_set, first, second)
    assert ClaimLink.objects.count() == 2
    for link in ClaimLink.objects.select_related("from_claim", "to_claim"):
        assert link.from_claim.article_id == link.to_claim.article_id
    attribution = Attribution.objects.select_related("claim__article").get()
    assert attribution.claim.article.text == text_b and attribution.claim.start == 0


def test_jsonl_ambiguous_cross_line_link_is_refused(annotation_set):
    text_b, text_c = "Other words here. More words.", "Third text. Yet more text."
    first = _bundle(
        claims=[{"id": 1, "start": 0, "end": 16}],
        links=[{"from_claim": 1, "to_claim": 7, "relation": "repeats"}],
    )
    second = _bundle(
        article={"title": "b", "text": text_b}, claims=[{"id": 7, "start": 0, "end": 5}]
    )
    third = _bundle(
        article={"title": "c", "text": text_c}, claims=[{"id": 7, "start": 0, "end": 5}]
    )
    with pytest.raises(InterchangeError, match="ambiguous") as caught:
        _import(annotation_set, first, second, third)
    assert caught.value.errors[0]["line"] == 1
    assert not Claim.objects.exists()


def test_jsonl_import_reverts_as_one_group(annotation_set, manager):
    result = _import(
        annotation_set, _bundle(links=[{"from_claim": 1, "to_claim": 2, "relation": "repeats"}])
    )
    assert Claim.objects.live().count() == 2
    change_group_revert(group=result["group"], user=manager)
    assert not Claim.objects.live().exists() and not ClaimLink.objects.live().exists()


# 8. SQLite opens write transactions IMMEDIATE (the race itself: test_write_integrity_races).
def test_sqlite_transactions_take_the_write_lock_up_front(settings):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite setting")
    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


# Also: accept/reject check status on the stored row, not a stale copy.
def test_a_rejected_suggestion_cannot_be_accepted_through_a_stale_object(article, annotator):
    claim = claim_services.claim_create(
        article=article,
        start=0,
        end=20,
        user=None,
        status=ClaimStatus.SUGGESTED,
        origin="suggested",
    )
    stale = Claim.objects.get(pk=claim.pk)
    claim_services.claim_reject_suggestion(claim=claim, user=annotator, version=1)
    with pytest.raises((ConflictError, ValidationError)):
        claim_services.claim_accept_suggestion(claim=stale, user=annotator, version=None)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.REJECTED and claim.deleted_at is not None


# Also: an annotator's span change sends an approved claim back to review; a reviewer's not.
def test_annotator_span_change_on_an_approved_claim_returns_it_to_review(
    article, annotator, reviewer
):
    claim = _claim(article, annotator)
    claim = claim_services.claim_review(claim=claim, user=reviewer, version=1, status="approved")
    edited = claim_services.claim_update(claim=claim, user=annotator, version=2, end=25)
    assert edited.status == ClaimStatus.SUBMITTED
    approved = claim_services.claim_review(
        claim=edited, user=reviewer, version=3, status="approved"
    )
    by_reviewer = claim_services.claim_update(claim=approved, user=reviewer, version=4, end=22)
    assert by_reviewer.status == ClaimStatus.APPROVED
    noted = claim_services.claim_update(claim=by_reviewer, user=annotator, version=5, note="n")
    assert noted.status == ClaimStatus.APPROVED  # a note is not a span change


def test_annotator_span_change_via_the_api_returns_claim_to_review(article, annotator, reviewer):
    claim = _claim(article, annotator)
    claim_services.claim_review(claim=claim, user=reviewer, version=1, status="approved")
    response = token_client(annotator).patch(
        f"/api/v1/claims/{claim.pk}/", {"end": 25, "version": 2}, "json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "submitted"


# Also: suggestions are stored with history, one group per run.
def test_suggestion_runs_leave_grouped_creation_records(monkeypatch, annotation_set):
    from claims.services import suggestions as service
    from tests.services.test_suggestions import SUGGESTION, TEXT

    monkeypatch.setattr(service, "load_model", lambda *_: None)
    monkeypatch.setattr(service, "suggest_attributions", lambda *a, **k: [SUGGESTION])
    article = ArticleFactory(annotation_set=annotation_set, text=TEXT)
    service.suggestions_store(article_ids=[article.pk])
    records = ChangeRecord.objects.filter(action=ChangeAction.CREATE)
    assert {r.entity for r in records} == {"claim", "attribution"}
    groups = {r.group for r in records}
    assert len(groups) == 1 and None not in groups
    change_group_revert(group=groups.pop(), user=None)
    assert not Claim.objects.live().exists()


# Issue 12: sources in use are neither hard- nor soft-deleted from under their attributions.
def test_a_source_in_use_cannot_be_hard_deleted(annotation_set, article, annotator):
    source = _source(annotation_set, annotator, "Ana Ruiz")
    _attribution(article, annotator, _claim(article, annotator), source)
    with pytest.raises(RestrictedError):
        source.delete()


def test_deleting_a_source_that_attributions_use_is_refused(
    annotation_set, article, annotator, reviewer
):
    source = _source(annotation_set, annotator, "Ana Ruiz")
    attribution = _attribution(article, annotator, _claim(article, annotator), source)
    response = token_client(reviewer).delete(f"/api/v1/sources/{source.pk}/?version=1")
    assert response.status_code == 400, response.content
    assert Source.objects.live().filter(pk=source.pk).exists()
    attribution_services.attribution_delete(attribution=attribution, user=annotator, version=1)
    assert (
        token_client(reviewer).delete(f"/api/v1/sources/{source.pk}/?version=1").status_code == 204
    )


def test_deleted_items_vanish_from_selectors_api_and_exports(annotation_set, article, annotator):
    from django.utils import timezone

    from claims.models import Article
    from claims.selectors.claims import claim_links
    from claims.selectors.export import export_stream

    claim = _claim(article, annotator)
    other_article = ArticleFactory(annotation_set=annotation_set)
    other = _claim(other_article, annotator)
    link = link_services.claim_link_create(
        from_claim=claim, to_claim=other, relation="repeats", user=annotator
    )
    Article.objects.filter(pk=other_article.pk).update(deleted_at=timezone.now())
    assert claim_links(claim=claim, user=annotator) == []
    api = token_client(annotator)
    assert api.get(f"/api/v1/claims/{other.pk}/").status_code == 404
    assert api.get(f"/api/v1/links/{link.pk}/").status_code == 404
    exported = b"".join(export_stream(annotation_set=annotation_set, fmt="jsonl"))
    bundles = [orjson.loads(line) for line in exported.splitlines() if line.strip()]
    assert all(not b["links"] for b in bundles)
    assert other.pk not in [c["id"] for b in bundles for c in b["claims"]]


def test_deleting_a_whole_set_still_works_with_sources_in_use_and_merged(
    annotation_set, article, annotator, reviewer
):
    """RESTRICT guards a source against hard deletion on its own, not the set's cascade."""
    from claims.models import AnnotationSet

    used = _source(annotation_set, annotator, "Ana Ruiz")
    merged = _source(annotation_set, annotator, "A. Ruiz")
    _attribution(article, annotator, _claim(article, annotator), used)
    source_services.source_merge(source=merged, into=used, user=reviewer)
    annotation_set.delete()
    assert not AnnotationSet.objects.filter(pk=annotation_set.pk).exists()
    assert not Source.objects.exists() and not Attribution.objects.exists()
