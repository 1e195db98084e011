"""Articles stored the way imports store them (folded sentences, clusters), for the
corroboration tests."""

from typing import Any

from claims.interop.articles import ArticleRecord
from claims.models import AnnotationSet, Article
from claims.services.ingest import article_store

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
