"""Writes the annotation workspace makes in one step: a claim with its attribution (and a
new source typed into the picker), a link to a sentence of another article, accepting every
suggestion of a sentence, marking an article done. Each composes the single-object services
inside one transaction, so a conflict or a bad field leaves nothing half-written."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from claims.models import (
    Article,
    ArticleCompletion,
    Attribution,
    Claim,
    ClaimLink,
    Sentence,
    Source,
    SourceKind,
)
from claims.services.attributions import attribution_create, attribution_update
from claims.services.claims import claim_accept_suggestion, claim_create, claim_update
from claims.services.errors import ConflictError
from claims.services.links import claim_link_create
from claims.services.sources import fold_name, source_create, source_update

Span = tuple[int, int] | None


@dataclass(frozen=True, slots=True)
class AttributionInput:
    """What the claim editor says about one attribution; ``kind`` empty means none."""

    kind: str = ""
    source: Source | None = None
    new_source_name: str = ""
    source_kind: str = ""  # the new source's kind, or the picked source's new kind
    source_version: int | None = None  # the picked source's version the editor showed
    source_span: Span = None
    cue_span: Span = None


def _resolve_source(article: Article, data: AttributionInput, user: Any) -> Source | None:
    """The picked source, or the one named in the picker (an existing source of that name
    is reused rather than duplicated). A kind chosen for a picked source changes it there,
    checked against the version the editor showed."""
    if data.source is not None:
        return _with_kind(data.source, data, user)
    if not data.new_source_name.strip():
        return None
    existing = Source.objects.filter(
        annotation_set_id=article.annotation_set_id,
        folded_name=fold_name(data.new_source_name),
        deleted_at__isnull=True,
        merged_into__isnull=True,
    ).first()
    return existing or source_create(
        annotation_set=article.annotation_set,
        name=data.new_source_name,
        user=user,
        kind=data.source_kind or SourceKind.PERSON,
    )


def _with_kind(source: Source, data: AttributionInput, user: Any) -> Source:
    if not data.source_kind or data.source_kind == source.kind:
        return source
    try:
        return source_update(
            source=source, user=user, version=data.source_version, kind=data.source_kind
        )
    except ConflictError as conflict:
        # A field error, not the claim's conflict panel: only the source changed meanwhile.
        kind = SourceKind(conflict.current.get("kind", source.kind)).label
        raise ValidationError(
            {
                "source_kind": f"Someone changed {source.name} meanwhile (now: {kind}); "
                "choose its kind again."
            }
        ) from conflict


def claim_save(
    *,
    article: Article,
    user: Any,
    claim: Claim | None,
    version: int | None,
    start: int | None,
    end: int | None,
    note: str,
    status: str | None,
    attribution: Attribution | None,
    attribution_version: int | None,
    data: AttributionInput,
) -> Claim:
    """Create or edit a claim and one of its attributions at once.

    Both writes check their own version (optimistic concurrency): if either was saved by
    someone else meanwhile, ``ConflictError`` propagates and nothing is written.
    """
    if attribution is not None and (claim is None or attribution.claim_id != claim.pk):
        raise ValidationError({"attribution": "That attribution belongs to another claim."})
    with transaction.atomic():
        if claim is None:
            if start is None or end is None:
                raise ValidationError({"start": "Select the text of the claim."})
            claim = claim_create(article=article, start=start, end=end, user=user, note=note)
        else:
            claim = claim_update(claim=claim, user=user, version=version, note=note, status=status)
        source = _resolve_source(article, data, user)
        if attribution is not None:
            attribution_update(
                attribution=attribution,
                user=user,
                version=attribution_version,
                kind=data.kind or None,
                source=source,
                source_span=data.source_span,
                cue_span=data.cue_span,
            )
        elif data.kind:
            attribution_create(
                article=article,
                claim=claim,
                kind=data.kind,
                user=user,
                source=source,
                source_span=data.source_span,
                cue_span=data.cue_span,
            )
    return claim


def claims_accept_all(*, claims: Sequence[Claim], user: Any) -> int:
    """Accept every suggestion given (e.g. all of one sentence's); all or nothing."""
    with transaction.atomic():
        for claim in claims:
            claim_accept_suggestion(claim=claim, user=user, version=claim.version)
    return len(claims)


def claim_link_to_sentence(
    *, from_claim: Claim, sentence: Sentence, relation: str, user: Any
) -> ClaimLink:
    """Link to a sentence of another article: it becomes a claim there (or reuses the
    live claim that already covers exactly that sentence), then the link is made."""
    with transaction.atomic():
        target = Claim.objects.filter(
            article_id=sentence.article_id,
            start=sentence.start,
            end=sentence.end,
            deleted_at__isnull=True,
        ).first() or claim_create(
            article=sentence.article, start=sentence.start, end=sentence.end, user=user
        )
        return claim_link_create(
            from_claim=from_claim, to_claim=target, relation=relation, user=user
        )


def article_mark_done(*, article: Article, user: Any, done: bool = True) -> bool:
    """Record (or withdraw) that ``user`` has finished annotating ``article``."""
    if done:
        ArticleCompletion.objects.get_or_create(article=article, user=user)
    else:
        ArticleCompletion.objects.filter(article=article, user=user).delete()
    return done
