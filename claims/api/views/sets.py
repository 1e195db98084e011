"""Sets: members, export and import, bulk review; the jobs imports run as."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F, OuterRef, QuerySet, Subquery
from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from claims import permissions
from claims.api import filters
from claims.api import serializers as s
from claims.api import serializers_jobs as jobs_s
from claims.api.serializers_expand import SetCreateSerializer
from claims.api.serializers_review import (
    BulkConflictSerializer,
    BulkResultSerializer,
    BulkReviewSerializer,
)
from claims.api.views.base import (
    ApiViewSet,
    ExportFormatNegotiation,
    PayloadTooLarge,
    max_bytes,
)
from claims.interop.export_formats import EXPORT_FORMATS
from claims.models import (
    AnnotationSet,
    AttributionKind,
    ClaimStatus,
    ImportJob,
    Membership,
    Role,
)
from claims.selectors.agreement import agreement_report
from claims.selectors.curation import export_layer
from claims.selectors.export import ExportFilters, export_stream
from claims.selectors.review import attributions_for_review, claims_for_review
from claims.services import memberships as membership_services
from claims.services.errors import ConflictError
from claims.services.interchange import InterchangeError, annotations_import
from claims.services.jobs import annotations_import_job_start
from claims.services.review import review_decide_many


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
    set_roles = {"partial_update": Role.MANAGER, "review_bulk": Role.REVIEWER}

    def get_queryset(self) -> QuerySet[AnnotationSet]:
        mine = Membership.objects.filter(
            annotation_set=OuterRef("pk"), user_id=self.request.user.pk or 0
        )
        return self.visible().annotate(my_role=Subquery(mine.values("role")[:1])).order_by("id")

    def set_id_of(self, obj: Any) -> int:
        return int(obj.pk)

    @extend_schema(request=SetCreateSerializer, responses={201: s.SetSerializer})
    def create(self, request: Request) -> Response:
        """A new set; its creator becomes its manager. Managers of a set may create sets."""
        self.require(permissions.can_create_set(request.user), "Only managers create sets.")
        serializer = SetCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        annotation_set = membership_services.annotation_set_create(
            **serializer.validated_data, user=request.user
        )
        annotation_set.my_role = Role.MANAGER  # type: ignore[attr-defined]
        return Response(self.get_serializer(annotation_set).data, status=status.HTTP_201_CREATED)

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
            OpenApiParameter(
                "layer",
                str,
                description="curated, all or annotator:NAME. Default: the curated layer once "
                "the set has one (an article being curated), all before that.",
            ),
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
        try:
            layer, layer_annotators = export_layer(
                annotation_set=annotation_set, layer=request.query_params.get("layer", "")
            )
        except ValidationError as exc:
            raise exceptions.ValidationError(exc.message_dict) from None
        export_filters = ExportFilters(
            statuses=_listed(request, "status", ClaimStatus.values),
            kinds=_listed(request, "kind", AttributionKind.values),
            annotators=_listed(request, "annotator", self._usernames(request)) + layer_annotators,
            layer=layer,
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
        request={"multipart/form-data": jobs_s.ImportSerializer},
        responses={
            201: jobs_s.ImportResultSerializer,
            202: OpenApiResponse(jobs_s.JobSerializer, description="Queued (``background``)."),
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
        serializer = jobs_s.ImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        uploads = serializer.validated_data["files"]
        if sum(f.size or 0 for f in uploads) > max_bytes():
            raise PayloadTooLarge()
        files = [(f.name or "upload", f.read()) for f in uploads]
        fmt = serializer.validated_data["format"]
        if serializer.validated_data["background"]:
            job = annotations_import_job_start(
                annotation_set=annotation_set, user=request.user, files=files, fmt=fmt
            )
            data = jobs_s.JobSerializer(job, context={"request": request}).data
            location = {"Location": data["url"]}
            return Response(data, status=status.HTTP_202_ACCEPTED, headers=location)
        try:
            result = annotations_import(
                annotation_set=annotation_set, files=files, fmt=fmt, user=request.user
            )
        except InterchangeError as exc:
            return Response(
                {"detail": str(exc), "errors": exc.errors}, status=status.HTTP_400_BAD_REQUEST
            )
        return Response(result, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def agreement(self, request: Request, slug: str) -> Response:
        """Inter-annotator agreement (as ``manage.py agreement SLUG --json``): reviewers and
        managers."""
        annotation_set = self.get_object()
        self.require(
            permissions.can_review(request.user, annotation_set),
            "Only reviewers and managers see agreement.",
        )
        return Response(agreement_report(annotation_set=annotation_set))

    @extend_schema(
        request=BulkReviewSerializer,
        responses={
            200: BulkResultSerializer,
            400: OpenApiResponse(description="A field is wrong: the body names it."),
            409: BulkConflictSerializer,
        },
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="review/bulk",
        pagination_class=None,
        filter_backends=[],
    )
    def review_bulk(self, request: Request, slug: str) -> Response:
        """Approve (or reject, with a comment) many claims and cue-only attributions at once,
        each at the version you reviewed: all or nothing. 409 lists every item that changed
        or went since, with its current state. Reviewers and managers of the set."""
        annotation_set = self.get_object()
        serializer = BulkReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        wanted = {kind: [i for i in data["items"] if i["type"] == kind] for kind in ITEM_KINDS}
        found: dict[str, dict[int, Any]] = {
            "claim": claims_for_review(
                annotation_set=annotation_set, claim_ids=[i["id"] for i in wanted["claim"]]
            ),
            "attribution": attributions_for_review(
                annotation_set=annotation_set,
                attribution_ids=[i["id"] for i in wanted["attribution"]],
            ),
        }
        missing = {
            str(n): {"id": f"No {item['type']} {item['id']} in this set."}
            for n, item in enumerate(data["items"])
            if item["id"] not in found[item["type"]]
        }
        if missing:
            raise exceptions.ValidationError({"items": missing})
        pairs = {k: [(found[k][i["id"]], i["version"]) for i in wanted[k]] for k in ITEM_KINDS}
        try:
            count = review_decide_many(
                annotation_set_id=annotation_set.pk,
                claims=pairs["claim"],
                attributions=pairs["attribution"],
                user=request.user,
                decision=data["decision"],
                comment=data.get("comment", ""),
            )
        except ConflictError as conflict:
            body = {"detail": str(conflict), "stale": conflict.current.get("stale", [])}
            return Response(body, status=status.HTTP_409_CONFLICT)
        items = [
            {"type": i["type"], "id": i["id"], "version": i["version"] + 1} for i in data["items"]
        ]
        return Response({"decision": data["decision"], "decided": count, "items": items})


ITEM_KINDS = ("claim", "attribution")


class JobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Background jobs of the sets you belong to (imports, suggestion runs): poll one for
    its progress and outcome."""

    serializer_class = jobs_s.JobSerializer
    filterset_class = filters.JobFilter

    def get_queryset(self) -> QuerySet[ImportJob]:
        return (
            ImportJob.objects.filter(annotation_set__in=self.visible())
            .select_related("annotation_set", "created_by")
            .annotate(set_id=F("annotation_set_id"))
            .order_by("-id")
        )
