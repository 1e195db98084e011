"""django-filter filter sets for the list endpoints: set, article, kind, status, source,
annotator and a creation date range, each named the same way wherever it applies."""

from datetime import UTC, datetime
from typing import Any

import django_filters as filters
from django import forms
from django.db.models import Q, QuerySet
from rest_framework.exceptions import ValidationError

from claims.models import (
    Article,
    Attribution,
    AttributionKind,
    Claim,
    ClaimLink,
    ClaimStatus,
    ImportJob,
    JobStatus,
    LinkRelation,
    Sentence,
    Source,
    SourceKind,
)
from claims.selectors.suggestion_threshold import below_threshold_q


class UtcDateTimeFilter(filters.IsoDateTimeFilter):
    """ISO 8601 date-time, compared in UTC: PostgreSQL refuses offsets past ±15:59, and any
    offset ISO allows must be a 400 at worst, never a 500."""

    def filter(self, qs: QuerySet[Any], value: datetime | None) -> QuerySet[Any]:
        if value is not None:
            try:
                value = value.astimezone(UTC)
            except (OverflowError, ValueError):
                raise ValidationError({self.field_name: "Date and time out of range."}) from None
        return super().filter(qs, value)


MAX_ID = 2**63 - 1


class IdFilter(filters.NumberFilter):
    """A primary key: a whole number the database can hold (else 400, not an overflow)."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class ArticleFilter(filters.FilterSet):
    set = filters.CharFilter(field_name="annotation_set__slug", help_text="Set slug.")
    imported_after = UtcDateTimeFilter(field_name="imported_at", lookup_expr="gte")
    imported_before = UtcDateTimeFilter(field_name="imported_at", lookup_expr="lt")
    published_after = UtcDateTimeFilter(field_name="published_at", lookup_expr="gte")
    published_before = UtcDateTimeFilter(field_name="published_at", lookup_expr="lt")

    class Meta:
        model = Article
        fields = ["set"]


class JobFilter(filters.FilterSet):
    set = filters.CharFilter(field_name="annotation_set__slug", help_text="Set slug.")
    kind = filters.CharFilter()
    status = filters.ChoiceFilter(choices=JobStatus.choices)

    class Meta:
        model = ImportJob
        fields = ["set", "kind", "status"]


class SentenceFilter(filters.FilterSet):
    set = filters.CharFilter(field_name="article__annotation_set__slug")
    article = IdFilter(field_name="article_id")

    class Meta:
        model = Sentence
        fields = ["set", "article"]


class ClaimFilter(filters.FilterSet):
    set = filters.CharFilter(field_name="article__annotation_set__slug")
    article = IdFilter(field_name="article_id")
    status = filters.MultipleChoiceFilter(choices=ClaimStatus.choices)
    kind = filters.ChoiceFilter(
        choices=AttributionKind.choices,
        method="filter_kind",
        help_text="Has an attribution of this kind.",
    )
    source = IdFilter(method="filter_source", help_text="Attributed to this source.")
    annotator = filters.CharFilter(field_name="created_by__username")
    created_after = UtcDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = UtcDateTimeFilter(field_name="created_at", lookup_expr="lt")
    above_threshold = filters.BooleanFilter(
        method="filter_above_threshold",
        help_text="true: leave out the pending suggestions the workspace hides (confidence "
        "below the set's suggestion_threshold); false: only those.",
    )

    class Meta:
        model = Claim
        fields = ["set", "article", "status", "annotator"]

    def filter_above_threshold(
        self, queryset: QuerySet[Claim], name: str, value: bool | None
    ) -> QuerySet[Claim]:
        return _by_threshold(queryset, below_threshold_q(), value)

    def filter_kind(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        live = Attribution.objects.live().filter(kind=value)
        return queryset.filter(pk__in=live.values("claim_id"))

    def filter_source(self, queryset: QuerySet[Claim], name: str, value: int) -> QuerySet[Claim]:
        live = Attribution.objects.live().filter(source_id=value)
        return queryset.filter(pk__in=live.values("claim_id"))


class AttributionFilter(filters.FilterSet):
    set = filters.CharFilter(field_name="article__annotation_set__slug")
    article = IdFilter(field_name="article_id")
    claim = IdFilter(field_name="claim_id")
    kind = filters.MultipleChoiceFilter(choices=AttributionKind.choices)
    status = filters.MultipleChoiceFilter(field_name="claim__status", choices=ClaimStatus.choices)
    source = IdFilter(field_name="source_id")
    annotator = filters.CharFilter(field_name="created_by__username")
    created_after = UtcDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = UtcDateTimeFilter(field_name="created_at", lookup_expr="lt")
    min_confidence = filters.NumberFilter(
        field_name="confidence",
        lookup_expr="gte",
        min_value=0.0,
        max_value=1.0,
        help_text="Confidence at least this (attributions without one are left out).",
    )
    above_threshold = filters.BooleanFilter(
        method="filter_above_threshold",
        help_text="true: leave out attributions of pending suggestions the workspace hides "
        "(below the set's suggestion_threshold); false: only those.",
    )

    class Meta:
        model = Attribution
        fields = ["set", "article", "claim", "kind", "status", "source", "annotator"]

    def filter_above_threshold(
        self, queryset: QuerySet[Attribution], name: str, value: bool | None
    ) -> QuerySet[Attribution]:
        return _by_threshold(queryset, below_threshold_q("claim__"), value)


def _by_threshold(queryset: QuerySet[Any], below: Q, value: bool | None) -> QuerySet[Any]:
    if value is None:
        return queryset
    return queryset.exclude(below) if value else queryset.filter(below)


class SourceFilter(filters.FilterSet):
    set = filters.CharFilter(field_name="annotation_set__slug")
    kind = filters.MultipleChoiceFilter(choices=SourceKind.choices)
    name = filters.CharFilter(field_name="name", lookup_expr="icontains")
    annotator = filters.CharFilter(field_name="created_by__username")
    created_after = UtcDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = UtcDateTimeFilter(field_name="created_at", lookup_expr="lt")

    class Meta:
        model = Source
        fields = ["set", "kind", "name", "annotator"]


class LinkFilter(filters.FilterSet):
    set = filters.CharFilter(field_name="from_claim__article__annotation_set__slug")
    claim = IdFilter(method="filter_claim", help_text="Links from or to this claim.")
    article = IdFilter(method="filter_article", help_text="Links from or to this article's claims.")
    relation = filters.MultipleChoiceFilter(choices=LinkRelation.choices)
    annotator = filters.CharFilter(field_name="created_by__username")
    created_after = UtcDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = UtcDateTimeFilter(field_name="created_at", lookup_expr="lt")

    class Meta:
        model = ClaimLink
        fields = ["set", "relation", "annotator"]

    def filter_claim(
        self, queryset: QuerySet[ClaimLink], name: str, value: int
    ) -> QuerySet[ClaimLink]:
        return queryset.filter(from_claim_id=value) | queryset.filter(to_claim_id=value)

    def filter_article(
        self, queryset: QuerySet[ClaimLink], name: str, value: int
    ) -> QuerySet[ClaimLink]:
        # By claim id, so each side is an index lookup rather than a join over every link.
        ids = Claim.objects.filter(article_id=value).values("pk")
        return queryset.filter(Q(from_claim_id__in=ids) | Q(to_claim_id__in=ids))
