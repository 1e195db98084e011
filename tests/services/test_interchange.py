"""Annotation import (brat, JSONL): counts, round trips and refusals."""

import io
import re
import zipfile
from collections import Counter
from pathlib import Path

import orjson
import pytest
from django.contrib.auth import get_user_model

from claims.interop.brat import parse_ann
from claims.models import Attribution, Claim, StandoffMark
from claims.selectors.export import export_stream
from claims.services.interchange import InterchangeError, annotations_import
from tests.factories import AnnotationSetFactory

pytestmark = pytest.mark.django_db

_T_LINE = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t", re.M)
_E_LINE = re.compile(r"^E\d+\t", re.M)


def _dev_files(polnear_dir: Path) -> list[tuple[str, bytes]]:
    dev = polnear_dir / "dev"
    files = [(f"text/{p.name}", p.read_bytes()) for p in sorted((dev / "text").glob("*.txt"))]
    files += [
        (f"attributions/{p.name}", p.read_bytes())
        for p in sorted((dev / "attributions").glob("*.ann"))
    ]
    return files


def _spans_and_events(ann: str, text: str) -> tuple[set, Counter]:
    doc = parse_ann(ann, text)
    spans = {(s.type, s.parts, " ".join(text[a:b] for a, b in s.parts)) for s in doc.spans.values()}

    def key(span_id: str) -> tuple:
        span = doc.spans[span_id]
        return (span.type, span.parts)

    events = Counter(
        (e.type, key(e.trigger), tuple(sorted((role, key(t)) for role, t in e.arguments)))
        for e in doc.events
    )
    return spans, events


def _annotator(name: str) -> str:
    return name.removesuffix(".ann").rsplit("_", 1)[1]


@pytest.mark.polnear
def test_polnear_dev_brat_round_trip(polnear_dir):
    annotation_set = AnnotationSetFactory()
    files = _dev_files(polnear_dir)
    result = annotations_import(annotation_set=annotation_set, files=files, fmt="brat", user=None)

    expected: dict[str, Counter] = {}
    for name, data in files:
        if name.endswith(".ann"):
            content = data.decode()
            counts = expected.setdefault(_annotator(name), Counter())
            counts["attributions"] += len(_E_LINE.findall(content))
            counts["spans"] += len({(m[1], m[2]) for m in _T_LINE.findall(content)})
            counts["files"] += 1
    for annotator, counts in expected.items():
        assert result["annotators"][annotator] == dict(counts), annotator
        assert (
            Attribution.objects.filter(imported_annotator=annotator).count()
            == counts["attributions"]
        )
    assert result["attributions"] == sum(c["attributions"] for c in expected.values())

    archive = zipfile.ZipFile(
        io.BytesIO(b"".join(export_stream(annotation_set=annotation_set, fmt="brat")))
    )
    exported = {Path(n).name: archive.read(n) for n in archive.namelist()}
    texts = {n: d.decode() for n, d in files if n.endswith(".txt")}
    for name, data in files:
        if not name.endswith(".ann"):
            continue
        base = Path(name).name
        text = next(t for n, t in texts.items() if base.startswith(Path(n).stem + "_"))
        assert base in exported, base
        original = _spans_and_events(data.decode(), text)
        again = _spans_and_events(exported[base].decode(), text)
        assert again[0] == original[0], base
        assert again[1] == original[1], base


def test_brat_discontinuous_marks_and_kind(annotation_set):
    text = "Aides said, quietly, that the plan failed. Doubtful part."
    ann = (
        "T1\tSource 0 5\tAides\n"
        "T2\tCue 6 10\tsaid\n"
        "T3\tContent 21 41;12 19\tthat the plan failed quietly\n"
        "T4\tAttribution 6 10\tsaid\n"
        "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n"
        "A1\tKind E1 quoted\n"
        "T5\tDiscuss 43 51\tDoubtful\n"
    )
    result = annotations_import(
        annotation_set=annotation_set,
        files=[("doc.txt", text.encode()), ("doc_ab12.ann", ann.encode())],
        fmt="brat",
        user=None,
    )
    assert result["attributions"] == 1
    attribution = Attribution.objects.get()
    assert attribution.kind == "quoted"
    # The file's annotator is provenance, not an account.
    assert attribution.imported_annotator == "ab12" and attribution.created_by is None
    assert not get_user_model().objects.filter(username="ab12").exists()
    claim = Claim.objects.get()
    assert claim.parts == [[12, 19], [21, 41]]
    assert StandoffMark.objects.get().label == "Discuss"
    archive = zipfile.ZipFile(
        io.BytesIO(b"".join(export_stream(annotation_set=annotation_set, fmt="brat")))
    )
    out = archive.read("attributions/doc_ab12.ann").decode()
    assert "Content 21 41;12 19\tthat the plan failed quietly" in out
    assert "Discuss 43 51" in out


