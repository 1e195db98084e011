"""Reads of sets and articles for list and reading views, with flat query counts."""

from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from claims.models import (
    AnnotationSet,
    Article,
    ArticleCompletion,
    ArticleFlag,
    Claim,
    FlagKind,
    Sentence,
)
from claims.permissions import visible_sets


def sets_for_user(*, user: Any) -> QuerySet[AnnotationSet]:
    return visible_sets(user).annotate(
        article_count=Count("articles", filter=Q(articles__deleted_at__isnull=True), distinct=True)
    )


def live_articles(*, annotation_set: AnnotationSet) -> QuerySet[Article]:
    return Article.objects.filter(annotation_set=annotation_set, deleted_at__isnull=True)


def article_list(*, annotation_set: AnnotationSet, user: Any) -> QuerySet[Article]:
    """Articles of a set with the counts the list shows, in one query."""
    live_claims = Q(claims__deleted_at__isnull=True)
    return (
        live_articles(annotation_set=annotation_set)
        .defer("text")
        .annotate(
            # distinct: the cluster join multiplies rows.
            claim_count=Count(
                "claims", filter=live_claims & ~Q(claims__status="suggested"), distinct=True
            ),
            suggested_count=Count(
                "claims", filter=live_claims & Q(claims__status="suggested"), distinct=True
            ),
            approved_count=Count(
                "claims", filter=live_claims & Q(claims__status="approved"), distinct=True
            ),
            cluster_size=Count("cluster__articles", distinct=True),
            done_by_me=Exists(
                ArticleCompletion.objects.filter(article=OuterRef("pk"), user_id=user.pk)
            ),
        )
        .order_by("id")
    )


def article_for_reading(*, article_id: int) -> Article:
    """An article with its sentences and flags, each fetched once."""
    return get_object_or_404(
        Article.objects.select_related("annotation_set", "cluster").prefetch_related(
            Prefetch("sentences", queryset=Sentence.objects.order_by("index")),
            Prefetch("flags", queryset=ArticleFlag.objects.order_by("start")),
        ),
        pk=article_id,
        deleted_at__isnull=True,
    )


def cluster_siblings(*, article: Article) -> list[Article]:
    if article.cluster_id is None:
        return []
    return list(
        Article.objects.filter(cluster_id=article.cluster_id, deleted_at__isnull=True)
        .exclude(pk=article.pk)
        .only("id", "title", "annotation_set_id")
    )


def live_claims(*, article: Article) -> QuerySet[Claim]:
    return Claim.objects.filter(article=article, deleted_at__isnull=True)


__all__ = ["FlagKind"]
