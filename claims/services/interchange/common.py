"""What the brat and JSONL importers share: errors naming file and line, zip expansion,
articles, bulk history rows, span columns."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from claims.interop.articles import ArticleRecord
from claims.models import (
    AnnotationSet,
    Article,
    Attribution,
    ChangeAction,
    ChangeRecord,
    Claim,
    ClaimLink,
    Source,
    StandoffMark,
)
from claims.nlp.normalize import fold
from claims.services.bulk_rows import objects_insert
from claims.services.history import ENTITY_NAMES, snapshot
from claims.services.ingest import article_store, records_store
from claims.services.limits import (
    UploadRefused,
    article_size_error,
    unzip_bounded,
    upload_size_error,
)
from claims.services.spans import quote_with_context
from claims.services.tallies import tallies_note

IMPORT_FORMATS = ("brat", "jsonl")
PROVENANCE_MAX = 150  # Claim.imported_annotator and friends
Part = tuple[int, int]


class InterchangeError(ValueError):
    """The import was refused; ``errors`` are ``{"file", "line", "message"}`` entries."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        self.errors = errors
        first = errors[0] if errors else {"file": "", "line": None, "message": "nothing to import"}
        location = where(first)
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"{location}: {first['message']}{more}")

    def described(self) -> list[dict[str, Any]]:
        """The errors, each also as one line of text (``error``) for people to read."""
        return [{**e, "error": f"{where(e)}: {e['message']}"} for e in self.errors]


def error(file: str, line: int | None, message: str) -> dict[str, Any]:
    return {"file": file, "line": line, "message": message}


def where(error: dict[str, Any]) -> str:
    return str(error["file"]) + (f":{error['line']}" if error.get("line") else "")


def expand_files(files: Iterable[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """Zip archives replaced by their members (directories and macOS metadata skipped);
    uploads and unpacked members past the size limits refused, naming the file."""
    expanded: list[tuple[str, bytes]] = []
    try:
        for name, data in files:
            if problem := upload_size_error(len(data)):
                raise UploadRefused(name, problem)
            if not (name.lower().endswith(".zip") or data[:4] == b"PK\x03\x04"):
                expanded.append((name, data))
                continue
            expanded.extend(unzip_bounded(name, data))
    except UploadRefused as exc:
        raise InterchangeError([error(exc.file, None, exc.message)]) from None
    return expanded


def article_for(
    annotation_set: AnnotationSet, record: ArticleRecord, source_name: str, user: Any
) -> tuple[Article, bool]:
    """Store the article, or find the set's article with the same text (another annotator's
    file, a repeated import). Offsets need the *exact* text, so a near-identical one fails."""
    if problem := article_size_error(record.text):
        raise InterchangeError([error(source_name, None, problem)])
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
                error(
                    source_name,
                    None,
                    f"article {existing.pk} has nearly the same text but not exactly; "
                    "offsets would not line up",
                )
            ]
        )
    return existing, False


def articles_for(
    annotation_set: AnnotationSet, entries: Sequence[tuple[ArticleRecord, str]], user: Any
) -> list[tuple[Article, bool]]:
    """`article_for` for many records at once: analysed on every core, stored in batches (the
    import's own path), then the set's existing articles read in one query per batch."""
    stored = list(
        records_store(
            annotation_set=annotation_set,
            entries=[(name, record) for record, name in entries],
            user=user,
        )
    )
    missing = sorted({item.prepared.content_sha256 for item, a in stored if a is None})
    existing: dict[str, Article] = {}
    for i in range(0, len(missing), 500):
        for row in Article.objects.filter(
            annotation_set=annotation_set, folded_sha256__in=missing[i : i + 500]
        ):
            existing[row.folded_sha256] = row
    # Two records of one upload with the same text: the first stored it, the second reuses it.
    stored_by_sha: dict[str, Article] = {
        item.prepared.content_sha256: a for item, a in stored if a is not None
    }
    found: list[tuple[Article, bool]] = []
    for item, stored_article in stored:
        if stored_article is not None:
            found.append((stored_article, True))
            continue
        sha = item.prepared.content_sha256
        same = existing.get(sha) or stored_by_sha[sha]
        if same.text != item.record.text:
            raise InterchangeError(
                [
                    error(
                        item.source_name,
                        None,
                        f"article {same.pk} has nearly the same text but not exactly; "
                        "offsets would not line up",
                    )
                ]
            )
        found.append((same, False))
    return found


@dataclass
class Created:
    claims: list[Claim] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    marks: list[StandoffMark] = field(default_factory=list)
    links: list[ClaimLink] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)


def history_create(annotation_set: AnnotationSet, objects: Sequence[Any], user: Any) -> uuid.UUID:
    """One creation record per object, all in one new group: the import can be reverted as
    one step (``claims.services.restore.change_group_revert``). Returns the group."""
    group = uuid.uuid4()
    written = objects_insert(
        [
            ChangeRecord(
                annotation_set=annotation_set,
                entity=ENTITY_NAMES[type(obj).__name__],
                object_id=obj.pk,
                action=ChangeAction.CREATE,
                version=getattr(obj, "version", None),
                user=user if getattr(user, "is_authenticated", False) else None,
                before=None,
                after=snapshot(obj),
                group=group,
            )
            for obj in objects
        ]
    )
    tallies_note(written)
    return group


def claim_fields(text: str, parts: Sequence[Part]) -> dict[str, Any]:
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


def span_columns(role: str, parts: Sequence[Part]) -> dict[str, Any]:
    if not parts:
        return {f"{role}_start": None, f"{role}_end": None, f"{role}_parts": []}
    ordered = sorted(parts)
    return {
        f"{role}_start": ordered[0][0],
        f"{role}_end": ordered[-1][1],
        f"{role}_parts": [list(p) for p in ordered] if len(ordered) > 1 else [],
    }
