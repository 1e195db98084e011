"""The export formats by name: media type, file extension and a streaming writer over bundles
(see claims.selectors.export). Also the brat zip writer, which maps bundles onto
claims.interop.brat documents in PolNeAR's conventions."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from claims.interop import csv as csv_format
from claims.interop import jsonl, labelstudio, w3c
from claims.interop.brat import Part, build_document, write_ann

__all__ = ["EXPORT_FORMATS", "ExportFormat", "brat_files", "write_brat_zip"]

Bundle = dict[str, Any]


@dataclass(frozen=True)
class ExportFormat:
    name: str
    media_type: str
    extension: str
    # (bundles, set slug, base IRI) -> chunks of bytes
    write: Callable[[Iterable[Bundle], str, str], Iterator[bytes]]


def _parts(start: int | None, end: int | None, parts: list[list[int]] | None) -> tuple[Part, ...]:
    if start is None or end is None:
        return ()
    if parts:
        return tuple((s, e) for s, e in parts)
    return ((start, end),)


def _ordered(parts: tuple[Part, ...], order: Any) -> tuple[Part, ...]:
    """The pieces in the order the brat file wrote them, if the import kept one."""
    if order and sorted(tuple(p) for p in order) == sorted(parts):
        return tuple((s, e) for s, e in order)
    return parts


def _annotator_documents(bundle: Bundle) -> dict[str | None, tuple[list[Any], list[Any]]]:
    """Per annotator: brat event specs and standalone spans."""
    claims = {c["id"]: c for c in bundle["claims"]}
    per: dict[str | None, tuple[list[Any], list[Any]]] = {}
    used_claims: set[int] = set()
    for a in bundle["attributions"]:
        brat = (a.get("details") or {}).get("brat") or {}
        order = brat.get("order") or {}
        events, _spans = per.setdefault(a["created_by"], ([], []))
        source = _ordered(
            _parts(a["source_start"], a["source_end"], a["source_parts"]), order.get("Source")
        )
        cue = _ordered(_parts(a["cue_start"], a["cue_end"], a["cue_parts"]), order.get("Cue"))
        claim = claims.get(a["claim"])
        content: tuple[Part, ...] = ()
        if claim is not None:
            used_claims.add(claim["id"])
            content = _ordered(
                _parts(claim["start"], claim["end"], claim["parts"]), order.get("Content")
            )
        arguments: list[tuple[str, str, tuple[Part, ...]]] = []
        if source:
            arguments.append(("Source", "Source", source))
        if cue:
            arguments.append(("Cue", "Cue", cue))
        if content:
            arguments.append(("Content", "Content", content))
        for role, span_type, parts in brat.get("extra", []):
            arguments.append((role, span_type, tuple((s, e) for s, e in parts)))
        trigger_type = brat.get("trigger") or ("Attribution" if source else "Attribution-no-source")
        trigger = (
            tuple((s, e) for s, e in brat.get("trigger_parts") or ()) or cue or content or source
        )
        if not trigger:
            continue
        events.append((trigger_type, trigger, arguments, a["kind"]))
    for claim in bundle["claims"]:
        if claim["id"] not in used_claims:
            per.setdefault(claim["created_by"], ([], []))[1].append(
                ("Content", _parts(claim["start"], claim["end"], claim["parts"]))
            )
    for mark in bundle["marks"]:
        per.setdefault(mark["annotator"], ([], []))[1].append(
            (mark["label"], _parts(mark["start"], mark["end"], mark["parts"]))
        )
    return per


def _stem(article: dict[str, Any], taken: set[str]) -> str:
    name = article.get("source_name") or ""
    stem = name.rsplit("/", 1)[-1].removesuffix(".txt") if name.endswith(".txt") else ""
    if not stem or stem in taken:
        stem = f"article-{article['id']}"
    taken.add(stem)
    return stem


def brat_files(bundle: Bundle, taken: set[str]) -> list[tuple[str, bytes]]:
    """``text/NAME.txt`` and one ``attributions/NAME_ANNOTATOR.ann`` per annotator."""
    article = bundle["article"]
    text = article["text"]
    stem = _stem(article, taken)
    files = [(f"text/{stem}.txt", text.encode("utf-8"))]
    for annotator, (events, spans) in sorted(
        _annotator_documents(bundle).items(), key=lambda item: item[0] or ""
    ):
        name = f"{stem}_{annotator}.ann" if annotator else f"{stem}.ann"
        files.append(
            (f"attributions/{name}", write_ann(build_document(events, spans), text).encode())
        )
    return files


class _Sink:
    """A write-only stream for ``zipfile`` that hands back what was written since last time."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self.chunks)
        self.chunks.clear()
        return data


def write_brat_zip(bundles: Iterable[Bundle]) -> Iterator[bytes]:
    sink = _Sink()
    taken: set[str] = set()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:  # type: ignore[call-overload]
        for bundle in bundles:
            for name, data in brat_files(bundle, taken):
                archive.writestr(name, data)
            yield sink.take()
    yield sink.take()


EXPORT_FORMATS: dict[str, ExportFormat] = {
    "jsonl": ExportFormat(
        "jsonl", "application/x-ndjson", "jsonl", lambda b, slug, base: jsonl.write_jsonl(b)
    ),
    "json": ExportFormat(
        "json", "application/json", "json", lambda b, slug, base: jsonl.write_json(b, set_slug=slug)
    ),
    "csv": ExportFormat("csv", "text/csv", "csv", lambda b, slug, base: csv_format.write_csv(b)),
    "brat": ExportFormat("brat", "application/zip", "zip", lambda b, slug, base: write_brat_zip(b)),
    "w3c": ExportFormat(
        "w3c", "application/ld+json", "jsonld", lambda b, slug, base: w3c.write_w3c(b, base=base)
    ),
    "labelstudio": ExportFormat(
        "labelstudio",
        "application/json",
        "labelstudio.json",
        lambda b, slug, base: labelstudio.write_labelstudio(b),
    ),
}
