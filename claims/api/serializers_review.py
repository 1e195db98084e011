"""API serializers for review decisions and comments (the review desk's API)."""

from typing import Any

from rest_framework import serializers

from claims.api.serializers import ModelSerializer, Username
from claims.models import ReviewComment, ReviewDecision


class ReviewSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=ReviewDecision.choices,
        help_text="approve or reject (changes the status), or comment (does not).",
    )
    comment = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=5000,
        help_text="Required to reject or comment; goes back to the annotator.",
    )
    version = serializers.IntegerField(
        required=False, min_value=1, help_text="The version you reviewed; required to decide."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        decision, comment = attrs["decision"], (attrs.get("comment") or "").strip()
        if decision in (ReviewDecision.REJECT, ReviewDecision.COMMENT) and not comment:
            raise serializers.ValidationError({"comment": "Say what to fix (required)."})
        if decision != ReviewDecision.COMMENT and "version" not in attrs:
            raise serializers.ValidationError({"version": "Give the version you reviewed."})
        return attrs


class ReviewCommentSerializer(ModelSerializer):
    author = Username()

    class Meta:
        model = ReviewComment
        fields = ["id", "claim", "decision", "body", "author", "created_at"]
        read_only_fields = fields


BULK_DECISIONS = [(ReviewDecision.APPROVE, "Approve"), (ReviewDecision.REJECT, "Reject")]
ITEM_TYPES = [("claim", "Claim"), ("attribution", "Cue-only attribution (no claim)")]
BULK_MAX = 500


class BulkItemSerializer(serializers.Serializer):
    type = serializers.ChoiceField(
        choices=ITEM_TYPES, default="claim", help_text="claim, or attribution (cue-only)."
    )
    id = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    version = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text="The version you reviewed."
    )


class BulkReviewSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=BULK_DECISIONS)
    comment = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=5000,
        help_text="Required to reject; stored with every item's decision.",
    )
    items = serializers.ListField(
        child=BulkItemSerializer(), allow_empty=False, max_length=BULK_MAX
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["decision"] == ReviewDecision.REJECT and not (attrs.get("comment") or "").strip():
            raise serializers.ValidationError({"comment": "Say what to fix (required to reject)."})
        seen: set[tuple[str, int]] = set()
        for item in attrs["items"]:
            key = (item["type"], item["id"])
            if key in seen:
                raise serializers.ValidationError(
                    {"items": f"{item['type']} {item['id']} is listed twice."}
                )
            seen.add(key)
        return attrs


class BulkStaleSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=ITEM_TYPES)
    id = serializers.IntegerField()
    version = serializers.IntegerField(help_text="The version you sent.")
    deleted = serializers.BooleanField()
    current = serializers.DictField(allow_null=True, help_text="The item as stored now.")


class BulkConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    stale = BulkStaleSerializer(many=True)


class BulkResultSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=BULK_DECISIONS)
    decided = serializers.IntegerField(help_text="How many items changed status.")
    items = BulkItemSerializer(many=True, help_text="Each item at its new version.")
