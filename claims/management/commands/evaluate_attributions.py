"""Score the attribution suggester against brat gold files.

    manage.py evaluate_attributions --gold DIR [--model PATH] [--json]

DIR holds text/*.txt and attributions/*.ann (PolNeAR layout, NAME_ANNOTATOR.ann). Scores are
in percent; see claims.nlp.attribution_eval for the metric. --json prints exactly one JSON
object.
"""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.interop.brat import BratError
from claims.nlp.attribution_eval import evaluate_dir


class Command(BaseCommand):
    help = "Evaluate attribution suggestions against brat gold (exact and lenient F1)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--gold", required=True, help="Directory with text/ and attributions/.")
        parser.add_argument("--model", help="Model file (default: the shipped model).")
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args: Any, **options: Any) -> None:
        gold = Path(options["gold"])
        missing = [d for d in ("text", "attributions") if not (gold / d).is_dir()]
        if missing:
            raise CommandError(f"{gold} has no {' or '.join(d + '/' for d in missing)} directory.")
        try:
            result = evaluate_dir(gold, model_path=options["model"])
        except (BratError, FileNotFoundError) as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result, sort_keys=True))
            return
        self.stdout.write(format_table(result))


def format_table(result: dict[str, Any]) -> str:
    lines = [
        f"{'':8} {'exact P':>8} {'R':>6} {'F1':>6}   {'lenient P':>9} {'R':>6} {'F1':>6}",
    ]
    for role in ("source", "cue", "content", "linked"):
        e, le = result[role]["exact"], result[role]["lenient"]
        lines.append(
            f"{role:8} {e['p']:8.1f} {e['r']:6.1f} {e['f1']:6.1f}   "
            f"{le['p']:9.1f} {le['r']:6.1f} {le['f1']:6.1f}"
        )
    lines.append("published metric (BIO segments per paragraph, punctuation included, exact):")
    for role in ("source", "cue", "content"):
        pub = result["published"][role]
        lines.append(f"{role:8} {pub['p']:8.1f} {pub['r']:6.1f} {pub['f1']:6.1f}")
    lines.append(f"kind accuracy {result['kind_accuracy']:.1f}%   articles {result['articles']}")
    lines.append(
        f"throughput {result['kb_per_s']:.0f} KB/s   model load {result['model_load_s']:.3f} s"
    )
    return "\n".join(lines)
