"""What the annotate page says about an article's quality: flag counts and its copies."""

from dataclasses import dataclass, field

from claims.models import Article
from claims.selectors.articles import cluster_siblings
from claims.selectors.copy_suggestions import copied_suggestions, pending_copies


@dataclass(frozen=True, slots=True)
class WorkspaceFlags:
    lookalike_letters: int = 0
    lookalike_words: int = 0
    run_together: int = 0
    boilerplate: int = 0
    copies: list[Article] = field(default_factory=list)  # near-duplicates in the same set
    pending_copies: int = 0  # claims on the copies not offered here yet
    copied_waiting: int = 0  # copied suggestions here not accepted or rejected yet

    @property
    def any(self) -> bool:
        return bool(self.lookalike_letters or self.run_together or self.boilerplate or self.copies)


def workspace_flags(*, article: Article) -> WorkspaceFlags:
    """From the counts stored at import, plus one query for the near-duplicate cluster (and
    three more when the article has copies)."""
    flags = article.quality_flags or {}
    copies = [
        a
        for a in cluster_siblings(article=article)
        if a.annotation_set_id == article.annotation_set_id
    ]
    return WorkspaceFlags(
        lookalike_letters=int(flags.get("homoglyphs", 0) or 0),
        lookalike_words=int(flags.get("lookalike_words", 0) or 0),
        run_together=int(flags.get("run_together", 0) or 0),
        boilerplate=int(flags.get("boilerplate", 0) or 0),
        copies=copies,
        pending_copies=pending_copies(article=article) if copies else 0,
        copied_waiting=len(copied_suggestions(article=article)) if copies else 0,
    )
