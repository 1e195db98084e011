"""``manage.py create_api_token USER [--name NAME]``: print a new API token for a user, once."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.services.tokens import api_token_create


class Command(BaseCommand):
    help = "Create an API token for USER and print it (only its hash is stored)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="command line")

    def handle(self, *args: Any, **options: Any) -> None:
        user_model = get_user_model()
        try:
            user = user_model._default_manager.get_by_natural_key(options["username"])
        except user_model.DoesNotExist as exc:
            raise CommandError(f"No user named {options['username']!r}.") from exc
        if not user.is_active:
            raise CommandError(f"{options['username']} is inactive; tokens would not work.")
        token, key = api_token_create(user=user, name=options["name"])
        self.stderr.write(f"Token {token.name!r} ({token.prefix}…) for {user}; shown once:")
        self.stdout.write(key)
