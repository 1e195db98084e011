"""Recompute the dashboard tallies from the claims and their history.

manage.py rebuild_tallies [SLUG ...]        (no slug: every set)

Writes keep the tallies current; this is for data written around the services (raw SQL,
a restored backup) and a check: it prints how many tally rows changed. It also drops the
sets' stored agreement parts (``ArticleAgreement``), which the next agreement read computes
again.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.models import AnnotationSet, ArticleTally
from claims.selectors.agreement_parts import drop_parts
from claims.services.tallies_rebuild import tallies_rebuild


def _rows(annotation_set: AnnotationSet | None) -> set[tuple[Any, ...]]:
    rows = ArticleTally.objects.all()
    if annotation_set is not None:
        rows = rows.filter(article__annotation_set=annotation_set)
    return set(rows.values_list("article_id", "dimension", "key", "part", "n", "seconds"))


class Command(BaseCommand):
    help = "Recompute the per-article tallies behind set dashboards."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slugs", nargs="*", help="Annotation set slugs (default: all).")

    def handle(self, *args: Any, **options: Any) -> None:
        sets: list[AnnotationSet | None] = [None]
        if options["slugs"]:
            found = {s.slug: s for s in AnnotationSet.objects.filter(slug__in=options["slugs"])}
            missing = sorted(set(options["slugs"]) - set(found))
            if missing:
                raise CommandError(f"No annotation set {', '.join(missing)}.")
            sets = list(found.values())
        for annotation_set in sets:
            before = _rows(annotation_set)
            articles = tallies_rebuild(annotation_set=annotation_set)
            changed = len(before ^ _rows(annotation_set))
            dropped = drop_parts(annotation_set)
            name = annotation_set.slug if annotation_set else "all sets"
            self.stdout.write(
                f"{name}: {articles} articles, {changed} tally rows changed, "
                f"{dropped} agreement parts dropped"
            )
