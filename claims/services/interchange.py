"""Import annotations from brat standoff or our own JSONL into a set.

Two phases: every file is read and every span checked against its article text first; only
when nothing is wrong is anything written, all in one transaction, with ``bulk_create`` (a
PolNeAR split holds thousands of events, far too many for one service call each) and one
history row per created claim and attribution. So a failed import leaves nothing behind, and
its error names the file and line.

Annotators are kept: each ``NAME_ANNOTATOR.ann`` (or a bundle's ``created_by``) becomes the
``created_by`` of its work, creating an inactive user with that name when there is none.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from claims.interop.articles import ArticleRecord
from claims.interop.brat import BratDocument, BratError, parse_ann
from claims.interop.jsonl import JsonlError, read_json, read_jsonl
from claims.models import (
    AnnotationSet,
    Article,
    ArticleFlag,
    Attribution,
    AttributionKind,
    ChangeAction,
    ChangeRecord,
    Claim,
    ClaimLink,
    ClaimStatus,
    LinkRelation,
    Origin,
    Sentence,
    Source,
    SourceAlias,
    SourceKind,
    StandoffMark,
)
from claims.nlp.normalize import fold
from claims.services.history import ENTITY_NAMES, snapshot
from claims.services.ingest import article_store
from claims.services.sources import fold_name
from claims.services.spans import quote_with_context, validate_span

__all__ = [
    "IMPORT_FORMATS",
    "InterchangeError",
    "annotations_import",
    "annotations_import_paths",
    "expand_files",
]

IMPORT_FORMATS = ("brat", "jsonl")
QUOTE_MARKS = ("“", '"', "‘", "«", "„")
Part = tuple[int, int]


class InterchangeError(ValueError):
    """The import was refused; ``errors`` are ``{"file", "line", "message"}`` entries."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        self.errors = errors
        first = errors[0] if errors else {"file": "", "line": None, "message": "nothing to import"}
        where = _where(first)
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"{where}: {first['message']}{more}")


def _error(file: str, line: int | None, message: str) -> dict[str, Any]:
    return {"file": file, "line": line, "message": message}


def _where(error: dict[str, Any]) -> str:
    return str(error["file"]) + (f":{error['line']}" if error.get("line") else "")


def _max_unzipped() -> int:
    return int(getattr(settings, "CLAIMS_MAX_IMPORT_UNZIPPED_BYTES", 512 * 1024 * 1024))


