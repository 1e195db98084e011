"""Machine attribution suggestions, stored for people to accept or reject.

Each suggestion becomes a claim with status and origin ``suggested`` (over the content
span) carrying one suggested attribution (kind, source and cue spans, confidence, and the
finer facts in ``details``). Re-running is idempotent: a suggestion is keyed by its spans,
so it is never stored twice, and one a person rejected is never brought back. Nor is a
*near* duplicate of an earlier machine suggestion (pending, accepted, rejected or reverted):
a content span whose start and end each differ from it by at most one word or a few marks
(a quotation mark, a comma, a leading "that" — what a retrained model draws differently). Human-made
or reviewed annotations are never touched, and no suggestion is laid over a span a person
already annotated.
"""

import hashlib
from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction

from claims.models import (
    Article,
    Attribution,
    ChangeAction,
    Claim,
    ClaimStatus,
    FlagKind,
    Origin,
    Source,
)
from claims.nlp.attribution import AttributionSuggestion, load_model, suggest_attributions
from claims.nlp.normalize import fold
from claims.services import actions
from claims.services.sources import fold_name
from claims.services.spans import quote_with_context

Progress = Callable[[int, int], None]
Span = tuple[int, int]


def suggestion_key(suggestion: AttributionSuggestion) -> str:
    """Stable identity of a suggestion: its content, cue and source spans."""
    raw = f"{suggestion.content}|{suggestion.cue}|{suggestion.source}"
    return hashlib.sha256(raw.encode()).hexdigest()[:40]


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


# How far a re-run's content edge may move and still be "the same" suggestion.
EDGE_WORDS = 1
EDGE_CHARS = 12


def _small_gap(text: str, x: int, y: int) -> bool:
    gap = text[min(x, y) : max(x, y)]
    return len(gap) <= EDGE_CHARS and len(gap.split()) <= EDGE_WORDS


def near_duplicate(text: str, span: Span, earlier: Iterable[Span]) -> bool:
    """``span`` starts and ends within a word (or a few marks) of an earlier span."""
    return any(
        _small_gap(text, span[0], other[0]) and _small_gap(text, span[1], other[1])
        for other in earlier
    )


def _covered_by_people(span: Span, human_spans: list[Span]) -> bool:
    """More than half of ``span`` already lies in a claim a person made or reviewed."""
    length = span[1] - span[0]
    return any(_overlap(span, other) * 2 > length for other in human_spans)


def _source_index(article: Article) -> dict[str, int]:
    """Folded names and aliases of the set's live sources → source id."""
    index: dict[str, int] = {}
    sources = Source.objects.filter(
        annotation_set_id=article.annotation_set_id,
        deleted_at__isnull=True,
        merged_into__isnull=True,
    ).prefetch_related("aliases")
    for source in sources:
        index[source.folded_name] = source.pk
        for alias in source.aliases.all():
            index.setdefault(alias.folded_name, source.pk)
    return index


def _details(text: str, suggestion: AttributionSuggestion) -> dict[str, Any]:
    details: dict[str, Any] = {
        "quote_form": str(suggestion.quote_form),
        "source_form": str(suggestion.source_form),
    }
    if suggestion.source_name:
        details["source_name"] = text[suggestion.source_name[0] : suggestion.source_name[1]]
    if suggestion.antecedent:
        details["antecedent"] = list(suggestion.antecedent)
        details["antecedent_name"] = suggestion.antecedent_name
    return details


