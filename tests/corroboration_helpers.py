"""Articles stored the way imports store them (folded sentences, clusters), for the
corroboration tests."""

from typing import Any

from claims.interop.articles import ArticleRecord
from claims.models import AnnotationSet, Article, LinkRelation
from claims.services.attributions import attribution_create
from claims.services.claims import claim_create
from claims.services.ingest import article_store
from claims.services.links import claim_link_create
from claims.services.sources import source_create

# An original, its republished copy and an independent report of the same meetings.
ORIGINAL = (
    "The mayor met the governor twice in March to discuss the harbour bridge, aides said. "
    "Both meetings were kept off the public calendar. The bridge plan costs four billion "
    "dollars and would take a decade to build."
)
COPY = ORIGINAL + " This story was republished from a partner site."
OTHER = (
    "Records show the governor held two meetings with the mayor in March about the harbour "
    "bridge. Neither appeared on a public calendar."
)
PHRASE = "The mayor met the governor twice in March to discuss the harbour bridge"


def store(annotation_set: AnnotationSet, text: str, title: str, **fields: Any) -> Article:
    article, _ = article_store(
        annotation_set=annotation_set,
        record=ArticleRecord(title=title, text=text, **fields),
        source_name=title,
    )
    assert article is not None, f"{title} was taken for a duplicate"
    return article


def span_of(article: Article, phrase: str) -> tuple[int, int]:
    start = article.text.index(phrase)
    return start, start + len(phrase)


# --- A world for the independence count (tests/selectors/test_independence.py and views) ---
W_BASE = (
    "The mayor met the governor twice in March to discuss the harbour bridge, officials said. "
    "Both meetings were kept off the public calendar. The bridge plan costs four billion."
)
W_COPY = W_BASE.replace("officials said", "two officials said") + " Copy desk note."
W_OTHER = (
    "Records show the governor held two meetings with the mayor in March about the harbour "
    "bridge. Neither appeared on a public calendar."
)
REUTERS_ONE = (
    "The minister resigned on Tuesday, two aides told Reuters. Parliament meets next week."
)
REUTERS_TWO = (
    "Late on Tuesday the minister stepped down, officials told Reuters on condition of "
    "anonymity. Markets barely moved."
)
OWN = "Our reporter confirmed the minister resigned. The opposition called for an election."
NAMED = "Ana Ruiz said the minister resigned before noon. The cabinet met later."


def claim_at(article, phrase, user):
    start, end = span_of(article, phrase)
    return claim_create(article=article, start=start, end=end, user=user)


def link(a, b, user, relation=LinkRelation.CORROBORATES):
    claim_link_create(from_claim=a, to_claim=b, relation=relation, user=user)


def corroboration_world(annotation_set: AnnotationSet, annotator: Any) -> dict[str, Any]:
    """A claim backed by two near-duplicates (counts 1), one backed by two Reuters reports
    and a named source (counts 2), and a repeats link that never counts."""
    first = store(annotation_set, W_BASE, "original")
    second = store(annotation_set, W_COPY, "copy")
    other = store(annotation_set, W_OTHER, "other")
    one, two = store(annotation_set, REUTERS_ONE, "r1"), store(annotation_set, REUTERS_TWO, "r2")
    own, named = store(annotation_set, OWN, "own"), store(annotation_set, NAMED, "named")
    meetings = claim_at(other, "the governor held two meetings with the mayor", annotator)
    for article in (first, second):
        link(meetings, claim_at(article, "The mayor met the governor twice", annotator), annotator)
    resigned = claim_at(own, "the minister resigned", annotator)
    link(resigned, claim_at(one, "The minister resigned on Tuesday", annotator), annotator)
    link(claim_at(two, "the minister stepped down", annotator), resigned, annotator)
    ruiz = source_create(annotation_set=annotation_set, name="Ana Ruiz", user=annotator)
    said = claim_at(named, "the minister resigned before noon", annotator)
    attribution_create(article=named, claim=said, kind="sourced", user=annotator, source=ruiz)
    link(resigned, said, annotator, relation=LinkRelation.ELABORATES)
    link(resigned, claim_at(named, "The cabinet met later", annotator), annotator, "repeats")
    return {"meetings": meetings, "resigned": resigned, "said": said}
