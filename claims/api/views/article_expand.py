"""``GET /api/v1/articles/<id>/?expand=claims,attributions,links,sources``: an article with
its annotations in one request and five statements (token, article with the caller's
membership, claims, attributions with sources, links), as an editor's tool reads it."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response

from claims import permissions
from claims.api.article_json import article_json
from claims.api.serializers import ArticleDetailSerializer
from claims.api.serializers_expand import ArticleExpandedSerializer
from claims.api.views.base import ApiViewSet
from claims.models import Article
from claims.selectors.article_bundle import EXPANSIONS
from claims.selectors.article_rows import article_rows, readable_article

EXPAND_PARAM = OpenApiParameter(
    "expand",
    OpenApiTypes.STR,
    description=f"Comma-separated, any of {', '.join(EXPANSIONS)}: included in the response.",
)


def expansions(request: Request) -> set[str]:
    values = {v for raw in request.query_params.getlist("expand") for v in raw.split(",") if v}
    unknown = sorted(values - set(EXPANSIONS))
    if unknown:
        raise exceptions.ValidationError(
            {"expand": f"Unknown {', '.join(unknown)}; use {', '.join(EXPANSIONS)}."}
        )
    return values


class ArticleExpandMixin(ApiViewSet):
    """For ArticleViewSet: the retrieve action reads the caller's membership with the article
    (so the role check runs no query of its own) and expands on request."""

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        # The viewset's own get_queryset comes first in the MRO; retrieve reads through here.
        qs: QuerySet[Any] = super().filter_queryset(queryset)
        if self.action != "retrieve":
            return qs
        return permissions.with_my_membership(qs, self.request.user)

    def check_object_permissions(self, request: Request, obj: Any) -> None:
        permissions.remember_my_membership(request.user, obj)
        super().check_object_permissions(request, obj)

    @extend_schema(parameters=[EXPAND_PARAM], responses=ArticleExpandedSerializer)
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        expand = expansions(request)
        if not expand:
            article = self.get_object()
            context = self.get_serializer_context()
            return Response(ArticleDetailSerializer(article, context=context).data)
        filterset = getattr(self, "filterset_class", None)
        if filterset and set(request.query_params) & set(filterset.base_filters):
            article = self.get_object()  # a list filter on a read: DRF's path applies it
        else:
            # The same article, visibility and 404 as get_object, in one fixed statement.
            found = readable_article(article_id=int(kwargs[self.lookup_field]), user=request.user)
            if found is None:
                raise Http404(f"No {Article._meta.object_name} matches the given query.")
            article = found
            self.check_object_permissions(request, article)
        # Plain rows and dicts, byte for byte what ArticleExpandedSerializer gives (the schema's
        # description of this response): the serializers were most of this request's time.
        rows = article_rows(article=article, expand=expand)
        return Response(article_json(article, rows, expand))
