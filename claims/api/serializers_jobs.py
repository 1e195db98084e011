"""Serializers of imports through the API and of background jobs (imports, suggestion runs)."""

from rest_framework import serializers

from claims.api.serializers import ModelSerializer, Username
from claims.models import AnnotationSet, ImportJob


class ImportSerializer(serializers.Serializer):
    format = serializers.ChoiceField(
        choices=[("brat", "brat"), ("jsonl", "jsonl")],
        error_messages={"invalid_choice": 'Unknown format "{input}"; use one of brat, jsonl.'},
    )
    files = serializers.ListField(child=serializers.FileField(), min_length=1)
    background = serializers.BooleanField(
        default=False,
        help_text="Import as a job: answer 202 at once with the job to poll "
        "(GET /api/v1/jobs/{id}/), for uploads too big for one request.",
    )


class ImportErrorSerializer(serializers.Serializer):
    file = serializers.CharField()
    line = serializers.IntegerField(allow_null=True)
    message = serializers.CharField()


class ImportResultSerializer(serializers.Serializer):
    format = serializers.CharField()
    articles_created = serializers.IntegerField()
    articles_existing = serializers.IntegerField()
    claims = serializers.IntegerField()
    attributions = serializers.IntegerField()
    marks = serializers.IntegerField()
    warnings = serializers.ListField(child=serializers.CharField())


class JobSerializer(ModelSerializer):
    """A background job: an import or a suggestion run, with its progress and outcome
    (``result``: counts when done, ``errors`` naming file and line when refused)."""

    set: serializers.SlugRelatedField[AnnotationSet] = serializers.SlugRelatedField(
        source="annotation_set", slug_field="slug", read_only=True
    )
    created_by = Username()
    url = serializers.HyperlinkedIdentityField(view_name="api-job-detail")

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "url",
            "set",
            "kind",
            "status",
            "done",
            "total",
            "result",
            "created_by",
            "created_at",
            "finished_at",
        ]
        read_only_fields = fields