def _article_suggestions(
    article: Article, model: Any, sources: dict[str, int]
) -> tuple[list[Claim], list[Attribution]]:
    text = article.text
    sentences = [(s.start, s.end) for s in article.sentences.all()]
    skip = [(f.start, f.end) for f in article.flags.all() if f.kind == FlagKind.BOILERPLATE]
    existing = list(
        Claim.objects.filter(article=article).values_list(
            "suggestion_key", "start", "end", "origin", "status", "deleted_at"
        )
    )
    known_keys = {key for key, *_ in existing if key}
    machine_spans = [
        (start, end) for _key, start, end, origin, *_ in existing if origin == Origin.SUGGESTED
    ]
    human_spans = [
        (start, end)
        for _key, start, end, origin, status, deleted in existing
        if deleted is None and (origin != Origin.SUGGESTED or status != ClaimStatus.SUGGESTED)
    ]
    claims: list[Claim] = []
    attributions: list[Attribution] = []
    for suggestion in suggest_attributions(text, sentences, skip=skip, model=model):
        if not suggestion.content:
            continue  # nothing to mark as a claim ("declined to comment")
        key = suggestion_key(suggestion)
        start, end = suggestion.content[0][0], suggestion.content[-1][1]
        if (
            key in known_keys
            or _covered_by_people((start, end), human_spans)
            or near_duplicate(text, (start, end), machine_spans)
        ):
            continue
        known_keys.add(key)
        machine_spans.append((start, end))
        quote, prefix, suffix = quote_with_context(text, start, end)
        claim = Claim(
            article=article,
            start=start,
            end=end,
            parts=[list(p) for p in suggestion.content] if len(suggestion.content) > 1 else [],
            quote=quote,
            folded_quote=fold(quote).text,
            prefix=prefix,
            suffix=suffix,
            status=ClaimStatus.SUGGESTED,
            origin=Origin.SUGGESTED,
            suggestion_key=key,
        )
        details = _details(text, suggestion)
        name = details.get("antecedent_name") or details.get("source_name")
        claims.append(claim)
        attributions.append(
            Attribution(
                article=article,
                claim=claim,
                kind=str(suggestion.kind),
                source_id=sources.get(fold_name(name)) if name else None,
                source_start=suggestion.source[0] if suggestion.source else None,
                source_end=suggestion.source[1] if suggestion.source else None,
                cue_start=suggestion.cue[0],
                cue_end=suggestion.cue[1],
                confidence=max(0.0, min(1.0, suggestion.confidence)),
                origin=Origin.SUGGESTED,
                details=details,
                suggestion_key=key,
            )
        )
    return claims, attributions


def suggestions_store(
    *,
    article_ids: Iterable[int],
    progress: Progress | None = None,
    group: Any = None,
    model_name: str | None = None,
) -> dict[str, int]:
    """Suggest attributions for these articles; returns counts of what was stored. Every
    stored suggestion gets a creation record in one group (``group``, or a new one), so a
    run can be reverted as one step. ``model_name``: ``fast`` or ``encoder`` (None: the
    default model)."""
    group = group or actions.new_group()
    ids = list(article_ids)
    model = load_model(model_name)
    totals = {"articles": 0, "claims": 0, "attributions": 0}
    articles = (
        Article.objects.filter(pk__in=ids, deleted_at__isnull=True)
        .prefetch_related("sentences", "flags")
        .order_by("id")
    )
    sources_by_set: dict[int, dict[str, int]] = {}
    for done, article in enumerate(articles.iterator(chunk_size=50), start=1):
        if article.annotation_set_id not in sources_by_set:
            sources_by_set[article.annotation_set_id] = _source_index(article)
        claims, attributions = _article_suggestions(
            article, model, sources_by_set[article.annotation_set_id]
        )
        with transaction.atomic():
            Claim.objects.bulk_create(claims)
            for attribution in attributions:
                attribution.claim_id = attribution.claim.pk  # type: ignore[union-attr]
            Attribution.objects.bulk_create(attributions)
            actions.write_records(
                [
                    actions.record(
                        obj,
                        annotation_set_id=article.annotation_set_id,
                        action=ChangeAction.CREATE,
                        user=None,
                        before=None,
                        group=group,
                    )
                    for obj in (*claims, *attributions)
                ]
            )
        totals["articles"] += 1
        totals["claims"] += len(claims)
        totals["attributions"] += len(attributions)
        if progress:
            progress(done, len(ids))
    return totals
