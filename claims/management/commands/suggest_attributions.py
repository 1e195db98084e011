"""Store machine attribution suggestions for a set (or one article).

    manage.py suggest_attributions --set SLUG [--article ID] [--model fast|encoder]
                                   [--background] [--json]

Idempotent: re-running never duplicates a suggestion, never brings back a rejected one, and
never touches human-made or reviewed annotations. ``--background`` queues the work as a job
(progress on its job page) instead of running it here. Reports the throughput end to end
(``kb_per_s``: KiB of UTF-8 article text per second, reading and storing included).
"""

import json
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.models import AnnotationSet, Article
from claims.nlp.attribution import load_model
from claims.services.jobs import suggestion_job_start
from claims.services.suggestions import suggestions_store


class Command(BaseCommand):
    help = "Suggest attributions (claims with source, cue and kind) for people to review."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--set", dest="set_slug", required=True)
        parser.add_argument("--article", type=int, help="Only this article id.")
        parser.add_argument(
            "--model",
            choices=("fast", "encoder"),
            help="The CRF alone (fast) or with the fine-tuned encoder (the default where"
            " onnxruntime is installed).",
        )
        parser.add_argument("--background", action="store_true", help="Queue as a job.")
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args: Any, **options: Any) -> None:
        annotation_set = AnnotationSet.objects.filter(slug=options["set_slug"]).first()
        if annotation_set is None:
            raise CommandError(f"No annotation set {options['set_slug']!r}.")
        articles = Article.objects.filter(annotation_set=annotation_set, deleted_at__isnull=True)
        if options["article"] is not None:
            articles = articles.filter(pk=options["article"])
            if not articles.exists():
                raise CommandError(
                    f"Article {options['article']} is not in set {annotation_set.slug!r}."
                )
        ids = list(articles.order_by("id").values_list("id", flat=True))
        if options["background"]:
            job = suggestion_job_start(annotation_set=annotation_set, user=None, article_ids=ids)
            self.stdout.write(f"Queued job {job.pk} for {len(ids)} article(s).")
            return
        show_bar = not options["json"] and sys.stderr.isatty()

        def progress(done: int, total: int) -> None:
            sys.stderr.write(f"\rSuggesting… {done}/{total}")
            if done == total:
                sys.stderr.write("\n")

        started = time.perf_counter()
        totals = suggestions_store(
            article_ids=ids, progress=progress if show_bar else None, model_name=options["model"]
        )
        seconds = time.perf_counter() - started
        size = sum(
            len(text.encode("utf-8"))
            for text in Article.objects.filter(pk__in=ids).values_list("text", flat=True).iterator()
        )
        speed = {
            "model": load_model(options["model"]).name,
            "kb": round(size / 1024, 1),
            "seconds": round(seconds, 3),
            "kb_per_s": round(size / 1024 / seconds, 1) if seconds else 0.0,
        }
        if options["json"]:
            self.stdout.write(json.dumps({**totals, **speed}))
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{totals['claims']} new suggestion(s) in {totals['articles']} article(s)"
                    f" ({speed['kb']:.0f} KB in {speed['seconds']:.1f} s,"
                    f" {speed['kb_per_s']:.0f} KB/s, model {speed['model']})."
                )
            )
