from __future__ import annotations

import json

import pytest

from claims.interop.articles import (
    ArticleReadError,
    ArticleRecord,
    detect_format,
    read_articles,
    read_articles_result,
)


def test_text_file_title_is_first_non_blank_line_and_bom_is_stripped():
    data = "\ufeff\n\n  Headline here  \n\nBody “text” 😀.\n".encode()
    [record] = read_articles("story.txt", data)
    assert record.title == "Headline here"
    assert record.text == "\n\n  Headline here  \n\nBody “text” 😀.\n"
    assert record.source_name == "story.txt"
    assert record.line is None


def test_html_file_uses_the_extractor():
    data = b"<html><head><title>T</title></head><body><article><p>One.</p><p>Two.</p></article>"
    [record] = read_articles("page.htm", data)
    assert record == ArticleRecord(title="T", text="One.\n\nTwo.", source_name="page.htm")


def test_jsonl_records_and_optional_fields():
    lines = [
        {
            "title": "A",
            "text": "Alpha.",
            "url": "https://a",
            "outlet": "O",
            "author": "X",
            "published_at": "2019-12-10",
        },
        {"text": "Beta line one\nmore"},
    ]
    data = ("\n".join(json.dumps(x) for x in lines) + "\n\n").encode()
    a, b = read_articles("batch.jsonl", data)
    assert (a.title, a.url, a.outlet, a.author, a.published_at, a.line) == (
        "A",
        "https://a",
        "O",
        "X",
        "2019-12-10",
        1,
    )
    assert (b.title, b.text, b.published_at, b.line) == (
        "Beta line one",
        "Beta line one\nmore",
        None,
        2,
    )


def test_jsonl_bad_lines_are_reported_and_good_ones_kept():
    data = b'{"text": "ok"}\n{not json\n\n{"title": "no text"}\n[1, 2]\n{"text": "also ok"}\n'
    result = read_articles_result("batch.ndjson", data)
    assert [r.text for r in result.records] == ["ok", "also ok"]
    assert [e.line for e in result.errors] == [2, 4, 5]
    assert "invalid JSON" in str(result.errors[0]) and "line 2" in str(result.errors[0])
    assert 'missing or empty "text"' in result.errors[1].message
    with pytest.raises(ArticleReadError) as info:
        read_articles("batch.ndjson", data)
    assert info.value.line == 2


def test_invalid_utf8_names_the_byte_offset():
    with pytest.raises(ArticleReadError) as info:
        read_articles("bad.txt", b"Title\n\nabc\xff rest")
    assert info.value.byte_offset == 10
    assert "byte 10" in str(info.value) and "UTF-8" in str(info.value)


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n", b"\xef\xbb\xbf  \n"])
def test_empty_files_are_errors(data):
    with pytest.raises(ArticleReadError, match="empty"):
        read_articles("empty.txt", data)


def test_non_string_field_is_a_line_error():
    result = read_articles_result("x.jsonl", b'{"text": "t", "url": 5}\n')
    assert result.records == []
    assert result.errors[0].line == 1 and '"url"' in result.errors[0].message


def test_format_detection():
    assert detect_format("a.TXT", b"{") == "text"
    assert detect_format("a.md", b"") == "text"
    assert detect_format("a.html", b"") == "html"
    assert detect_format("a.ndjson", b"") == "jsonl"
    assert detect_format("upload", b'\n {"text": "x"}') == "jsonl"
    assert detect_format("upload", b"<!DOCTYPE html><html>") == "html"
    assert detect_format("upload", b"Just words") == "text"


def test_unknown_format_is_an_error():
    with pytest.raises(ArticleReadError, match="unknown format"):
        read_articles("a.txt", b"x", fmt="csv")