def expand_files(files: Iterable[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """Zip archives replaced by their members (directories and macOS metadata skipped)."""
    expanded: list[tuple[str, bytes]] = []
    budget = _max_unzipped()
    for name, data in files:
        if not (name.lower().endswith(".zip") or data[:4] == b"PK\x03\x04"):
            expanded.append((name, data))
            continue
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile as exc:
            raise InterchangeError([_error(name, None, f"not a readable zip file: {exc}")]) from exc
        with archive:
            for info in archive.infolist():
                if info.is_dir() or "__MACOSX" in info.filename:
                    continue
                budget -= info.file_size
                if budget < 0:
                    raise InterchangeError([_error(name, None, "the archive expands too large")])
                expanded.append((f"{name}/{info.filename}", archive.read(info)))
    return expanded


# --- users and articles -----------------------------------------------------------------


def _users(names: set[str]) -> dict[str, Any]:
    """Existing users by name; the missing ones are created inactive, with no password."""
    user_model = get_user_model()
    found = {u.get_username(): u for u in user_model._default_manager.filter(username__in=names)}
    missing = []
    for name in sorted(names - set(found)):
        user = user_model(username=name, is_active=False)
        user.set_unusable_password()
        missing.append(user)
    for user in user_model._default_manager.bulk_create(missing):
        found[user.get_username()] = user
    return found


def _article(
    annotation_set: AnnotationSet, record: ArticleRecord, source_name: str, user: Any
) -> tuple[Article, bool]:
    """Store the article, or find the set's article with the same text (another annotator's
    file, a repeated import). Offsets need the *exact* text, so a near-identical one fails."""
    article, analysis = article_store(
        annotation_set=annotation_set, record=record, source_name=source_name, user=user
    )
    if article is not None:
        return article, True
    existing = Article.objects.get(
        annotation_set=annotation_set, folded_sha256=analysis.content_sha256
    )
    if existing.text != record.text:
        raise InterchangeError(
            [
                _error(
                    source_name,
                    None,
                    f"article {existing.pk} has nearly the same text but not exactly; "
                    "offsets would not line up",
                )
            ]
        )
    return existing, False


@dataclass
class _Created:
    claims: list[Claim] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    marks: list[StandoffMark] = field(default_factory=list)
    links: list[ClaimLink] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)


def _history(annotation_set: AnnotationSet, objects: Sequence[Any], user: Any) -> None:
    ChangeRecord.objects.bulk_create(
        (
            ChangeRecord(
                annotation_set=annotation_set,
                entity=ENTITY_NAMES[type(obj).__name__],
                object_id=obj.pk,
                action=ChangeAction.CREATE,
                version=getattr(obj, "version", None),
                user=user if getattr(user, "is_authenticated", False) else None,
                before=None,
                after=snapshot(obj),
            )
            for obj in objects
        ),
        batch_size=500,
    )


def _claim_fields(text: str, parts: Sequence[Part]) -> dict[str, Any]:
    ordered = sorted(parts)
    start, end = ordered[0][0], ordered[-1][1]
    quote, prefix, suffix = quote_with_context(text, start, end)
    return {
        "start": start,
        "end": end,
        "parts": [list(p) for p in ordered] if len(ordered) > 1 else [],
        "quote": quote,
        "folded_quote": fold(quote).text,
        "prefix": prefix,
        "suffix": suffix,
    }


def _span_columns(role: str, parts: Sequence[Part]) -> dict[str, Any]:
    if not parts:
        return {f"{role}_start": None, f"{role}_end": None, f"{role}_parts": []}
    ordered = sorted(parts)
    return {
        f"{role}_start": ordered[0][0],
        f"{role}_end": ordered[-1][1],
        f"{role}_parts": [list(p) for p in ordered] if len(ordered) > 1 else [],
    }


# --- brat -----------------------------------------------------------------------------------


@dataclass
class _BratFile:
    name: str
    stem: str
    annotator: str | None
    doc: BratDocument


def _check_parts(parts: Sequence[Part], text: str, file: str, line: int) -> None:
    for start, end in parts:
        try:
            validate_span(text, start, end, field="span")
        except ValidationError as exc:
            raise BratError(file, line, "; ".join(exc.messages)) from exc


def _brat_read(
    annotation_set: AnnotationSet, files: list[tuple[str, bytes]]
) -> tuple[dict[str, tuple[str, str]], list[_BratFile], list[str]]:
    """Texts by stem (name, text), parsed ``.ann`` files, warnings. Raises with every error."""
    errors: list[dict[str, Any]] = []
    texts: dict[str, tuple[str, str]] = {}
    anns: list[tuple[str, bytes]] = []
    for name, data in files:
        base = PurePosixPath(name).name
        if base.endswith(".txt"):
            try:
                texts[base.removesuffix(".txt")] = (name, data.decode("utf-8"))
            except UnicodeDecodeError as exc:
                errors.append(_error(name, None, f"not UTF-8 text: {exc}"))
        elif base.endswith(".ann"):
            anns.append((name, data))
        elif base.endswith(".conf"):
            continue  # brat's annotation.conf / visual.conf
        else:
            errors.append(_error(name, None, "expected .txt, .ann or .zip files"))
    known = Article.objects.filter(annotation_set=annotation_set, deleted_at__isnull=True)
    parsed: list[_BratFile] = []
    warnings: list[str] = []
    for name, data in anns:
        stem_ann = PurePosixPath(name).name.removesuffix(".ann")
        # The longest .txt stem that the .ann name starts with: NAME_ANNOTATOR.ann.
        candidates = [s for s in texts if stem_ann == s or stem_ann.startswith(s + "_")]
        if not candidates:
            # The text may be in the set already (imported before): NAME.txt for any NAME
            # that ends where the .ann name has an underscore.
            prefixes = [stem_ann[:i] for i, ch in enumerate(stem_ann) if ch == "_"] + [stem_ann]
            for article in known.filter(source_name__in=[f"{p}.txt" for p in prefixes]):
                stem = article.source_name.removesuffix(".txt")
                texts.setdefault(stem, (article.source_name, article.text))
                candidates.append(stem)
        if not candidates:
            errors.append(_error(name, None, "no matching .txt file for this .ann"))
            continue
        stem = max(candidates, key=len)
        annotator = stem_ann[len(stem) + 1 :] or None
        text = texts[stem][1]
        try:
            content = data.decode("utf-8")
            doc = parse_ann(content, text, file=name)
            for span in doc.spans.values():
                _check_parts(span.parts, text, name, span.line)
            for event in doc.events:
                if any(target.startswith("E") for _, target in event.arguments):
                    raise BratError(name, event.line, "events as event arguments are not supported")
        except UnicodeDecodeError as exc:
            errors.append(_error(name, None, f"not UTF-8 text: {exc}"))
            continue
        except BratError as exc:
            errors.append(_error(exc.file, exc.line, exc.message))
            continue
        warnings.extend(doc.warnings)
        parsed.append(_BratFile(name, stem, annotator, doc))
    if errors:
        raise InterchangeError(errors)
    if not parsed and not texts:
        raise InterchangeError([_error("", None, "no .txt or .ann files in the upload")])
    return texts, parsed, warnings


def _brat_kind(doc: BratDocument, event_id: str, source: bool, content: str) -> str:
    for attribute in doc.attributes:
        if (
            attribute.target == event_id
            and attribute.name == "Kind"
            and attribute.value in AttributionKind.values
        ):
            return attribute.value
    if not source:
        return AttributionKind.ANONYMOUS
    if content.lstrip().startswith(QUOTE_MARKS):
        return AttributionKind.QUOTED
    return AttributionKind.SOURCED


def _brat_file_objects(
    bf: _BratFile, article: Article, user: Any, created: _Created
) -> list[tuple[Claim | None, Attribution]]:
    doc, text = bf.doc, article.text
    pairs: list[tuple[Claim | None, Attribution]] = []
    referenced: set[str] = set()
    for event in doc.events:
        referenced.add(event.trigger)
        roles: dict[str, tuple[Part, ...]] = {}
        extra: list[list[Any]] = []
        for role, target in event.arguments:
            referenced.add(target)
            span = doc.spans[target]
            if role in ("Source", "Cue", "Content") and span.type == role and role not in roles:
                roles[role] = span.parts
            else:
                extra.append([role, span.type, [list(p) for p in span.parts]])
        trigger = doc.spans[event.trigger]
        brat: dict[str, Any] = {"trigger": trigger.type}
        cue = roles.get("Cue", ())
        if trigger.parts != cue:
            brat["trigger_parts"] = [list(p) for p in trigger.parts]
        order = {
            role: [list(p) for p in parts]
            for role, parts in roles.items()
            if list(parts) != sorted(parts)
        }
        if order:
            brat["order"] = order
        if extra:
            brat["extra"] = extra
        claim = None
        content = roles.get("Content", ())
        if content:
            claim = Claim(
                article=article,
                status=ClaimStatus.SUBMITTED,
                origin=Origin.IMPORTED,
                created_by=user,
                **_claim_fields(text, content),
            )
        source = roles.get("Source", ())
        attribution = Attribution(
            article=article,
            kind=_brat_kind(doc, event.id, bool(source), claim.quote if claim else ""),
            origin=Origin.IMPORTED,
            details={"brat": brat},
            created_by=user,
            **_span_columns("source", source),
            **_span_columns("cue", cue),
        )
        pairs.append((claim, attribution))
    for span_id, span in doc.spans.items():
        if span_id not in referenced:
            created.marks.append(
                StandoffMark(
                    article=article,
                    annotator=user,
                    label=span.type,
                    start=span.start,
                    end=span.end,
                    parts=[list(p) for p in span.parts] if len(span.parts) > 1 else [],
                )
            )
    return pairs


def _span_count(doc: BratDocument) -> int:
    return len({(s.type, s.parts) for s in doc.spans.values()})


def _brat_import(
    annotation_set: AnnotationSet, files: list[tuple[str, bytes]], user: Any
) -> dict[str, Any]:
    texts, parsed, warnings = _brat_read(annotation_set, files)
    users = _users({bf.annotator for bf in parsed if bf.annotator})
    created = _Created()
    stats: dict[str, dict[str, int]] = {}
    articles_new = articles_existing = 0
    with transaction.atomic():
        articles: dict[str, Article] = {}
        for stem, (_name, text) in sorted(texts.items()):
            record = ArticleRecord(title=stem, text=text, source_name=f"{stem}.txt")
            article, new = _article(annotation_set, record, f"{stem}.txt", user)
            articles[stem] = article
            articles_new += new
            articles_existing += not new
        pairs: list[tuple[Claim | None, Attribution]] = []
        for bf in parsed:
            annotator = users.get(bf.annotator) if bf.annotator else None
            file_pairs = _brat_file_objects(bf, articles[bf.stem], annotator, created)
            pairs.extend(file_pairs)
            entry = stats.setdefault(
                bf.annotator or "", {"files": 0, "attributions": 0, "spans": 0}
            )
            entry["files"] += 1
            entry["attributions"] += len(file_pairs)
            entry["spans"] += _span_count(bf.doc)
        created.claims = Claim.objects.bulk_create(
            [c for c, _ in pairs if c is not None], batch_size=500
        )
        for claim, attribution in pairs:
            attribution.claim = claim
        created.attributions = Attribution.objects.bulk_create(
            [a for _, a in pairs], batch_size=500
        )
        StandoffMark.objects.bulk_create(created.marks, batch_size=500)
        _history(annotation_set, [*created.claims, *created.attributions], user)
    return {
        "format": "brat",
        "articles_created": articles_new,
        "articles_existing": articles_existing,
        "claims": len(created.claims),
        "attributions": len(created.attributions),
        "marks": len(created.marks),
        "annotators": stats,
        "warnings": warnings,
    }


# --- jsonl ----------------------------------------------------------------------------------


def _pairs(value: Any, start: int, end: int) -> list[Part]:
    if value:
        return [(int(s), int(e)) for s, e in value]
    return [(start, end)]


def _check_bundle(bundle: dict[str, Any], file: str, line: int) -> None:
    """Offsets inside the text, in order, and any carried text equal to the slice."""
    text = bundle["article"]["text"]

    def span(where: str, start: Any, end: Any, parts: Any, expected: Any) -> None:
        pieces = _pairs(parts, start, end)
        for s, e in pieces:
            try:
                validate_span(text, s, e, field=where)
            except ValidationError as exc:
                raise JsonlError(file, line, f"{where}: {'; '.join(exc.messages)}") from exc
        if sorted(pieces) != pieces or any(b[0] < a[1] for a, b in pairwise(pieces)):
            raise JsonlError(file, line, f"{where}: parts must be in order and not overlap")
        if expected is not None and expected != " ".join(text[s:e] for s, e in pieces):
            raise JsonlError(
                file, line, f"{where}: text {expected[:40]!r} does not match the article"
            )

    claim_ids = {c["id"] for c in bundle["claims"]}
    source_ids = {s["id"] for s in bundle["sources"]}
    for n, c in enumerate(bundle["claims"]):
        span(f"claims[{n}]", c["start"], c["end"], c.get("parts"), c.get("text"))
        if c.get("status", ClaimStatus.DRAFT) not in ClaimStatus.values:
            raise JsonlError(file, line, f"claims[{n}].status: unknown {c.get('status')!r}")
    for n, a in enumerate(bundle["attributions"]):
        where = f"attributions[{n}]"
        if a.get("kind") not in AttributionKind.values:
            raise JsonlError(file, line, f"{where}.kind: unknown {a.get('kind')!r}")
        if a.get("claim") is not None and a["claim"] not in claim_ids:
            raise JsonlError(file, line, f"{where}.claim: {a['claim']} is not in this line")
        if a.get("source") is not None and a["source"] not in source_ids:
            raise JsonlError(file, line, f"{where}.source: {a['source']} is not in this line")
        for role in ("source", "cue"):
            if a.get(f"{role}_start") is not None or a.get(f"{role}_end") is not None:
                span(
                    f"{where}.{role}",
                    a.get(f"{role}_start"),
                    a.get(f"{role}_end"),
                    a.get(f"{role}_parts"),
                    a.get(f"{role}_text"),
                )
    for n, link in enumerate(bundle["links"]):
        if link["from_claim"] not in claim_ids:
            raise JsonlError(file, line, f"links[{n}].from_claim is not a claim of this line")
        if link.get("relation") not in LinkRelation.values:
            raise JsonlError(file, line, f"links[{n}].relation: unknown {link.get('relation')!r}")
    for n, mark in enumerate(bundle["marks"]):
        for s, e in _pairs(mark.get("parts"), mark["start"], mark["end"]):
            try:
                validate_span(text, s, e, field=f"marks[{n}]")
            except ValidationError as exc:
                raise JsonlError(file, line, f"marks[{n}]: {'; '.join(exc.messages)}") from exc


def _jsonl_read(files: list[tuple[str, bytes]]) -> list[tuple[str, int, dict[str, Any]]]:
    errors: list[dict[str, Any]] = []
    bundles: list[tuple[str, int, dict[str, Any]]] = []
    for name, data in files:
        reader = read_json if name.lower().endswith(".json") else read_jsonl
        line = 0
        try:
            for bundle in reader(data, file=name):
                line += 1
                _check_bundle(bundle, name, line)
                bundles.append((name, line, bundle))
        except JsonlError as exc:
            errors.append(_error(exc.file, exc.line, exc.message))
    if errors:
        raise InterchangeError(errors)
    if not bundles:
        raise InterchangeError([_error("", None, "no annotated articles in the upload")])
    return bundles


def _bundle_users(bundles: Iterable[tuple[str, int, dict[str, Any]]]) -> dict[str, Any]:
    names: set[str] = set()
    for _, _, b in bundles:
        for item in (*b["claims"], *b["attributions"], *b["links"]):
            names.update(n for n in (item.get("created_by"), item.get("accepted_by")) if n)
        names.update(m["annotator"] for m in b["marks"] if m.get("annotator"))
    return _users(names)


def _source_for(
    annotation_set: AnnotationSet,
    data: dict[str, Any],
    cache: dict[str, Source],
    created: _Created,
    user: Any,
) -> Source:
    name = " ".join(str(data.get("name", "")).split())[:300] or "unnamed"
    folded = fold_name(name)
    if folded not in cache:
        source = Source.objects.filter(
            annotation_set=annotation_set,
            folded_name=folded,
            deleted_at__isnull=True,
            merged_into__isnull=True,
        ).first()
        if source is None:
            kind = data.get("kind")
            source = Source.objects.create(
                annotation_set=annotation_set,
                name=name,
                folded_name=folded,
                kind=kind if kind in SourceKind.values else SourceKind.PERSON,
                description=str(data.get("description", "")),
                created_by=user if getattr(user, "is_authenticated", False) else None,
            )
            created.sources.append(source)
        cache[folded] = source
        aliases = {fold_name(a): a for a in data.get("aliases", []) if isinstance(a, str)}
        have = set(source.aliases.values_list("folded_name", flat=True)) | {folded}
        SourceAlias.objects.bulk_create(
            SourceAlias(source=source, name=alias[:300], folded_name=f[:300])
            for f, alias in aliases.items()
            if f and f not in have
        )
    return cache[folded]


def _jsonl_import(
    annotation_set: AnnotationSet, files: list[tuple[str, bytes]], user: Any
) -> dict[str, Any]:
    bundles = _jsonl_read(files)
    users = _bundle_users(bundles)
    created = _Created()
    sources: dict[str, Source] = {}
    claim_map: dict[int, Claim] = {}
    pending_links: list[tuple[dict[str, Any], str]] = []
    warnings: list[str] = []
    new = existing = 0
    with transaction.atomic():
        for name, line, bundle in bundles:
            art = bundle["article"]
            record = ArticleRecord(
                title=str(art.get("title") or ""),
                text=art["text"],
                url=str(art.get("url") or ""),
                outlet=str(art.get("outlet") or ""),
                author=str(art.get("author") or ""),
                published_at=art.get("published_at"),
            )
            source_name = art.get("source_name")
            if not isinstance(source_name, str):
                source_name = f"{name}:{line}"
            article, is_new = _article(annotation_set, record, source_name, user)
            new += is_new
            existing += not is_new
            if is_new and "sentences" in bundle and bundle["sentences"]:
                _replace_sentences(article, bundle)
            pairs = _bundle_objects(bundle, article, users, sources, created, user, annotation_set)
            claims = Claim.objects.bulk_create(pairs[0], batch_size=500)
            for exported_id, claim in zip(pairs[2], claims, strict=True):
                claim_map[exported_id] = claim
            for attribution, exported_claim in pairs[1]:
                attribution.claim = claim_map.get(exported_claim) if exported_claim else None
            created.claims.extend(claims)
            created.attributions.extend(
                Attribution.objects.bulk_create([a for a, _ in pairs[1]], batch_size=500)
            )
            pending_links.extend((link, f"{name}:{line}") for link in bundle["links"])
        for link, where in pending_links:
            source_claim = claim_map.get(link["from_claim"])
            target = claim_map.get(link["to_claim"])
            if source_claim is None or target is None:
                warnings.append(
                    f"{where}: link {link.get('id')} points outside the import; skipped"
                )
                continue
            created.links.append(
                ClaimLink(
                    from_claim=source_claim,
                    to_claim=target,
                    relation=link["relation"],
                    note=str(link.get("note") or ""),
                    origin=_origin(link),
                    created_by=users.get(link.get("created_by") or ""),
                    version=int(link.get("version") or 1),
                )
            )
        ClaimLink.objects.bulk_create(created.links, batch_size=500)
        StandoffMark.objects.bulk_create(created.marks, batch_size=500)
        _history(
            annotation_set,
            [*created.sources, *created.claims, *created.attributions, *created.links],
            user,
        )
    return {
        "format": "jsonl",
        "articles_created": new,
        "articles_existing": existing,
        "sources": len(created.sources),
        "claims": len(created.claims),
        "attributions": len(created.attributions),
        "links": len(created.links),
        "marks": len(created.marks),
        "warnings": warnings,
    }


def _replace_sentences(article: Article, bundle: dict[str, Any]) -> None:
    """Keep the exported segmentation and flags, so a round trip gives them back unchanged."""
    text = article.text
    Sentence.objects.filter(article=article).delete()
    Sentence.objects.bulk_create(
        Sentence(article=article, index=i, start=s, end=e, folded_text=fold(text[s:e]).text)
        for i, (s, e) in enumerate(bundle["sentences"])
    )
    if "flags" in bundle:
        ArticleFlag.objects.filter(article=article).delete()
        ArticleFlag.objects.bulk_create(
            ArticleFlag(
                article=article,
                kind=f["kind"],
                start=f["start"],
                end=f["end"],
                detail=f.get("detail") or {},
            )
            for f in bundle["flags"]
        )


def _origin(item: dict[str, Any]) -> str:
    origin = item.get("origin")
    return str(origin) if origin in Origin.values else Origin.IMPORTED


def _int(value: Any, default: int = 1) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _bundle_objects(
    bundle: dict[str, Any],
    article: Article,
    users: dict[str, Any],
    sources: dict[str, Source],
    created: _Created,
    user: Any,
    annotation_set: AnnotationSet,
) -> tuple[list[Claim], list[tuple[Attribution, int | None]], list[int]]:
    text = article.text
    by_id = {s["id"]: s for s in bundle["sources"]}
    claims, claim_ids = [], []
    for c in bundle["claims"]:
        parts = _pairs(c.get("parts"), c["start"], c["end"])
        claims.append(
            Claim(
                article=article,
                status=c.get("status") or ClaimStatus.DRAFT,
                origin=_origin(c),
                note=str(c.get("note") or ""),
                created_by=users.get(c.get("created_by") or ""),
                accepted_by=users.get(c.get("accepted_by") or ""),
                version=_int(c.get("version")),
                **_claim_fields(text, parts),
            )
        )
        claim_ids.append(c["id"])
    attributions = []
    for a in bundle["attributions"]:
        source = None
        if a.get("source") is not None:
            source = _source_for(annotation_set, by_id[a["source"]], sources, created, user)
        spans: dict[str, Any] = {}
        for role in ("source", "cue"):
            if a.get(f"{role}_start") is None:
                spans.update(_span_columns(role, ()))
            else:
                spans.update(
                    _span_columns(
                        role, _pairs(a.get(f"{role}_parts"), a[f"{role}_start"], a[f"{role}_end"])
                    )
                )
        confidence = a.get("confidence")
        attributions.append(
            (
                Attribution(
                    article=article,
                    kind=a["kind"],
                    source=source,
                    confidence=confidence if isinstance(confidence, int | float) else None,
                    origin=_origin(a),
                    details=a.get("details") if isinstance(a.get("details"), dict) else {},
                    created_by=users.get(a.get("created_by") or ""),
                    version=_int(a.get("version")),
                    **spans,
                ),
                a.get("claim"),
            )
        )
    for m in bundle["marks"]:
        created.marks.append(
            StandoffMark(
                article=article,
                annotator=users.get(m.get("annotator") or ""),
                label=str(m["label"])[:64],
                start=m["start"],
                end=m["end"],
                parts=m.get("parts") or [],
            )
        )
    return claims, attributions, claim_ids


def annotations_import(
    *, annotation_set: AnnotationSet, files: list[tuple[str, bytes]], fmt: str, user: Any
) -> dict[str, Any]:
    """Import annotated articles in ``fmt`` (``brat`` or ``jsonl``); raises
    :class:`InterchangeError` — with nothing written — when any file or line is wrong."""
    if fmt not in IMPORT_FORMATS:
        raise InterchangeError(
            [_error("", None, f"unknown format {fmt!r}; use one of {', '.join(IMPORT_FORMATS)}")]
        )
    expanded = expand_files(files)
    if fmt == "brat":
        return _brat_import(annotation_set, expanded, user)
    return _jsonl_import(annotation_set, expanded, user)


_PATH_SUFFIXES = (".txt", ".ann", ".zip", ".jsonl", ".ndjson", ".json", ".conf")


def _read_paths(paths: Iterable[Path]) -> list[tuple[str, bytes]]:
    files: list[tuple[str, bytes]] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                (str(p), p.read_bytes())
                for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in _PATH_SUFFIXES
            )
        else:
            files.append((str(path), path.read_bytes()))
    return files


def annotations_import_paths(
    *, annotation_set: AnnotationSet, paths: Sequence[Path], fmt: str, user: Any
) -> dict[str, Any]:
    """The command-line form: files, folders (read recursively) or zips. Never raises for bad
    input: the result's ``errors`` hold ``{"file", "line", "message", "error"}`` entries and
    ``imported`` is 0 when the import was refused (nothing is written then)."""
    fmt = "jsonl" if fmt in ("auto", "") else fmt
    try:
        files = _read_paths(paths)
        result = annotations_import(annotation_set=annotation_set, files=files, fmt=fmt, user=user)
    except OSError as exc:
        entry = _error(str(getattr(exc, "filename", "") or ""), None, exc.strerror or str(exc))
        return {"format": fmt, "imported": 0, "errors": [{**entry, "error": str(exc)}]}
    except InterchangeError as exc:
        errors = [{**e, "error": _where(e) + f": {e['message']}"} for e in exc.errors]
        return {"format": fmt, "imported": 0, "errors": errors}
    return {**result, "imported": result["articles_created"], "errors": []}
