"""Per-article counts behind a set's dashboard, kept current by the writes themselves
(``claims.services.tallies``), so the dashboard sums a few rows per article instead of
reading every claim and change record of the set."""

from django.db import models

from .articles import Article
from .sets import AnnotationSet


class TallyDimension(models.TextChoices):
    STATUS = "status", "Live claims by status"
    KIND = "kind", "Live attributions by kind"
    # key: the annotator, "u:<account id>" or "i:<imported name>"; part: a status, or ""
    # for all their claims in the article.
    PERSON = "person", "Claims by annotator"
    CREATED = "created", "Live claims created per day"
    REVIEWED = "reviewed", "Review decisions per day"
    # n: claims submitted and then reviewed; seconds: their summed delay; longest: the max.
    DELAY = "delay", "Submission to review"


class ArticleTally(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="tallies")
    dimension = models.CharField(max_length=16, choices=TallyDimension.choices)
    key = models.CharField(max_length=160, blank=True)  # a status, kind, annotator or ISO day
    part = models.CharField(max_length=16, blank=True)
    # Not unsigned: a delta against a row written around the services must not fail the
    # write (``manage.py rebuild_tallies`` repairs such rows).
    n = models.IntegerField()
    seconds = models.FloatField(default=0.0)
    longest = models.FloatField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "dimension", "key", "part"], name="articletally_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(dimension__in=TallyDimension.values),
                name="articletally_dimension_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dimension} {self.key} {self.part} in article {self.article_id}: {self.n}"


class ArticleAgreement(models.Model):
    """One article's share of its set's agreement (``claims.nlp.agreement.ArticlePart`` as
    JSON), stored so that the set's report is a sum over articles and a write computes again
    only the articles it touched (``claims.selectors.agreement_parts``). Every article read
    once has a row; ``part`` is null where fewer than two people marked it."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="agreement_part"
    )
    shared = models.BooleanField(default=False)
    part = models.JSONField(null=True, blank=True)

    def __str__(self) -> str:
        return f"agreement part of article {self.article_id}"


class AgreementMark(models.Model):
    """The newest change record a set's stored agreement parts include: records after it
    name the articles to compute again."""

    annotation_set = models.OneToOneField(
        AnnotationSet, on_delete=models.CASCADE, primary_key=True, related_name="agreement_mark"
    )
    change_id = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"agreement of set {self.annotation_set_id} up to change {self.change_id}"
