"""Reads for inter-annotator agreement: each annotator's work in the articles several of them
marked, shaped for :mod:`claims.nlp.agreement` (which does the arithmetic).

Counted: live claims and attributions people made (an account, or an annotator an import
named), not the curated layer and not machine suggestions nobody accepted. Five queries
whatever the size of the set.
"""

from typing import Any

from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf, Substr

from claims.models import AnnotationSet, Article, Attribution, Claim, ClaimStatus, Origin
from claims.nlp.agreement import Item, Span, Work, agreement
from claims.nlp.normalize import fold
from claims.selectors.agreement_parts import stored_report, titled
from claims.selectors.bulk_reads import in_ids
from claims.selectors.freshness import cached_for_set


def annotator_name() -> Coalesce:
    """Who marked a claim or attribution: the annotator named by an import (imports keep
    names as provenance, not accounts), else the account that made it."""
    return Coalesce(NullIf(F("imported_annotator"), Value("")), F("created_by__username"))


# Made by a person: an account, or an annotator named by an import (machine suggestions
# have neither).
BY_PERSON = Q(created_by__isnull=False) | ~Q(imported_annotator="")


def _in_articles(annotation_set: AnnotationSet, article_ids: list[int] | None) -> list[Any]:
    """The set's live articles, or the given articles whether live or not (their stored
    agreement parts outlive a deletion, for a restore; the report sums live articles only)."""
    if article_ids is None:
        return [Q(article__annotation_set=annotation_set, article__deleted_at__isnull=True)]
    return [Q(article__annotation_set=annotation_set), in_ids("article_id", article_ids)]


def _people_claims(
    annotation_set: AnnotationSet, article_ids: list[int] | None = None
) -> QuerySet[Any]:
    return (
        Claim.objects.filter(*_in_articles(annotation_set, article_ids), deleted_at__isnull=True)
        .filter(BY_PERSON)
        .exclude(Q(origin=Origin.CURATED) | Q(status=ClaimStatus.SUGGESTED))
        .annotate(who=annotator_name())
    )


def _people_attributions(
    annotation_set: AnnotationSet, article_ids: list[int] | None = None
) -> QuerySet[Any]:
    return (
        Attribution.objects.filter(
            BY_PERSON, *_in_articles(annotation_set, article_ids), deleted_at__isnull=True
        )
        .annotate(who=annotator_name())
        .exclude(
            Q(origin=Origin.CURATED)
            | Q(claim__status=ClaimStatus.SUGGESTED)
            | Q(claim__deleted_at__isnull=False)
        )
    )


def shared_article_ids(*, annotation_set: AnnotationSet) -> dict[int, set[str]]:
    """Articles two or more people marked: ``{article id: {annotator names}}``."""
    # Distinct (article, person) pairs: one row per article and annotator, not per claim.
    pairs = [
        *_people_claims(annotation_set).order_by().values_list("article_id", "who").distinct(),
        *_people_attributions(annotation_set)
        .order_by()
        .values_list("article_id", "who")
        .distinct(),
    ]
    people: dict[int, set[str]] = {}
    for article_id, name in pairs:
        people.setdefault(article_id, set()).add(name)
    return {a: users for a, users in people.items() if len(users) > 1}


def _span(start: int | None, end: int | None, parts: list[list[int]]) -> Span:
    if parts:
        return tuple((s, e) for s, e in parts)
    if start is None or end is None:
        return ()
    return ((start, end),)


def agreement_works(
    *, annotation_set: AnnotationSet, article_ids: list[int] | None = None
) -> dict[int, dict[str, Work]]:
    """``{article id: {annotator name: Work}}``: every live article of the set people marked,
    or (``article_ids``) what people marked in those articles, live or not. In article order."""
    works: dict[int, dict[str, Work]] = {}

    def work(article_id: int, name: str) -> Work:
        return works.setdefault(article_id, {}).setdefault(name, Work())

    claims = _people_claims(annotation_set, article_ids)
    for article_id, name, start, end, parts in claims.values_list(
        "article_id", "who", "start", "end", "parts"
    ).order_by("article_id", "id"):
        work(article_id, name).claims.append(_span(start, end, parts))
    attributions = (
        _people_attributions(annotation_set, article_ids)
        .annotate(
            source_text=Substr(
                "article__text", F("source_start") + 1, F("source_end") - F("source_start")
            )
        )
        .values_list(
            "article_id",
            "who",
            "kind",
            "source_id",
            "source_text",
            "source_start",
            "source_end",
            "source_parts",
            "cue_start",
            "cue_end",
            "cue_parts",
            "claim__start",
            "claim__end",
            "claim__parts",
        )
        .order_by("article_id", "id")
    )
    for row in attributions:
        article_id, name, kind, source_id, source_text = row[:5]
        source = _span(*row[5:8])
        key: Any = None
        if source_id is not None:
            key = ("source", source_id)
        elif source_text:
            key = ("text", fold(source_text).text.casefold().strip())
        work(article_id, name).attributions.append(
            Item(
                content=_span(row[11], row[12], row[13] or []),
                source=source,
                cue=_span(*row[8:11]),
                kind=kind,
                source_key=key,
            )
        )
    return {article_id: works[article_id] for article_id in sorted(works)}


def agreement_report(*, annotation_set: AnnotationSet) -> dict[str, Any]:
    """The JSON form of the set's agreement (command, API, dashboard): article ids in the
    drill-down get their titles. Summed from the articles' stored parts, which a write
    makes compute again for the articles it touched only; the sum itself is cached until
    something in the set changes."""

    def works(article_ids: list[int]) -> dict[int, dict[str, Work]]:
        return agreement_works(annotation_set=annotation_set, article_ids=article_ids)

    return cached_for_set(annotation_set, "agreement", lambda: stored_report(annotation_set, works))


def report_from_scratch(*, annotation_set: AnnotationSet) -> dict[str, Any]:
    """The same report computed over every claim and attribution of the set, nothing stored
    used (what the stored parts must always add up to)."""
    works = agreement_works(annotation_set=annotation_set)
    report = agreement(works).as_dict()
    titles = dict(Article.objects.filter(in_ids("id", list(works))).values_list("id", "title"))
    return titled(report, annotation_set, titles)
