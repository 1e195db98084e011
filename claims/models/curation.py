"""Curation (adjudication): a reviewer's gold version of an article, built from the versions
of the annotators who marked it.

The curated layer is stored as ordinary claims and attributions with ``origin="curated"``,
owned (``created_by``) by the curator, so every existing read, write, history and export path
handles it; annotators' own work is never changed. A :class:`Curation` row says that an
article has a curated layer, who curates it and whether they are done.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .articles import Article


class CurationStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"


class Curation(models.Model):
    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="curation")
    curator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=16, choices=CurationStatus.choices, default=CurationStatus.IN_PROGRESS
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["article"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CurationStatus.values), name="curation_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"curation of article {self.article_id} ({self.status})"
