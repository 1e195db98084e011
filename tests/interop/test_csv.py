"""CSV: one row per attribution; the writer's rows read back unchanged."""

from claims.interop.csv import COLUMNS, read_csv, rows_from_bundle, write_csv
from claims.interop.jsonl import FORMAT_TAG

TEXT = 'Ana Ruiz said "it, is; done".\nOthers agreed.'
BUNDLE = {
    "format": FORMAT_TAG,
    "article": {"id": 7, "title": 'A "quoted", title', "text": TEXT},
    "sources": [{"id": 2, "name": "Ana Ruiz", "kind": "person", "aliases": []}],
    "claims": [
        {"id": 3, "start": 14, "end": 28, "parts": [], "text": TEXT[14:28], "status": "draft"},
        {
            "id": 4,
            "start": 30,
            "end": 43,
            "parts": [[30, 36], [37, 43]],
            "text": "Others agreed",
            "status": "approved",
        },
    ],
    "attributions": [
        {
            "id": 5,
            "claim": 3,
            "kind": "quoted",
            "source": 2,
            "source_start": 0,
            "source_end": 8,
            "source_parts": [],
            "source_text": "Ana Ruiz",
            "cue_start": 9,
            "cue_end": 13,
            "cue_parts": [],
            "cue_text": "said",
            "confidence": 0.25,
            "origin": "manual",
            "created_by": "ann",
        },
        {
            "id": 6,
            "claim": 4,
            "kind": "anonymous",
            "source": None,
            "source_start": None,
            "source_end": None,
            "source_parts": [],
            "source_text": None,
            "cue_start": None,
            "cue_end": None,
            "cue_parts": [],
            "cue_text": None,
            "confidence": None,
            "origin": "imported",
            "created_by": None,
        },
    ],
}


def test_round_trip():
    data = b"".join(write_csv([BUNDLE, BUNDLE]))
    assert data.splitlines()[0].decode() == ",".join(COLUMNS)
    expected = list(rows_from_bundle(BUNDLE)) * 2
    assert read_csv(data) == expected
    assert expected[1]["claim_parts"] == "30-36;37-43"
    assert expected[0]["claim_text"] == '"it, is; done"'


def test_formula_cells_are_defused_and_read_back_exactly():
    bundle = {
        "article": {"id": 1, "title": '=HYPERLINK("http://evil")'},
        "claims": [
            {"id": 2, "start": 0, "end": 5, "parts": [], "text": "'quoted", "status": "draft"}
        ],
        "sources": [{"id": 3, "name": "@mention"}],
        "attributions": [
            {
                "id": 4,
                "claim": 2,
                "source": 3,
                "kind": "sourced",
                "source_start": None,
                "source_end": None,
                "source_parts": [],
                "source_text": None,
                "cue_start": 0,
                "cue_end": 3,
                "cue_parts": [],
                "cue_text": "+1 said",
                "created_by": "-annie",
                "confidence": None,
                "origin": "manual",
            }
        ],
    }
    data = b"".join(write_csv([bundle]))
    line = data.decode().splitlines()[1]
    assert "\"'=HYPERLINK" in line and ",'@mention," in line and ",'+1 said," in line
    (row,) = read_csv(data)
    assert row["article_title"] == '=HYPERLINK("http://evil")'
    assert (row["claim_text"], row["source_name"], row["cue_text"], row["annotator"]) == (
        "'quoted",
        "@mention",
        "+1 said",
        "-annie",
    )
