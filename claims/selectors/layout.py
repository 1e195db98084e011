"""The marks drawn over an article's text, collected for ``claims.nlp.layout``."""

from collections.abc import Iterable

from claims.models import Article
from claims.nlp.layout import Mark, Piece, layout


def flag_marks(article: Article) -> list[Mark]:
    """Marks for the article's machine flags; uses the prefetched ``flags``."""
    return [Mark(f.start, f.end, f.kind, f.detail) for f in article.flags.all()]


def article_pieces(*, article: Article, extra_marks: Iterable[Mark] = ()) -> list[Piece]:
    sentences = [(s.start, s.end) for s in article.sentences.all()]
    return layout(article.text, sentences, [*flag_marks(article), *extra_marks])
