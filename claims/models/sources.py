"""People and organisations that claims are attributed to."""

from django.conf import settings
from django.db import models

from .querysets import SourceQuerySet
from .sets import AnnotationSet


class SourceKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANISATION = "organisation", "Organisation"
    DOCUMENT = "document", "Document"
    GROUP = "group", "Group"
    UNIDENTIFIED = "unidentified", "Unidentified"


class Source(models.Model):
    annotation_set = models.ForeignKey(
        AnnotationSet, on_delete=models.CASCADE, related_name="sources"
    )
    name = models.CharField(max_length=300)
    # Folded name (see claims.nlp.normalize) so look-alike spellings find the same source.
    folded_name = models.CharField(max_length=300, db_index=True)
    kind = models.CharField(max_length=16, choices=SourceKind.choices, default=SourceKind.PERSON)
    description = models.TextField(blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.RESTRICT, related_name="merged_sources"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["annotation_set", "folded_name"],
                condition=models.Q(deleted_at__isnull=True, merged_into__isnull=True),
                name="source_unique_live_name_per_set",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=SourceKind.values), name="source_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SourceAlias(models.Model):
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=300)
    folded_name = models.CharField(max_length=300, db_index=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["source", "folded_name"], name="sourcealias_unique"),
        ]

    def __str__(self) -> str:
        return self.name
