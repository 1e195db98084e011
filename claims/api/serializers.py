"""API serializers: explicit fields; anything the server decides (who created it, origin,
review status on create, timestamps, history) is read-only, so it cannot be mass-assigned.

Serializers only validate input shapes; the views hand ``validated_data`` to the services.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.api.field_copies import own_copy
from claims.models import (
    AnnotationSet,
    Article,
    Attribution,
    AttributionKind,
    Claim,
    ClaimLink,
    ClaimStatus,
    LinkRelation,
    Membership,
    Role,
    Sentence,
    Source,
    SourceKind,
)
from claims.permissions import (
    membership_for,
    remember_my_membership,
    visible_sets,
    with_my_membership,
)


class ModelSerializer(serializers.ModelSerializer):
    """DRF's ModelSerializer, with the fields it derives from the model built once per class
    (DRF introspects the model for every instance, that is on every request and for every
    nested serializer; it was the largest CPU cost of an API write). Each instance gets its
    own copies (:func:`claims.api.field_copies.own_copy`); the result depends only on the
    class, never on the request."""

    _fields_by_class: dict[type, dict[str, Any]] = {}

    def get_fields(self) -> dict[str, Any]:
        cls = type(self)
        built = ModelSerializer._fields_by_class.get(cls)
        if built is None:
            built = ModelSerializer._fields_by_class[cls] = super().get_fields()
        return {name: own_copy(field) for name, field in built.items()}


def _parts_field(**kwargs: Any) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.ListField(
            child=serializers.IntegerField(min_value=0), min_length=2, max_length=2
        ),
        required=False,
        **kwargs,
    )


class Username(serializers.SlugRelatedField):
    """A user shown by username, read-only."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="username", read_only=True, **kwargs)


class VisibleRelatedField(serializers.PrimaryKeyRelatedField):
    """A primary key among the objects of sets the requesting user can see: anything else is
    "does not exist", so other sets' ids are never confirmed."""

    def __init__(
        self, *, model: type[models.Model], set_path: str, live: bool = True, **kwargs: Any
    ) -> None:
        self.related_model, self.set_path, self.live = model, set_path, live
        super().__init__(queryset=model._default_manager.none(), **kwargs)

    def to_internal_value(self, data: Any) -> Any:
        # Ids the database cannot hold do not exist (rather than overflowing in the query).
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not str(data).isdigit() or not 0 < int(data) < 2**63:
            self.fail("does_not_exist", pk_value=data)
        found = super().to_internal_value(int(data))
        remember_my_membership(getattr(self.context.get("request"), "user", None), found)
        return found

    def get_queryset(self) -> QuerySet[Any]:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        qs = self.related_model._default_manager.filter(
            **{f"{self.set_path}__in": visible_sets(user)}
        )
        if self.set_path == "annotation_set":
            # Read with the caller's role in its set: the role check after it asks no query.
            qs = with_my_membership(qs, user)
        if not self.live:
            return qs
        live = getattr(qs, "live", None)  # claims.models.querysets: one definition of live
        return live() if live else qs.filter(deleted_at__isnull=True)


class SetSerializer(ModelSerializer):
    role = serializers.SerializerMethodField()

    class Meta:
        model = AnnotationSet
        fields = [
            "slug",
            "name",
            "description",
            "guidelines",
            "suggestion_threshold",
            "created_at",
            "role",
        ]
        # The threshold is a manager's setting, changed on the set's settings page.
        read_only_fields = ["slug", "suggestion_threshold", "created_at", "role"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_role(self, obj: AnnotationSet) -> str | None:
        user = self.context["request"].user
        if user.is_superuser:
            return Role.MANAGER
        if hasattr(obj, "my_role"):  # annotated by the view's queryset
            return obj.my_role
        membership = membership_for(user, obj)
        return membership.role if membership else None


class MemberSerializer(ModelSerializer):
    username = serializers.CharField(source="user.username", max_length=150)

    class Meta:
        model = Membership
        fields = ["username", "role", "created_at"]
        read_only_fields = ["created_at"]

    def validate_username(self, value: str) -> Any:
        user = get_user_model()._default_manager.filter(username=value, is_active=True).first()
        if user is None:
            raise serializers.ValidationError(f"No active user named {value!r}.")
        return user


class MemberRoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices)


class ArticleSerializer(ModelSerializer):
    annotation_set: serializers.SlugRelatedField[AnnotationSet] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )

    class Meta:
        model = Article
        fields = [
            "id",
            "annotation_set",
            "title",
            "outlet",
            "author",
            "url",
            "published_at",
            "source_name",
            "imported_at",
            "quality_flags",
        ]
        read_only_fields = fields


class ArticleDetailSerializer(ArticleSerializer):
    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "text"]
        read_only_fields = fields


class SentenceSerializer(ModelSerializer):
    text = serializers.CharField(read_only=True, help_text="text[start:end] of the article.")

    class Meta:
        model = Sentence
        fields = ["id", "article", "index", "start", "end", "text"]
        read_only_fields = fields


