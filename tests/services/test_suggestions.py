"""Storing machine suggestions: idempotent, never over people's work, rejections stick.

The tagger itself is tested in tests/nlp; here a fixed suggestion stands in for it, so the
storage rules are tested whatever the model says.
"""

import pytest

from claims.models import Attribution, Claim, ClaimStatus, Origin
from claims.nlp.attribution import AttributionSuggestion
from claims.services import suggestions as service
from claims.services.claims import (
    claim_accept_suggestion,
    claim_create,
    claim_reject_suggestion,
)
from claims.services.sources import source_create
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

TEXT = '"We are nearly there," Mayor Ana Ruiz told reporters on Monday.'


def span(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


SUGGESTION = AttributionSuggestion(
    cue=span("told reporters"),
    content=(span('"We are nearly there,"'),),
    source=span("Mayor Ana Ruiz"),
    kind="quoted",
    confidence=0.91,
    quote_form="direct",
    source_form="named",
    source_name=span("Ana Ruiz"),
    antecedent=None,
    antecedent_name=None,
)


@pytest.fixture
def fixed_tagger(monkeypatch):
    monkeypatch.setattr(service, "load_model", lambda *_: None)
    monkeypatch.setattr(service, "suggest_attributions", lambda *a, **k: [SUGGESTION])


@pytest.fixture
def quote_article(annotation_set):
    return ArticleFactory(annotation_set=annotation_set, text=TEXT)


def test_suggestion_is_stored_once_and_links_a_known_source(fixed_tagger, quote_article, annotator):
    ruiz = source_create(
        annotation_set=quote_article.annotation_set, name="Ana Ruiz", user=annotator
    )
    first = service.suggestions_store(article_ids=[quote_article.pk])
    again = service.suggestions_store(article_ids=[quote_article.pk])
    assert (first["claims"], again["claims"]) == (1, 0)
    claim = Claim.objects.get()
    assert (claim.status, claim.origin, claim.quote) == (
        ClaimStatus.SUGGESTED,
        Origin.SUGGESTED,
        '"We are nearly there,"',
    )
    attribution = Attribution.objects.get()
    assert attribution.source == ruiz and attribution.kind == "quoted"
    assert TEXT[attribution.cue_start : attribution.cue_end] == "told reporters"
    assert attribution.details["quote_form"] == "direct"
    assert attribution.created_by is None  # the machine, not a person


def test_rejected_suggestions_never_come_back(fixed_tagger, quote_article, annotator):
    service.suggestions_store(article_ids=[quote_article.pk])
    claim_reject_suggestion(claim=Claim.objects.get(), user=annotator, version=1)
    assert service.suggestions_store(article_ids=[quote_article.pk])["claims"] == 0
    assert Claim.objects.filter(deleted_at__isnull=True).count() == 0


def test_people_s_claims_are_left_alone(fixed_tagger, quote_article, annotator):
    start, end = span("We are nearly there")
    mine = claim_create(article=quote_article, start=start, end=end, user=annotator)
    assert service.suggestions_store(article_ids=[quote_article.pk])["claims"] == 0
    mine.refresh_from_db()
    assert mine.version == 1 and Claim.objects.count() == 1


def _shifted(content: str, cue: str = "told reporters") -> AttributionSuggestion:
    """The fixed suggestion as a retrained model might draw it: other edges, other cue."""
    from dataclasses import replace

    return replace(SUGGESTION, content=(span(content),), cue=span(cue))


@pytest.mark.parametrize("earlier_state", ["pending", "accepted", "rejected"])
@pytest.mark.parametrize(
    "content,cue",
    [
        ("We are nearly there,", "told reporters"),  # quotation marks dropped
        ('"We are nearly there', "told reporters"),  # closing mark and comma dropped
        ('"We are nearly there,"', "told"),  # same content, shorter cue
    ],
)
def test_rerun_makes_no_near_duplicates(
    monkeypatch, quote_article, annotator, earlier_state, content, cue
):
    monkeypatch.setattr(service, "load_model", lambda *_: None)
    monkeypatch.setattr(service, "suggest_attributions", lambda *a, **k: [SUGGESTION])
    service.suggestions_store(article_ids=[quote_article.pk])
    earlier = Claim.objects.get()
    if earlier_state == "accepted":
        claim_accept_suggestion(claim=earlier, user=annotator, version=1)
    elif earlier_state == "rejected":
        claim_reject_suggestion(claim=earlier, user=annotator, version=1)
    rerun = _shifted(content, cue)
    monkeypatch.setattr(service, "suggest_attributions", lambda *a, **k: [rerun])
    assert service.suggestions_store(article_ids=[quote_article.pk])["claims"] == 0
    assert Claim.objects.count() == 1 and Attribution.objects.count() == 1


def test_rerun_still_adds_a_different_content(monkeypatch, quote_article):
    """Two words off at an edge is another suggestion, not a near duplicate."""
    monkeypatch.setattr(service, "load_model", lambda *_: None)
    monkeypatch.setattr(service, "suggest_attributions", lambda *a, **k: [SUGGESTION])
    service.suggestions_store(article_ids=[quote_article.pk])
    longer = _shifted('"We are nearly there," Mayor Ana Ruiz')
    monkeypatch.setattr(service, "suggest_attributions", lambda *a, **k: [longer])
    assert service.suggestions_store(article_ids=[quote_article.pk])["claims"] == 1


def test_near_duplicate_edges():
    text = 'He said that "the plan works," and left.'
    quote = (text.index('"'), text.index(" and"))
    assert service.near_duplicate(text, (quote[0] + 1, quote[1] - 2), [quote])
    assert service.near_duplicate(text, (text.index("that"), quote[1]), [quote])
    assert not service.near_duplicate(text, (text.index("said"), quote[1]), [quote])
    assert not service.near_duplicate(text, quote, [])
