"""Score the attribution suggester against brat gold files.

    manage.py evaluate_attributions --gold DIR [--model PATH] [--json]
    manage.py evaluate_attributions --gold ../shared/polnear/dev --calibrate

``--calibrate`` fits the confidence calibration on DIR (PolNeAR dev, never test), writes it
beside the model (``*.calibration.json``) and prints the cross-fitted reliability table.

DIR holds text/*.txt and attributions/*.ann (PolNeAR layout, NAME_ANNOTATOR.ann). Scores are
in percent; see claims.nlp.attribution_eval for the metric. --json prints exactly one JSON
object.
"""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.interop.brat import BratError
from claims.nlp.attribution.model import calibration_path, resolve_model_path
from claims.nlp.attribution_eval import calibrate_dir, evaluate_dir


class Command(BaseCommand):
    help = "Evaluate attribution suggestions against brat gold (exact and lenient F1)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--gold", required=True, help="Directory with text/ and attributions/.")
        parser.add_argument(
            "--model",
            help=(
                "Model file, or 'encoder' (the CRF reading the fine-tuned encoder; the default"
                " where onnxruntime is installed) or 'fast' (the CRF alone)."
            ),
        )
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")
        parser.add_argument(
            "--calibrate",
            action="store_true",
            help="Fit the confidence calibration on DIR and write it beside the model.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        options["model"] = str(resolve_model_path(options["model"]))
        gold = Path(options["gold"])
        missing = [d for d in ("text", "attributions") if not (gold / d).is_dir()]
        if missing:
            raise CommandError(f"{gold} has no {' or '.join(d + '/' for d in missing)} directory.")
        if options["calibrate"]:
            self._calibrate(gold, options)
            return
        try:
            result = evaluate_dir(gold, model_path=options["model"])
        except (BratError, FileNotFoundError) as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result, sort_keys=True))
            return
        self.stdout.write(format_table(result))

    def _calibrate(self, gold: Path, options: dict[str, Any]) -> None:
        model = Path(options["model"])
        try:
            calibration, report = calibrate_dir(gold, model_path=model)
        except (BratError, FileNotFoundError) as exc:
            raise CommandError(str(exc)) from exc
        target = calibration_path(model)
        target.write_text(json.dumps(calibration.to_json()) + "\n")
        report["written"] = str(target)
        if options["json"]:
            self.stdout.write(json.dumps(report, sort_keys=True))
            return
        lines = [f"{'bin':9} {'n':>5} {'raw conf':>9} {'right':>6}"]
        for row in report["raw"]["table"]:  # type: ignore[index]
            lines.append(
                f"{row['bin']:9} {row['n']:5} {row['confidence']:9.3f} {row['right']:6.3f}"
            )
        lines.append(f"raw ECE {report['raw']['ece']}")  # type: ignore[index]
        lines.append(f"{'bin':9} {'n':>5} {'cal conf':>9} {'right':>6}   (cross-fitted)")
        for row in report["calibrated"]["table"]:  # type: ignore[index]
            lines.append(
                f"{row['bin']:9} {row['n']:5} {row['confidence']:9.3f} {row['right']:6.3f}"
            )
        lines.append(f"calibrated ECE {report['calibrated']['ece']}")  # type: ignore[index]
        lines.append(f"written {target}")
        self.stdout.write("\n".join(lines))


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
    lines.append(
        f"kind accuracy {result['kind_accuracy']:.1f}%   articles {result['articles']}"
        f"   model {result['model']}"
    )
    lines.append(
        f"throughput {result['kb_per_s']:.0f} KB/s ({result['kb_per_cpu_s']:.0f} KB per CPU"
        f" second)   model load {result['model_load_s']:.3f} s"
    )
    return "\n".join(lines)
