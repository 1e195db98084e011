"""What annotators decided about link suggestions (so a rejected one is not offered again)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .articles import Sentence
from .claims import Claim


class LinkSuggestionRejection(models.Model):
    """A suggested link target (a claim or a sentence of another article) someone declined
    for ``claim``: suggestions leave it out from then on."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="rejected_suggestions")
    target_claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    target_sentence = models.ForeignKey(
        Sentence, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rejected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_claim__isnull=True, target_sentence__isnull=False)
                | Q(target_claim__isnull=False, target_sentence__isnull=True),
                name="linkrejection_one_target",
            ),
            models.UniqueConstraint(
                fields=["claim", "target_claim"],
                condition=Q(target_claim__isnull=False),
                name="linkrejection_unique_claim_target",
            ),
            models.UniqueConstraint(
                fields=["claim", "target_sentence"],
                condition=Q(target_sentence__isnull=False),
                name="linkrejection_unique_sentence_target",
            ),
        ]

    def __str__(self) -> str:
        target = self.target_claim_id or f"sentence {self.target_sentence_id}"
        return f"{self.claim_id} not linked to {target}"


class TextEmbedding(models.Model):
    """A cached sentence embedding for the semantic re-ranker, keyed by a hash of the model id
    and the (folded) text, so a text shared by many rows or articles is embedded once.

    The vector is stored as float32 bytes: re-ranking scores a few dozen BM25 candidates in
    Python, so no vector index (pgvector) is needed, and this works on every database."""

    key = models.CharField(max_length=64, unique=True)  # claims.nlp.embed.text_key
    model = models.CharField(max_length=40)
    vector = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.model}:{self.key[:12]}"
