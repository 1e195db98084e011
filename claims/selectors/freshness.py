"""Caching a set's expensive aggregate reads (dashboard, agreement) until something in the set
changes. Every write leaves a change record (services and imports alike), so the newest
change record id, with the number of live articles (article deletions leave none), says
whether a cached figure is still true."""

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db.models import Max
from django.utils import timezone

from claims.models import AnnotationSet, Article, ChangeRecord

T = TypeVar("T")
TTL_S = 600


def set_version(annotation_set: AnnotationSet) -> str:
    """Two indexed reads: the newest change and the live article count."""
    newest = ChangeRecord.objects.filter(annotation_set=annotation_set).aggregate(m=Max("id"))["m"]
    articles = Article.objects.filter(annotation_set=annotation_set, deleted_at__isnull=True)
    return f"{newest or 0}:{articles.count()}:{timezone.now().date().isoformat()}"


def cached_for_set[T](annotation_set: AnnotationSet, name: str, compute: Callable[[], T]) -> T:
    key = f"claims:{name}:{annotation_set.pk}:{set_version(annotation_set)}"
    found: Any = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, TTL_S)
    return found  # type: ignore[no-any-return]
