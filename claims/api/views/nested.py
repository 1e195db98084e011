"""``POST /api/v1/annotations/``: claims with their attributions and links in one request
and one transaction (a bad field anywhere: 400 naming it, nothing stored)."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from claims import permissions
from claims.api.serializers_nested import (
    AnnotationsCreatedSerializer,
    AnnotationsCreateSerializer,
)
from claims.api.views.base import ApiViewSet
from claims.services.annotations_nested import (
    NewAttribution,
    NewClaim,
    NewLink,
    annotations_create,
)


def _span(data: dict[str, Any], role: str) -> tuple[int, int] | None:
    start = data.get(f"{role}_start")
    return None if start is None else (start, data[f"{role}_end"])


def _new_claim(data: dict[str, Any]) -> NewClaim:
    return NewClaim(
        article=data["article"],
        start=data["start"],
        end=data["end"],
        parts=data.get("parts"),
        status=data["status"],
        note=data.get("note", ""),
        ref=data.get("ref", ""),
        attributions=[
            NewAttribution(
                kind=a["kind"],
                source=a.get("source"),
                source_name=a.get("source_name", ""),
                source_span=_span(a, "source"),
                source_parts=a.get("source_parts"),
                cue_span=_span(a, "cue"),
                cue_parts=a.get("cue_parts"),
                confidence=a.get("confidence"),
            )
            for a in data.get("attributions", [])
        ],
        links=[
            NewLink(
                relation=link["relation"],
                to_claim=link.get("to_claim"),
                to_ref=link.get("to_ref", ""),
                note=link.get("note", ""),
            )
            for link in data.get("links", [])
        ],
    )


class AnnotationViewSet(ApiViewSet):
    """Create claims with their attributions (source by id or by name) and links at once."""

    serializer_class = AnnotationsCreateSerializer

    @extend_schema(
        request=AnnotationsCreateSerializer, responses={201: AnnotationsCreatedSerializer}
    )
    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        claims = [_new_claim(c) for c in serializer.validated_data["claims"]]
        for set_id in sorted({c.article.annotation_set_id for c in claims}):
            self.require(permissions.can_annotate(request.user, set_id))
        # The claims come back with what was stored for them: no query to read it again.
        created = annotations_create(claims=claims, user=request.user)
        body = AnnotationsCreatedSerializer(
            {"claims": created}, context=self.get_serializer_context()
        )
        return Response(body.data, status=status.HTTP_201_CREATED)
