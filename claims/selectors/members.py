"""Reads for a set's members page and its assignment board."""

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, QuerySet

from claims.models import AnnotationSet, Article, Assignment, Membership, Role


def members_of(*, annotation_set: AnnotationSet) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(annotation_set=annotation_set)
        .select_related("user")
        .order_by("user__username")
    )


def membership_in_set(*, annotation_set: AnnotationSet, membership_id: int) -> Membership | None:
    return (
        Membership.objects.filter(annotation_set=annotation_set, pk=membership_id)
        .select_related("user")
        .first()
    )


def user_by_name_or_email(*, name: str) -> tuple[Any | None, str]:
    """The user with this username, or else the one with this e-mail; an error if none or
    several match."""
    users = get_user_model().objects.filter(is_active=True)
    found = users.filter(username=name).first()
    if found is not None:
        return found, ""
    by_email = list(users.filter(email__iexact=name)[:2]) if "@" in name else []
    if len(by_email) == 1:
        return by_email[0], ""
    if by_email:
        return None, f"Several accounts use {name}; give the username."
    return None, f"No account {name!r}. Ask an administrator to create it first."


def set_annotator_users(*, annotation_set: AnnotationSet) -> list[Any]:
    """Members who annotate (every role may; annotators first, then by name)."""
    memberships = members_of(annotation_set=annotation_set)
    ordered = sorted(memberships, key=lambda m: (m.role != Role.ANNOTATOR, m.user.username))
    return [m.user for m in ordered]


def assignment_board(*, annotation_set: AnnotationSet) -> QuerySet[Article]:
    """Articles with their assignees (one query for the page, one for the assignees)."""
    assignments = Assignment.objects.select_related("user").order_by("user__username")
    return (
        Article.objects.filter(annotation_set=annotation_set, deleted_at__isnull=True)
        .defer("text")
        .annotate(assignee_count=Count("assignments", distinct=True))
        .prefetch_related(Prefetch("assignments", queryset=assignments, to_attr="assignees"))
        .order_by("id")
    )


def assignment_in_set(*, annotation_set: AnnotationSet, assignment_id: int) -> Assignment | None:
    return Assignment.objects.filter(
        pk=assignment_id, article__annotation_set=annotation_set
    ).first()


def articles_in_set(
    *, annotation_set: AnnotationSet, ids: list[int] | None = None
) -> QuerySet[Article]:
    articles = Article.objects.filter(annotation_set=annotation_set, deleted_at__isnull=True)
    if ids is not None:
        articles = articles.filter(pk__in=ids)
    return articles.defer("text").order_by("id")


def assignment_load(*, annotation_set: AnnotationSet) -> dict[int, int]:
    rows = (
        Assignment.objects.filter(article__annotation_set=annotation_set)
        .values_list("user_id")
        .annotate(n=Count("pk"))
    )
    return dict(rows)
