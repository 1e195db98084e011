"""One article with its annotations in a fixed number of statements: claims, attributions
with their sources, links. The API's ``GET /api/v1/articles/<id>/?expand=…`` serves the same
through ``claims.selectors.article_rows`` (plain SQL); this ORM version is its reference.

Claims, attributions and links are one statement each whatever their number (users and
sources come by join); sources are the ones this article's attributions name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from claims.models import Article, Attribution, Claim, ClaimLink, Source

__all__ = ["EXPANSIONS", "ArticleBundle", "article_bundle"]

EXPANSIONS = ("claims", "attributions", "links", "sources")


@dataclass
class ArticleBundle:
    claims: list[Claim] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    links: list[ClaimLink] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)


def article_bundle(*, article: Article, expand: set[str]) -> ArticleBundle:
    """The live annotations of ``article`` named in ``expand`` (a subset of EXPANSIONS)."""
    bundle = ArticleBundle()
    if "claims" in expand:
        bundle.claims = list(
            Claim.objects.live()
            .filter(article=article)
            .select_related("created_by", "accepted_by")
            .order_by("start", "end", "id")
        )
    if expand & {"attributions", "sources"}:
        attributions = list(
            Attribution.objects.live()
            .filter(article=article)
            .select_related("created_by", "source")
            .order_by("id")
        )
        if "attributions" in expand:
            bundle.attributions = attributions
        if "sources" in expand:
            seen: dict[int, Source] = {}
            for attribution in attributions:
                source = attribution.source
                if source is not None and source.deleted_at is None:
                    seen.setdefault(source.pk, source)
            bundle.sources = sorted(seen.values(), key=lambda s: s.pk)
    if "links" in expand:
        # Links out of or into this article's claims, within its set. By claim id, so each
        # side is an index lookup (an OR across joins would read every link of the database).
        set_id: Any = article.annotation_set_id
        ids: Any = (
            [c.pk for c in bundle.claims]
            if "claims" in expand
            else Claim.objects.filter(article=article).values("pk")
        )
        bundle.links = list(
            ClaimLink.objects.live()
            .filter(Q(from_claim_id__in=ids) | Q(to_claim_id__in=ids))
            .filter(
                from_claim__article__annotation_set_id=set_id,
                to_claim__article__annotation_set_id=set_id,
            )
            .select_related("created_by")
            .order_by("id")
        )
    return bundle
