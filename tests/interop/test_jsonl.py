"""JSONL: writer/reader round trip, and export → import into an empty set → export again."""

from typing import Any

import orjson
import pytest
from django.contrib.auth import get_user_model

from claims.interop.jsonl import (
    FORMAT_TAG,
    JsonlError,
    is_annotated_jsonl,
    read_json,
    read_jsonl,
    write_json,
    write_jsonl,
)
from claims.models import AnnotationSet, Claim, Source
from claims.selectors.export import export_stream
from claims.services.interchange import annotations_import
from tests.factories import (
    AnnotationSetFactory,
    ArticleFactory,
    AttributionFactory,
    ClaimFactory,
    ClaimLinkFactory,
    SourceFactory,
    UserFactory,
)

BUNDLE = {
    "format": FORMAT_TAG,
    "article": {"id": 1, "title": "T", "text": "Ana said it."},
    "sentences": [[0, 12]],
    "flags": [],
    "sources": [],
    "claims": [{"id": 3, "start": 9, "end": 11}],
    "attributions": [{"id": 4, "claim": 3, "kind": "sourced"}],
    "links": [],
    "marks": [],
}


def test_writer_reader_round_trip():
    data = b"".join(write_jsonl([BUNDLE, BUNDLE]))
    assert list(read_jsonl(data)) == [BUNDLE, BUNDLE]
    assert list(read_json(b"".join(write_json([BUNDLE])))) == [BUNDLE]
    assert is_annotated_jsonl(data)
    assert not is_annotated_jsonl(b'{"title": "x", "text": "y"}\n')
    assert not is_annotated_jsonl(b"not json")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (b"{broken", "x.jsonl:2: invalid JSON"),
        (b'{"format": "other"}', "x.jsonl:2: not a Claim Annotator bundle"),
        (orjson.dumps({**BUNDLE, "claims": [{"id": 1, "start": "a", "end": 2}]}), "start must"),
    ],
)
def test_reader_names_line(line, message):
    with pytest.raises(JsonlError, match=message):
        list(read_jsonl(orjson.dumps(BUNDLE) + b"\n" + line, file="x.jsonl"))


IGNORED = {"id", "created_at", "updated_at"}


def _normalise(data: bytes) -> list[dict[str, Any]]:
    """Lines with database ids replaced by positions, timestamps dropped (docs/formats.md)."""
    lines = [orjson.loads(raw) for raw in data.splitlines()]
    claim_pos = {
        c["id"]: (n, i) for n, line in enumerate(lines) for i, c in enumerate(line["claims"])
    }
    out = []
    for line in lines:
        source_pos = {s["id"]: s["name"] for s in line["sources"]}
        line["article"].pop("id")
        for key in ("claims", "attributions", "links", "sources"):
            for item in line[key]:
                for field in IGNORED:
                    item.pop(field, None)
        for a in line["attributions"]:
            a["claim"] = claim_pos.get(a["claim"])
            a["source"] = source_pos.get(a["source"])
        for link in line["links"]:
            link["from_claim"] = claim_pos[link["from_claim"]]
            link["to_claim"] = claim_pos[link["to_claim"]]
        out.append(line)
    return out


@pytest.mark.django_db
def test_export_import_into_empty_database_export_again_is_identical():
    first = AnnotationSetFactory()
    ann = UserFactory(username="ann")
    text = "Mayor 🦊 Ana Ruiz said the deal was close.\nOthers said it was not."
    a1 = ArticleFactory(annotation_set=first, text=text, url="https://example.org/a")
    a2 = ArticleFactory(annotation_set=first)
    c1 = ClaimFactory(article=a1, start=25, end=42, created_by=ann, status="approved", note="n")
    c2 = ClaimFactory(article=a1, start=43, end=49, parts=[], created_by=ann)
    c3 = ClaimFactory(article=a2, start=0, end=10, parts=[[0, 4], [5, 10]])
    source = SourceFactory(annotation_set=first, name="Ana Ruiz", folded_name="ana ruiz")
    source.aliases.create(name="Mayor Ruiz", folded_name="mayor ruiz")
    AttributionFactory(
        claim=c1,
        source=source,
        source_start=8,
        source_end=16,
        cue_start=17,
        cue_end=21,
        created_by=ann,
        confidence=0.5,
        details={"x": [1]},
    )
    AttributionFactory(claim=c2, kind="anonymous", cue_start=50, cue_end=54, cue_parts=[])
    AttributionFactory(claim=None, article=a2, kind="anonymous", cue_start=11, cue_end=15)
    ClaimLinkFactory(from_claim=c1, to_claim=c3, relation="repeats", created_by=ann)
    a1.standoff_marks.create(label="Discuss", start=0, end=5, annotator=ann)

    exported = b"".join(export_stream(annotation_set=first, fmt="jsonl"))
    # An empty database: no sets, articles, sources or users left.
    AnnotationSet.objects.all().delete()
    get_user_model().objects.all().delete()
    assert not Claim.objects.exists() and not Source.objects.exists()
    second = AnnotationSetFactory()
    result = annotations_import(
        annotation_set=second, files=[("set.jsonl", exported)], fmt="jsonl", user=None
    )
    assert result["attributions"] == 3 and result["links"] == 1 and result["marks"] == 1
    again = b"".join(export_stream(annotation_set=second, fmt="jsonl"))
    assert _normalise(again) == _normalise(exported)
