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
