"""The train_attribution_model and evaluate_attributions management commands."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from claims.interop.brat import BratAttribution, write_attributions

TEXT = "Harbor news\n\nMayor Jane Doe said the bridge would reopen next week.\n"


def _gold(root: Path) -> Path:
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    (root / "text" / "harbor.txt").write_text(TEXT, encoding="utf-8")

    def span(needle: str) -> tuple[tuple[int, int]]:
        at = TEXT.index(needle)
        return ((at, at + len(needle)),)

    attribution = BratAttribution(
        cue=span("said"), source=span("Mayor Jane Doe"), content=span("the bridge would reopen")
    )
    for annotator in ("a1", "b2"):
        path = root / "attributions" / f"harbor_{annotator}.ann"
        path.write_text(write_attributions([attribution], TEXT), encoding="utf-8")
    return root


def test_evaluate_json_prints_one_object(tmp_path):
    out = StringIO()
    call_command(
        "evaluate_attributions", "--gold", str(_gold(tmp_path / "gold")), "--json", stdout=out
    )
    result = json.loads(out.getvalue())
    expected = {"source", "cue", "content", "linked", "kind_accuracy", "kb_per_s", "articles"}
    assert expected <= set(result)
    assert result["articles"] == 1
    assert set(result["cue"]) == {"exact", "lenient"}
    assert set(result["cue"]["exact"]) == {"p", "r", "f1"}
    assert result["cue"]["exact"]["f1"] == 100.0
    assert set(result["published"]) == {"source", "cue", "content"}
    assert result["published"]["cue"] == {"p": 100.0, "r": 100.0, "f1": 100.0}


def test_evaluate_model_fast_is_the_shipped_crf(tmp_path):
    out = StringIO()
    gold = str(_gold(tmp_path / "gold"))
    call_command("evaluate_attributions", "--gold", gold, "--model", "fast", "--json", stdout=out)
    assert json.loads(out.getvalue())["published"]["cue"]["f1"] == 100.0


def test_evaluate_names_the_model_it_ran(tmp_path):
    gold = str(_gold(tmp_path / "gold"))
    for name in ("fast", "encoder"):
        out = StringIO()
        call_command("evaluate_attributions", "--gold", gold, "--model", name, "--json", stdout=out)
        assert json.loads(out.getvalue())["model"] == name
    out = StringIO()
    call_command("evaluate_attributions", "--gold", gold, "--json", stdout=out)
    assert json.loads(out.getvalue())["model"] == "encoder"  # the default


def test_train_encoder_needs_its_dev_set_and_torch_python(tmp_path):
    with pytest.raises(CommandError, match="--dev and --torch-python"):
        call_command("train_attribution_model", "--brat", str(_gold(tmp_path / "g")), "--encoder")


def test_train_encoder_without_an_encoder_file_says_where_it_looked(tmp_path):
    output = tmp_path / "enc" / "crf.crfsuite"
    with pytest.raises(CommandError, match="No encoder at"):
        call_command(
            "train_attribution_model",
            "--brat",
            str(_gold(tmp_path / "g")),
            "--encoder",
            "--skip-finetune",
            "--output",
            str(output),
        )


def test_evaluate_table(tmp_path):
    out = StringIO()
    call_command("evaluate_attributions", "--gold", str(_gold(tmp_path / "gold")), stdout=out)
    text = out.getvalue()
    assert "linked" in text
    assert "published metric" in text
    assert "KB/s" in text


def test_evaluate_names_a_directory_without_layout(tmp_path):
    (tmp_path / "text").mkdir()
    with pytest.raises(CommandError, match="attributions/"):
        call_command("evaluate_attributions", "--gold", str(tmp_path))
    with pytest.raises(CommandError, match=str(tmp_path / "nowhere")):
        call_command("evaluate_attributions", "--gold", str(tmp_path / "nowhere"))


def test_train_command_rejects_a_directory_without_layout(tmp_path):
    with pytest.raises(CommandError, match="text/"):
        call_command("train_attribution_model", "--brat", str(tmp_path))


@pytest.mark.django_db
def test_suggest_command_reports_its_speed():
    from tests.factories import AnnotationSetFactory, ArticleFactory

    annotation_set = AnnotationSetFactory()
    ArticleFactory(annotation_set=annotation_set, text=TEXT)
    out = StringIO()
    call_command("suggest_attributions", "--set", annotation_set.slug, "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert result["articles"] == 1
    assert result["kb"] == pytest.approx(len(TEXT.encode()) / 1024, abs=0.1)
    assert result["seconds"] > 0
    assert result["kb_per_s"] >= 0  # its value depends on the machine, not asserted
    out = StringIO()
    call_command("suggest_attributions", "--set", annotation_set.slug, stdout=out)
    assert "KB/s" in out.getvalue()
