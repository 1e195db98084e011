"""Claim, attribution, link and source services: validation, optimistic concurrency,
soft delete and restore, and the change history behind them."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from claims.models import (
    Attribution,
    AttributionKind,
    ChangeRecord,
    Claim,
    ClaimLink,
    ClaimStatus,
    Source,
)
from claims.selectors.sources import source_search
from claims.services.attributions import attribution_create, attribution_update
from claims.services.claims import (
    claim_accept_suggestion,
    claim_create,
    claim_delete,
    claim_restore,
    claim_update,
)
from claims.services.errors import ConflictError
from claims.services.links import claim_link_create
from claims.services.sources import source_create, source_merge
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def span_of(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def test_create_stores_exact_quote_and_context(article, annotator):
    start, end = span_of(article.text, "the deal was close")
    claim = claim_create(article=article, start=start, end=end, user=annotator)
    assert claim.quote == "the deal was close"
    assert article.text.endswith(claim.suffix, 0, end + len(claim.suffix))
    assert claim.prefix == article.text[max(0, start - 32) : start]
    assert claim.version == 1 and claim.created_by == annotator
    assert ChangeRecord.objects.filter(entity="claim", object_id=claim.pk, action="create").exists()


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [(-1, 4, "0 <= start"), (5, 5, "start < end"), (0, 10_000, "past the end"), (8, 3, "start")],
)
def test_bad_offsets_name_the_field(article, annotator, start, end, message):
    with pytest.raises(ValidationError) as error:
        claim_create(article=article, start=start, end=end, user=annotator)
    assert "start" in error.value.message_dict
    assert message in " ".join(error.value.message_dict["start"])
    assert Claim.objects.count() == 0


def test_database_refuses_inverted_span(article):
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.create(article=article, start=9, end=3, quote="x")


def test_stale_version_is_a_conflict_and_keeps_the_first_edit(article, annotator, reviewer):
    claim = claim_create(article=article, start=0, end=9, user=annotator)
    claim_update(claim=claim, user=reviewer, version=1, note="reviewer's note")
    with pytest.raises(ConflictError) as conflict:
        claim_update(claim=claim, user=annotator, version=1, note="annotator's note")
    assert conflict.value.current["note"] == "reviewer's note"
    assert conflict.value.current["version"] == 2
    claim.refresh_from_db()
    assert claim.note == "reviewer's note" and claim.version == 2


def test_soft_delete_and_restore_keep_history(article, annotator):
    claim = claim_create(article=article, start=0, end=9, user=annotator)
    claim = claim_delete(claim=claim, user=annotator, version=1)
    assert claim.deleted_at is not None
    claim = claim_restore(claim=claim, user=annotator)
    assert claim.deleted_at is None
    actions = list(
        ChangeRecord.objects.filter(entity="claim", object_id=claim.pk)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "delete", "restore"]
    deletion = ChangeRecord.objects.get(entity="claim", object_id=claim.pk, action="delete")
    assert deletion.before["deleted_at"] is None and deletion.after["deleted_at"] is not None


def test_annotators_cannot_set_review_statuses(article, annotator):
    claim = claim_create(article=article, start=0, end=9, user=annotator)
    with pytest.raises(ValidationError):
        claim_update(claim=claim, user=annotator, version=1, status=ClaimStatus.APPROVED)


def test_accepting_a_suggestion_records_who(article, annotator):
    claim = claim_create(
        article=article, start=0, end=9, user=None, status=ClaimStatus.SUGGESTED, origin="suggested"
    )
    accepted = claim_accept_suggestion(claim=claim, user=annotator, version=1)
    assert accepted.status == ClaimStatus.DRAFT
    assert accepted.accepted_by == annotator and accepted.accepted_at is not None


def test_attribution_spans_are_validated_and_versioned(article, annotator):
    claim = claim_create(article=article, start=0, end=9, user=annotator)
    cue = span_of(article.text, "told reporters")
    attribution = attribution_create(
        article=article, claim=claim, kind=AttributionKind.QUOTED, cue_span=cue, user=annotator
    )
    assert (attribution.cue_start, attribution.cue_end) == cue
    with pytest.raises(ValidationError) as error:
        attribution_create(
            article=article, claim=claim, kind="rumour", user=annotator, cue_span=cue
        )
    assert "kind" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        attribution_update(attribution=attribution, user=annotator, version=1, cue_span=(0, 10_000))
    assert "cue_span" in error.value.message_dict
    updated = attribution_update(
        attribution=attribution, user=annotator, version=1, kind=AttributionKind.ANONYMOUS
    )
    assert updated.kind == AttributionKind.ANONYMOUS and updated.version == 2
    assert Attribution.objects.get(pk=attribution.pk).cue_start == cue[0]


def test_source_from_another_set_is_refused(article, other_set, annotator):
    foreign = source_create(annotation_set=other_set, name="Ana Ruiz", user=annotator)
    claim = claim_create(article=article, start=0, end=9, user=annotator)
    with pytest.raises(ValidationError):
        attribution_create(
            article=article, claim=claim, kind="sourced", source=foreign, user=annotator
        )


def test_links_refuse_self_and_duplicates(annotation_set, annotator):
    first = ArticleFactory(annotation_set=annotation_set)
    second = ArticleFactory(annotation_set=annotation_set)
    a = claim_create(article=first, start=0, end=9, user=annotator)
    b = claim_create(article=second, start=0, end=9, user=annotator)
    claim_link_create(from_claim=a, to_claim=b, relation="corroborates", user=annotator)
    with pytest.raises(ValidationError):
        claim_link_create(from_claim=a, to_claim=b, relation="corroborates", user=annotator)
    with pytest.raises(ValidationError):
        claim_link_create(from_claim=a, to_claim=a, relation="repeats", user=annotator)
    with pytest.raises(ValidationError) as error:
        claim_link_create(from_claim=a, to_claim=b, relation="agrees", user=annotator)
    assert "relation" in error.value.message_dict
    assert ClaimLink.objects.count() == 1


def test_aliases_and_lookalike_spellings_find_the_source(annotation_set, annotator):
    kislyak = source_create(
        annotation_set=annotation_set,
        name="Sergei Kislyak",
        aliases=["Sergey Kislyak"],
        user=annotator,
    )
    assert source_search(annotation_set=annotation_set, query="Sergey") == [kislyak]
    # Cyrillic "е" and "у" in the query fold to Latin.
    assert source_search(annotation_set=annotation_set, query="Sеrgеу") == [kislyak]
    with pytest.raises(ValidationError):
        source_create(annotation_set=annotation_set, name="sergei  KISLYAK", user=annotator)


def test_merge_moves_attributions_and_keeps_the_name_as_alias(article, annotator):
    keep = source_create(annotation_set=article.annotation_set, name="Ana Ruiz", user=annotator)
    dupe = source_create(annotation_set=article.annotation_set, name="Mayor Ruiz", user=annotator)
    claim = claim_create(article=article, start=0, end=9, user=annotator)
    attribution = attribution_create(
        article=article, claim=claim, kind="sourced", source=dupe, user=annotator
    )
    source_merge(source=dupe, into=keep, user=annotator)
    attribution.refresh_from_db()
    assert attribution.source == keep
    assert "Mayor Ruiz" in keep.aliases.values_list("name", flat=True)
    assert Source.objects.get(pk=dupe.pk).merged_into == keep
    assert source_search(annotation_set=article.annotation_set, query="mayor") == [keep]


def test_any_edit_can_be_reverted_from_its_change_record(article, annotator, reviewer):
    from claims.services.restore import change_revert

    claim = claim_create(article=article, start=0, end=9, user=annotator)
    claim = claim_update(claim=claim, user=annotator, version=1, note="first thoughts")
    claim = claim_update(claim=claim, user=reviewer, version=2, note="overwritten", start=4)
    edit = ChangeRecord.objects.filter(entity="claim", object_id=claim.pk).order_by("-id")[0]
    restored = change_revert(record=edit, user=annotator)
    assert (restored.note, restored.start, restored.quote) == (
        "first thoughts",
        0,
        article.text[0:9],
    )
    assert restored.version == 4
    deleted = claim_delete(claim=restored, user=annotator, version=4)
    deletion = ChangeRecord.objects.filter(entity="claim", action="delete").get()
    assert change_revert(record=deletion, user=annotator).deleted_at is None
    assert deleted.pk == restored.pk