def test_reimporting_the_same_brat_files_adds_nothing(annotation_set):
    text = "Aides said the plan failed."
    ann = (
        "T1\tCue 6 10\tsaid\nT2\tContent 11 26\tthe plan failed\n"
        "E1\tAttribution:T1 Cue:T1 Content:T2\n"
    )
    files = [("doc.txt", text.encode()), ("doc_ab12.ann", ann.encode())]
    first = annotations_import(annotation_set=annotation_set, files=files, fmt="brat", user=None)
    again = annotations_import(annotation_set=annotation_set, files=files, fmt="brat", user=None)
    assert (first["attributions"], again["attributions"]) == (1, 0)
    assert again["skipped_files"] == ["doc_ab12.ann"]
    assert Attribution.objects.count() == 1 and Claim.objects.count() == 1


@pytest.mark.parametrize(
    ("ann", "message"),
    [
        ("T1\tCue 6 10\tsaid\nE1\tAttribution:T1\ngarbage here\n", "line 3"),
        ("T1\tCue 6 99\tsaid\n", "beyond the text"),
        ("T1\tCue 0 5\tWrong\n", "does not match"),
    ],
)
def test_brat_bad_input_names_file_and_line_and_writes_nothing(annotation_set, ann, message):
    files = [("doc.txt", b"Aides said so."), ("doc_x.ann", ann.encode())]
    with pytest.raises(InterchangeError) as caught:
        annotations_import(annotation_set=annotation_set, files=files, fmt="brat", user=None)
    error = caught.value.errors[0]
    assert error["file"] == "doc_x.ann"
    assert message in f"line {error['line']} {error['message']}"
    assert not annotation_set.articles.exists()


def test_unknown_format_lists_formats(annotation_set):
    with pytest.raises(InterchangeError, match="brat, jsonl"):
        annotations_import(annotation_set=annotation_set, files=[], fmt="xml", user=None)


def test_jsonl_bad_offsets_rejected_with_reason(annotation_set):
    line = {
        "format": "claim-annotator/1",
        "article": {"title": "t", "text": "Short text."},
        "claims": [{"id": 1, "start": 0, "end": 50}],
        "attributions": [],
    }
    with pytest.raises(InterchangeError, match="past the end"):
        annotations_import(
            annotation_set=annotation_set,
            files=[("a.jsonl", orjson.dumps(line))],
            fmt="jsonl",
            user=None,
        )
    line["claims"] = [{"id": 1, "start": 0, "end": 5, "text": "Other"}]
    with pytest.raises(InterchangeError, match="does not match"):
        annotations_import(
            annotation_set=annotation_set,
            files=[("a.jsonl", orjson.dumps(line))],
            fmt="jsonl",
            user=None,
        )
    assert not annotation_set.articles.exists()


def test_import_paths_reads_folders_and_reports_errors_without_raising(annotation_set, tmp_path):
    from claims.services.interchange import annotations_import_paths

    (tmp_path / "text").mkdir()
    (tmp_path / "ann").mkdir()
    (tmp_path / "text" / "doc.txt").write_text("Aides said so.")
    (tmp_path / "ann" / "doc_q1.ann").write_text(
        "T1\tCue 6 10\tsaid\nT2\tAttribution-no-source 6 10\tsaid\n"
        "E1\tAttribution-no-source:T2 Cue:T1\n"
    )
    result = annotations_import_paths(
        annotation_set=annotation_set, paths=[tmp_path], fmt="brat", user=None
    )
    assert result["errors"] == [] and result["imported"] == 1
    assert result["annotators"]["q1"] == {"files": 1, "attributions": 1, "spans": 2}
    (tmp_path / "ann" / "doc_q2.ann").write_text("T1\tCue 6 10\tsays\n")
    result = annotations_import_paths(
        annotation_set=annotation_set, paths=[tmp_path], fmt="brat", user=None
    )
    assert result["imported"] == 0
    assert result["errors"][0]["error"].endswith(
        "doc_q2.ann:1: T1 text 'says' does not match the article 'said' at 6 10"
    )
    assert Attribution.objects.count() == 1