class ClaimSerializer(ModelSerializer):
    article = VisibleRelatedField(model=Article, set_path="annotation_set")
    parts = _parts_field(help_text="Pieces of a discontinuous span, [[start, end], …].")
    status = serializers.ChoiceField(
        choices=ClaimStatus.choices,
        required=False,
        help_text="On create: draft or submitted. Reviewers change it to approved/rejected.",
    )
    version = serializers.IntegerField(
        required=False, help_text="The version you edited; required to update (409 if stale)."
    )
    created_by = Username()
    accepted_by = Username()
    comment = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=5000,
        help_text="With a review status: the reviewer's comment (required to reject); stored.",
    )

    class Meta:
        model = Claim
        fields = [
            "id",
            "article",
            "start",
            "end",
            "parts",
            "quote",
            "prefix",
            "suffix",
            "status",
            "origin",
            "note",
            "created_by",
            "accepted_by",
            "created_at",
            "updated_at",
            "version",
            "comment",
        ]
        read_only_fields = [
            "id",
            "quote",
            "prefix",
            "suffix",
            "origin",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {"start": {"min_value": 0}, "end": {"min_value": 0}}


class AttributionSerializer(ModelSerializer):
    article = VisibleRelatedField(model=Article, set_path="annotation_set")
    claim = VisibleRelatedField(
        model=Claim, set_path="article__annotation_set", allow_null=True, required=False
    )
    source = VisibleRelatedField(  # type: ignore[assignment]  # the field, not Field.source
        model=Source, set_path="annotation_set", allow_null=True, required=False
    )
    kind = serializers.ChoiceField(choices=AttributionKind.choices)
    source_parts = _parts_field()
    cue_parts = _parts_field()
    version = serializers.IntegerField(required=False)
    created_by = Username()

    class Meta:
        model = Attribution
        fields = [
            "id",
            "article",
            "claim",
            "kind",
            "source",
            "source_start",
            "source_end",
            "source_parts",
            "cue_start",
            "cue_end",
            "cue_parts",
            "confidence",
            "origin",
            "review_status",
            "details",
            "created_by",
            "created_at",
            "updated_at",
            "version",
        ]
        # review_status: a cue-only attribution's review (POST …/sets/<slug>/review/bulk/).
        read_only_fields = ["id", "origin", "review_status", "details", "created_at", "updated_at"]
        extra_kwargs = {
            "source_start": {"min_value": 0},
            "source_end": {"min_value": 0},
            "cue_start": {"min_value": 0},
            "cue_end": {"min_value": 0},
            "confidence": {"min_value": 0.0, "max_value": 1.0},
        }

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        for role in ("source", "cue"):
            start, end = f"{role}_start", f"{role}_end"
            if (start in attrs) != (end in attrs) or (
                (attrs.get(start) is None) != (attrs.get(end) is None)
            ):
                raise serializers.ValidationError({start: "Give both start and end, or neither."})
        return attrs


class AliasesField(serializers.ListField):
    """Alias names: read from the (prefetched) aliases, written as a list of strings."""

    def get_attribute(self, instance: Source) -> list[str]:
        return [alias.name for alias in instance.aliases.all()]


class SetSlugField(serializers.SlugRelatedField):  # type: ignore[type-arg]
    """A set named by its slug."""

    def to_internal_value(self, data: Any) -> AnnotationSet:
        # PostgreSQL text cannot hold a NUL: such a slug names no set and must not reach the
        # query (which would fail with a 500, found by the stateful schemathesis run).
        if isinstance(data, str) and "\x00" in data:
            self.fail("invalid")
        return super().to_internal_value(data)


class SourceSerializer(ModelSerializer):
    annotation_set = SetSlugField(slug_field="slug", queryset=AnnotationSet.objects.none())
    kind = serializers.ChoiceField(choices=SourceKind.choices, required=False)
    aliases = AliasesField(
        child=serializers.CharField(max_length=300),
        required=False,
        help_text="Other names; on update, names given are added.",
    )
    version = serializers.IntegerField(required=False)
    created_by = Username()

    class Meta:
        model = Source
        fields = [
            "id",
            "annotation_set",
            "name",
            "kind",
            "description",
            "aliases",
            "merged_into",
            "created_by",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = ["id", "merged_into", "created_at", "updated_at"]

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        request = self.context.get("request")
        field = fields["annotation_set"]
        assert isinstance(field, serializers.SlugRelatedField)
        field.queryset = visible_sets(getattr(request, "user", None))  # type: ignore[arg-type]
        return fields


class SourceMergeSerializer(serializers.Serializer):
    into = VisibleRelatedField(model=Source, set_path="annotation_set")


class LinkSerializer(ModelSerializer):
    from_claim = VisibleRelatedField(model=Claim, set_path="article__annotation_set")
    to_claim = VisibleRelatedField(model=Claim, set_path="article__annotation_set")
    relation = serializers.ChoiceField(choices=LinkRelation.choices)
    created_by = Username()

    class Meta:
        model = ClaimLink
        fields = [
            "id",
            "from_claim",
            "to_claim",
            "relation",
            "note",
            "origin",
            "created_by",
            "created_at",
            "version",
        ]
        read_only_fields = ["id", "origin", "created_at", "version"]
