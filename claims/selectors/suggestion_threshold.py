"""The set's suggestion threshold: which pending machine suggestions the workspace hides.

One definition, used by the annotate page (on its already-fetched claims), "accept all in
this sentence" and the API filters (as a query): a claim is *below the threshold* when it is
still a pending suggestion and one of its live attributions has a confidence under its set's
``suggestion_threshold``. Accepted, rejected and human claims are never hidden, and neither
is a suggestion without a confidence.
"""

from collections.abc import Sequence
from typing import Protocol

from django.db.models import Exists, F, OuterRef, Q

from claims.models import Attribution, ClaimStatus


class Scored(Protocol):
    status: str
    confidence: float | None


def is_below(claim: Scored, threshold: float) -> bool:
    return (
        claim.status == ClaimStatus.SUGGESTED
        and claim.confidence is not None
        and claim.confidence < threshold
    )


def split_below[T: Scored](claims: Sequence[T], threshold: float) -> tuple[list[T], list[T]]:
    """``(shown, hidden)``: the claims at or above the threshold, and those below it."""
    shown: list[T] = []
    hidden: list[T] = []
    for claim in claims:
        (hidden if is_below(claim, threshold) else shown).append(claim)
    return shown, hidden


def below_threshold_q(claim: str = "") -> Q:
    """Q for claims (``claim=""``) or rows pointing at a claim (``claim="claim__"``) that
    the workspace hides: pending suggestions with a live attribution under the threshold."""
    weak = Attribution.objects.live().filter(
        claim_id=OuterRef("claim_id" if claim else "pk"),
        confidence__lt=F("article__annotation_set__suggestion_threshold"),
    )
    return Q(**{f"{claim}status": ClaimStatus.SUGGESTED}) & Q(Exists(weak))
