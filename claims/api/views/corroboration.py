"""Search, link suggestions and independence-aware corroboration counts (read-only)."""

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import permissions
from claims.models import AttributionKind, Claim, ClaimStatus
from claims.selectors.corroboration import claim_corroboration, link_suggestions
from claims.selectors.search import SearchFilters, search


class SuggestionSerializer(serializers.Serializer):
    article = serializers.IntegerField()
    article_title = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    text = serializers.CharField()
    score = serializers.FloatField()
    relation = serializers.CharField()
    independent = serializers.BooleanField()
    claim = serializers.IntegerField(allow_null=True, help_text="Target claim, if a claim.")
    sentence = serializers.IntegerField(allow_null=True, help_text="Target sentence, if one.")


class SearchHitSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["claim", "sentence"])
    id = serializers.IntegerField()
    article = serializers.IntegerField()
    article_title = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    text = serializers.CharField()
    score = serializers.FloatField()


class SearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(max_length=300)
    set = serializers.IntegerField(required=False, min_value=1)
    outlet = serializers.CharField(required=False, max_length=200)
    published_from = serializers.DateField(required=False)
    published_to = serializers.DateField(required=False)
    kind = serializers.ChoiceField(choices=AttributionKind.values, required=False)
    status = serializers.ChoiceField(choices=ClaimStatus.values, required=False)
    limit = serializers.IntegerField(required=False, min_value=1, max_value=100, default=20)

    def get_fields(self) -> dict[str, serializers.Field]:
        # "source" names a Field attribute, so the source filter is added here.
        fields = super().get_fields()
        fields["source"] = serializers.IntegerField(required=False, min_value=1)
        return fields


class CorroborationSerializer(serializers.Serializer):
    independent = serializers.IntegerField(help_text="Independent corroborating origins.")
    groups = serializers.ListField(child=serializers.DictField())
    copies = serializers.ListField(child=serializers.DictField())
    repeats = serializers.ListField(child=serializers.DictField())


def _visible_claim(request: Request, claim_id: int) -> Claim:
    return get_object_or_404(
        Claim.objects.select_related("article"),
        pk=claim_id,
        deleted_at__isnull=True,
        article__deleted_at__isnull=True,
        article__annotation_set__in=permissions.visible_sets(request.user),
    )


class LinkSuggestionsView(APIView):
    """Ranked link candidates for a claim, as the link dialog shows them."""

    @extend_schema(
        parameters=[OpenApiParameter("limit", int, description="1-50, default 10")],
        responses=SuggestionSerializer(many=True),
    )
    def get(self, request: Request, claim_id: int) -> Response:
        claim = _visible_claim(request, claim_id)
        raw = request.query_params.get("limit", "10")
        if not raw.isdigit() or not 1 <= int(raw) <= 50:
            raise serializers.ValidationError({"limit": "A whole number from 1 to 50."})
        found = link_suggestions(claim=claim, user=request.user, limit=int(raw))
        data = [
            {
                **s.as_json(),
                "claim": s.pk if s.kind == "claim" else None,
                "sentence": s.pk if s.kind == "sentence" else None,
            }
            for s in found
        ]
        return Response(SuggestionSerializer(data, many=True).data)


class CorroborationView(APIView):
    """How many independent articles corroborate a claim, with what was folded and why."""

    @extend_schema(responses=CorroborationSerializer)
    def get(self, request: Request, claim_id: int) -> Response:
        claim = _visible_claim(request, claim_id)
        return Response(claim_corroboration(claim=claim, user=request.user).as_json())


class SearchView(APIView):
    """Claims and sentences containing every word of ``q`` in the sets you may see."""

    @extend_schema(parameters=[SearchQuerySerializer], responses=SearchHitSerializer(many=True))
    def get(self, request: Request) -> Response:
        query = SearchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data: dict[str, Any] = query.validated_data
        visible = list(permissions.visible_sets(request.user).values_list("pk", flat=True))
        if data.get("set"):
            if data["set"] not in visible:
                raise serializers.ValidationError({"set": "No such set, or not yours."})
            visible = [data["set"]]
        filters = SearchFilters(
            set_ids=visible,
            outlet=data.get("outlet", ""),
            published_from=data.get("published_from"),
            published_to=data.get("published_to"),
            kind=data.get("kind", ""),
            source=data.get("source"),
            status=data.get("status", ""),
        )
        hits = search(query=data["q"], filters=filters, limit=data["limit"])
        out = [
            {
                "kind": h.kind,
                "id": h.pk,
                "article": h.article_id,
                "article_title": h.article_title,
                "start": h.start,
                "end": h.end,
                "text": h.text,
                "score": h.score,
            }
            for h in hits
        ]
        return Response(SearchHitSerializer(out, many=True).data)
