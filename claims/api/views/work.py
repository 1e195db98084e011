"""Annotators' work: claims, attributions and links between claims."""

from typing import Any

from django.db.models import F, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from claims import permissions
from claims.api import filters
from claims.api import serializers as s
from claims.api.serializers_review import ReviewCommentSerializer, ReviewSerializer
from claims.api.views.base import (
    VERSION_PARAM,
    ApiViewSet,
    EditableViewSet,
    version_param,
)
from claims.models import (
    Attribution,
    Claim,
    ClaimLink,
    ClaimStatus,
    ReviewDecision,
)
from claims.services import attributions as attribution_services
from claims.services import claims as claim_services
from claims.services import links as link_services
from claims.services import review as review_services


class ClaimViewSet(EditableViewSet):
    """Claims. Annotators change their own; reviewers also approve or reject (status)."""

    serializer_class = s.ClaimSerializer
    filterset_class = filters.ClaimFilter
    own_work_actions = ("partial_update", "destroy")

    def get_queryset(self) -> QuerySet[Claim]:
        return (
            Claim.objects.live()
            .filter(article__annotation_set__in=self.visible())
            .select_related("created_by", "accepted_by")
            .annotate(set_id=F("article__annotation_set_id"))
        )

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        data = serializer.validated_data
        article = data["article"]
        self.require(permissions.can_annotate(self.request.user, article.annotation_set_id))
        if data.get("comment"):
            raise exceptions.ValidationError(
                {"comment": "Comments go with a review, not a new claim."}
            )
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
        version = version_param(data.get("version"))
        new_status = data.get("status")
        # The annotator fixes a returned claim and sends it back (draft or submitted).
        resubmit = (
            claim.status == ClaimStatus.REJECTED
            and new_status in claim_services.ANNOTATOR_STATUSES
            and claim.created_by_id == user.pk
        )
        if not resubmit and (
            new_status in claim_services.REVIEW_STATUSES
            or (new_status and claim.status in claim_services.REVIEW_STATUSES)
        ):
            self.require(
                permissions.can_review(user, self.set_id_of(claim)), "Only reviewers do this."
            )
            if set(data) - {"status", "version", "comment"}:
                raise exceptions.ValidationError({"status": "Change a review status on its own."})
            serializer.instance = review_services.claim_review_set_status(
                claim=claim,
                user=user,
                version=version,
                status=new_status,
                comment=data.get("comment", ""),
            )
            return
        if data.get("comment"):
            raise exceptions.ValidationError(
                {"comment": "A comment goes with a review status, or POST it to …/review/."}
            )
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

    @extend_schema(request=ReviewSerializer, responses={200: s.ClaimSerializer})
    @action(detail=True, methods=["post"], pagination_class=None)
    def review(self, request: Request, pk: str) -> Response:
        """Approve, reject (comment required) or comment on a claim; reviewers only."""
        claim = self.get_object()
        self.require(
            permissions.can_review(request.user, self.set_id_of(claim)), "Only reviewers do this."
        )
        serializer = ReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data["decision"] == ReviewDecision.COMMENT:
            review_services.review_comment_add(claim=claim, user=request.user, body=data["comment"])
        else:
            claim = review_services.claim_review_decide(
                claim=claim,
                user=request.user,
                version=data["version"],
                decision=data["decision"],
                comment=data.get("comment", ""),
            )
        return Response(s.ClaimSerializer(claim, context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses={200: ReviewCommentSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None)
    def reviews(self, request: Request, pk: str) -> Response:
        """The review decisions and comments on a claim, oldest first."""
        claim = self.get_object()
        comments = claim.reviews.select_related("author").order_by("id")
        return Response(ReviewCommentSerializer(comments, many=True).data)

    @extend_schema(parameters=[VERSION_PARAM])
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        claim = self.get_object()
        version = version_param(request.query_params.get("version"))
        claim_services.claim_delete(claim=claim, user=request.user, version=version)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _span(data: dict[str, Any], role: str) -> Any:
    start = data.get(f"{role}_start")
    return None if start is None else [start, data[f"{role}_end"]]


class AttributionViewSet(EditableViewSet):
    serializer_class = s.AttributionSerializer
    filterset_class = filters.AttributionFilter
    own_work_actions = ("partial_update", "destroy")

    def get_queryset(self) -> QuerySet[Attribution]:
        return (
            Attribution.objects.live()
            .filter(article__annotation_set__in=self.visible())
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
            version=version_param(data.get("version")),
            **changes,
        )

    @extend_schema(parameters=[VERSION_PARAM])
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        attribution = self.get_object()
        version = version_param(request.query_params.get("version"))
        attribution_services.attribution_delete(
            attribution=attribution, user=request.user, version=version
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


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
            ClaimLink.objects.live()
            .filter(
                from_claim__article__annotation_set__in=visible,
                to_claim__article__annotation_set__in=visible,
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
        version = version_param(request.query_params.get("version"))
        link_services.claim_link_delete(link=link, user=request.user, version=version)
        return Response(status=status.HTTP_204_NO_CONTENT)
