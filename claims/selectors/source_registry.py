"""Reads for the source registry: sources of a set with counts, what one source has said,
and alias suggestions (transliteration variants, title + surname, surname-only mentions)."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from claims.models import AnnotationSet, Article, Attribution, ChangeAction, ChangeRecord, Source
from claims.nlp.aliases import TITLES, alias_pairs, name_key, surname_mentions
from claims.nlp.normalize import fold

# Articles read for name mentions when suggesting aliases (newest first).
MENTION_ARTICLES = 300
_NAME_RUN = re.compile(r"\b[A-Z][a-z’'-]+(?:[ \t\xa0]+[A-Z][a-z’'-]+){1,5}\b")


def _name_windows(run: str) -> list[str]:
    """Two- and three-word stretches of a run of capitalised words ("Russian Ambassador
    Sergey Kislyak" -> ..., "Ambassador Sergey Kislyak", "Sergey Kislyak")."""
    words = run.split()
    return [" ".join(words[i : i + n]) for n in (3, 2) for i in range(len(words) - n + 1)]


def registry_sources(*, annotation_set: AnnotationSet) -> QuerySet[Source]:
    """Live sources of a set with their aliases, claim and article counts, in two queries."""
    live = Q(attributions__deleted_at__isnull=True, attributions__claim__deleted_at__isnull=True)
    return (
        Source.objects.live()
        .filter(annotation_set=annotation_set)
        .annotate(
            claim_count=Count("attributions__claim", filter=live, distinct=True),
            article_count=Count("attributions__article", filter=live, distinct=True),
        )
        .prefetch_related("aliases")
        .order_by("name")
    )


def source_for_viewer(*, source_id: int, sets: QuerySet[AnnotationSet]) -> Source:
    return get_object_or_404(
        Source.objects.select_related("annotation_set", "merged_into").prefetch_related("aliases"),
        pk=source_id,
        annotation_set__in=sets,
        deleted_at__isnull=True,
    )


def source_statements(*, source: Source, limit: int = 200) -> list[Attribution]:
    """What this source (and the sources merged into it) has said, across articles."""
    merged = list(source.merged_sources.values_list("pk", flat=True))
    return list(
        Attribution.objects.live()
        .filter(source_id__in=[source.pk, *merged])
        .select_related("claim", "article")
        .order_by("article__published_at", "article_id", "claim__start", "id")[:limit]
    )


def last_merge(*, source: Source) -> ChangeRecord | None:
    """The change record of the merge that folded ``source`` away, for its undo button."""
    return (
        ChangeRecord.objects.filter(entity="source", object_id=source.pk, action=ChangeAction.MERGE)
        .order_by("-id")
        .first()
    )


@dataclass(frozen=True, slots=True)
class AliasSuggestionView:
    """Either "merge ``other`` into ``source``" or "add ``name`` as an alias of ``source``"."""

    source: Source
    reason: str
    other: Source | None = None
    name: str = ""
    article: int | None = None

    @property
    def key(self) -> str:
        return f"{self.source.pk}-{self.other.pk if self.other else self.name}"


def alias_suggestions(
    *, annotation_set: AnnotationSet, limit: int = 50
) -> list[AliasSuggestionView]:
    """Sources that look like one person (merge them), and spellings in the set's articles
    that look like a source (add them as aliases). A person confirms each."""
    sources = list(
        Source.objects.live()
        .filter(annotation_set=annotation_set)
        .prefetch_related("aliases")
        .order_by("pk")
    )
    by_pk = {s.pk: s for s in sources}
    names: list[tuple[int, str]] = []
    owner: list[int] = []
    known: dict[int, set[str]] = {}
    for s in sources:
        folded = {s.folded_name, *(a.folded_name for a in s.aliases.all())}
        known[s.pk] = folded
        for name in sorted(folded):
            owner.append(s.pk)
            names.append((len(names), name))
    out: list[AliasSuggestionView] = []
    seen: set[tuple[int, int]] = set()
    for pair in alias_pairs(names):
        a, b = owner[pair.a], owner[pair.b]
        if a == b or (min(a, b), max(a, b)) in seen:
            continue
        seen.add((min(a, b), max(a, b)))
        out.append(AliasSuggestionView(by_pk[min(a, b)], pair.reason, other=by_pk[max(a, b)]))
    out.extend(_mention_suggestions(annotation_set, sources, known))
    return out[:limit]


def _mention_suggestions(
    annotation_set: AnnotationSet, sources: list[Source], known: dict[int, set[str]]
) -> list[AliasSuggestionView]:
    """Spellings in article text: another transliteration of a source's full name, a title
    and its surname ("Ambassador Kislyak"), or the surname alone after the full name."""
    if not sources:
        return []
    keys: dict[str, Source] = {}
    surnames: dict[str, list[Source]] = {}
    for s in sources:
        for name in known[s.pk]:
            key = name_key(name)
            if key:
                keys.setdefault(key, s)
            if len(key.split()) > 1:
                surnames.setdefault(key.split()[-1], []).append(s)
    articles = (
        Article.objects.filter(annotation_set=annotation_set, deleted_at__isnull=True)
        .order_by("-id")
        .values_list("pk", "text")[:MENTION_ARTICLES]
    )
    found: dict[tuple[int, str], AliasSuggestionView] = {}
    for article_id, text in articles:
        spelled_full: dict[int, str] = {}  # source -> how this article spells its full name
        for spelled in (w for m in _NAME_RUN.finditer(text) for w in _name_windows(m.group())):
            folded = " ".join(fold(spelled).text.split())
            source = keys.get(name_key(folded))
            if source is None:
                continue
            if folded.split()[0] not in TITLES:
                spelled_full.setdefault(source.pk, spelled)
            if folded in known[source.pk]:
                continue
            reason = (
                "title and surname" if folded.split()[0] in TITLES else "transliteration variant"
            )
            found.setdefault(
                (source.pk, folded),
                AliasSuggestionView(source, reason, name=spelled, article=article_id),
            )
        for source_pk, spelled in spelled_full.items():
            source = next(s for s in sources if s.pk == source_pk)
            surname = spelled.split()[-1]
            owners = {s.pk for s in surnames.get(name_key(surname.lower()), [])}
            folded_surname = " ".join(fold(surname).text.split())
            if owners != {source_pk} or folded_surname in known[source_pk]:
                continue
            first = " ".join(spelled.split()[:-1])
            alone = [
                (a, b)
                for a, b in surname_mentions(text, [spelled]).get(spelled, [])
                if not text[:a].rstrip().endswith(first)
            ]
            if alone:
                found.setdefault(
                    (source_pk, folded_surname),
                    AliasSuggestionView(
                        source,
                        "surname only, after the full name",
                        name=surname,
                        article=article_id,
                    ),
                )
    return list(found.values())


def merge_preview(*, source: Source, into: Source) -> dict[str, Any]:
    """What merging ``source`` into ``into`` would do."""
    moving = Attribution.objects.live().filter(source=source)
    return {
        "attributions": moving.count(),
        "claims": moving.values("claim").distinct().count(),
        "aliases": sorted(
            {source.name, *(a.name for a in source.aliases.all())}
            - {into.name, *(a.name for a in into.aliases.all())}
        ),
    }


@dataclass(frozen=True, slots=True)
class SplitOrigin:
    """The split that created a source: its change group (to undo it) and where from."""

    record: ChangeRecord
    group: uuid.UUID
    from_source: Source | None


def split_origin(*, source: Source) -> SplitOrigin | None:
    """If ``source`` was made by splitting another, the split (for its undo button): its
    creation shares a change group with attributions or aliases taken from that source."""
    created = (
        ChangeRecord.objects.filter(
            entity="source", object_id=source.pk, action=ChangeAction.CREATE
        )
        .exclude(group=None)
        .first()
    )
    if created is None or created.group is None:
        return None
    moved = (
        ChangeRecord.objects.filter(group=created.group)
        .filter(
            Q(entity="attribution", action=ChangeAction.UPDATE)
            | Q(entity="sourcealias", action=ChangeAction.DELETE)
        )
        .order_by("id")
        .first()
    )
    if moved is None or not moved.before:
        return None
    origin = Source.objects.filter(pk=moved.before.get("source_id")).first()
    return SplitOrigin(created, created.group, origin)


def split_preview(
    *, source: Source, alias_ids: list[int], attribution_ids: list[int]
) -> dict[str, Any]:
    """What splitting the chosen aliases and attributions off ``source`` would move, and
    what stays."""
    aliases = list(source.aliases.filter(pk__in=alias_ids))
    moving = list(
        Attribution.objects.live()
        .filter(source=source, pk__in=attribution_ids)
        .select_related("claim", "article")
        .order_by("article_id", "claim__start", "id")
    )
    staying = Attribution.objects.live().filter(source=source).count() - len(moving)
    return {
        "aliases": aliases,
        "attributions": moving,
        "articles": len({a.article_id for a in moving}),
        "staying_attributions": staying,
        "staying_aliases": [a for a in source.aliases.all() if a.pk not in set(alias_ids)],
    }
