"""Reads for copy suggestions: what the copies of an article hold that it does not."""

from django.db.models import QuerySet

from claims.models import Article, Claim, ClaimStatus, Origin

NOT_WORK = [ClaimStatus.SUGGESTED, ClaimStatus.REJECTED]


def copyable_claims(*, article: Article) -> QuerySet[Claim]:
    """People's live claims on the article's copies in the same set."""
    if article.cluster_id is None:
        return Claim.objects.none()
    return (
        Claim.objects.filter(
            article__cluster_id=article.cluster_id,
            article__annotation_set_id=article.annotation_set_id,
            article__deleted_at__isnull=True,
            deleted_at__isnull=True,
            parts=[],
        )
        .exclude(article_id=article.pk)
        .exclude(status__in=NOT_WORK)
        .exclude(origin=Origin.COPIED)
    )


def copied_suggestions(*, article: Article) -> list[Claim]:
    """The copied suggestions still waiting on this article (for "accept all")."""
    return list(
        Claim.objects.filter(
            article=article,
            origin=Origin.COPIED,
            status=ClaimStatus.SUGGESTED,
            deleted_at__isnull=True,
        ).order_by("start")
    )


def pending_copies(*, article: Article) -> int:
    """Claims on copies not offered here yet (some may turn out unmatched)."""
    offered = Claim.objects.filter(article=article, suggestion_key__startswith="copy:")
    keys = set(offered.values_list("suggestion_key", flat=True))
    ids = [int(k.removeprefix("copy:")) for k in keys if k.removeprefix("copy:").isdigit()]
    return copyable_claims(article=article).exclude(pk__in=ids).count()
