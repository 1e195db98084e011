"""Add someone to a set, or change their role there.

manage.py set_member SLUG USER ROLE        (USER: username or e-mail; ROLE: annotator,
                                            reviewer or manager)
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.models import AnnotationSet, Role
from claims.selectors.members import user_by_name_or_email
from claims.services.memberships import membership_set


def set_members(annotation_set: AnnotationSet, pairs: list[tuple[Any, str]]) -> None:
    """Shared with ``import_articles --member``."""
    for user, role in pairs:
        try:
            membership_set(annotation_set=annotation_set, user=user, role=role)
        except ValidationError as error:
            raise CommandError(f"{user.get_username()}: {' '.join(error.messages)}") from None


def resolve_member(name: str, role: str, *, argument: str) -> tuple[Any, str]:
    if role not in Role.values:
        raise CommandError(f"{argument}: unknown role {role!r}; use {', '.join(Role.values)}.")
    user, problem = user_by_name_or_email(name=name)
    if user is None:
        raise CommandError(f"{argument}: {problem} (manage.py createsuperuser or the admin)")
    return user, role


class Command(BaseCommand):
    help = "Add a user to an annotation set with a role, or change their role."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="Annotation set slug.")
        parser.add_argument("user", help="Username or e-mail.")
        parser.add_argument("role", choices=Role.values)

    def handle(self, *args: Any, **options: Any) -> None:
        annotation_set = AnnotationSet.objects.filter(slug=options["slug"]).first()
        if annotation_set is None:
            raise CommandError(f"No annotation set {options['slug']!r}.")
        pair = resolve_member(options["user"], options["role"], argument="USER")
        set_members(annotation_set, [pair])
        self.stdout.write(
            self.style.SUCCESS(f"{pair[0].get_username()} is {pair[1]} in {annotation_set.slug}.")
        )
