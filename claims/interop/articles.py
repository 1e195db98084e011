"""Pure readers for article import files: plain text, HTML and JSON Lines.

`read_articles` raises `ArticleReadError` when a whole file is unusable. A JSONL file can be
partly good, so `read_articles_result` returns the good records *and* one error per bad line;
`read_articles` is the strict form that raises on the first bad line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import PurePath

from claims.nlp.html import extract_article
from claims.nlp.title import title_from_text

__all__ = [
    "FORMATS",
    "ArticleReadError",
    "ArticleRecord",
    "ReadResult",
    "detect_format",
    "is_web_url",
    "read_articles",
    "read_articles_result",
]

FORMATS = ("text", "html", "jsonl")
_EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
_STRING_FIELDS = ("title", "url", "outlet", "author", "published_at")


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    title: str
    text: str
    url: str = ""
    outlet: str = ""
    author: str = ""
    published_at: str | None = None
    source_name: str = ""  # the file the record came from
    line: int | None = None  # 1-based line in a JSONL file


class ArticleReadError(ValueError):
    """A file (or one JSONL line) that cannot be read; the message says where."""

    def __init__(
        self, file: str, message: str, line: int | None = None, byte_offset: int | None = None
    ) -> None:
        self.file = file
        self.message = message
        self.line = line
        self.byte_offset = byte_offset
        where = file
        if line is not None:
            where += f", line {line}"
        if byte_offset is not None:
            where += f", byte {byte_offset}"
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True, slots=True)
class ReadResult:
    records: list[ArticleRecord]
    errors: list[ArticleReadError] = field(default_factory=list)


def is_web_url(url: str) -> bool:
    """Only ``http``/``https`` addresses are kept as article URLs (``javascript:``,
    ``data:``, ``file:`` and the like are refused)."""
    head = url.strip()[:8].lower()
    return head.startswith(("http://", "https://"))


def detect_format(name: str, data: bytes) -> str:
    """Format from the file extension, else sniffed from the first non-blank bytes."""
    ext = PurePath(name).suffix.lower()
    if ext in _EXTENSIONS:
        return _EXTENSIONS[ext]
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:512].lower()
    if head.startswith(b"{"):
        return "jsonl"
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<article", b"<p")):
        return "html"
    return "text"


def read_articles(name: str, data: bytes, fmt: str = "auto") -> list[ArticleRecord]:
    """All records of a file; raises ArticleReadError on the first problem."""
    result = read_articles_result(name, data, fmt)
    if result.errors:
        raise result.errors[0]
    return result.records


def read_articles_result(name: str, data: bytes, fmt: str = "auto") -> ReadResult:
    """Good records plus per-line errors (JSONL); whole-file problems still raise."""
    if fmt == "auto":
        fmt = detect_format(name, data)
    if fmt not in FORMATS:
        raise ArticleReadError(name, f"unknown format {fmt!r}; expected one of {FORMATS}")
    text = _decode(name, data)
    if not text.strip():
        raise ArticleReadError(name, "file is empty")
    if fmt == "text":
        return ReadResult([_text_record(name, text)])
    if fmt == "html":
        extracted = extract_article(text)
        if not extracted.text.strip():
            raise ArticleReadError(name, "no article text found in the HTML")
        record = ArticleRecord(
            extracted.title,
            extracted.text,
            outlet=extracted.site_name,
            author=extracted.author,
            published_at=extracted.published or None,
            source_name=name,
        )
        return ReadResult([record])
    return _read_jsonl(name, text)


def _decode(name: str, data: bytes) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ArticleReadError(
            name, f"not valid UTF-8 (byte 0x{data[exc.start]:02x})", byte_offset=exc.start
        ) from None
    if (nul := text.find("\x00")) >= 0:
        raise ArticleReadError(
            name, "contains a NUL byte (not text)", line=text.count("\n", 0, nul) + 1
        )
    return text.removeprefix("\ufeff")


def _text_record(name: str, text: str) -> ArticleRecord:
    # The stored text is the file as it is (offsets index it); the title is its first line
    # that is not navigation, a sign-up form or a section label.
    title = title_from_text(text)
    return ArticleRecord(title=title, text=text, source_name=name)


def _read_jsonl(name: str, text: str) -> ReadResult:
    records: list[ArticleRecord] = []
    errors: list[ArticleReadError] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            records.append(_json_record(name, line, number))
        except ArticleReadError as exc:
            errors.append(exc)
    if not records and not errors:
        raise ArticleReadError(name, "no records found")
    return ReadResult(records, errors)


def _json_record(name: str, line: str, number: int) -> ArticleRecord:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ArticleReadError(name, f"invalid JSON: {exc.msg}", line=number) from None
    if not isinstance(obj, dict):
        raise ArticleReadError(name, "expected a JSON object", line=number)
    body = obj.get("text")
    if not isinstance(body, str) or not body.strip():
        raise ArticleReadError(name, 'missing or empty "text"', line=number)
    values: dict[str, str | None] = {}
    for key in _STRING_FIELDS:
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            raise ArticleReadError(name, f'"{key}" must be a string', line=number)
        if value is not None and "\x00" in value:
            raise ArticleReadError(name, f'"{key}" contains a NUL character', line=number)
        values[key] = value
    if values["url"] and not is_web_url(values["url"]):
        raise ArticleReadError(name, '"url" must be an http:// or https:// address', line=number)
    if "\x00" in body:
        raise ArticleReadError(name, '"text" contains a NUL character', line=number)
    title = values["title"] or title_from_text(body)
    return ArticleRecord(
        title=title,
        text=body,
        url=values["url"] or "",
        outlet=values["outlet"] or "",
        author=values["author"] or "",
        published_at=values["published_at"],
        source_name=name,
        line=number,
    )
