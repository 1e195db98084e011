"""``manage.py agreement SLUG [--json]``: inter-annotator agreement of a set.

Without ``--json`` prints the pairwise matrix as a table; with it, exactly one JSON object:
``annotators`` (names), ``pairs`` (both names and each pair's figures), set-level
``alpha_kind`` and span F1s, and the per-article drill-down (``articles``).
"""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.models import AnnotationSet
from claims.selectors.agreement import agreement_report

COLUMNS = (
    ("content_f1_exact", "content F1 exact"),
    ("content_f1_overlap", "content F1 overlap"),
    ("source_f1_overlap", "source F1 overlap"),
    ("cue_f1_overlap", "cue F1 overlap"),
    ("kappa_kind", "kappa kind"),
    ("alpha_kind", "alpha kind"),
    ("source_identity", "same source"),
)


def _fmt(value: Any) -> str:
    return "-" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


class Command(BaseCommand):
    help = "Inter-annotator agreement (span F1, kappa and alpha on kind, source identity)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args: Any, **options: Any) -> None:
        annotation_set = AnnotationSet.objects.filter(slug=options["slug"]).first()
        if annotation_set is None:
            raise CommandError(f"No annotation set {options['slug']!r}.")
        report = agreement_report(annotation_set=annotation_set)
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False))
            return
        write = self.stdout.write
        write(
            f"{annotation_set.slug}: {len(report['annotators'])} annotators, "
            f"{report['shared_articles']} shared articles, alpha(kind) "
            f"{_fmt(report['alpha_kind'])}"
        )
        if not report["pairs"]:
            write("No article was marked by two or more annotators.")
            return
        header = ["pair", "articles", *(label for _key, label in COLUMNS)]
        rows = [
            [f"{p['a']} / {p['b']}", str(p["articles"]), *(_fmt(p[k]) for k, _ in COLUMNS)]
            for p in report["pairs"]
        ]
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
        for row in [header, *rows]:
            write("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
