"""Reads for curation: the articles several annotators marked, one article's versions side by
side grouped into units (matched attributions), and which layer an export gives."""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet

from claims.models import (
    AnnotationSet,
    Article,
    Attribution,
    Claim,
    ClaimStatus,
    Curation,
    Origin,
    Source,
)
from claims.nlp.agreement import Item, Span, unit_groups
from claims.nlp.normalize import fold
from claims.selectors.agreement import BY_PERSON, shared_article_ids

# The curated layer's column among the annotators' (no username can contain a NUL).
CURATED = "\x00curated"
FIELDS = ("content", "cue", "source", "kind")


def export_layer(*, annotation_set: AnnotationSet, layer: str) -> tuple[str, list[str]]:
    """``layer`` as given to an export (``curated``, ``all``, ``annotator:NAME`` or empty)
    as ``(layer, annotators)`` for ``ExportFilters``. Empty means the curated layer once the
    set has one (an article someone curates), everything before that."""
    if not layer:
        curated = Curation.objects.filter(article__annotation_set=annotation_set).exists()
        return ("curated" if curated else "all"), []
    if layer in ("curated", "all"):
        return layer, []
    name = layer.removeprefix("annotator:")
    if layer.startswith("annotator:") and name:
        return "annotator", [name]
    raise ValidationError(
        {"layer": f"Unknown layer {layer!r}; use curated, all or annotator:NAME."}
    )


def curation_articles(*, annotation_set: AnnotationSet) -> list[dict[str, Any]]:
    """Articles two or more people marked, with their annotators and curation state."""
    shared = shared_article_ids(annotation_set=annotation_set)
    rows = (
        Article.objects.filter(pk__in=list(shared))
        .annotate(
            curated_count=Count(
                "attributions",
                filter=Q(
                    attributions__origin=Origin.CURATED, attributions__deleted_at__isnull=True
                ),
            )
        )
        .select_related("curation", "curation__curator")
        .order_by("id")
        .values("id", "title", "curated_count", "curation__status", "curation__curator__username")
    )
    return [{**row, "annotators": len(shared[row["id"]])} for row in rows]


@dataclass
class Version:
    """One annotator's (or the curated layer's) attribution or bare claim in a unit."""

    who: str
    kind: str | None
    content: str
    source: str
    cue: str
    source_name: str
    source_id: int | None
    attribution_id: int | None
    attribution_version: int | None
    claim_id: int | None
    claim_version: int | None
    spans: dict[str, Span]

    @property
    def ref(self) -> str:
        """``a<id>:<version>`` or ``c<id>:<version>``, what a form posts back."""
        if self.attribution_id is not None:
            return f"a{self.attribution_id}:{self.attribution_version}"
        return f"c{self.claim_id}:{self.claim_version}"


@dataclass
class Unit:
    number: int
    versions: list[list[Version]]  # per annotator column, in column order
    curated: list[Version]
    differs: set[str] = field(default_factory=set)

    @property
    def cells(self) -> list[tuple[int, list[Version]]]:
        """``(key number, versions)`` per annotator column, for the template."""
        return [(i + 1, v) for i, v in enumerate(self.versions)]

    @property
    def replace(self) -> str:
        return ",".join(v.ref for v in self.curated)


@dataclass
class Board:
    article: Article
    annotators: list[str]
    units: list[Unit]
    curation: Curation | None


def _span(start: int | None, end: int | None, parts: list[list[int]] | None) -> Span:
    if parts:
        return tuple((s, e) for s, e in parts)
    return () if start is None or end is None else ((start, end),)


def _text(text: str, span: Span) -> str:
    return " … ".join(text[s:e] for s, e in span)


def _live(qs: QuerySet[Any]) -> QuerySet[Any]:
    """Live, and a person's (an account or an imported annotator's) or the curated layer's."""
    return qs.filter(deleted_at__isnull=True).filter(BY_PERSON | Q(origin=Origin.CURATED))


def curation_board(*, article: Article) -> Board:
    """The article's versions side by side: three queries (attributions, bare claims, the
    curation row)."""
    text = article.text
    attributions = (
        _live(Attribution.objects.filter(article=article))
        .exclude(Q(claim__status=ClaimStatus.SUGGESTED) | Q(claim__deleted_at__isnull=False))
        .select_related("claim", "source", "created_by")
        .order_by("id")
    )
    bare_claims = (
        _live(Claim.objects.filter(article=article, attributions__isnull=True))
        .exclude(status=ClaimStatus.SUGGESTED)
        .select_related("created_by")
        .order_by("id")
    )
    works: dict[str, list[Item]] = {}

    def who(obj: Attribution | Claim) -> str:
        if obj.origin == Origin.CURATED:
            return CURATED
        if obj.imported_annotator:
            return obj.imported_annotator
        return obj.created_by.get_username() if obj.created_by else ""

    for a in attributions:
        claim = a.claim
        spans = {
            "content": _span(claim.start, claim.end, claim.parts) if claim else (),
            "source": _span(a.source_start, a.source_end, a.source_parts),
            "cue": _span(a.cue_start, a.cue_end, a.cue_parts),
        }
        version = Version(
            who=who(a),
            kind=a.kind,
            content=_text(text, spans["content"]),
            source=_text(text, spans["source"]),
            cue=_text(text, spans["cue"]),
            source_name=a.source.name if a.source else "",
            source_id=a.source_id,
            attribution_id=a.pk,
            attribution_version=a.version,
            claim_id=claim.pk if claim else None,
            claim_version=claim.version if claim else None,
            spans=spans,
        )
        key = ("source", a.source_id) if a.source_id else fold(version.source).text.casefold()
        works.setdefault(version.who, []).append(
            Item(**spans, kind=a.kind, source_key=key or None, ref=version)
        )
    for c in bare_claims:
        spans = {"content": _span(c.start, c.end, c.parts), "source": (), "cue": ()}
        version = Version(
            who=who(c),
            kind=None,
            content=_text(text, spans["content"]),
            source="",
            cue="",
            source_name="",
            source_id=None,
            attribution_id=None,
            attribution_version=None,
            claim_id=c.pk,
            claim_version=c.version,
            spans=spans,
        )
        works.setdefault(version.who, []).append(Item(content=spans["content"], ref=version))
    annotators = sorted(name for name in works if name != CURATED)
    units: list[Unit] = []
    for number, group in enumerate(unit_groups(works), start=1):
        columns = [[item.ref for item in group.get(name, [])] for name in annotators]
        unit = Unit(number, columns, [item.ref for item in group.get(CURATED, [])])
        items = [item for name in annotators for item in group.get(name, [])]
        if any(not column for column in columns):
            unit.differs.update(FIELDS)
        for name in ("content", "cue", "source"):
            if len({getattr(item, name) for item in items}) > 1:
                unit.differs.add(name)
        if len({item.kind for item in items}) > 1:
            unit.differs.add("kind")
        if len({item.source_key for item in items}) > 1:
            unit.differs.add("source")
        units.append(unit)
    curation = Curation.objects.filter(article=article).select_related("curator").first()
    return Board(article, annotators, units, curation)


