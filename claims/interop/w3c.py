"""W3C Web Annotation (JSON-LD) writer and reader (pure Python).

Each claim becomes an annotation (motivation ``highlighting``) whose target carries a
``TextQuoteSelector`` (exact/prefix/suffix) and a ``TextPositionSelector`` (code-point
``start``/``end``); a discontinuous claim has one target per piece. Each attribution becomes an
annotation (motivation ``describing``) targeting its cue, with the kind and source in its body
and the claim annotation it attributes in ``ca:claim``. Our own terms live in the ``ca:``
namespace; everything else is the W3C vocabulary.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import orjson

__all__ = ["CONTEXT", "annotations_from_bundle", "read_w3c", "write_w3c"]

CONTEXT: list[Any] = [
    "http://www.w3.org/ns/anno.jsonld",
    {"ca": "https://claim-annotator.example/ns#"},
]
CONTEXT_CHARS = 32


def _article_iri(base: str, article: dict[str, Any]) -> str:
    return article.get("url") or f"{base}articles/{article['id']}"


def _targets(
    source: str, text: str, parts: list[list[int]] | None, start: int, end: int
) -> list[dict[str, Any]]:
    return [
        {
            "source": source,
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": text[s:e],
                    "prefix": text[max(0, s - CONTEXT_CHARS) : s],
                    "suffix": text[e : e + CONTEXT_CHARS],
                },
                {"type": "TextPositionSelector", "start": s, "end": e},
            ],
        }
        for s, e in (parts or [[start, end]])
    ]


def annotations_from_bundle(bundle: dict[str, Any], *, base: str) -> Iterator[dict[str, Any]]:
    article = bundle["article"]
    text = article["text"]
    iri = _article_iri(base, article)
    sources = {s["id"]: s for s in bundle["sources"]}
    for claim in bundle["claims"]:
        yield {
            "id": f"{base}claims/{claim['id']}",
            "type": "Annotation",
            "motivation": "highlighting",
            "creator": claim.get("created_by"),
            "body": [
                {"type": "TextualBody", "purpose": "tagging", "value": "claim"},
                {"type": "TextualBody", "purpose": "ca:status", "value": claim.get("status")},
            ],
            "target": _targets(iri, text, claim.get("parts"), claim["start"], claim["end"]),
        }
    for a in bundle["attributions"]:
        body: list[dict[str, Any]] = [
            {"type": "TextualBody", "purpose": "classifying", "value": a["kind"]}
        ]
        source = sources.get(a["source"])
        if source is not None:
            body.append({"type": "TextualBody", "purpose": "identifying", "value": source["name"]})
        annotation: dict[str, Any] = {
            "id": f"{base}attributions/{a['id']}",
            "type": "Annotation",
            "motivation": "describing",
            "creator": a.get("created_by"),
            "body": body,
        }
        if a["claim"] is not None:
            annotation["ca:claim"] = f"{base}claims/{a['claim']}"
        if a["cue_start"] is not None:
            annotation["target"] = _targets(iri, text, a["cue_parts"], a["cue_start"], a["cue_end"])
        else:
            annotation["target"] = iri
        if a["source_start"] is not None:
            annotation["ca:sourceSpan"] = _targets(
                iri, text, a["source_parts"], a["source_start"], a["source_end"]
            )
        yield annotation


def write_w3c(bundles: Iterable[dict[str, Any]], *, base: str) -> Iterator[bytes]:
    """An ``AnnotationCollection`` with all annotations inline, streamed."""
    head = {"@context": CONTEXT, "type": "AnnotationCollection", "id": f"{base}export"}
    yield orjson.dumps(head)[:-1] + b',"items":['
    first = True
    for bundle in bundles:
        for annotation in annotations_from_bundle(bundle, base=base):
            yield (b"" if first else b",") + orjson.dumps(annotation)
            first = False
    yield b"]}\n"


def _positions(target: Any) -> list[list[int]]:
    targets = target if isinstance(target, list) else [target]
    found = []
    for t in targets:
        if not isinstance(t, dict):
            continue
        for selector in t.get("selector", []):
            if selector.get("type") == "TextPositionSelector":
                found.append([selector["start"], selector["end"]])
    return found


def read_w3c(data: bytes) -> list[dict[str, Any]]:
    """Flatten a collection back to plain records:
    ``{"id", "role": "claim"|"attribution", "spans", "kind"|"status", "source", "claim"}``."""
    collection = orjson.loads(data)
    records: list[dict[str, Any]] = []
    for item in collection.get("items", []):
        bodies = {b.get("purpose"): b.get("value") for b in item.get("body", [])}
        if item.get("motivation") == "highlighting":
            records.append(
                {
                    "id": item["id"],
                    "role": "claim",
                    "spans": _positions(item.get("target")),
                    "status": bodies.get("ca:status"),
                    "creator": item.get("creator"),
                }
            )
        else:
            records.append(
                {
                    "id": item["id"],
                    "role": "attribution",
                    "spans": _positions(item.get("target")),
                    "source_spans": _positions(item.get("ca:sourceSpan", [])),
                    "kind": bodies.get("classifying"),
                    "source": bodies.get("identifying"),
                    "claim": item.get("ca:claim"),
                    "creator": item.get("creator"),
                }
            )
    return records
