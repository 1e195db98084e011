"""Articles stored the way imports store them (folded sentences, clusters), for the
corroboration tests."""

from typing import Any

from claims.interop.articles import ArticleRecord
from claims.models import AnnotationSet, Article
from claims.services.ingest import article_store


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
