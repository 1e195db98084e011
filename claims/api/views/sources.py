"""Sources, their aliases and merges."""

from typing import Any

from django.db.models import F, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser
from rest_framework.request import Request
from rest_framework.response import Response

from claims import permissions
from claims.api import filters
from claims.api import serializers as s
from claims.api.views.base import (
    VERSION_PARAM,
    EditableViewSet,
    version_param,
)
from claims.models import (
    Role,
    Source,
)
from claims.services import sources as source_services


class SourceViewSet(EditableViewSet):
    """People and organisations claims come from, with aliases; reviewers merge and delete."""

    serializer_class = s.SourceSerializer
    filterset_class = filters.SourceFilter
    own_work_actions = ("partial_update",)
    set_roles = {"destroy": Role.REVIEWER, "merge": Role.REVIEWER}

    def get_queryset(self) -> QuerySet[Source]:
        return (
            Source.objects.live()
            .filter(annotation_set__in=self.visible())
            .select_related("annotation_set", "created_by")
            .prefetch_related("aliases")
            .annotate(set_id=F("annotation_set_id"))
        )

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        data = serializer.validated_data
        annotation_set = data["annotation_set"]
        self.require(permissions.can_annotate(self.request.user, annotation_set))
        serializer.instance = source_services.source_create(
            annotation_set=annotation_set,
            name=data["name"],
            kind=data.get("kind", "person"),
            description=data.get("description", ""),
            aliases=data.get("aliases", []),
            user=self.request.user,
        )

    def perform_update(self, serializer: serializers.BaseSerializer) -> None:
        data = serializer.validated_data
        assert isinstance(serializer.instance, Source)
        source = source_services.source_update(
            source=serializer.instance,
            user=self.request.user,
            version=version_param(data.get("version")),
            name=data.get("name"),
            kind=data.get("kind"),
            description=data.get("description"),
        )
        for alias in data.get("aliases", []):
            source_services.source_alias_add(source=source, name=alias)
        serializer.instance = source

    @extend_schema(parameters=[VERSION_PARAM])
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        source = self.get_object()
        version = version_param(request.query_params.get("version"))
        source_services.source_delete(source=source, user=request.user, version=version)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=s.SourceMergeSerializer, responses=s.SourceSerializer)
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, FormParser])
    def merge(self, request: Request, pk: str) -> Response:
        """Fold this source into ``into``: attributions and aliases move over."""
        source = self.get_object()
        serializer = s.SourceMergeSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        into = source_services.source_merge(
            source=source, into=serializer.validated_data["into"], user=request.user
        )
        return Response(s.SourceSerializer(into, context={"request": request}).data)
