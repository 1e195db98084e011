"""CSV: one row per attribution, for spreadsheets and quick analysis (pure Python).

Columns are fixed (:data:`COLUMNS`); offsets are code-point ``[start, end)`` into the article
text, and every span also carries its text so consumers can check them. Discontinuous spans
give their pieces as ``start-end;start-end`` in the ``*_parts`` columns.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

__all__ = ["COLUMNS", "read_csv", "rows_from_bundle", "write_csv"]

COLUMNS = (
    "article_id",
    "article_title",
    "attribution_id",
    "claim_id",
    "claim_start",
    "claim_end",
    "claim_parts",
    "claim_text",
    "kind",
    "source_id",
    "source_name",
    "source_start",
    "source_end",
    "source_parts",
    "source_text",
    "cue_start",
    "cue_end",
    "cue_parts",
    "cue_text",
    "status",
    "annotator",
    "confidence",
    "origin",
    "independent_count",
    "independent_origins",
)
_INTS = {
    "article_id",
    "attribution_id",
    "claim_id",
    "claim_start",
    "claim_end",
    "source_id",
    "source_start",
    "source_end",
    "cue_start",
    "cue_end",
    "independent_count",
}


# Cells a spreadsheet would run as a formula (CSV injection) get a leading apostrophe, which
# spreadsheets hide; cells that already start with one get another, so reading back is
# lossless: the reader drops exactly one leading apostrophe.
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "'")
_TEXT_COLUMNS = {
    "article_title",
    "claim_text",
    "source_name",
    "source_text",
    "cue_text",
    "annotator",
}


def _cell(key: str, value: Any) -> Any:
    if value is None:
        return ""
    if key in _TEXT_COLUMNS and isinstance(value, str) and value.startswith(_FORMULA_TRIGGERS):
        return "'" + value
    return value


def _uncell(key: str, value: str) -> str:
    if key in _TEXT_COLUMNS and value.startswith("'"):
        return value[1:]
    return value


def _parts(parts: list[list[int]] | None) -> str:
    return ";".join(f"{s}-{e}" for s, e in parts or [])


def rows_from_bundle(bundle: dict[str, Any]) -> Iterator[dict[str, Any]]:
    article = bundle["article"]
    claims = {c["id"]: c for c in bundle["claims"]}
    sources = {s["id"]: s for s in bundle["sources"]}
    for a in bundle["attributions"]:
        claim = claims.get(a["claim"]) or {}
        source = sources.get(a["source"]) or {}
        corroboration = claim.get("corroboration") or {}
        yield {
            "article_id": article["id"],
            "article_title": article["title"],
            "attribution_id": a["id"],
            "claim_id": claim.get("id"),
            "claim_start": claim.get("start"),
            "claim_end": claim.get("end"),
            "claim_parts": _parts(claim.get("parts")),
            "claim_text": claim.get("text"),
            "kind": a["kind"],
            "source_id": source.get("id"),
            "source_name": source.get("name"),
            "source_start": a["source_start"],
            "source_end": a["source_end"],
            "source_parts": _parts(a["source_parts"]),
            "source_text": a["source_text"],
            "cue_start": a["cue_start"],
            "cue_end": a["cue_end"],
            "cue_parts": _parts(a["cue_parts"]),
            "cue_text": a["cue_text"],
            "status": claim.get("status"),
            # A machine suggestion has no creator: the person who accepted it answers for it.
            "annotator": a["created_by"] or claim.get("accepted_by"),
            "confidence": a["confidence"],
            "origin": a["origin"],
            # The claim's independent corroboration (docs/formats.md), repeated per row.
            "independent_count": corroboration.get("independent"),
            "independent_origins": ";".join(corroboration.get("origins", [])) or None,
        }


class _Line:
    """A file-like sink for ``csv.writer`` that hands back what was written."""

    def __init__(self) -> None:
        self.buffer = io.StringIO()

    def write(self, value: str) -> int:
        return self.buffer.write(value)

    def take(self) -> bytes:
        value = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate()
        return value.encode()


def write_csv(bundles: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    """Header then one row per attribution, streamed one article at a time."""
    sink = _Line()
    writer = csv.DictWriter(sink, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    yield sink.take()
    for bundle in bundles:
        for row in rows_from_bundle(bundle):
            writer.writerow({k: _cell(k, v) for k, v in row.items()})
        chunk = sink.take()
        if chunk:
            yield chunk


def read_csv(data: bytes) -> list[dict[str, Any]]:
    """Rows back as typed values (ints, floats, None for empty cells)."""
    rows = []
    for raw in csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")):
        row: dict[str, Any] = {}
        for key in COLUMNS:
            value = raw.get(key, "")
            if key in _INTS:
                row[key] = int(value) if value else None
            elif key == "confidence":
                row[key] = float(value) if value else None
            elif key.endswith("_parts"):
                row[key] = value
            else:
                row[key] = _uncell(key, value) if value != "" else None
        rows.append(row)
    return rows
