"""W3C Web Annotation: selectors carry code-point positions and the quoted text."""

import orjson

from claims.interop.w3c import read_w3c, write_w3c
from tests.interop.test_csv import BUNDLE, TEXT


def test_round_trip_and_selectors():
    data = b"".join(write_w3c([BUNDLE], base="https://x.test/api/v1/"))
    collection = orjson.loads(data)
    assert collection["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    claim = collection["items"][0]
    quote, position = claim["target"][0]["selector"]
    assert quote["type"] == "TextQuoteSelector" and quote["exact"] == TEXT[14:28]
    assert position == {"type": "TextPositionSelector", "start": 14, "end": 28}
    records = read_w3c(data)
    claims = [r for r in records if r["role"] == "claim"]
    attributions = [r for r in records if r["role"] == "attribution"]
    assert [c["spans"] for c in claims] == [[[14, 28]], [[30, 36], [37, 43]]]
    assert [c["status"] for c in claims] == ["draft", "approved"]
    assert attributions[0] == {
        "id": "https://x.test/api/v1/attributions/5",
        "role": "attribution",
        "spans": [[9, 13]],
        "source_spans": [[0, 8]],
        "kind": "quoted",
        "source": "Ana Ruiz",
        "claim": "https://x.test/api/v1/claims/3",
        "creator": "ann",
    }
    assert attributions[1]["spans"] == [] and attributions[1]["kind"] == "anonymous"
