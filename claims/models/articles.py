"""Articles, their sentences, machine flags and near-duplicate clusters."""

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models

from .sets import AnnotationSet


class DuplicateCluster(models.Model):
    """Articles whose folded texts are near-duplicates (MinHash/LSH), e.g. a republished copy."""

    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"cluster {self.pk}"


class Article(models.Model):
    annotation_set = models.ForeignKey(
        AnnotationSet, on_delete=models.CASCADE, related_name="articles"
    )
    title = models.CharField(max_length=500)
    outlet = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=300, blank=True)
    # http/https only: a javascript: or data: URL is never stored, nor rendered as a link.
    url = models.URLField(
        max_length=2000, blank=True, validators=[URLValidator(schemes=["http", "https"])]
    )
    published_at = models.DateTimeField(null=True, blank=True)
    # Exactly as decoded at import; never rewritten, since every offset points into it.
    text = models.TextField()
    folded_sha256 = models.CharField(max_length=64)
    # MinHash signature of the folded text's word shingles (uint32 array), to confirm
    # near-duplicate candidates found through ArticleBand keys.
    minhash = models.BinaryField(blank=True, default=b"")
    # {"homoglyphs": letters, "lookalike_words": n, "run_together": n, "boilerplate": ranges}
    quality_flags = models.JSONField(default=dict, blank=True)
    cluster = models.ForeignKey(
        DuplicateCluster,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    source_name = models.CharField(max_length=500, blank=True, help_text="File it came from.")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["annotation_set", "folded_sha256"], name="article_unique_text_per_set"
            ),
        ]
        indexes = [models.Index(fields=["annotation_set", "imported_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def web_url(self) -> str:
        """The URL when it is an http(s) address (rows stored before the check may not be)."""
        head = self.url.strip()[:8].lower()
        return self.url if head.startswith(("http://", "https://")) else ""


class ArticleBand(models.Model):
    """One LSH band key of an article's MinHash: equal keys make near-duplicate candidates."""

    # No index of its own: the unique (article, key) constraint's index serves lookups by
    # article, and every index costs ingest a write per band.
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="bands", db_index=False
    )
    # The article's set, copied here so a lookup reads only the set's bands (an index
    # range per key), however many other sets share the table.
    annotation_set = models.ForeignKey(AnnotationSet, on_delete=models.CASCADE, related_name="+")
    key = models.BigIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["annotation_set", "key"], name="articleband_set_key"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["article", "key"], name="articleband_unique"),
        ]

    def __str__(self) -> str:
        return f"band {self.key} of article {self.article_id}"


class CommonBandKey(models.Model):
    """A band key shared by more articles of the set than ingest's cap: it comes from a
    template or a footer, not from copying, so it is no longer used to find candidates
    (which keeps the cost of each import flat as the set grows)."""

    annotation_set = models.ForeignKey(AnnotationSet, on_delete=models.CASCADE, related_name="+")
    key = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["annotation_set", "key"], name="commonbandkey_unique"),
        ]

    def __str__(self) -> str:
        return f"common band {self.key} in set {self.annotation_set_id}"


class Sentence(models.Model):
    # Indexed by the unique (article, index) constraint; a second index would cost ingest
    # a write per sentence.
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="sentences", db_index=False
    )
    index = models.PositiveIntegerField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    # Folded form (claims.nlp.normalize.fold) for search: look-alike copies match the original.
    folded_text = models.TextField(blank=True)

    class Meta:
        ordering = ["article", "index"]
        constraints = [
            models.UniqueConstraint(fields=["article", "index"], name="sentence_unique_index"),
            models.CheckConstraint(
                condition=models.Q(start__lt=models.F("end")), name="sentence_start_lt_end"
            ),
        ]

    def __str__(self) -> str:
        return f"sentence {self.index} of article {self.article_id}"


class FlagKind(models.TextChoices):
    LOOKALIKE = "lookalike", "Look-alike letters"
    BOILERPLATE = "boilerplate", "Boilerplate"
    RUN_TOGETHER = "run_together", "Run-together words"


class ArticleFlag(models.Model):
    """A machine observation about a range of the text; it never changes the text."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField(max_length=16, choices=FlagKind.choices)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    # lookalike: {"count", "scripts"}; run_together: {"proposed"}; boilerplate: {"reason"}
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["article", "start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start__lt=models.F("end")), name="articleflag_start_lt_end"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=FlagKind.values), name="articleflag_kind_valid"
            ),
        ]
        indexes = [models.Index(fields=["article", "kind"])]

    def __str__(self) -> str:
        return f"{self.kind} [{self.start}, {self.end}) in article {self.article_id}"
