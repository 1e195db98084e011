"""Our own interchange format: JSON Lines, one article *bundle* per line (pure Python).

A bundle carries an article with its sentences, flags, claims, attributions, the sources they
name, links out of its claims, and kept standoff marks. The layout is documented with a JSON
Schema in docs/formats.md; :data:`BUNDLE_SCHEMA` is the same schema in code.

``json`` is the same bundles wrapped in one document: ``{"format", "articles": [...]}``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import orjson

from claims.interop.articles import is_web_url

__all__ = [
    "BUNDLE_SCHEMA",
    "FORMAT_TAG",
    "JsonlError",
    "is_annotated_jsonl",
    "read_json",
    "read_jsonl",
    "write_json",
    "write_jsonl",
    "write_line",
]

FORMAT_TAG = "claim-annotator/1"

Bundle = dict[str, Any]

_SPAN = {"type": "array", "items": {"type": "array", "items": {"type": "integer"}}}
_NULLABLE_INT = {"type": ["integer", "null"]}
_NULLABLE_STR = {"type": ["string", "null"]}

BUNDLE_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Claim Annotator JSONL line (one article bundle)",
    "type": "object",
    "required": ["format", "article", "claims", "attributions"],
    "properties": {
        "format": {"const": FORMAT_TAG},
        "article": {
            "type": "object",
            "required": ["title", "text"],
            "properties": {
                "id": {"type": "integer"},
                "title": {"type": "string"},
                "outlet": {"type": "string"},
                "author": {"type": "string"},
                "url": {"type": "string"},
                "published_at": _NULLABLE_STR,
                "source_name": {"type": "string"},
                "text": {"type": "string"},
            },
        },
        "sentences": _SPAN,
        "flags": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["kind", "start", "end"],
                "properties": {
                    "kind": {"type": "string"},
                    "start": {"type": "integer"},
                    "end": {"type": "integer"},
                    "detail": {"type": "object"},
                },
            },
        },
        "sources": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "name"],
                "properties": {
                    "id": {"type": "integer"},
                    "name": {"type": "string"},
                    "kind": {"type": "string"},
                    "description": {"type": "string"},
                    "aliases": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
        "claims": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "start", "end"],
                "properties": {
                    "id": {"type": "integer"},
                    "start": {"type": "integer"},
                    "end": {"type": "integer"},
                    "parts": _SPAN,
                    "text": {"type": "string", "description": "text[start:end] (parts joined)"},
                    "status": {"type": "string"},
                    "origin": {"type": "string"},
                    "note": {"type": "string"},
                    "created_by": _NULLABLE_STR,
                    "accepted_by": _NULLABLE_STR,
                    "version": {"type": "integer"},
                    "created_at": _NULLABLE_STR,
                    "updated_at": _NULLABLE_STR,
                    "corroboration": {
                        "type": "object",
                        "description": "derived on export, ignored on import: independent "
                        "corroborating articles and the origins they rest on",
                        "properties": {
                            "independent": {"type": "integer"},
                            "origins": {"type": "array", "items": {"type": "string"}},
                        },
                    },
                },
            },
        },
        "attributions": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "kind"],
                "properties": {
                    "id": {"type": "integer"},
                    "claim": _NULLABLE_INT,
                    "kind": {"enum": ["sourced", "anonymous", "quoted"]},
                    "source": _NULLABLE_INT,
                    "source_start": _NULLABLE_INT,
                    "source_end": _NULLABLE_INT,
                    "source_parts": _SPAN,
                    "source_text": _NULLABLE_STR,
                    "cue_start": _NULLABLE_INT,
                    "cue_end": _NULLABLE_INT,
                    "cue_parts": _SPAN,
                    "cue_text": _NULLABLE_STR,
                    "confidence": {"type": ["number", "null"]},
                    "origin": {"type": "string"},
                    "details": {"type": "object"},
                    "created_by": _NULLABLE_STR,
                    "version": {"type": "integer"},
                    "created_at": _NULLABLE_STR,
                    "updated_at": _NULLABLE_STR,
                },
            },
        },
        "links": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["from_claim", "to_claim", "relation"],
                "properties": {
                    "id": {"type": "integer"},
                    "from_claim": {"type": "integer"},
                    "to_claim": {"type": "integer"},
                    "relation": {"type": "string"},
                    "note": {"type": "string"},
                    "origin": {"type": "string"},
                    "created_by": _NULLABLE_STR,
                    "version": {"type": "integer"},
                },
            },
        },
        "marks": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["label", "start", "end"],
                "properties": {
                    "label": {"type": "string"},
                    "start": {"type": "integer"},
                    "end": {"type": "integer"},
                    "parts": _SPAN,
                    "text": {"type": "string"},
                    "annotator": _NULLABLE_STR,
                },
            },
        },
    },
}


class JsonlError(ValueError):
    """A line of an annotation JSONL file that cannot be read; names file and line."""

    def __init__(self, file: str, line: int, message: str) -> None:
        super().__init__(f"{file}:{line}: {message}")
        self.file = file
        self.line = line
        self.message = message


def write_line(bundle: Bundle) -> bytes:
    return orjson.dumps(bundle, option=orjson.OPT_APPEND_NEWLINE)


def write_jsonl(bundles: Iterable[Bundle]) -> Iterator[bytes]:
    for bundle in bundles:
        yield write_line(bundle)


def write_json(bundles: Iterable[Bundle], *, set_slug: str = "") -> Iterator[bytes]:
    """One JSON document, written piece by piece so it can stream."""
    yield orjson.dumps({"format": FORMAT_TAG, "set": set_slug})[:-1] + b',"articles":['
    for n, bundle in enumerate(bundles):
        yield (b"," if n else b"") + orjson.dumps(bundle)
    yield b"]}\n"


_LISTS = ("sentences", "flags", "sources", "claims", "attributions", "links", "marks")
_INT_KEYS = {
    "claims": ("id", "start", "end"),
    "attributions": ("id",),
    "links": ("from_claim", "to_claim"),
    "marks": ("start", "end"),
    "sources": ("id",),
}


def _has_nul(value: Any) -> bool:
    """Whether any string in the parsed JSON holds U+0000 (PostgreSQL text cannot)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _check(bundle: Any, file: str, line: int) -> Bundle:
    if not isinstance(bundle, dict) or bundle.get("format") != FORMAT_TAG:
        raise JsonlError(
            file, line, f'not a Claim Annotator bundle (needs "format": "{FORMAT_TAG}")'
        )
    article = bundle.get("article")
    if not isinstance(article, dict) or not isinstance(article.get("text"), str):
        raise JsonlError(file, line, '"article" must be an object with a "text" string')
    if _has_nul(bundle):
        raise JsonlError(file, line, "contains a NUL character (\\u0000), which is not text")
    url = article.get("url")
    if url and not (isinstance(url, str) and is_web_url(url)):
        raise JsonlError(file, line, "article.url must be an http:// or https:// address")
    for key in _LISTS:
        value = bundle.setdefault(key, [])
        if not isinstance(value, list):
            raise JsonlError(file, line, f'"{key}" must be a list')
        for index, item in enumerate(value):
            if key == "sentences":
                ok = isinstance(item, list) and len(item) == 2
                if not ok:
                    raise JsonlError(file, line, f"sentences[{index}] must be a [start, end] pair")
                continue
            if not isinstance(item, dict):
                raise JsonlError(file, line, f"{key}[{index}] must be an object")
            for name in _INT_KEYS.get(key, ()):
                value_ = item.get(name)
                if not isinstance(value_, int) or isinstance(value_, bool):
                    raise JsonlError(file, line, f"{key}[{index}].{name} must be an integer")
    return bundle


def read_jsonl(data: bytes, *, file: str = "<jsonl>") -> Iterator[Bundle]:
    """Bundles of a JSONL file, checked for shape (offsets are checked by the importer)."""
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        try:
            value = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise JsonlError(file, number, f"invalid JSON: {exc}") from exc
        yield _check(value, file, number)


def read_json(data: bytes, *, file: str = "<json>") -> Iterator[Bundle]:
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise JsonlError(file, 1, f"invalid JSON: {exc}") from exc
    if not isinstance(value, dict) or not isinstance(value.get("articles"), list):
        raise JsonlError(file, 1, 'expected {"format": …, "articles": [...]}')
    for bundle in value["articles"]:
        yield _check(bundle, file, 1)


def is_annotated_jsonl(data: bytes) -> bool:
    """Whether ``data`` is our export JSONL (bundles with annotations) rather than a plain
    article JSONL (title/text/url…), judged by its first non-blank line."""
    for raw in data.split(b"\n", 50)[:50]:
        if not raw.strip():
            continue
        try:
            value = orjson.loads(raw)
        except orjson.JSONDecodeError:
            return False
        return isinstance(value, dict) and value.get("format") == FORMAT_TAG
    return False
