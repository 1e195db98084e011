"""Label Studio tasks with annotations, ready for Label Studio's JSON import (pure Python).

One task per article: ``data.text`` holds the article; each annotator's work is one entry in
``annotations`` whose ``result`` has a ``labels`` region per span piece (``Claim``, ``Source``,
``Cue``) and ``relation`` items tying cue → claim and cue → source, labelled with our kind.

Label Studio counts text offsets in JavaScript string units (UTF-16), so offsets are converted
from our code-point offsets on the way out and back on the way in (see doccano #99 and
Label Studio #1347 for what happens otherwise). Use :data:`LABEL_CONFIG` as the project's
labeling interface.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator
from typing import Any

import orjson

__all__ = [
    "LABEL_CONFIG",
    "OffsetMap",
    "read_labelstudio",
    "tasks_from_bundle",
    "write_labelstudio",
]

LABEL_CONFIG = """<View>
  <Labels name="label" toName="text">
    <Label value="Claim"/><Label value="Source"/><Label value="Cue"/>
  </Labels>
  <Relations>
    <Relation value="sourced"/><Relation value="anonymous"/><Relation value="quoted"/>
  </Relations>
  <Text name="text" value="$text"/>
</View>"""


class OffsetMap:
    """Code points ↔ UTF-16 units for one text; the identity when nothing is astral."""

    def __init__(self, text: str) -> None:
        self.astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
        # UTF-16 position of each astral char, for the way back.
        self.astral16 = [i + n for n, i in enumerate(self.astral)]

    def to_utf16(self, offset: int) -> int:
        return offset + bisect_left(self.astral, offset) if self.astral else offset

    def from_utf16(self, offset: int) -> int:
        return offset - bisect_left(self.astral16, offset) if self.astral else offset


def _regions(
    prefix: str, label: str, text: str, om: OffsetMap, parts: list[list[int]]
) -> list[dict[str, Any]]:
    return [
        {
            "id": f"{prefix}-{n}",
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "value": {
                "start": om.to_utf16(s),
                "end": om.to_utf16(e),
                "text": text[s:e],
                "labels": [label],
            },
        }
        for n, (s, e) in enumerate(parts)
    ]


def _relation(from_id: str, to_id: str, kind: str) -> dict[str, Any]:
    return {
        "from_id": from_id,
        "to_id": to_id,
        "type": "relation",
        "direction": "right",
        "labels": [kind],
    }


def tasks_from_bundle(bundle: dict[str, Any]) -> dict[str, Any]:
    article = bundle["article"]
    text = article["text"]
    om = OffsetMap(text)
    by_annotator: dict[str | None, list[dict[str, Any]]] = {}
    claims = {c["id"]: c for c in bundle["claims"]}
    for claim in bundle["claims"]:
        parts = claim.get("parts") or [[claim["start"], claim["end"]]]
        by_annotator.setdefault(claim.get("created_by"), []).extend(
            _regions(f"c{claim['id']}", "Claim", text, om, parts)
        )
    for a in bundle["attributions"]:
        result = by_annotator.setdefault(a.get("created_by"), [])
        cue_id = source_id = None
        if a["cue_start"] is not None:
            cue_parts = a["cue_parts"] or [[a["cue_start"], a["cue_end"]]]
            result.extend(_regions(f"a{a['id']}-cue", "Cue", text, om, cue_parts))
            cue_id = f"a{a['id']}-cue-0"
        if a["source_start"] is not None:
            src_parts = a["source_parts"] or [[a["source_start"], a["source_end"]]]
            result.extend(_regions(f"a{a['id']}-src", "Source", text, om, src_parts))
            source_id = f"a{a['id']}-src-0"
        if cue_id and a["claim"] in claims:
            result.append(_relation(cue_id, f"c{a['claim']}-0", a["kind"]))
        if cue_id and source_id:
            result.append(_relation(cue_id, source_id, a["kind"]))
    annotators = sorted(by_annotator, key=lambda name: name or "")
    return {
        "data": {
            "text": text,
            "title": article["title"],
            "article_id": article["id"],
            "annotators": annotators,
        },
        "annotations": [{"result": by_annotator[name]} for name in annotators],
    }


def write_labelstudio(bundles: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    """A JSON list of tasks, streamed one article at a time."""
    yield b"["
    for n, bundle in enumerate(bundles):
        yield (b"," if n else b"") + orjson.dumps(tasks_from_bundle(bundle))
    yield b"]\n"


def read_labelstudio(data: bytes) -> list[dict[str, Any]]:
    """Tasks back to ``{"article_id", "annotator", "label", "group", "start", "end",
    "text"}`` span records and ``{"relation", "from", "to", "kind"}`` records, with
    code-point offsets."""
    records: list[dict[str, Any]] = []
    for task in orjson.loads(data):
        text = task["data"]["text"]
        om = OffsetMap(text)
        names = task["data"].get("annotators") or []
        for n, annotation in enumerate(task.get("annotations", [])):
            annotator = names[n] if n < len(names) else None
            for item in annotation.get("result", []):
                if item.get("type") == "relation":
                    records.append(
                        {
                            "article_id": task["data"].get("article_id"),
                            "annotator": annotator,
                            "relation": True,
                            "from": item["from_id"],
                            "to": item["to_id"],
                            "kind": (item.get("labels") or [None])[0],
                        }
                    )
                    continue
                value = item["value"]
                start, end = om.from_utf16(value["start"]), om.from_utf16(value["end"])
                records.append(
                    {
                        "article_id": task["data"].get("article_id"),
                        "annotator": annotator,
                        "relation": False,
                        "id": item["id"],
                        "group": item["id"].rsplit("-", 1)[0],
                        "label": value["labels"][0],
                        "start": start,
                        "end": end,
                        "text": text[start:end],
                    }
                )
    return records
