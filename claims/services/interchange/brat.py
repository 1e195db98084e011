"""Annotation import from brat standoff (PolNeAR conventions): one attribution per event,
its Content a claim; spans no event uses are kept as standoff marks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from claims.interop.articles import ArticleRecord
from claims.interop.brat import BratDocument, BratError, parse_ann
from claims.models import (
    AnnotationSet,
    Article,
    Attribution,
    AttributionKind,
    Claim,
    ClaimStatus,
    Origin,
    StandoffMark,
)
from claims.services.interchange.common import (
    PROVENANCE_MAX,
    Created,
    InterchangeError,
    Part,
    article_for,
    claim_fields,
    error,
    history_create,
    span_columns,
)
from claims.services.spans import validate_span

QUOTE_MARKS = ("“", '"', "‘", "«", "„")


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
        if b"\x00" in data and base.endswith((".txt", ".ann")):
            line = data.count(b"\n", 0, data.index(b"\x00")) + 1
            errors.append(error(name, line, "contains a NUL byte (not text)"))
            continue
        if base.endswith(".txt"):
            try:
                texts[base.removesuffix(".txt")] = (name, data.decode("utf-8"))
            except UnicodeDecodeError as exc:
                errors.append(error(name, None, f"not UTF-8 text: {exc}"))
        elif base.endswith(".ann"):
            anns.append((name, data))
        elif base.endswith(".conf"):
            continue  # brat's annotation.conf / visual.conf
        else:
            errors.append(error(name, None, "expected .txt, .ann or .zip files"))
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
            errors.append(error(name, None, "no matching .txt file for this .ann"))
            continue
        stem = max(candidates, key=len)
        annotator = stem_ann[len(stem) + 1 :] or None
        if annotator and len(annotator) > PROVENANCE_MAX:
            errors.append(
                error(name, None, f"annotator name longer than {PROVENANCE_MAX} characters")
            )
            continue
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
            errors.append(error(name, None, f"not UTF-8 text: {exc}"))
            continue
        except BratError as exc:
            errors.append(error(exc.file, exc.line, exc.message))
            continue
        warnings.extend(doc.warnings)
        parsed.append(_BratFile(name, stem, annotator, doc))
    if errors:
        raise InterchangeError(errors)
    if not parsed and not texts:
        raise InterchangeError([error("", None, "no .txt or .ann files in the upload")])
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
    bf: _BratFile, article: Article, user: Any, created: Created
) -> list[tuple[Claim | None, Attribution]]:
    """Objects of one ``.ann``: the importer's, with the file's annotator as provenance."""
    name = bf.annotator or ""
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
                imported_annotator=name,
                **claim_fields(text, content),
            )
        source = roles.get("Source", ())
        attribution = Attribution(
            article=article,
            kind=_brat_kind(doc, event.id, bool(source), claim.quote if claim else ""),
            origin=Origin.IMPORTED,
            details={"brat": brat},
            created_by=user,
            imported_annotator=name,
            **span_columns("source", source),
            **span_columns("cue", cue),
        )
        pairs.append((claim, attribution))
    for span_id, span in doc.spans.items():
        if span_id not in referenced:
            created.marks.append(
                StandoffMark(
                    article=article,
                    annotator=user,
                    imported_annotator=name,
                    label=span.type,
                    start=span.start,
                    end=span.end,
                    parts=[list(p) for p in span.parts] if len(span.parts) > 1 else [],
                )
            )
    return pairs


def _span_count(doc: BratDocument) -> int:
    return len({(s.type, s.parts) for s in doc.spans.values()})


def brat_import(
    annotation_set: AnnotationSet, files: list[tuple[str, bytes]], user: Any
) -> dict[str, Any]:
    texts, parsed, warnings = _brat_read(annotation_set, files)
    owner = user if getattr(user, "is_authenticated", False) else None
    created = Created()
    stats: dict[str, dict[str, int]] = {}
    articles_new = articles_existing = 0
    with transaction.atomic():
        articles: dict[str, Article] = {}
        for stem, (_name, text) in sorted(texts.items()):
            record = ArticleRecord(title=stem, text=text, source_name=f"{stem}.txt")
            article, new = article_for(annotation_set, record, f"{stem}.txt", user)
            articles[stem] = article
            articles_new += new
            articles_existing += not new
        # Re-importing a file already imported for the same article and annotator is a no-op.
        already = set(
            Attribution.objects.filter(
                article__in=[a for a in articles.values() if a.pk], origin=Origin.IMPORTED
            ).values_list("article_id", "imported_annotator")
        )
        pairs: list[tuple[Claim | None, Attribution]] = []
        skipped_files: list[str] = []
        for bf in parsed:
            if (articles[bf.stem].pk, bf.annotator or "") in already:
                skipped_files.append(bf.name)
                continue
            file_pairs = _brat_file_objects(bf, articles[bf.stem], owner, created)
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
        history_create(annotation_set, [*created.claims, *created.attributions], user)
    return {
        "format": "brat",
        "articles_created": articles_new,
        "articles_existing": articles_existing,
        "claims": len(created.claims),
        "attributions": len(created.attributions),
        "marks": len(created.marks),
        "annotators": stats,
        "skipped_files": skipped_files,
        "warnings": warnings,
    }
