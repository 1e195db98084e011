"""brat standoff reader/writer: quirks, errors, round trip, and every PolNeAR dev file."""

from pathlib import Path

import pytest

from claims.interop.brat import (
    BratAttribution,
    BratError,
    attributions_from_document,
    parse_ann,
    write_ann,
    write_attributions,
)

SHARED = Path(__file__).resolve().parents[2].parent / "shared"

TEXT = "The mayor said the bridge\nwill reopen. “It is safe,” she added, “really.”"


def test_reads_spans_events_and_discontinuous_content():
    ann = (
        "T1\tSource 0 9\tThe mayor\n"
        "T2\tCue 10 14\tsaid\n"
        "T3\tContent 15 37\tthe bridge\nwill reopen\n"
        "T4\tAttribution 10 14\tsaid\n"
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
        "T5\tContent 39 50;65 71\t“It is safe really\n"
        "T6\tSource 53 56\tshe\n"
        "T7\tCue 57 62\tadded\n"
        "T8\tAttribution 57 62\tadded\n"
        "E2\tAttribution:T8 Cue:T7 Source:T6 Content:T5\n"
        "A1\tKind E2 quoted\n"
    )
    doc = parse_ann(ann, TEXT, file="x.ann")
    assert doc.spans["T3"].text == "the bridge\nwill reopen"
    assert doc.spans["T5"].parts == ((39, 50), (65, 71))
    assert doc.warnings == []
    first, second = attributions_from_document(doc)
    assert first == BratAttribution(cue=((10, 14),), source=((0, 9),), content=((15, 37),))
    assert second.content == ((39, 50), (65, 71))
    assert second.kind == "quoted"


def test_content2_joins_content_and_no_source_events():
    text = "Critics say it failed and cost too much."
    ann = (
        "T1\tCue 8 11\tsay\n"
        "T2\tContent 12 21\tit failed\n"
        "T3\tContent 26 39\tcost too much\n"
        "T4\tAttribution-no-source 8 11\tsay\n"
        "E1\tAttribution-no-source:T4 Cue:T1 Content:T2 Content2:T3\n"
        "T5\tDiscuss 0 7\tCritics\n"
        "T6\tDiscard 0 3\tCri\n"
    )
    doc = parse_ann(ann, text)
    (attribution,) = attributions_from_document(doc)
    assert attribution.source == ()
    assert attribution.content == ((12, 21), (26, 39))
    assert {s.type for s in doc.spans.values()} >= {"Discuss", "Discard"}


def test_whitespace_only_difference_is_a_warning():
    text = "Gov.\u00a0Smith said so."
    doc = parse_ann("T1\tSource 0 10\tGov. Smith\n", text, file="w.ann")
    assert len(doc.warnings) == 1
    assert "w.ann:1" in doc.warnings[0]


@pytest.mark.parametrize(
    ("ann", "message"),
    [
        ("T1\tSource 0 4\tNope\n", "does not match"),
        ("T1\tSource 0 400\tx\n", "beyond the text"),
        ("T1\tSource 4 0\tx\n", "after its end"),
        ("T1\tSource zero 4\tx\n", "malformed offsets"),
        ("T1\tSource 0 3;2 5\tThe mayor\n", "overlap"),
        ("E1\tAttribution:T9 Cue:T2\n", "unknown id"),
        ("T1\tSource 0 3\tThe\nA1\tKind\n", "malformed attribute"),
        ("garbage line\n", "not a brat annotation line"),
    ],
)
def test_malformed_input_raises_with_file_and_line(ann, message):
    with pytest.raises(BratError) as caught:
        parse_ann(ann, TEXT, file="bad.ann")
    assert message in caught.value.message
    assert caught.value.file == "bad.ann"
    assert str(caught.value).startswith("bad.ann:")


def test_error_names_the_right_line():
    ann = "T1\tSource 0 9\tThe mayor\nT2\tCue 10 14\tsaid\nT3\tCue 10 14\tsaw\n"
    with pytest.raises(BratError) as caught:
        parse_ann(ann, TEXT, file="f.ann")
    assert caught.value.line == 3


def test_round_trip_of_attributions():
    attributions = [
        BratAttribution(cue=((10, 14),), source=((0, 9),), content=((15, 37),), kind="anonymous"),
        BratAttribution(cue=((57, 62),), source=((53, 56),), content=((39, 50), (65, 71))),
        BratAttribution(cue=((51, 52),), kind="quoted"),
    ]
    written = write_attributions(attributions, TEXT)
    assert "Attribution-no-source" in written
    assert "A1\tKind E1 anonymous" in written
    doc = parse_ann(written, TEXT)
    assert doc.warnings == []
    assert attributions_from_document(doc) == sorted(attributions, key=lambda a: a.cue)
    assert write_ann(doc, TEXT) == written


@pytest.mark.polnear
def test_every_dev_file_parses():
    dev = SHARED / "polnear" / "dev"
    if not dev.is_dir():
        pytest.skip(f"PolNeAR dev split not found at {dev}")
    files = sorted((dev / "attributions").glob("*.ann"))
    assert len(files) == 94
    events = 0
    for ann in files:
        name = ann.stem.rpartition("_")[0]
        text = (dev / "text" / f"{name}.txt").read_text(encoding="utf-8")
        doc = parse_ann(ann.read_text(encoding="utf-8"), text, file=str(ann))
        attributions = attributions_from_document(doc)
        events += len(attributions)
        assert (
            attributions_from_document(parse_ann(write_attributions(attributions, text), text))
            == attributions
        )
    assert events > 2000
