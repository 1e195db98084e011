"""One command from a fresh clone to a running demo:

    uv run manage.py demo [--no-serve] [--port N]

Migrates the embedded SQLite database, loads the demo set, prints the logins and serves on
127.0.0.1 (port 8000 by default).
"""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from claims.services.demo import demo_load


class Command(BaseCommand):
    help = "Migrate, load demo data, print the logins and serve on 127.0.0.1."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="Set up and exit.")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("Migrating the database…")
        call_command("migrate", interactive=False, verbosity=0)
        info = demo_load()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo set “{info.annotation_set.name}” ready"
                + (f" ({info.imported} articles imported)." if info.imported else ".")
            )
        )
        self.stdout.write("Logins (new passwords every run; shown only here):")
        for username, password in info.passwords.items():
            self.stdout.write(f"  {username:<9} {password}")
        url = f"http://127.0.0.1:{options['port']}/"
        if options["no_serve"]:
            self.stdout.write(f"Start the server with: uv run manage.py demo  →  {url}")
            return
        self.stdout.write(f"Serving on {url} (Ctrl-C to stop)")
        # No autoreloader: it would run this whole command again in a child process.
        call_command("runserver", f"127.0.0.1:{options['port']}", use_reloader=False)