def curation_refs(*, article: Article, raw: str, field: str) -> list[tuple[Any, int | None]]:
    """Parse ``a<id>:<version>,c<id>:<version>`` into the article's attributions and claims
    with the versions the page showed; anything else is a ``ValidationError`` on ``field``."""
    wanted: list[tuple[str, int, int | None]] = []
    for token in (t.strip() for t in raw.split(",")):
        if not token:
            continue
        letter, rest = token[0], token[1:]
        pk, _sep, version = rest.partition(":")
        if letter not in "ac" or not pk.isdigit() or (version and not version.isdigit()):
            raise ValidationError({field: f"{token!r} is not a reference like a12:3."})
        wanted.append((letter, int(pk), int(version) if version else None))
    found: dict[tuple[str, int], Any] = {}
    attribution_ids = [pk for letter, pk, _ in wanted if letter == "a"]
    claim_ids = [pk for letter, pk, _ in wanted if letter == "c"]
    if attribution_ids:
        for a in Attribution.objects.filter(article=article, pk__in=attribution_ids).select_related(
            "claim", "source", "created_by"
        ):
            found["a", a.pk] = a
    if claim_ids:
        for c in Claim.objects.filter(article=article, pk__in=claim_ids).select_related(
            "created_by"
        ):
            found["c", c.pk] = c
    result: list[tuple[Any, int | None]] = []
    for kind, ref_id, ref_version in wanted:
        if (kind, ref_id) not in found:
            raise ValidationError({field: f"No {kind}{ref_id} in this article."})
        result.append((found[kind, ref_id], ref_version))
    return result


# Characters of article text shown around a unit in the editor, to select spans from.
EDIT_MARGIN = 200


@dataclass
class Editor:
    """The curation editor open on one unit's curated version: the form's values, the
    sources to pick from, and the text around the unit (``text`` starts at ``offset``)."""

    unit: int
    target: Version
    values: dict[str, Any]
    sources: list[tuple[int, str]]
    offset: int
    text: str
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def end(self) -> int:
        return self.offset + len(self.text)

    @property
    def spans(self) -> list[dict[str, Any]]:
        """One row per editable span: a claim's content, an attribution's cue and source."""
        names = ["content"] if self.target.claim_id is not None else []
        if self.target.attribution_id is not None:
            names += ["cue", "source"]
        return [
            {
                "name": name,
                "start": self.values[f"{name}_start"],
                "end": self.values[f"{name}_end"],
                "errors": self.errors.get(name, []),
            }
            for name in names
        ]


def _first_last(span: Span) -> tuple[Any, Any]:
    return (span[0][0], span[-1][1]) if span else ("", "")


def curation_editor(
    *,
    board: Board,
    unit_number: int,
    posted: Any = None,
    errors: dict[str, list[str]] | None = None,
) -> Editor | None:
    """The editor for ``unit_number`` (``None`` when it has no curated version). ``posted``
    (a failed save's form data) takes the place of the stored values, so nothing typed is
    lost."""
    unit = next((u for u in board.units if u.number == unit_number), None)
    if unit is None or not unit.curated:
        return None
    target = unit.curated[0]
    values: dict[str, Any] = {"kind": target.kind or "", "source_id": target.source_id or ""}
    for name in ("content", "cue", "source"):
        values[f"{name}_start"], values[f"{name}_end"] = _first_last(target.spans[name])
    if posted is not None:
        values.update({k: posted.get(k, "") for k in values})
    everyone = [target, *(v for column in unit.versions for v in column)]
    sources = sorted({(v.source_id, v.source_name) for v in everyone if v.source_id})
    edges = [e for v in everyone for span in v.spans.values() for piece in span for e in piece]
    text = board.article.text
    lo = max(0, min(edges, default=0) - EDIT_MARGIN)
    hi = min(len(text), max(edges, default=0) + EDIT_MARGIN)
    return Editor(unit_number, target, values, sources, lo, text[lo:hi], errors or {})


def curation_source(*, article: Article, raw: str) -> Source | None:
    """The live source of the article's set that the editor picked (``""``: none)."""
    if not raw:
        return None
    found = (
        Source.objects.live()
        .filter(annotation_set_id=article.annotation_set_id, pk=int(raw) if raw.isdigit() else 0)
        .first()
    )
    if found is None:
        raise ValidationError({"source": "No such source in this set."})
    return found
