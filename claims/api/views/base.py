"""Plumbing shared by the API views: the request size limit, role checks, versions."""

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.request import Request
from rest_framework.settings import api_settings

from claims import permissions
from claims.models import (
    AnnotationSet,
)


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "too_large"


def max_bytes() -> int:
    return int(getattr(settings, "CLAIMS_MAX_IMPORT_BYTES", settings.DATA_UPLOAD_MAX_MEMORY_SIZE))


def version_param(value: Any) -> int:
    try:
        version = int(value)
    except (TypeError, ValueError):
        raise exceptions.ValidationError(
            {"version": "Give the version you edited (an integer)."}
        ) from None
    if version < 1:
        raise exceptions.ValidationError({"version": "Versions start at 1."})
    return version


VERSION_PARAM = OpenApiParameter(
    "version", OpenApiTypes.INT, required=True, description="The version you are deleting."
)


class ApiViewSet(viewsets.GenericViewSet):
    """Shared plumbing: size limit, role checks, ``set_id_of`` for the permission class."""

    permission_classes = [permissions.SetRolePermission]
    # Ids are bigints: anything longer is not an id (404 at routing, not an overflow).
    lookup_value_regex = r"[0-9]{1,18}"

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        length = request.META.get("CONTENT_LENGTH") or "0"
        if length.isdigit() and int(length) > max_bytes():
            raise PayloadTooLarge(f"The request body is larger than {max_bytes()} bytes.")
        super().initial(request, *args, **kwargs)

    def require(
        self, allowed: bool, message: str = "Your role in this set does not allow this."
    ) -> None:
        if not allowed:
            raise PermissionDenied(message)

    def set_id_of(self, obj: Any) -> int:
        return int(obj.set_id)

    def visible(self) -> QuerySet[AnnotationSet]:
        return permissions.visible_sets(self.request.user)


class _FormatIsNotARenderer:
    """API settings with ``?format=`` left alone: on sets it names the export format."""

    URL_FORMAT_OVERRIDE = None

    def __getattr__(self, name: str) -> Any:
        return getattr(api_settings, name)


class ExportFormatNegotiation(DefaultContentNegotiation):
    settings = _FormatIsNotARenderer()  # type: ignore[assignment]


class EditableViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ApiViewSet,
):
    """List, read, create, PATCH (never PUT: a write names only what it changes) and delete."""

    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
