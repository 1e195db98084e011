"""Writes for link suggestions: remembering that a suggested target was rejected."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from claims.models import ChangeAction, Claim, LinkSuggestionRejection, Sentence
from claims.services.history import record_change


def link_suggestion_reject(
    *,
    claim: Claim,
    user: Any,
    target_claim: Claim | None = None,
    target_sentence: Sentence | None = None,
) -> LinkSuggestionRejection:
    """Remember that ``claim`` should not be linked to this target; suggestions leave it out
    from then on. Rejecting the same target twice is a no-op. The caller checks access."""
    if (target_claim is None) == (target_sentence is None):
        raise ValidationError({"to_claim": "Choose one claim or sentence to reject."})
    target_article = (target_claim or target_sentence).article_id  # type: ignore[union-attr]
    if target_article == claim.article_id:
        raise ValidationError({"to_claim": "Suggestions come from other articles."})
    with transaction.atomic():
        rejection, created = LinkSuggestionRejection.objects.get_or_create(
            claim=claim,
            target_claim=target_claim,
            target_sentence=target_sentence,
            defaults={"rejected_by": user if getattr(user, "is_authenticated", False) else None},
        )
        if created:
            record_change(
                obj=rejection,
                annotation_set_id=claim.article.annotation_set_id,
                action=ChangeAction.CREATE,
                user=user,
                before=None,
            )
    return rejection
