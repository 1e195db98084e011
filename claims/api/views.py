"""API v1 views: parse, check, call a service, serialize.

Querysets only ever hold objects of sets the user can see, so anything else is a 404; the
object-level role checks come from ``claims.permissions.SetRolePermission`` and, for creates
(which have no object yet), from the same predicates called here.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Substr
from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from claims import permissions
from claims.api import filters
from claims.api import serializers as s
from claims.interop.export_formats import EXPORT_FORMATS
from claims.models import (
    AnnotationSet,
    Article,
    Attribution,
    AttributionKind,
    Claim,
    ClaimLink,
    ClaimStatus,
    Membership,
    Role,
    Sentence,
    Source,
)
from claims.selectors.export import ExportFilters, export_stream
from claims.services import attributions as attribution_services
from claims.services import claims as claim_services
from claims.services import links as link_services
from claims.services import memberships as membership_services
from claims.services import sources as source_services
from claims.services.interchange import InterchangeError, annotations_import


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "too_large"


def _max_bytes() -> int:
    return int(getattr(settings, "CLAIMS_MAX_IMPORT_BYTES", settings.DATA_UPLOAD_MAX_MEMORY_SIZE))


def _version(value: Any) -> int:
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
        if length.isdigit() and int(length) > _max_bytes():
            raise PayloadTooLarge(f"The request body is larger than {_max_bytes()} bytes.")
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


def _listed(request: Request, name: str, allowed: list[str]) -> list[str]:
    values = [v for raw in request.query_params.getlist(name) for v in raw.split(",") if v]
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise exceptions.ValidationError(
            {name: f"Unknown {', '.join(unknown)}; use {', '.join(allowed)}."}
        )
    return values


class SetViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Annotation sets you belong to; managers edit them and their members, export and import."""

    serializer_class = s.SetSerializer
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    content_negotiation_class = ExportFormatNegotiation
    set_roles = {"partial_update": Role.MANAGER}

    def get_queryset(self) -> QuerySet[AnnotationSet]:
        mine = Membership.objects.filter(
            annotation_set=OuterRef("pk"), user_id=self.request.user.pk or 0
        )
        return self.visible().annotate(my_role=Subquery(mine.values("role")[:1])).order_by("id")

    def set_id_of(self, obj: Any) -> int:
        return int(obj.pk)

    def partial_update(self, request: Request, slug: str) -> Response:
        annotation_set = self.get_object()
        serializer = self.get_serializer(annotation_set, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        membership_services.annotation_set_update(
            annotation_set=annotation_set, **serializer.validated_data
        )
        return Response(self.get_serializer(annotation_set).data)

    @extend_schema(request=None, responses=s.MemberSerializer(many=True), methods=["GET"])
    @extend_schema(
        request=s.MemberSerializer, responses={201: s.MemberSerializer}, methods=["POST"]
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def members(self, request: Request, slug: str) -> Response:
        annotation_set = self.get_object()
        if request.method == "GET":
            members = annotation_set.memberships.select_related("user").order_by("id")
            return Response(s.MemberSerializer(members, many=True).data)
        self.require(permissions.can_manage(request.user, annotation_set), "Only managers do this.")
        serializer = s.MemberSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = membership_services.membership_add(
            annotation_set=annotation_set,
            user=serializer.validated_data["user"]["username"],
            role=serializer.validated_data["role"],
        )
        return Response(s.MemberSerializer(membership).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.MemberRoleSerializer, responses={200: s.MemberSerializer, 204: None})
    @action(
        detail=True,
        methods=["patch", "delete"],
        url_path=r"members/(?P<username>[\w.@+-]+)",
        pagination_class=None,
    )
    def member(self, request: Request, slug: str, username: str) -> Response:
        annotation_set = self.get_object()
        self.require(permissions.can_manage(request.user, annotation_set), "Only managers do this.")
        membership = Membership.objects.filter(
            annotation_set=annotation_set, user__username=username
        ).first()
        if membership is None:
            raise exceptions.NotFound("No such member.")
        if request.method == "DELETE":
            membership_services.membership_remove(membership=membership)
            return Response(status=status.HTTP_204_NO_CONTENT)
        serializer = s.MemberRoleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership_services.membership_change_role(
            membership=membership, role=serializer.validated_data["role"]
        )
        return Response(s.MemberSerializer(membership).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("format", str, enum=list(EXPORT_FORMATS), required=True),
            OpenApiParameter("status", str, description="Comma-separated claim statuses."),
            OpenApiParameter("kind", str, description="Comma-separated attribution kinds."),
            OpenApiParameter("annotator", str, description="Comma-separated usernames."),
        ],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def export(self, request: Request, slug: str) -> StreamingHttpResponse:
        annotation_set = self.get_object()
        fmt = request.query_params.get("format", "")
        if fmt not in EXPORT_FORMATS:
            raise exceptions.ValidationError(
                {"format": f"Unknown format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}."}
            )
        export_filters = ExportFilters(
            statuses=_listed(request, "status", ClaimStatus.values),
            kinds=_listed(request, "kind", AttributionKind.values),
            annotators=_listed(request, "annotator", self._usernames(request)),
        )
        response = StreamingHttpResponse(
            export_stream(
                annotation_set=annotation_set,
                fmt=fmt,
                filters=export_filters,
                base=request.build_absolute_uri("/api/v1/"),
            ),
            content_type=EXPORT_FORMATS[fmt].media_type,
        )
        name = f"{annotation_set.slug}.{EXPORT_FORMATS[fmt].extension}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def _usernames(self, request: Request) -> list[str]:
        # Any name is allowed (an annotator with no work simply matches nothing).
        return [v for raw in request.query_params.getlist("annotator") for v in raw.split(",") if v]

    @extend_schema(
        request={"multipart/form-data": s.ImportSerializer},
        responses={
            201: s.ImportResultSerializer,
            400: OpenApiResponse(description="Refused; errors name file and line."),
            413: OpenApiResponse(description="Upload too large."),
        },
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="import",
        parser_classes=[MultiPartParser, FormParser],
        pagination_class=None,
        filter_backends=[],
    )
    def import_annotations(self, request: Request, slug: str) -> Response:
        annotation_set = self.get_object()
        self.require(permissions.can_manage(request.user, annotation_set), "Only managers import.")
        serializer = s.ImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        uploads = serializer.validated_data["files"]
        if sum(f.size or 0 for f in uploads) > _max_bytes():
            raise PayloadTooLarge()
        try:
            result = annotations_import(
                annotation_set=annotation_set,
                files=[(f.name or "upload", f.read()) for f in uploads],
                fmt=serializer.validated_data["format"],
                user=request.user,
            )
        except InterchangeError as exc:
            return Response(
                {"detail": str(exc), "errors": exc.errors}, status=status.HTTP_400_BAD_REQUEST
            )
        return Response(result, status=status.HTTP_201_CREATED)


class ArticleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
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


class ClaimViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ApiViewSet,
):
    """Claims. Annotators change their own; reviewers also approve or reject (status)."""

    serializer_class = s.ClaimSerializer
    filterset_class = filters.ClaimFilter
    own_work_actions = ("partial_update", "destroy")
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Claim]:
        return (
            Claim.objects.filter(
                article__annotation_set__in=self.visible(), deleted_at__isnull=True
            )
            .select_related("created_by", "accepted_by")
            .annotate(set_id=F("article__annotation_set_id"))
        )

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        data = serializer.validated_data
        article = data["article"]
        self.require(permissions.can_annotate(self.request.user, article.annotation_set_id))
        status_ = data.get("status", ClaimStatus.DRAFT)
        if status_ not in claim_services.ANNOTATOR_STATUSES:
            raise exceptions.ValidationError({"status": "New claims are draft or submitted."})
        serializer.instance = claim_services.claim_create(
            article=article,
            start=data["start"],
            end=data["end"],
            parts=data.get("parts"),
            status=status_,
            note=data.get("note", ""),
            user=self.request.user,
        )

    def perform_update(self, serializer: serializers.BaseSerializer) -> None:
        claim, data, user = serializer.instance, serializer.validated_data, self.request.user
        assert isinstance(claim, Claim)
        version = _version(data.get("version"))
        new_status = data.get("status")
        if new_status in claim_services.REVIEW_STATUSES or (
            new_status and claim.status in claim_services.REVIEW_STATUSES
        ):
            self.require(
                permissions.can_review(user, self.set_id_of(claim)), "Only reviewers do this."
            )
            if set(data) - {"status", "version"}:
                raise exceptions.ValidationError({"status": "Change a review status on its own."})
            serializer.instance = claim_services.claim_review(
                claim=claim, user=user, version=version, status=new_status
            )
            return
        serializer.instance = claim_services.claim_update(
            claim=claim,
            user=user,
            version=version,
            start=data.get("start"),
            end=data.get("end"),
            parts=data.get("parts"),
            note=data.get("note"),
            status=new_status,
        )

    @extend_schema(parameters=[VERSION_PARAM])
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        claim = self.get_object()
        version = _version(request.query_params.get("version"))
        claim_services.claim_delete(claim=claim, user=request.user, version=version)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _span(data: dict[str, Any], role: str) -> Any:
    start = data.get(f"{role}_start")
    return None if start is None else [start, data[f"{role}_end"]]


class AttributionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ApiViewSet,
):
    serializer_class = s.AttributionSerializer
    filterset_class = filters.AttributionFilter
    own_work_actions = ("partial_update", "destroy")
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Attribution]:
        return (
            Attribution.objects.filter(
                article__annotation_set__in=self.visible(), deleted_at__isnull=True
            )
            .select_related("created_by")
            .annotate(set_id=F("article__annotation_set_id"))
        )

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        data = serializer.validated_data
        article = data["article"]
        self.require(permissions.can_annotate(self.request.user, article.annotation_set_id))
        serializer.instance = attribution_services.attribution_create(
            article=article,
            kind=data["kind"],
            user=self.request.user,
            claim=data.get("claim"),
            source=data.get("source"),
            source_span=_span(data, "source"),
            source_parts=data.get("source_parts"),
            cue_span=_span(data, "cue"),
            cue_parts=data.get("cue_parts"),
            confidence=data.get("confidence"),
        )

    def perform_update(self, serializer: serializers.BaseSerializer) -> None:
        data = serializer.validated_data
        changes: dict[str, Any] = {"kind": data.get("kind")}
        if "source" in data:
            changes["source"] = data["source"]
        for role in ("source", "cue"):
            if f"{role}_start" in data:
                changes[f"{role}_span"] = _span(data, role)
        assert isinstance(serializer.instance, Attribution)
        serializer.instance = attribution_services.attribution_update(
            attribution=serializer.instance,
            user=self.request.user,
            version=_version(data.get("version")),
            **changes,
        )

    @extend_schema(parameters=[VERSION_PARAM])
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        attribution = self.get_object()
        version = _version(request.query_params.get("version"))
        attribution_services.attribution_delete(
            attribution=attribution, user=request.user, version=version
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class SourceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ApiViewSet,
):
    """People and organisations claims come from, with aliases; reviewers merge and delete."""

    serializer_class = s.SourceSerializer
    filterset_class = filters.SourceFilter
    own_work_actions = ("partial_update",)
    set_roles = {"destroy": Role.REVIEWER, "merge": Role.REVIEWER}
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Source]:
        return (
            Source.objects.filter(annotation_set__in=self.visible(), deleted_at__isnull=True)
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
            version=_version(data.get("version")),
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
        version = _version(request.query_params.get("version"))
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


class LinkViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    ApiViewSet,
):
    """Links between claims (corroborates, contradicts, repeats, elaborates)."""

    serializer_class = s.LinkSerializer
    filterset_class = filters.LinkFilter
    own_work_actions = ("destroy",)

    def get_queryset(self) -> QuerySet[ClaimLink]:
        visible = self.visible()
        return (
            ClaimLink.objects.filter(
                from_claim__article__annotation_set__in=visible,
                to_claim__article__annotation_set__in=visible,
                deleted_at__isnull=True,
            )
            .select_related("created_by")
            .annotate(set_id=F("from_claim__article__annotation_set_id"))
        )

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        data = serializer.validated_data
        from_claim = data["from_claim"]
        self.require(
            permissions.can_annotate(self.request.user, from_claim.article.annotation_set_id)
        )
        serializer.instance = link_services.claim_link_create(
            from_claim=from_claim,
            to_claim=data["to_claim"],
            relation=data["relation"],
            note=data.get("note", ""),
            user=self.request.user,
        )

    @extend_schema(parameters=[VERSION_PARAM])
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        link = self.get_object()
        version = _version(request.query_params.get("version"))
        link_services.claim_link_delete(link=link, user=request.user, version=version)
        return Response(status=status.HTTP_204_NO_CONTENT)
