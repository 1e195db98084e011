"""manage.py import_articles: the seed articles, re-runs, and files that cannot be read."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from claims.models import AnnotationSet, Article, ArticleFlag, FlagKind

pytestmark = pytest.mark.django_db


def run_import(*paths: str, fmt: str = "auto", create: bool = True) -> dict:
    out = StringIO()
    args = [*paths, "--set", "seeds", "--json", "--format", fmt]
    if create:
        args.append("--create-set")
    call_command("import_articles", *args, stdout=out)
    return json.loads(out.getvalue())


def seed_paths(seeds_dir: Path) -> list[str]:
    return sorted(str(p) for p in seeds_dir.glob("*.txt"))


def by_prefix(result: dict, key: str) -> dict[str, object]:
    return {Path(name).name[:3]: value for name, value in result[key].items()}


def test_seeds_import_with_flags_and_one_cluster(seeds_dir):
    paths = seed_paths(seeds_dir)
    result = run_import(*paths)

    assert result["imported"] == 5
    assert set(result["articles"]) == set(paths)
    assert result["errors"] == [] and result["skipped_duplicates"] == []
    assert [sorted(Path(p).name[:3] for p in group) for group in result["clusters"]] == [
        ["000", "001"]
    ]
    flags = by_prefix(result, "flags")
    assert set(flags) == {"000", "001", "002", "003", "004"}
    homoglyphs = {name: f["homoglyphs"] for name, f in flags.items()}
    assert homoglyphs["001"] > 800
    assert [n for n, count in homoglyphs.items() if count] == ["001"]
    assert flags["002"]["run_together"] >= 20
    assert flags["000"]["boilerplate"] > 0 and flags["002"]["boilerplate"] > 0
    assert flags["004"]["boilerplate"] == 0


def test_rerun_imports_nothing_new(seeds_dir):
    paths = seed_paths(seeds_dir)
    run_import(*paths)
    again = run_import(*paths, create=False)
    assert again["imported"] == 0
    assert sorted(again["skipped_duplicates"]) == paths
    assert Article.objects.count() == 5


def test_stored_text_is_exactly_the_file_and_flags_point_into_it(seeds_dir):
    paths = seed_paths(seeds_dir)
    result = run_import(*paths)
    copy_id = result["articles"][paths[1]]
    article = Article.objects.get(pk=copy_id)
    assert article.text == Path(paths[1]).read_text(encoding="utf-8")
    lookalikes = ArticleFlag.objects.filter(article=article, kind=FlagKind.LOOKALIKE)
    assert sum(f.detail["count"] for f in lookalikes) == article.quality_flags["homoglyphs"]
    for flag in lookalikes:
        word = article.text[flag.start : flag.end]
        assert word.strip() == word and any(ord(ch) > 0x3FF for ch in word)
    for sentence in article.sentences.all():
        assert article.text[sentence.start : sentence.end].strip()


def test_folded_sentences_of_copy_match_original(seeds_dir):
    paths = seed_paths(seeds_dir)
    result = run_import(*paths)
    original = Article.objects.get(pk=result["articles"][paths[0]])
    copy = Article.objects.get(pk=result["articles"][paths[1]])
    original_folded = set(original.sentences.values_list("folded_text", flat=True))
    flagged = ArticleFlag.objects.filter(article=copy, kind=FlagKind.LOOKALIKE)
    disguised = [
        s
        for s in copy.sentences.all()
        if any(s.start <= f.start and f.end <= s.end for f in flagged)
    ]
    assert len(disguised) > 20
    # Sentences written with look-alike letters fold to sentences of the original; the
    # only exceptions are the lines the copy added (a photo credit, an author bio).
    missing = [s.folded_text for s in disguised if s.folded_text not in original_folded]
    assert len(missing) <= 2, missing
    assert all(m.startswith(("photo credit", "mark sumner")) for m in missing)


def test_bad_files_are_reported_and_the_rest_imports(tmp_path, seeds_dir):
    bad_utf8 = tmp_path / "latin1.txt"
    bad_utf8.write_bytes("Caf\xe9 society said nothing.".encode("latin-1"))
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"  \n")
    jsonl = tmp_path / "batch.jsonl"
    jsonl.write_text(
        json.dumps({"title": "Good one", "text": "The mayor said the budget is balanced."})
        + "\n{not json\n"
        + json.dumps({"title": "No text"})
        + "\n",
        encoding="utf-8",
    )
    html = tmp_path / "page.html"
    html.write_text(
        "<html><head><title>Council vote</title><script>alert(1)</script></head>"
        "<body><nav>Home | Login</nav><article><p>The council voted 5-4 on Monday, "
        "officials said.</p><img src=x onerror=alert(1)></article></body></html>",
        encoding="utf-8",
    )
    good = seed_paths(seeds_dir)[4]
    out = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_articles",
            str(bad_utf8),
            str(empty),
            str(jsonl),
            str(html),
            good,
            "--set",
            "mixed",
            "--create-set",
            "--json",
            stdout=out,
        )
    result = json.loads(out.getvalue())
    errors = {(Path(e["file"]).name, e.get("line")): e["error"] for e in result["errors"]}
    assert ("latin1.txt", None) in errors and "byte" in errors[("latin1.txt", None)]
    assert ("empty.txt", None) in errors
    assert ("batch.jsonl", 2) in errors and ("batch.jsonl", 3) in errors
    assert result["imported"] == 3  # the good JSONL line, the HTML page, the seed
    page = Article.objects.get(pk=result["articles"][str(html)])
    assert "alert" not in page.text and "Login" not in page.text
    assert "The council voted 5-4" in page.text
    assert AnnotationSet.objects.get(slug="mixed").articles.count() == 3


def test_unknown_set_without_create_is_a_clear_error(seeds_dir):
    with pytest.raises(CommandError, match="--create-set"):
        call_command("import_articles", seed_paths(seeds_dir)[0], "--set", "nope")


def test_missing_file_is_named(tmp_path):
    out = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_articles",
            str(tmp_path / "absent.txt"),
            "--set",
            "x",
            "--create-set",
            "--json",
            stdout=out,
        )
    result = json.loads(out.getvalue())
    assert result["errors"][0]["file"].endswith("absent.txt")
