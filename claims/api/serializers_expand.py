"""Serializers for one-request reads (an article with its annotations) and for creating sets."""

from typing import Any

from django.utils.text import slugify
from rest_framework import serializers

from claims.api.serializers import (
    ArticleDetailSerializer,
    AttributionSerializer,
    ClaimSerializer,
    LinkSerializer,
    ModelSerializer,
)
from claims.models import AnnotationSet, Source
from claims.selectors.article_bundle import EXPANSIONS


class SourceBriefSerializer(ModelSerializer):
    """A source as an article's attributions name it (aliases: ``/sources/<id>/``)."""

    class Meta:
        model = Source
        fields = ["id", "name", "kind", "description"]
        read_only_fields = fields


class ArticleExpandedSerializer(ArticleDetailSerializer):
    """The article, and whichever of claims, attributions, links and sources were asked
    for with ``?expand=`` (read from ``article.bundle``, a selectors.article_bundle result)."""

    claims = ClaimSerializer(source="bundle.claims", many=True, read_only=True)
    attributions = AttributionSerializer(source="bundle.attributions", many=True, read_only=True)
    links = LinkSerializer(source="bundle.links", many=True, read_only=True)
    sources = SourceBriefSerializer(source="bundle.sources", many=True, read_only=True)

    class Meta(ArticleDetailSerializer.Meta):
        fields = [*ArticleDetailSerializer.Meta.fields, *EXPANSIONS]
        read_only_fields = fields

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        expand = self.context.get("expand")
        if expand is None:  # the schema: every field
            return fields
        return {k: v for k, v in fields.items() if k not in EXPANSIONS or k in expand}


class SetCreateSerializer(ModelSerializer):
    slug = serializers.SlugField(
        max_length=80, required=False, help_text="Defaults to the name, slugified."
    )

    class Meta:
        model = AnnotationSet
        fields = ["slug", "name", "description", "guidelines"]
        extra_kwargs = {"description": {"required": False}, "guidelines": {"required": False}}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        slug = attrs.get("slug") or slugify(attrs.get("name", ""))[:80]
        if not slug:
            raise serializers.ValidationError({"slug": "Give a slug, or a name to make one from."})
        if AnnotationSet.objects.filter(slug=slug).exists():
            raise serializers.ValidationError({"slug": f"A set {slug!r} already exists."})
        return {**attrs, "slug": slug}


__all__ = ["ArticleExpandedSerializer", "SetCreateSerializer", "SourceBriefSerializer"]
