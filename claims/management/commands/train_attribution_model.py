"""Train the attribution tagger on a PolNeAR-layout brat directory.

    manage.py train_attribution_model --brat ../shared/polnear/train [--output PATH] [--seed N]
    manage.py train_attribution_model --brat ../shared/polnear/train --encoder \\
        --dev ../shared/polnear/dev --torch-python /work/torchenv/bin/python

The first form trains the fast model: the CRF, its word clusters (``*.clusters.json``) and a
``.json`` metadata file (about five minutes on one core). ``--encoder`` first fine-tunes
all-MiniLM-L6-v2 as a role tagger in a side environment with PyTorch
(``scripts/train_attribution_encoder.py``; dev only picks the epoch), writes it as int8 ONNX,
then trains the CRF that reads its label probabilities (``claims/nlp/models/
attribution-encoder/``). ``--skip-finetune`` keeps the shipped ONNX file and retrains only
that CRF.
"""

import json
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.interop.brat import BratError
from claims.nlp.attribution import train
from claims.nlp.attribution.model import ENCODER_MODEL, FAST_MODEL

ENCODER_FILE = "model.onnx"


def _brat_dir(value: str) -> Path:
    path = Path(value)
    if not (path / "text").is_dir() or not (path / "attributions").is_dir():
        raise CommandError(f"{path} has no text/ and attributions/ subdirectories.")
    return path


class Command(BaseCommand):
    help = "Train the attribution suggestion model (CRF, optionally with the encoder)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--brat", required=True, help="Directory with text/ and attributions/.")
        parser.add_argument("--output", help="Model file to write (default: the shipped one).")
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--encoder", action="store_true", help="Train the encoder model.")
        parser.add_argument("--dev", help="Dev brat directory (picks the encoder's epoch).")
        parser.add_argument("--torch-python", help="Python of an environment with PyTorch.")
        parser.add_argument(
            "--skip-finetune", action="store_true", help="Reuse the ONNX encoder beside --output."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        brat = _brat_dir(options["brat"])
        default = ENCODER_MODEL if options["encoder"] else FAST_MODEL
        output = Path(options["output"] or default)
        encoder_file = None
        if options["encoder"]:
            encoder_file = ENCODER_FILE
            if not options["skip_finetune"]:
                self._finetune(brat, options, output.parent)
            if not (output.parent / ENCODER_FILE).exists():
                raise CommandError(f"No encoder at {output.parent / ENCODER_FILE}.")
        try:
            meta = train(brat, output, options["seed"], encoder_file=encoder_file)
        except BratError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(meta, indent=2, sort_keys=True))
        self.stdout.write(self.style.SUCCESS(f"Model written to {output}"))

    def _finetune(self, brat: Path, options: dict[str, Any], folder: Path) -> None:
        from claims.nlp.attribution.encoder_data import write_training_windows

        if not options["dev"] or not options["torch_python"]:
            raise CommandError("--encoder needs --dev and --torch-python (or --skip-finetune).")
        dev = _brat_dir(options["dev"])
        script = Path(settings.BASE_DIR) / "scripts" / "train_attribution_encoder.py"
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            train_windows, dev_windows = Path(tmp) / "train.jsonl", Path(tmp) / "dev.jsonl"
            self.stdout.write(f"windows: {write_training_windows(brat, train_windows)}")
            write_training_windows(dev, dev_windows)
            command = [
                options["torch_python"],
                str(script),
                str(train_windows),
                str(dev_windows),
                str(folder),
                f"--seed={options['seed']}",
            ]
            try:
                subprocess.run(command, check=True)
            except (OSError, subprocess.CalledProcessError) as exc:
                raise CommandError(f"fine-tuning failed: {exc}") from exc
