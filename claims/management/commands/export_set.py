"""``manage.py export_set SLUG --format F --output PATH|-``: the same export as
``GET /api/v1/sets/SLUG/export/``, streamed to a file or standard output."""

import os
import sys
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.interop.export_formats import EXPORT_FORMATS
from claims.models import AnnotationSet, AttributionKind, ClaimStatus
from claims.selectors.curation import export_layer
from claims.selectors.export import ExportFilters, export_stream


def _csv(value: str | None) -> list[str]:
    return [v for v in (value or "").split(",") if v]


class Command(BaseCommand):
    help = "Export an annotation set (jsonl, json, csv, brat, w3c, labelstudio)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--format", required=True, choices=list(EXPORT_FORMATS))
        parser.add_argument("--output", required=True, help="File path, or - for stdout.")
        parser.add_argument("--status", help="Comma-separated claim statuses.")
        parser.add_argument("--kind", help="Comma-separated attribution kinds.")
        parser.add_argument("--annotator", help="Comma-separated usernames.")
        parser.add_argument(
            "--layer",
            default="",
            help="curated, all or annotator:NAME (default: curated once the set has a curated "
            "layer, all before that).",
        )
        parser.add_argument("--base", default="urn:claim-annotator:", help="IRI base for w3c.")

    def handle(self, *args: Any, **options: Any) -> None:
        annotation_set = AnnotationSet.objects.filter(slug=options["slug"]).first()
        if annotation_set is None:
            raise CommandError(f"No annotation set {options['slug']!r}.")
        try:
            layer, layer_annotators = export_layer(
                annotation_set=annotation_set, layer=options["layer"]
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        filters = ExportFilters(
            statuses=_csv(options["status"]),
            kinds=_csv(options["kind"]),
            annotators=_csv(options["annotator"]) + layer_annotators,
            layer=layer,
        )
        for name, allowed in (("statuses", ClaimStatus.values), ("kinds", AttributionKind.values)):
            unknown = set(getattr(filters, name)) - set(allowed)
            if unknown:
                raise CommandError(f"Unknown {name}: {', '.join(sorted(unknown))}.")
        chunks = export_stream(
            annotation_set=annotation_set,
            fmt=options["format"],
            filters=filters,
            base=options["base"],
        )
        if options["output"] == "-":
            self._to_stdout(chunks)
            return
        with open(options["output"], "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
        self.stderr.write(f"Wrote {options['output']}.")

    def _to_stdout(self, chunks: Iterator[bytes]) -> None:
        target = getattr(self.stdout, "_out", sys.stdout)
        buffer = getattr(target, "buffer", None)
        try:
            for chunk in chunks:
                if buffer is not None:
                    buffer.write(chunk)
                else:  # a text stream (call_command(stdout=StringIO()))
                    target.write(chunk.decode())
            target.flush()
        except BrokenPipeError:
            # The reader went away (| head): stop quietly, as Unix tools do.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
