"""Checks on an annotated JSONL upload made before anything is written: each bundle's
shape and spans, provenance names, and cross-line links that must resolve to one claim."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from django.core.exceptions import ValidationError

from claims.interop.jsonl import JsonlError, read_json, read_jsonl
from claims.models import (
    AttributionKind,
    ClaimStatus,
    LinkRelation,
)
from claims.services.interchange.common import (
    PROVENANCE_MAX,
    InterchangeError,
    Part,
    error,
)
from claims.services.spans import validate_span


def bundle_pairs(value: Any, start: int, end: int) -> list[Part]:
    if value:
        return [(int(s), int(e)) for s, e in value]
    return [(start, end)]


def check_bundle(bundle: dict[str, Any], file: str, line: int) -> None:
    """Offsets inside the text, in order, and any carried text equal to the slice."""
    text = bundle["article"]["text"]

    def span(where: str, start: Any, end: Any, parts: Any, expected: Any) -> None:
        pieces = bundle_pairs(parts, start, end)
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
    if len(claim_ids) != len(bundle["claims"]):
        raise JsonlError(file, line, "claims: two claims of this line share an id")
    source_ids = {s["id"] for s in bundle["sources"]}
    for key in ("claims", "attributions", "links"):
        for n, item in enumerate(bundle[key]):
            version = item.get("version")
            if version is not None and (
                not isinstance(version, int) or isinstance(version, bool) or version < 1
            ):
                raise JsonlError(
                    file, line, f"{key}[{n}].version: versions start at 1, got {version!r}"
                )
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
    seen_links: set[tuple[Any, Any, Any]] = set()
    for n, link in enumerate(bundle["links"]):
        if link["from_claim"] not in claim_ids:
            raise JsonlError(file, line, f"links[{n}].from_claim is not a claim of this line")
        if link.get("relation") not in LinkRelation.values:
            raise JsonlError(file, line, f"links[{n}].relation: unknown {link.get('relation')!r}")
        if link["from_claim"] == link["to_claim"]:
            raise JsonlError(file, line, f"links[{n}]: a claim cannot be linked to itself")
        pair = (link["from_claim"], link["to_claim"], link["relation"])
        if pair in seen_links:
            raise JsonlError(file, line, f"links[{n}]: the same link appears twice")
        seen_links.add(pair)
    for n, mark in enumerate(bundle["marks"]):
        for s, e in bundle_pairs(mark.get("parts"), mark["start"], mark["end"]):
            try:
                validate_span(text, s, e, field=f"marks[{n}]")
            except ValidationError as exc:
                raise JsonlError(file, line, f"marks[{n}]: {'; '.join(exc.messages)}") from exc


def jsonl_read(files: list[tuple[str, bytes]]) -> list[tuple[str, int, dict[str, Any]]]:
    errors: list[dict[str, Any]] = []
    bundles: list[tuple[str, int, dict[str, Any]]] = []
    for name, data in files:
        reader = read_json if name.lower().endswith(".json") else read_jsonl
        line = 0
        try:
            for bundle in reader(data, file=name):
                line += 1
                check_bundle(bundle, name, line)
                check_names(bundle, name, line)
                bundles.append((name, line, bundle))
        except JsonlError as exc:
            errors.append(error(exc.file, exc.line, exc.message))
    if not errors:
        errors = check_links(bundles)
    if errors:
        raise InterchangeError(errors)
    if not bundles:
        raise InterchangeError([error("", None, "no annotated articles in the upload")])
    return bundles


def check_names(bundle: dict[str, Any], file: str, line: int) -> None:
    """Annotator and reviewer names are kept as provenance text: strings that fit."""
    for key in ("claims", "attributions", "links", "marks"):
        for n, item in enumerate(bundle[key]):
            for role in ("created_by", "accepted_by", "annotator"):
                name = item.get(role)
                if name is None:
                    continue
                if not isinstance(name, str) or len(name) > PROVENANCE_MAX:
                    raise JsonlError(
                        file,
                        line,
                        f"{key}[{n}].{role}: a name of at most {PROVENANCE_MAX} characters",
                    )


Where = tuple[str, int]


def claim_lines(bundles: list[tuple[str, int, dict[str, Any]]]) -> dict[int, list[Where]]:
    """Exported claim id → the lines that carry a claim with that id."""
    lines: dict[int, list[Where]] = {}
    for name, line, bundle in bundles:
        for c in bundle["claims"]:
            lines.setdefault(c["id"], []).append((name, line))
    return lines


def link_target(
    link: dict[str, Any], here: Where, own_ids: set[int], lines: dict[int, list[Where]]
) -> Where | str | None:
    """Which line's claim a link points to: its own line first, else the one other line
    with that id; a message when several lines could be meant; ``None`` when none is."""
    if link["to_claim"] in own_ids:
        return here
    others = [w for w in lines.get(link["to_claim"], []) if w != here]
    if len(others) > 1:
        places = ", ".join(f"{f}:{n}" for f, n in others[:3])
        return f"to_claim {link['to_claim']} is ambiguous: claims in {places} have that id"
    return others[0] if others else None


def check_links(bundles: list[tuple[str, int, dict[str, Any]]]) -> list[dict[str, Any]]:
    """Before anything is written: every cross-line link resolves to one claim, and no two
    links are the same pair and relation once resolved."""
    lines = claim_lines(bundles)
    errors: list[dict[str, Any]] = []
    seen: set[tuple[Where, int, Where, int, str]] = set()
    for name, line, bundle in bundles:
        own_ids = {c["id"] for c in bundle["claims"]}
        for n, link in enumerate(bundle["links"]):
            target = link_target(link, (name, line), own_ids, lines)
            if isinstance(target, str):
                errors.append(error(name, line, f"links[{n}]: {target}"))
                continue
            if target is None:
                continue
            key = ((name, line), link["from_claim"], target, link["to_claim"], link["relation"])
            if key in seen:
                errors.append(error(name, line, f"links[{n}]: the same link appears twice"))
            seen.add(key)
    return errors
