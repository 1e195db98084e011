"""Writes to assignments: a manager gives articles to annotators by hand, or round-robin
with an overlap of N annotators per article (for agreement)."""

from collections.abc import Sequence
from itertools import cycle
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from claims.models import AnnotationSet, Article, Assignment, Membership


def _check_member(annotation_set: AnnotationSet, user: Any) -> None:
    if not Membership.objects.filter(annotation_set=annotation_set, user=user).exists():
        raise ValidationError({"annotator": f"{user.get_username()} is not in this set."})


def assignments_add(
    *, annotation_set: AnnotationSet, articles: Sequence[Article], user: Any, assigned_by: Any
) -> int:
    """Assign ``articles`` to ``user``; articles they already have are left as they are."""
    _check_member(annotation_set, user)
    if any(article.annotation_set_id != annotation_set.pk for article in articles):
        raise ValidationError({"article": "Every article must belong to this set."})
    have = set(
        Assignment.objects.filter(user=user, article__in=articles).values_list(
            "article_id", flat=True
        )
    )
    new = [
        Assignment(article=article, user=user, assigned_by=assigned_by)
        for article in articles
        if article.pk not in have
    ]
    with transaction.atomic():
        Assignment.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def assignment_remove(*, assignment: Assignment) -> None:
    assignment.delete()


def assignments_round_robin(
    *,
    annotation_set: AnnotationSet,
    articles: Sequence[Article],
    annotators: Sequence[Any],
    overlap: int,
    assigned_by: Any,
) -> int:
    """Give each article ``overlap`` distinct annotators, taking annotators in turn so the
    load stays even; annotators an article already has count towards its overlap."""
    if not annotators:
        raise ValidationError({"annotator": "Choose at least one annotator."})
    if overlap < 1 or overlap > len(annotators):
        raise ValidationError(
            {"overlap": f"The overlap must be between 1 and {len(annotators)} (the annotators)."}
        )
    for user in annotators:
        _check_member(annotation_set, user)
    existing: dict[int, set[int]] = {}
    for article_id, user_id in Assignment.objects.filter(article__in=articles).values_list(
        "article_id", "user_id"
    ):
        existing.setdefault(article_id, set()).add(user_id)
    turn = cycle(annotators)
    new = []
    for article in articles:
        have = existing.get(article.pk, set())
        need = overlap - len(have & {u.pk for u in annotators})
        picked: set[int] = set()
        for _ in range(len(annotators)):
            if need <= 0:
                break
            user = next(turn)
            if user.pk in have or user.pk in picked:
                continue
            picked.add(user.pk)
            new.append(Assignment(article=article, user=user, assigned_by=assigned_by))
            need -= 1
    with transaction.atomic():
        Assignment.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)
