"""Import annotations from brat standoff or our own JSONL into a set.

Two phases: every file is read and every span checked against its article text first; only
when nothing is wrong is anything written, all in one transaction, with ``bulk_create`` (a
PolNeAR split holds thousands of events, far too many for one service call each) and one
history row per created claim and attribution. So a failed import leaves nothing behind, and
its error names the file and line.

Annotators are kept as provenance, never as accounts: each ``NAME_ANNOTATOR.ann`` (or a
bundle's ``created_by``/``accepted_by``) is stored in ``imported_annotator``/``imported_reviewer``
while the work belongs to the importing user; no user is created or impersonated, and an
importer who may not review cannot import approved or rejected work (it arrives submitted).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from claims.models import (
    AnnotationSet,
    Article,
    Attribution,
    Claim,
    ClaimLink,
    Sentence,
    Source,
    StandoffMark,
)
from claims.services.bulk_rows import planner_statistics_refresh
from claims.services.interchange.brat import brat_import
from claims.services.interchange.common import (
    IMPORT_FORMATS,
    InterchangeError,
    error,
    expand_files,
)
from claims.services.interchange.jsonl import jsonl_import
from claims.services.limits import upload_size_error

__all__ = [
    "IMPORT_FORMATS",
    "InterchangeError",
    "annotations_import",
    "annotations_import_paths",
    "expand_files",
]


def annotations_import(
    *, annotation_set: AnnotationSet, files: list[tuple[str, bytes]], fmt: str, user: Any
) -> dict[str, Any]:
    """Import annotated articles in ``fmt`` (``brat`` or ``jsonl``); raises
    :class:`InterchangeError` — with nothing written — when any file or line is wrong."""
    if fmt not in IMPORT_FORMATS:
        raise InterchangeError(
            [error("", None, f"unknown format {fmt!r}; use one of {', '.join(IMPORT_FORMATS)}")]
        )
    expanded = expand_files(files)
    importer = brat_import if fmt == "brat" else jsonl_import
    result = importer(annotation_set, expanded, user)
    written = sum(v for v in result.values() if isinstance(v, int) and not isinstance(v, bool))
    planner_statistics_refresh(
        written, (Article, Sentence, Claim, Attribution, ClaimLink, Source, StandoffMark)
    )
    return result


_PATH_SUFFIXES = (".txt", ".ann", ".zip", ".jsonl", ".ndjson", ".json", ".conf")


def _read_bounded(path: Path) -> tuple[str, bytes]:
    """A file's bytes, refused before reading when it is past the upload limit."""
    if problem := upload_size_error(path.stat().st_size):
        raise InterchangeError([error(str(path), None, problem)])
    return str(path), path.read_bytes()


def _read_paths(paths: Iterable[Path]) -> list[tuple[str, bytes]]:
    files: list[tuple[str, bytes]] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                _read_bounded(p)
                for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in _PATH_SUFFIXES
            )
        else:
            files.append(_read_bounded(path))
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
        entry = error(str(getattr(exc, "filename", "") or ""), None, exc.strerror or str(exc))
        return {"format": fmt, "imported": 0, "errors": [{**entry, "error": str(exc)}]}
    except InterchangeError as exc:
        return {"format": fmt, "imported": 0, "errors": exc.described()}
    return {**result, "imported": result["articles_created"], "errors": []}
