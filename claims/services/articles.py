"""Writes to an article's metadata. Its text is never rewritten (every offset points into it);
only the title a manager corrects (e.g. a navigation line taken as the title at import)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from claims.models import Article, ChangeAction, ChangeRecord
from claims.services.errors import ConflictError

TITLE_MAX_LENGTH = 500


def article_title_update(*, article: Article, title: str, previous: str, user: Any) -> Article:
    """Set the title. ``previous`` is the title the editor saw: if someone changed it since,
    nothing is written (ConflictError with the current title). Audited as a ChangeRecord."""
    title = " ".join(title.split())
    if not title:
        raise ValidationError({"title": "The title may not be empty."})
    if len(title) > TITLE_MAX_LENGTH:
        raise ValidationError({"title": f"At most {TITLE_MAX_LENGTH} characters."})
    with transaction.atomic():
        current = Article.objects.select_for_update().only("id", "title", "annotation_set_id")
        current_article = current.get(pk=article.pk)
        if current_article.title != previous:
            raise ConflictError(
                "Someone else changed this title while you edited it.",
                current={"title": current_article.title},
            )
        if title != previous:
            Article.objects.filter(pk=article.pk).update(title=title)
            ChangeRecord.objects.create(
                annotation_set_id=current_article.annotation_set_id,
                entity="article",
                object_id=article.pk,
                action=ChangeAction.UPDATE,
                user=user if getattr(user, "is_authenticated", False) else None,
                before={"title": previous},
                after={"title": title},
            )
    article.title = title
    return article
