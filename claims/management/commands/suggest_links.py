"""``manage.py suggest_links --article ID --start S --end E [--limit 10] [--json]``: rank link
candidates for the span ``[S, E)`` of an article exactly as the link dialog does."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.models import Article
from claims.selectors.corroboration import span_suggestions


class Command(BaseCommand):
    help = "Rank claims and sentences in other articles of the set as links for a span."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--article", type=int, required=True)
        parser.add_argument("--start", type=int, required=True)
        parser.add_argument("--end", type=int, required=True)
        parser.add_argument("--limit", type=int, default=10)
        parser.add_argument("--json", action="store_true", help="Print a JSON list.")

    def handle(self, *args: Any, **options: Any) -> None:
        article = Article.objects.filter(pk=options["article"], deleted_at__isnull=True).first()
        if article is None:
            raise CommandError(f"--article: no article with id {options['article']}.")
        start, end, limit = options["start"], options["end"], options["limit"]
        if not 0 <= start < end <= len(article.text):
            raise CommandError(
                f"--start/--end: [{start}, {end}) is not a span of article {article.pk} "
                f"(its text has {len(article.text)} characters)."
            )
        if not 1 <= limit <= 100:
            raise CommandError("--limit: between 1 and 100.")
        found = span_suggestions(
            article=article,
            start=start,
            end=end,
            set_ids=[article.annotation_set_id],
            limit=limit,
        )
        if options["json"]:
            self.stdout.write(json.dumps([s.as_json() for s in found], ensure_ascii=False))
            return
        for rank, s in enumerate(found, 1):
            label = "copy → repeats" if not s.independent else s.relation
            self.stdout.write(
                f"{rank:>2}. {s.score:7.3f}  [{label}] article {s.article} "
                f"[{s.start}, {s.end}) {s.text[:100]!r}"
            )
        if not found:
            self.stdout.write("No candidates in other articles of this set.")
