"""Reads of sources: type-ahead over names and aliases."""

from django.db.models import Q, QuerySet

from claims.models import AnnotationSet, Source
from claims.services.sources import fold_name


def live_sources(*, annotation_set: AnnotationSet | int) -> QuerySet[Source]:
    return Source.objects.live().filter(annotation_set=annotation_set)


def source_search(
    *, annotation_set: AnnotationSet | int, query: str, limit: int = 10
) -> list[Source]:
    """Sources whose name or any alias contains the folded query, best (prefix) matches first."""
    folded = fold_name(query)
    if not folded:
        return list(live_sources(annotation_set=annotation_set).prefetch_related("aliases")[:limit])
    matches = (
        live_sources(annotation_set=annotation_set)
        .filter(Q(folded_name__contains=folded) | Q(aliases__folded_name__contains=folded))
        .distinct()
        .prefetch_related("aliases")[: limit * 3]
    )

    def rank(source: Source) -> tuple[int, str]:
        names = [source.folded_name, *(a.folded_name for a in source.aliases.all())]
        return (0 if any(n.startswith(folded) for n in names) else 1, source.folded_name)

    return sorted(matches, key=rank)[:limit]
