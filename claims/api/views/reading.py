"""Read-only articles and sentences (articles come in through imports; text never changes)."""

from django.db.models import F, QuerySet
from django.db.models.functions import Substr
from rest_framework import mixins, serializers

from claims.api import filters
from claims.api import serializers as s
from claims.api.views.article_expand import ArticleExpandMixin
from claims.api.views.base import (
    ApiViewSet,
)
from claims.models import (
    Article,
    Sentence,
)


class ArticleViewSet(
    ArticleExpandMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet
):
    """Articles (read-only: they come in through imports, and their text never changes)."""

    filterset_class = filters.ArticleFilter

    def get_queryset(self) -> QuerySet[Article]:
        qs = Article.objects.filter(annotation_set__in=self.visible(), deleted_at__isnull=True)
        qs = qs.select_related("annotation_set").annotate(set_id=F("annotation_set_id"))
        return qs.defer("text", "minhash") if self.action == "list" else qs.defer("minhash")

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        return s.ArticleDetailSerializer if self.action == "retrieve" else s.ArticleSerializer


class SentenceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = s.SentenceSerializer
    filterset_class = filters.SentenceFilter

    def get_queryset(self) -> QuerySet[Sentence]:
        return Sentence.objects.filter(
            article__annotation_set__in=self.visible(), article__deleted_at__isnull=True
        ).annotate(
            set_id=F("article__annotation_set_id"),
            text=Substr("article__text", F("start") + 1, F("end") - F("start")),
        )
