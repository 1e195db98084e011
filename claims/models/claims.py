"""Claims, their attributions, and links between claims across articles.

Spans are half-open ``[start, end)`` Python ``str`` indices into ``Article.text``. A span that
is discontinuous (brat ``s1 e1;s2 e2``) keeps its envelope in ``start``/``end`` and its pieces
in a ``*_parts`` list of ``[start, end]`` pairs; contiguous spans leave the list empty.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from .articles import Article
from .querysets import AttributionQuerySet, ClaimLinkQuerySet, ClaimQuerySet
from .sources import Source


class ClaimStatus(models.TextChoices):
    SUGGESTED = "suggested", "Suggested"
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


ATTRIBUTION_REVIEW_STATUSES = [ClaimStatus.SUBMITTED, ClaimStatus.APPROVED, ClaimStatus.REJECTED]


class Origin(models.TextChoices):
    MANUAL = "manual", "Manual"
    SUGGESTED = "suggested", "Suggested"
    IMPORTED = "imported", "Imported"
    # The curated (adjudicated) layer: a reviewer's version built from annotators' versions.
    CURATED = "curated", "Curated"
    # Offered on an article from the claims people made on its near-duplicate copy.
    COPIED = "copied", "Copied from a near-duplicate"


class AttributionKind(models.TextChoices):
    SOURCED = "sourced", "Sourced"
    ANONYMOUS = "anonymous", "Anonymous"
    QUOTED = "quoted", "Quoted"


class LinkRelation(models.TextChoices):
    CORROBORATES = "corroborates", "Corroborates"
    CONTRADICTS = "contradicts", "Contradicts"
    REPEATS = "repeats", "Repeats"
    ELABORATES = "elaborates", "Elaborates"


class Claim(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    parts = models.JSONField(default=list, blank=True)
    # The exact text and a little context, so the claim can be re-anchored and verified.
    quote = models.TextField()
    # Folded quote (claims.nlp.normalize.fold) for cross-article search.
    folded_quote = models.TextField(blank=True)
    prefix = models.CharField(max_length=64, blank=True)
    suffix = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.DRAFT)
    origin = models.CharField(max_length=16, choices=Origin.choices, default=Origin.MANUAL)
    note = models.TextField(blank=True)
    # Stable identity of a machine suggestion, so re-running the suggester never duplicates.
    suggestion_key = models.CharField(max_length=64, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="claims_created",
    )
    # Who the imported file said did this: provenance only, never an account.
    imported_annotator = models.CharField(max_length=150, blank=True, default="")
    imported_reviewer = models.CharField(max_length=150, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["article", "start", "end", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(start__lt=F("end")), name="claim_start_lt_end"),
            models.CheckConstraint(
                condition=Q(status__in=ClaimStatus.values), name="claim_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(origin__in=Origin.values), name="claim_origin_valid"
            ),
            models.UniqueConstraint(
                fields=["article", "suggestion_key"],
                condition=~Q(suggestion_key=""),
                name="claim_unique_suggestion_key",
            ),
        ]
        indexes = [
            models.Index(fields=["article", "start"], name="claim_article_start"),
            models.Index(fields=["status"], name="claim_status"),
        ]

    def __str__(self) -> str:
        return self.quote[:80]


class Attribution(models.Model):
    """Who a claim comes from and how. ``claim`` is empty for a cue without content
    ("declined to comment", a brat event without Content)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="attributions")
    claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="attributions"
    )
    kind = models.CharField(max_length=16, choices=AttributionKind.choices)
    source = models.ForeignKey(
        # A source in use cannot be hard-deleted (soft-delete or merge it instead).
        Source,
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="attributions",
    )
    source_start = models.PositiveIntegerField(null=True, blank=True)
    source_end = models.PositiveIntegerField(null=True, blank=True)
    source_parts = models.JSONField(default=list, blank=True)
    cue_start = models.PositiveIntegerField(null=True, blank=True)
    cue_end = models.PositiveIntegerField(null=True, blank=True)
    cue_parts = models.JSONField(default=list, blank=True)
    confidence = models.FloatField(null=True, blank=True)
    origin = models.CharField(max_length=16, choices=Origin.choices, default=Origin.MANUAL)
    # The review state of a cue-only attribution (no claim): submitted, approved or rejected.
    # One with a claim is reviewed through its claim's status and leaves this alone.
    review_status = models.CharField(
        max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.SUBMITTED
    )
    # Finer facts (quote_form, source_form, resolved antecedent) and interchange extras
    # (brat trigger type and span, Content2) that exports must carry back out.
    details = models.JSONField(default=dict, blank=True)
    suggestion_key = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attributions_created",
    )
    # Who the imported file said did this: provenance only, never an account.
    imported_annotator = models.CharField(max_length=150, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = AttributionQuerySet.as_manager()

    class Meta:
        ordering = ["article", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=AttributionKind.values), name="attribution_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(source_start__isnull=True, source_end__isnull=True)
                | Q(source_start__lt=F("source_end")),
                name="attribution_source_span_valid",
            ),
            models.CheckConstraint(
                condition=Q(cue_start__isnull=True, cue_end__isnull=True)
                | Q(cue_start__lt=F("cue_end")),
                name="attribution_cue_span_valid",
            ),
            models.CheckConstraint(
                condition=Q(review_status__in=ATTRIBUTION_REVIEW_STATUSES),
                name="attribution_review_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(confidence__isnull=True) | Q(confidence__gte=0.0, confidence__lte=1.0),
                name="attribution_confidence_range",
            ),
            models.UniqueConstraint(
                fields=["article", "suggestion_key"],
                condition=~Q(suggestion_key=""),
                name="attribution_unique_suggestion_key",
            ),
        ]
        indexes = [
            models.Index(fields=["kind"], name="attribution_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} attribution {self.pk}"


class ClaimLink(models.Model):
    from_claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="links_out")
    to_claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="links_in")
    relation = models.CharField(max_length=16, choices=LinkRelation.choices)
    note = models.TextField(blank=True)
    origin = models.CharField(max_length=16, choices=Origin.choices, default=Origin.MANUAL)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Who the imported file said did this: provenance only, never an account.
    imported_annotator = models.CharField(max_length=150, blank=True, default="")
    version = models.PositiveIntegerField(default=1)
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = ClaimLinkQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_claim=F("to_claim")), name="claimlink_no_self_link"
            ),
            models.CheckConstraint(
                condition=Q(relation__in=LinkRelation.values), name="claimlink_relation_valid"
            ),
            models.UniqueConstraint(
                fields=["from_claim", "to_claim", "relation"],
                condition=Q(deleted_at__isnull=True),
                name="claimlink_unique_live_pair_relation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_claim_id} {self.relation} {self.to_claim_id}"


class StandoffMark(models.Model):
    """An imported standoff span we keep but do not interpret (brat ``Discard``/``Discuss``),
    so exports give back everything an import brought in."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="standoff_marks")
    annotator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who the imported file said did this: provenance only, never an account.
    imported_annotator = models.CharField(max_length=150, blank=True, default="")
    label = models.CharField(max_length=64)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    parts = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["article", "start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=F("end")), name="standoffmark_start_lt_end"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} [{self.start}, {self.end}) in article {self.article_id}"
