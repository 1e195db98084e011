"""Review decisions, per-user progress, change history, and background import jobs."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .articles import Article
from .claims import Attribution, Claim
from .sets import AnnotationSet


class ReviewDecision(models.TextChoices):
    APPROVE = "approve", "Approve"
    REJECT = "reject", "Reject"
    COMMENT = "comment", "Comment"


class ReviewComment(models.Model):
    """A reviewer's decision or remark on a claim, or on a cue-only attribution (no claim)."""

    claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="reviews"
    )
    attribution = models.ForeignKey(
        Attribution, null=True, blank=True, on_delete=models.CASCADE, related_name="reviews"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision = models.CharField(max_length=16, choices=ReviewDecision.choices)
    body = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The versioned status change this comment explains (empty for a plain comment).
    change = models.ForeignKey(
        "ChangeRecord", null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__in=ReviewDecision.values), name="reviewcomment_decision_valid"
            ),
            models.CheckConstraint(
                condition=Q(claim__isnull=True, attribution__isnull=False)
                | Q(claim__isnull=False, attribution__isnull=True),
                name="reviewcomment_one_target",
            ),
        ]

    def __str__(self) -> str:
        if self.claim_id is None:
            return f"{self.decision} on attribution {self.attribution_id}"
        return f"{self.decision} on claim {self.claim_id}"


class ArticleCompletion(models.Model):
    """An annotator's "I am done with this article"."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="completions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    done_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="articlecompletion_unique"),
        ]

    def __str__(self) -> str:
        return f"article {self.article_id} done by {self.user_id}"


class ChangeAction(models.TextChoices):
    CREATE = "create", "Create"
    UPDATE = "update", "Update"
    DELETE = "delete", "Delete"
    RESTORE = "restore", "Restore"
    MERGE = "merge", "Merge"
    ACCEPT = "accept", "Accept suggestion"
    REVIEW = "review", "Review"


class ChangeRecord(models.Model):
    """Who changed what, when, with the object's state before and after, so any edit or
    deletion can be restored. Written by the services, never by signals."""

    annotation_set = models.ForeignKey(
        AnnotationSet, on_delete=models.CASCADE, related_name="changes"
    )
    entity = models.CharField(max_length=32)  # "claim", "attribution", "claimlink", "source"
    object_id = models.BigIntegerField()
    action = models.CharField(max_length=16, choices=ChangeAction.choices)
    version = models.PositiveIntegerField(null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    # Records written by one bulk step (a merge, an import, a suggestion run) share a group,
    # so the step can be reverted as one.
    group = models.UUIDField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["entity", "object_id"], name="changerecord_object")]

    def __str__(self) -> str:
        return f"{self.action} {self.entity} {self.object_id}"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class ImportJob(models.Model):
    """A background job (article import, suggestion run) with progress the UI can poll."""

    annotation_set = models.ForeignKey(AnnotationSet, on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField(max_length=32, default="import_articles")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Set when the job starts and at each progress step; a running job whose heartbeat
    # stops (the worker was killed) is failed by the watchdog (services.jobs.jobs_fail_stale).
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} job {self.pk} ({self.status})"


class ImportJobFile(models.Model):
    """An uploaded file kept in the database, so a worker on any machine can read it."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=500)
    data = models.BinaryField()

    def __str__(self) -> str:
        return self.name
