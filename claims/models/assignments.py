"""Who is asked to annotate which article (hand-picked or round-robin with overlap)."""

from django.conf import settings
from django.db import models

from .articles import Article


class Assignment(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article", "id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="assignment_unique"),
        ]
        indexes = [models.Index(fields=["user", "article"], name="assignment_user_article")]

    def __str__(self) -> str:
        return f"article {self.article_id} assigned to {self.user_id}"