def test_ann_files_can_follow_their_text_in_a_later_import(annotation_set):
    annotations_import(
        annotation_set=annotation_set,
        files=[("my_doc.txt", b"Aides said so.")],
        fmt="brat",
        user=None,
    )
    ann = (
        b"T1\tCue 6 10\tsaid\nT2\tAttribution-no-source 6 10\tsaid\n"
        b"E1\tAttribution-no-source:T2 Cue:T1\n"
    )
    result = annotations_import(
        annotation_set=annotation_set, files=[("my_doc_a1.ann", ann)], fmt="brat", user=None
    )
    assert result["articles_created"] == 0 and result["articles_existing"] == 1
    assert result["annotators"]["a1"]["attributions"] == 1


@pytest.mark.polnear
def test_polnear_dev_survives_brat_to_jsonl_to_brat(polnear_dir):
    from tests.interop.test_jsonl import _normalise

    first = AnnotationSetFactory()
    annotations_import(annotation_set=first, files=_dev_files(polnear_dir), fmt="brat", user=None)
    exported = b"".join(export_stream(annotation_set=first, fmt="jsonl"))
    second = AnnotationSetFactory()
    annotations_import(
        annotation_set=second, files=[("dev.jsonl", exported)], fmt="jsonl", user=None
    )
    assert _normalise(b"".join(export_stream(annotation_set=second, fmt="jsonl"))) == _normalise(
        exported
    )
    brat_first = zipfile.ZipFile(
        io.BytesIO(b"".join(export_stream(annotation_set=first, fmt="brat")))
    )
    brat_second = zipfile.ZipFile(
        io.BytesIO(b"".join(export_stream(annotation_set=second, fmt="brat")))
    )
    assert sorted(brat_first.namelist()) == sorted(brat_second.namelist())
    for name in brat_first.namelist():
        assert brat_first.read(name) == brat_second.read(name), name


def _line(text: str, claims, attributions=(), links=()) -> bytes:
    bundle = {
        "format": "claim-annotator/1",
        "article": {"title": "t", "text": text},
        "claims": [{"id": i, "start": s, "end": e} for i, s, e in claims],
        "attributions": [{"id": n, "claim": c, "kind": "anonymous"} for n, c in attributions],
        "links": [{"from_claim": f, "to_claim": t, "relation": "repeats"} for f, t in links],
    }
    return orjson.dumps(bundle)


def test_jsonl_lines_sharing_an_article_compare_with_what_earlier_lines_stored(annotation_set):
    """Claims wait to be written in batches; a line whose article an earlier line of the same
    upload stored still sees that line's claims (and adds only what is new)."""
    text = "Alpha beta gamma. Delta epsilon zeta."
    first = _line(text, [(1, 0, 16), (2, 18, 37)], [(1, 1)], [(1, 2)])
    second = _line(text, [(5, 0, 16), (6, 18, 30)], [(2, 6)], [(5, 6)])
    result = annotations_import(
        annotation_set=annotation_set,
        files=[("up.jsonl", first + b"\n" + second)],
        fmt="jsonl",
        user=None,
    )
    assert (result["articles_created"], result["articles_existing"]) == (1, 1)
    assert (result["claims"], result["attributions"], result["links"]) == (3, 2, 2)
    assert sorted(Claim.objects.values_list("start", "end")) == [(0, 16), (18, 30), (18, 37)]
    on = dict(Attribution.objects.values_list("id", "claim__end"))
    assert sorted(on.values()) == [16, 30]


def test_jsonl_import_statements_do_not_grow_a_statement_per_line(
    annotation_set, django_assert_max_num_queries
):
    """5 claims, 1 attribution and 1 link on each of 60 lines: a bounded number of statements
    (134 on SQLite when each line wrote its own claims; 16 now), every object and its history
    still written."""
    lines = []
    for n in range(60):
        text = f"Line {n:02} says one thing. It says another. Then a third. And a fourth. Fifth."
        sentences = re.finditer(r"\S[^.]*\.", text)
        spans = [(k + 1, m.start(), m.end()) for k, m in enumerate(sentences)]
        lines.append(_line(text, spans, [(1, 1)], [(1, 2)]))
    with django_assert_max_num_queries(30):
        result = annotations_import(
            annotation_set=annotation_set,
            files=[("up.jsonl", b"\n".join(lines))],
            fmt="jsonl",
            user=None,
        )
    assert (result["claims"], result["attributions"], result["links"]) == (300, 60, 60)
    from claims.models import ChangeRecord

    assert ChangeRecord.objects.filter(group=result["group"]).count() == 420
