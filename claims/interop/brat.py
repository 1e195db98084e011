"""brat standoff reader and writer (pure Python, no Django).

Offsets are Python ``str`` indices (code points), half-open ``[start, end)``, into the article
text, exactly as brat and PolNeAR use them. The reader survives PolNeAR's real-world quirks:

* a span's text field may contain newlines, so one ``T`` line continues on the next physical
  line(s); those continuation lines are joined back with ``"\\n"``;
* text that differs from the article slice only in whitespace (a non-breaking space in the
  article, a plain space in the ``.ann``) is accepted and reported in ``BratDocument.warnings``;
* anything else that does not fit — a malformed line, offsets outside the text, a different
  text, an event pointing at an unknown id — raises :class:`BratError` naming file and line.

The writer emits ``T``/``E``/``A`` lines in PolNeAR conventions (``Source``/``Cue``/``Content``
spans, an ``Attribution`` or ``Attribution-no-source`` trigger on the cue, one event per
attribution) plus a ``Kind`` attribute on the event carrying our kind label.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

__all__ = [
    "BratAttribute",
    "BratAttribution",
    "BratDocument",
    "BratError",
    "BratEvent",
    "BratSpan",
    "attributions_from_document",
    "parse_ann",
    "write_ann",
    "write_attributions",
]

Part = tuple[int, int]

# An annotation line starts with a letter-prefixed id and a tab; anything else that follows a
# ``T`` line is the continuation of that line's text field.
_ANNOTATION_LINE = re.compile(r"^(?:[TEARMN]\d+|\*)\t|^#")
_OFFSETS = re.compile(r"^\d+ \d+(?:;\d+ \d+)*$")
_ROLE_SUFFIX = re.compile(r"\d+$")
_WHITESPACE = re.compile(r"\s+")

ATTRIBUTION_TYPES = ("Attribution", "Attribution-no-source")


class BratError(ValueError):
    """A brat file that cannot be read faithfully."""

    def __init__(self, file: str, line: int, message: str) -> None:
        super().__init__(f"{file}:{line}: {message}")
        self.file = file
        self.line = line
        self.message = message


@dataclass(frozen=True, slots=True)
class BratSpan:
    """A text-bound annotation (``T`` line); ``parts`` has several entries when discontinuous."""

    id: str
    type: str
    parts: tuple[Part, ...]
    text: str
    line: int = 0

    @property
    def start(self) -> int:
        return min(s for s, _ in self.parts)

    @property
    def end(self) -> int:
        return max(e for _, e in self.parts)


@dataclass(frozen=True, slots=True)
class BratEvent:
    """An event (``E`` line): a typed trigger span plus ``(role, target id)`` arguments."""

    id: str
    type: str
    trigger: str
    arguments: tuple[tuple[str, str], ...]
    line: int = 0


@dataclass(frozen=True, slots=True)
class BratAttribute:
    """An attribute (``A`` or legacy ``M`` line) on a span or an event; ``value`` None = flag."""

    id: str
    name: str
    target: str
    value: str | None
    line: int = 0


@dataclass(slots=True)
class BratDocument:
    spans: dict[str, BratSpan] = field(default_factory=dict)
    events: list[BratEvent] = field(default_factory=list)
    attributes: list[BratAttribute] = field(default_factory=list)
    # Relations and normalisations are kept verbatim: PolNeAR uses neither.
    other_lines: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class BratAttribution:
    """One attribution relation as PolNeAR encodes it. ``content`` merges Content and Content2."""

    cue: tuple[Part, ...]
    source: tuple[Part, ...] = ()
    content: tuple[Part, ...] = ()
    kind: str | None = None
    event_id: str = field(default="", compare=False)


def _parse_offsets(raw: str, file: str, line: int, text_length: int | None) -> tuple[Part, ...]:
    if not _OFFSETS.match(raw):
        raise BratError(file, line, f"malformed offsets {raw!r}")
    parts: list[Part] = []
    for chunk in raw.split(";"):
        start_s, end_s = chunk.split(" ")
        start, end = int(start_s), int(end_s)
        if start > end:
            raise BratError(file, line, f"span start {start} is after its end {end}")
        if text_length is not None and end > text_length:
            raise BratError(file, line, f"offset {end} is beyond the text ({text_length} chars)")
        parts.append((start, end))
    # brat keeps fragments in the order written (PolNeAR has a few out of order); only a real
    # overlap is an error.
    ordered = sorted(parts)
    for (_s1, e1), (s2, _e2) in itertools.pairwise(ordered):
        if s2 < e1:
            raise BratError(file, line, f"span parts overlap in {raw!r}")
    return tuple(parts)


def _same_but_whitespace(a: str, b: str) -> bool:
    return _WHITESPACE.sub(" ", a).strip() == _WHITESPACE.sub(" ", b).strip()


def _logical_lines(content: str) -> list[tuple[int, str]]:
    """Physical lines folded into logical ones: ``T`` text continuations are joined with \\n."""
    lines: list[tuple[int, str]] = []
    # The final newline ends the last line; it is not a continuation of its text.
    for number, raw in enumerate(content.rstrip("\r\n").split("\n"), start=1):
        line = raw.removesuffix("\r")
        if _ANNOTATION_LINE.match(line) or not lines:
            lines.append((number, line))
        elif lines[-1][1].startswith("T"):
            lines[-1] = (lines[-1][0], lines[-1][1] + "\n" + line)
        elif line.strip():
            lines.append((number, line))  # reported as malformed below
    # A trailing newline leaves an empty last line; blank lines are harmless.
    return [(n, line) for n, line in lines if line.strip()]


def _parse_span(number: int, line: str, file: str, text: str | None) -> tuple[BratSpan, str | None]:
    fields = line.split("\t", 2)
    if len(fields) < 2 or " " not in fields[1]:
        raise BratError(file, number, f"malformed text-bound annotation {line[:60]!r}")
    span_type, raw_offsets = fields[1].split(" ", 1)
    parts = _parse_offsets(raw_offsets, file, number, None if text is None else len(text))
    ann_text = fields[2] if len(fields) == 3 else ""
    warning = None
    if text is not None:
        # brat joins the fragments of a discontinuous span with one space.
        expected = " ".join(text[s:e] for s, e in parts)
        if ann_text != expected:
            if not _same_but_whitespace(ann_text, expected):
                raise BratError(
                    file,
                    number,
                    f"{fields[0]} text {ann_text[:40]!r} does not match the article "
                    f"{expected[:40]!r} at {raw_offsets}",
                )
            warning = f"{file}:{number}: {fields[0]} text differs from the article in whitespace"
    return BratSpan(fields[0], span_type, parts, ann_text, number), warning


def _parse_event(number: int, line: str, file: str) -> BratEvent:
    fields = line.split("\t")
    if len(fields) < 2 or not fields[1].strip():
        raise BratError(file, number, f"malformed event {line[:60]!r}")
    arguments: list[tuple[str, str]] = []
    for item in fields[1].split():
        role, sep, target = item.partition(":")
        if not sep or not role or not target:
            raise BratError(file, number, f"malformed event argument {item!r}")
        arguments.append((role, target))
    (event_type, trigger), rest = arguments[0], arguments[1:]
    return BratEvent(fields[0], event_type, trigger, tuple(rest), number)


def _parse_attribute(number: int, line: str, file: str) -> BratAttribute:
    fields = line.split("\t")
    parts = fields[1].split() if len(fields) >= 2 else []
    if len(parts) not in (2, 3):
        raise BratError(file, number, f"malformed attribute {line[:60]!r}")
    return BratAttribute(
        fields[0], parts[0], parts[1], parts[2] if len(parts) == 3 else None, number
    )


def parse_ann(content: str, text: str | None = None, *, file: str = "<ann>") -> BratDocument:
    """Parse the content of a ``.ann`` file; with ``text``, check every span against it."""
    doc = BratDocument()
    for number, line in _logical_lines(content):
        prefix = line[0]
        if prefix == "#":
            continue
        if not _ANNOTATION_LINE.match(line):
            raise BratError(file, number, f"not a brat annotation line: {line[:60]!r}")
        if prefix == "T":
            span, warning = _parse_span(number, line, file, text)
            if span.id in doc.spans:
                raise BratError(file, number, f"duplicate id {span.id}")
            doc.spans[span.id] = span
            if warning:
                doc.warnings.append(warning)
        elif prefix == "E":
            doc.events.append(_parse_event(number, line, file))
        elif prefix in "AM":
            doc.attributes.append(_parse_attribute(number, line, file))
        else:
            doc.other_lines.append(line)
    event_ids = {event.id for event in doc.events}
    for event in doc.events:
        for _role, target in ((event.type, event.trigger), *event.arguments):
            if target not in doc.spans and target not in event_ids:
                raise BratError(file, event.line, f"{event.id} refers to unknown id {target}")
    for attribute in doc.attributes:
        if attribute.target not in doc.spans and attribute.target not in event_ids:
            raise BratError(
                file, attribute.line, f"{attribute.id} refers to unknown id {attribute.target}"
            )
    return doc


def _merge(parts: Iterable[Part]) -> tuple[Part, ...]:
    merged: list[Part] = []
    for start, end in sorted(parts):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def attributions_from_document(doc: BratDocument) -> list[BratAttribution]:
    """The attribution relations of a PolNeAR-style document, in cue order.

    Roles are read without their numeric suffix, so ``Content2`` joins ``Content``. Events
    without a cue (a handful of empty PolNeAR events) are skipped: they mark nothing.
    """
    kinds = {a.target: a.value for a in doc.attributes if a.name == "Kind"}
    found: list[BratAttribution] = []
    for event in doc.events:
        if event.type not in ATTRIBUTION_TYPES:
            continue
        roles: dict[str, list[Part]] = {"Source": [], "Cue": [], "Content": []}
        for role, target in event.arguments:
            span = doc.spans.get(target)
            base = _ROLE_SUFFIX.sub("", role)
            if span is not None and base in roles:
                roles[base].extend(span.parts)
        if not roles["Cue"]:
            continue
        found.append(
            BratAttribution(
                cue=_merge(roles["Cue"]),
                source=_merge(roles["Source"]),
                content=_merge(roles["Content"]),
                kind=kinds.get(event.id),
                event_id=event.id,
            )
        )
    found.sort(key=lambda a: a.cue)
    return found


def _span_line(span_id: str, span_type: str, parts: Sequence[Part], text: str) -> str:
    offsets = ";".join(f"{s} {e}" for s, e in parts)
    return f"{span_id}\t{span_type} {offsets}\t{' '.join(text[s:e] for s, e in parts)}"


def write_ann(doc: BratDocument, text: str) -> str:
    """Serialise a document; span text is taken from ``text`` so it always matches."""
    lines = [_span_line(s.id, s.type, s.parts, text) for s in doc.spans.values()]
    for event in doc.events:
        args = " ".join(f"{role}:{target}" for role, target in event.arguments)
        lines.append(f"{event.id}\t{event.type}:{event.trigger}" + (f" {args}" if args else ""))
    for attribute in doc.attributes:
        value = "" if attribute.value is None else f" {attribute.value}"
        lines.append(f"{attribute.id}\t{attribute.name} {attribute.target}{value}")
    lines.extend(doc.other_lines)
    return "".join(line + "\n" for line in lines)


def write_attributions(attributions: Iterable[BratAttribution], text: str) -> str:
    """Write attributions in PolNeAR conventions (plus a ``Kind`` attribute when known)."""
    doc = BratDocument()
    t = a = 0

    def add_span(span_type: str, parts: tuple[Part, ...]) -> str:
        nonlocal t
        t += 1
        span_id = f"T{t}"
        doc.spans[span_id] = BratSpan(span_id, span_type, parts, "")
        return span_id

    for e, attribution in enumerate(attributions, start=1):
        if not attribution.cue:
            raise ValueError("an attribution needs a cue")
        arguments: list[tuple[str, str]] = []
        if attribution.source:
            arguments.append(("Source", add_span("Source", attribution.source)))
        arguments.append(("Cue", add_span("Cue", attribution.cue)))
        if attribution.content:
            arguments.append(("Content", add_span("Content", attribution.content)))
        trigger_type = "Attribution" if attribution.source else "Attribution-no-source"
        trigger = add_span(trigger_type, attribution.cue)
        event_id = f"E{e}"
        doc.events.append(BratEvent(event_id, trigger_type, trigger, tuple(arguments)))
        if attribution.kind:
            a += 1
            doc.attributes.append(BratAttribute(f"A{a}", "Kind", event_id, attribution.kind))
    return write_ann(doc, text)


# --- Added for set exports (claims/interop/export_formats.py): build a document from events
# whose spans may be shared, as PolNeAR shares one Source span between several events.

EventSpec = tuple[str, tuple[Part, ...], Sequence[tuple[str, str, tuple[Part, ...]]], str | None]


def build_document(
    events: Iterable[EventSpec], spans: Iterable[tuple[str, tuple[Part, ...]]] = ()
) -> BratDocument:
    """A document from ``(trigger type, trigger parts, [(role, span type, parts)], kind)``
    events plus standalone ``(type, parts)`` spans. Equal ``(type, parts)`` spans share one
    ``T`` id; a ``kind`` becomes a ``Kind`` attribute on the event."""
    doc = BratDocument()
    ids: dict[tuple[str, tuple[Part, ...]], str] = {}

    def span_id(span_type: str, parts: tuple[Part, ...]) -> str:
        key = (span_type, parts)
        if key not in ids:
            ids[key] = f"T{len(ids) + 1}"
            doc.spans[ids[key]] = BratSpan(ids[key], span_type, parts, "")
        return ids[key]

    for number, (trigger_type, trigger_parts, arguments, kind) in enumerate(events, start=1):
        trigger = span_id(trigger_type, trigger_parts)
        args = tuple((role, span_id(span_type, parts)) for role, span_type, parts in arguments)
        doc.events.append(BratEvent(f"E{number}", trigger_type, trigger, args))
        if kind:
            doc.attributes.append(
                BratAttribute(f"A{len(doc.attributes) + 1}", "Kind", f"E{number}", kind)
            )
    for span_type, parts in spans:
        span_id(span_type, parts)
    return doc
