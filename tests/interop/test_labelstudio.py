"""Label Studio: tasks import-ready, offsets in UTF-16 units on the way out, back to code
points on the way in."""

import orjson
from hypothesis import given
from hypothesis import strategies as st

from claims.interop.labelstudio import OffsetMap, read_labelstudio, write_labelstudio
from tests.interop.test_csv import BUNDLE


def test_round_trip():
    data = b"".join(write_labelstudio([BUNDLE]))
    tasks = orjson.loads(data)
    assert tasks[0]["data"]["text"] == BUNDLE["article"]["text"]
    records = read_labelstudio(data)
    spans = {(r["label"], r["start"], r["end"]) for r in records if not r["relation"]}
    assert spans == {
        ("Claim", 14, 28),
        ("Claim", 30, 36),
        ("Claim", 37, 43),
        ("Source", 0, 8),
        ("Cue", 9, 13),
    }
    relations = [r for r in records if r["relation"]]
    assert {(r["from"], r["to"], r["kind"]) for r in relations} == {
        ("a5-cue-0", "c3-0", "quoted"),
        ("a5-cue-0", "a5-src-0", "quoted"),
    }


def test_astral_characters_shift_utf16_offsets():
    text = "🦊 fox said so"
    bundle = {
        **BUNDLE,
        "article": {"id": 1, "title": "t", "text": text},
        "claims": [{"id": 1, "start": 2, "end": 5, "parts": [], "created_by": None}],
        "attributions": [],
    }
    task = orjson.loads(b"".join(write_labelstudio([bundle])))[0]
    value = task["annotations"][0]["result"][0]["value"]
    assert (value["start"], value["end"], value["text"]) == (3, 6, "fox")
    [record] = read_labelstudio(orjson.dumps([task]))
    assert (record["start"], record["end"]) == (2, 5)


@given(st.text(alphabet=st.sampled_from("ab🦊é𝄞 "), max_size=30))
def test_offset_map_inverts(text):
    om = OffsetMap(text)
    for i in range(len(text) + 1):
        assert om.from_utf16(om.to_utf16(i)) == i
        assert om.to_utf16(i) == len(text[:i].encode("utf-16-le")) // 2
