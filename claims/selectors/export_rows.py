"""Rows to bundles: the hot inner loop of an export, kept apart from the queries that feed
it (``claims.selectors.export``). Each function takes the plain tuples the export's SQL
returns and the article text, and builds the dicts of one JSONL line (docs/formats.md),
with each span's text sliced from the stored article text.
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import orjson

from claims.interop.jsonl import FORMAT_TAG

# JSON columns arrive as text; the empty list is by far the most common value.
_EMPTY_LIST = "[]"

Bundle = dict[str, Any]
Users = dict[int | None, str | None]
if TYPE_CHECKING:
    from claims.selectors.independence import IndependentCount
# Independent corroboration per claim id (claims without supporting links are absent).
Counts = dict[int, "IndependentCount"]


def _spans(text: str, start: int | None, end: int | None, parts: list[list[int]]) -> str | None:
    if start is None or end is None:
        return None
    if parts:
        return " ".join(text[s:e] for s, e in parts)
    return text[start:end]


def _mark_dict(row: tuple[Any, ...], text: str, users: Users) -> dict[str, Any]:
    _article_id, label, start, end, parts, annotator, imported = row
    parts = orjson.loads(parts)
    return {
        "label": label,
        "start": start,
        "end": end,
        "parts": parts,
        "text": _spans(text, start, end, parts),
        "annotator": imported or users[annotator],
    }


def _pieces(text: str, parts: list[list[int]]) -> str:
    return " ".join(text[s:e] for s, e in parts)


def _attribution_dicts(
    rows: Iterable[tuple[Any, ...]], text: str, users: Users
) -> list[dict[str, Any]]:
    # The hottest loop of an export: plain unpacking and inline slices, no helper per field.
    out: list[dict[str, Any]] = []
    append = out.append
    loads = orjson.loads
    for (
        _article_id,
        pk,
        claim,
        kind,
        source,
        s_start,
        s_end,
        s_parts,
        c_start,
        c_end,
        c_parts,
        confidence,
        origin,
        details,
        created_by,
        version,
        created_at,
        updated_at,
        imported,
    ) in rows:
        s_parts = [] if s_parts == _EMPTY_LIST else loads(s_parts)
        c_parts = [] if c_parts == _EMPTY_LIST else loads(c_parts)
        append(
            {
                "id": pk,
                "claim": claim,
                "kind": kind,
                "source": source,
                "source_start": s_start,
                "source_end": s_end,
                "source_parts": s_parts,
                "source_text": None
                if s_start is None
                else (_pieces(text, s_parts) if s_parts else text[s_start:s_end]),
                "cue_start": c_start,
                "cue_end": c_end,
                "cue_parts": c_parts,
                "cue_text": None
                if c_start is None
                else (_pieces(text, c_parts) if c_parts else text[c_start:c_end]),
                "confidence": confidence,
                "origin": origin,
                "details": {} if details == "{}" else loads(details),
                "created_by": imported or users[created_by],
                "version": version,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
    return out


def _claim_dicts(
    rows: Iterable[tuple[Any, ...]],
    text: str,
    users: Users,
    kept: set[int] | None,
    counts: Counts,
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    append = out.append
    for (
        _article_id,
        pk,
        start,
        end,
        parts,
        status,
        origin,
        note,
        created_by,
        accepted_by,
        version,
        created_at,
        updated_at,
        imported,
        imported_reviewer,
    ) in rows:
        if kept is not None and pk not in kept:
            continue
        parts = [] if parts == _EMPTY_LIST else orjson.loads(parts)
        count = counts.get(pk)
        append(
            {
                "id": pk,
                "start": start,
                "end": end,
                "parts": parts,
                "text": _pieces(text, parts) if parts else text[start:end],
                "status": status,
                "origin": origin,
                "note": note,
                "created_by": imported or users[created_by],
                "accepted_by": imported_reviewer or users[accepted_by],
                "version": version,
                "created_at": created_at,
                "updated_at": updated_at,
                "corroboration": {"independent": count.independent, "origins": count.origins}
                if count
                else {"independent": 0, "origins": []},
            }
        )
    return out


def _bundle(
    article: dict[str, Any],
    sentences: Iterable[tuple[Any, ...]],
    flags: Iterable[tuple[Any, ...]],
    claims: Iterable[tuple[Any, ...]],
    attributions: Iterable[tuple[Any, ...]],
    sources: dict[int, dict[str, Any]],
    links: Iterable[tuple[Any, ...]],
    marks: Iterable[tuple[Any, ...]],
    users: Users,
    counts: Counts,
    *,
    narrowed_by_kind: bool,
) -> Bundle:
    text: str = article["text"]
    attribution_list = _attribution_dicts(attributions, text, users)
    kept_claims = {a["claim"] for a in attribution_list} if narrowed_by_kind else None
    claim_list = _claim_dicts(claims, text, users, kept_claims, counts)
    used_sources = sorted({a["source"] for a in attribution_list if a["source"] is not None})
    return {
        "format": FORMAT_TAG,
        "article": article,
        "sentences": [[s[1], s[2]] for s in sentences],
        "flags": [
            {"kind": f[1], "start": f[2], "end": f[3], "detail": orjson.loads(f[4])} for f in flags
        ],
        "sources": [sources[pk] for pk in used_sources if pk in sources],
        "claims": claim_list,
        "attributions": attribution_list,
        "links": [
            {
                "id": link[1],
                "from_claim": link[2],
                "to_claim": link[3],
                "relation": link[4],
                "note": link[5],
                "origin": link[6],
                "created_by": link[9] or users[link[7]],
                "version": link[8],
            }
            for link in links
        ],
        "marks": [_mark_dict(m, text, users) for m in marks],
    }
