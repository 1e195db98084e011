"""Train the attribution tagger on a PolNeAR-layout brat directory.

    manage.py train_attribution_model --brat ../shared/polnear/train [--output PATH] [--seed N]

Writes the CRF, its word clusters (``*.clusters.json``) and a ``.json`` metadata file; the
default output replaces the model shipped in claims/nlp/models/. Takes about five minutes on
one core.
"""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.interop.brat import BratError
from claims.nlp.attribution import train
from claims.nlp.attribution.model import DEFAULT_MODEL


class Command(BaseCommand):
    help = "Train the attribution suggestion model (CRF) on brat files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--brat", required=True, help="Directory with text/ and attributions/.")
        parser.add_argument("--output", default=str(DEFAULT_MODEL), help="Model file to write.")
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args: Any, **options: Any) -> None:
        brat = Path(options["brat"])
        if not (brat / "text").is_dir() or not (brat / "attributions").is_dir():
            raise CommandError(f"{brat} has no text/ and attributions/ subdirectories.")
        try:
            meta = train(brat, options["output"], options["seed"])
        except BratError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(meta, indent=2, sort_keys=True))
        self.stdout.write(self.style.SUCCESS(f"Model written to {options['output']}"))
