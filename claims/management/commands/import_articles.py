"""Import article files into an annotation set.

    manage.py import_articles PATH... --set SLUG [--create-set] [--format auto|text|html|jsonl|brat]
                              [--member USER:ROLE ...] [--json]

``--member`` (repeatable) makes USER (username or e-mail) a member with ROLE (annotator,
reviewer, manager), so a set created here is visible to its editors at once.

Prints a summary (or with --json exactly one JSON object), shows a progress bar on a
terminal, and exits non-zero if any file failed. Files that fail are named with the line
or byte where reading stopped; the rest of the batch still imports.
"""

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.text import slugify

from claims.management.commands.set_member import resolve_member, set_members
from claims.models import AnnotationSet
from claims.services.ingest import articles_import
from claims.services.limits import upload_size_error

FORMATS = ["auto", "text", "html", "jsonl", "brat"]


class Command(BaseCommand):
    help = "Import articles (.txt, .html, .jsonl; brat folders or zips) into an annotation set."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", help="Files (or, for brat, folders or zips).")
        parser.add_argument("--set", dest="set_slug", required=True, help="Annotation set slug.")
        parser.add_argument(
            "--create-set", action="store_true", help="Create the set if it does not exist."
        )
        parser.add_argument("--format", default="auto", choices=FORMATS)
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")
        parser.add_argument(
            "--member",
            action="append",
            default=[],
            metavar="USER:ROLE",
            help="Make USER (username or e-mail) a member with ROLE; repeatable.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        members = [self._member(raw) for raw in options["member"]]  # checked before importing
        annotation_set = self._annotation_set(options["set_slug"], options["create_set"])
        set_members(annotation_set, members)
        paths: list[str] = options["paths"]
        if options["format"] == "brat" or self._has_annotated_jsonl(paths, options["format"]):
            result = self._import_annotations(annotation_set, paths, options["format"])
        else:
            result = self._import_articles(annotation_set, paths, options["format"], options)
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            self._summary(result)
        if result["errors"]:
            raise CommandError(f"{len(result['errors'])} file(s) or line(s) could not be imported.")

    def _member(self, raw: str) -> tuple[Any, str]:
        name, sep, role = raw.rpartition(":")
        if not sep or not name:
            raise CommandError(f"--member {raw!r}: write USER:ROLE, e.g. editor:annotator.")
        return resolve_member(name, role, argument=f"--member {raw}")

    def _annotation_set(self, slug: str, create: bool) -> AnnotationSet:
        if slugify(slug) != slug:
            raise CommandError(f"--set {slug!r} is not a valid slug (try {slugify(slug)!r}).")
        found = AnnotationSet.objects.filter(slug=slug).first()
        if found:
            return found
        if not create:
            raise CommandError(f"No annotation set {slug!r}; pass --create-set to create it.")
        return AnnotationSet.objects.create(slug=slug, name=slug.replace("-", " ").title())

    def _read_files(self, paths: list[str]) -> tuple[list[tuple[str, bytes]], list[dict[str, Any]]]:
        files, errors = [], []
        for name in paths:
            path = Path(name)
            try:
                if path.is_file() and (problem := upload_size_error(path.stat().st_size)):
                    errors.append({"file": name, "error": f"{name}: {problem}"})
                    continue
                files.append((name, path.read_bytes()))
            except IsADirectoryError:
                errors.append({"file": name, "error": f"{name}: is a folder, not a file"})
            except OSError as error:
                errors.append({"file": name, "error": f"{name}: {error.strerror or error}"})
        return files, errors

    def _has_annotated_jsonl(self, paths: list[str], fmt: str) -> bool:
        """Our own export JSONL (articles with claims) goes to the annotation importer."""
        if fmt not in ("auto", "jsonl"):
            return False
        try:
            from claims.interop.jsonl import is_annotated_jsonl
        except ImportError:
            return False
        for name in paths:
            path = Path(name)
            if path.suffix.lower() in (".jsonl", ".ndjson") and path.is_file():
                with path.open("rb") as handle:
                    if is_annotated_jsonl(handle.read(1 << 20)):
                        return True
        return False

    def _import_articles(
        self, annotation_set: AnnotationSet, paths: list[str], fmt: str, options: dict[str, Any]
    ) -> dict[str, Any]:
        files, errors = self._read_files(paths)
        show_bar = not options["json"] and sys.stderr.isatty()

        def progress(done: int, total: int) -> None:
            width = 30
            filled = width * done // max(total, 1)
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
            if done == total:
                sys.stderr.write("\n")
            sys.stderr.flush()

        outcome = articles_import(
            annotation_set=annotation_set,
            files=files,
            fmt=fmt,
            progress=progress if show_bar else None,
        )
        result = outcome.as_json()
        result["errors"] = errors + result["errors"]
        return result

    def _import_annotations(
        self, annotation_set: AnnotationSet, paths: list[str], fmt: str
    ) -> dict[str, Any]:
        from claims.services.interchange import annotations_import_paths

        return annotations_import_paths(
            annotation_set=annotation_set, paths=[Path(p) for p in paths], fmt=fmt, user=None
        )

    def _summary(self, result: dict[str, Any]) -> None:
        write = self.stdout.write
        write(self.style.SUCCESS(f"Imported {result['imported']} article(s)."))
        if result.get("skipped_duplicates"):
            write(f"Skipped {len(result['skipped_duplicates'])} exact duplicate(s):")
            for name in result["skipped_duplicates"]:
                write(f"  {name}")
        for group in result.get("clusters", []):
            write(f"Near-duplicate cluster: {', '.join(group)}")
        for name, flags in result.get("flags", {}).items():
            noted = ", ".join(f"{k} {v}" for k, v in flags.items() if v)
            if noted:
                write(f"  {name}: {noted}")
        for error in result["errors"]:
            self.stderr.write(self.style.ERROR(error["error"]))
