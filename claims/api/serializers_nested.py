"""Input and output of nested creates (``POST /api/v1/annotations/``): claims with their
attributions and links in one request, for the annotation tool and for integrators' bulk
loads. Shapes only; the view hands them to ``services.annotations_nested``."""

from typing import Any

from django.conf import settings
from rest_framework import serializers

from claims.api.field_copies import Serializer
from claims.api.serializers import (
    AttributionSerializer,
    ClaimSerializer,
    LinkSerializer,
    VisibleRelatedField,
)
from claims.models import Article, AttributionKind, Claim, ClaimStatus, LinkRelation, Source
from claims.permissions import remember_my_membership


def max_nested_claims() -> int:
    return int(getattr(settings, "CLAIMS_MAX_NESTED_CLAIMS", 1000))


def _parts() -> serializers.ListField:
    return serializers.ListField(
        child=serializers.ListField(
            child=serializers.IntegerField(min_value=0), min_length=2, max_length=2
        ),
        required=False,
        help_text="Pieces of a discontinuous span, [[start, end], …].",
    )


def _id(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    text = str(value)
    return int(text) if text.isdigit() and 0 < int(text) < 2**63 else None


class CachedVisibleRelatedField(VisibleRelatedField):
    """A visible object, looked up once per request however many items name it; ``preload``
    reads all the ids a request names in one statement."""

    def _cache(self) -> dict[tuple[str, int], Any]:
        context: Any = self.context
        cache: dict[tuple[str, int], Any] = context.setdefault("_visible_objects", {})
        return cache

    def preload(self, values: Any) -> None:
        ids = {pk for pk in map(_id, values) if pk is not None}
        if ids:
            cache = self._cache()
            user = getattr(self.context.get("request"), "user", None)
            for obj in self.get_queryset().filter(pk__in=ids):
                cache[(self.related_model.__name__, obj.pk)] = obj
                remember_my_membership(user, obj)

    def to_internal_value(self, data: Any) -> Any:
        pk = _id(data)
        if pk is None:
            return super().to_internal_value(data)  # refused there, naming the problem
        cache = self._cache()
        key = (self.related_model.__name__, pk)
        if key not in cache:
            cache[key] = super().to_internal_value(data)
        return cache[key]


def _span_pair(attrs: dict[str, Any], role: str) -> None:
    start, end = attrs.get(f"{role}_start"), attrs.get(f"{role}_end")
    if (start is None) != (end is None):
        raise serializers.ValidationError({f"{role}_start": "Give both start and end, or neither."})


class NestedAttributionSerializer(Serializer):
    kind = serializers.ChoiceField(choices=AttributionKind.choices)
    source = CachedVisibleRelatedField(  # type: ignore[assignment]  # the field, not Field.source
        model=Source, set_path="annotation_set", required=False, allow_null=True
    )
    source_name = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        help_text="Instead of source: the set's source of that name, created if there is none.",
    )
    source_start = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    source_end = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    source_parts = _parts()
    cue_start = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    cue_end = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    cue_parts = _parts()
    confidence = serializers.FloatField(
        min_value=0.0, max_value=1.0, required=False, allow_null=True
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("source") is not None and attrs.get("source_name", "").strip():
            raise serializers.ValidationError({"source_name": "Give source or source_name."})
        _span_pair(attrs, "source")
        _span_pair(attrs, "cue")
        return attrs


class NestedLinkSerializer(Serializer):
    relation = serializers.ChoiceField(choices=LinkRelation.choices)
    to_claim = CachedVisibleRelatedField(
        model=Claim, set_path="article__annotation_set", required=False, allow_null=True
    )
    to_ref = serializers.CharField(
        max_length=100, required=False, help_text="The ref of a claim of this request."
    )
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if (attrs.get("to_claim") is None) == (not attrs.get("to_ref")):
            raise serializers.ValidationError({"to_claim": "Give to_claim or to_ref."})
        return attrs


class NestedClaimSerializer(Serializer):
    article = CachedVisibleRelatedField(model=Article, set_path="annotation_set")
    start = serializers.IntegerField(min_value=0)
    end = serializers.IntegerField(min_value=0)
    parts = _parts()
    status = serializers.ChoiceField(
        choices=[(ClaimStatus.DRAFT, "Draft"), (ClaimStatus.SUBMITTED, "Submitted")],
        default=ClaimStatus.DRAFT,
    )
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    ref = serializers.CharField(
        max_length=100, required=False, help_text="Your name for it, for links within the request."
    )
    attributions = NestedAttributionSerializer(many=True, required=False)
    links = NestedLinkSerializer(many=True, required=False)


class AnnotationsCreateSerializer(Serializer):
    claims = NestedClaimSerializer(many=True, allow_empty=False)

    def to_internal_value(self, data: Any) -> Any:
        # Every article, source and linked claim the request names, in one statement each.
        claims = data.get("claims") if isinstance(data, dict) else None
        if isinstance(claims, list) and len(claims) <= max_nested_claims():
            items = [c for c in claims if isinstance(c, dict)]
            nested: Any = self.fields["claims"]
            fields = nested.child.fields
            fields["article"].preload(c.get("article") for c in items)
            for name, field in (("attributions", "source"), ("links", "to_claim")):
                rows = [r for c in items if isinstance(c.get(name), list) for r in c[name]]
                fields[name].child.fields[field].preload(
                    r.get(field) for r in rows if isinstance(r, dict)
                )
        return super().to_internal_value(data)

    def validate_claims(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if len(value) > max_nested_claims():
            raise serializers.ValidationError(
                f"At most {max_nested_claims()} claims in one request."
            )
        return value


class ClaimWithWorkSerializer(ClaimSerializer):
    attributions = AttributionSerializer(source="work_attributions", many=True, read_only=True)
    links = LinkSerializer(source="work_links", many=True, read_only=True)

    class Meta(ClaimSerializer.Meta):
        fields = [*ClaimSerializer.Meta.fields, "attributions", "links"]


class AnnotationsCreatedSerializer(Serializer):
    claims = ClaimWithWorkSerializer(many=True, read_only=True)
