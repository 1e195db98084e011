"""Property: whatever sequence of writes people make (create, edit, review, delete, restore,
merge, revert), reverting its change records newest first returns every row to its
starting state (versions and timestamps aside), and what the sequence created is no longer
live. Runs on SQLite and on PostgreSQL (``DATABASE_URL=postgres://…``)."""

import contextlib
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.models import Attribution, ChangeRecord, Claim, ClaimLink, Source, SourceAlias
from claims.services import attributions as attribution_services
from claims.services import claims as claim_services
from claims.services import links as link_services
from claims.services import sources as source_services
from claims.services.errors import ConflictError
from claims.services.history import snapshot
from claims.services.restore import change_revert, changes_revert

pytestmark = pytest.mark.django_db

MODELS = (Claim, Attribution, ClaimLink, Source, SourceAlias)
VOLATILE = {"version", "updated_at", "updated_by_id"}
SPANS = [(0, 20), (5, 30), (60, 80), (100, 120), (130, 150)]
NAMES = ["Ana Ruiz", "A. Ruiz", "The council", "Officials", "Mayor"]
OPS = [
    "claim_create",
    "claim_edit",
    "claim_span",
    "claim_review",
    "claim_delete",
    "claim_restore",
    "attr_create",
    "attr_edit",
    "attr_delete",
    "attr_restore",
    "link_create",
    "link_delete",
    "link_restore",
    "source_create",
    "source_edit",
    "source_delete",
    "source_merge",
    "revert",
]


def _state() -> dict[tuple[str, int], dict[str, Any]]:
    return {
        (model.__name__, obj.pk): {k: v for k, v in snapshot(obj).items() if k not in VOLATILE}
        for model in MODELS
        for obj in model._default_manager.all()
    }


def _pick(model: type, n: int) -> Any:
    rows = list(model._default_manager.order_by("pk"))
    return rows[n % len(rows)] if rows else None


def _apply(op: str, i: int, j: int, world: dict[str, Any], mark: int) -> None:
    article, annotator, reviewer = world["article"], world["annotator"], world["reviewer"]
    claim, other = _pick(Claim, i), _pick(Claim, j)
    attribution, link = _pick(Attribution, i), _pick(ClaimLink, i)
    source, target = _pick(Source, i), _pick(Source, j)
    if op == "claim_create":
        start, end = SPANS[i % len(SPANS)]
        claim_services.claim_create(article=article, start=start, end=end, user=annotator)
    elif op == "claim_edit":
        claim_services.claim_update(claim=claim, user=annotator, version=None, note=f"n{j}")
    elif op == "claim_span":
        claim_services.claim_update(
            claim=claim, user=annotator, version=None, end=claim.end + 1 + j % 3
        )
    elif op == "claim_review":
        status = "approved" if j % 2 else "rejected"
        claim_services.claim_review(claim=claim, user=reviewer, version=None, status=status)
    elif op == "claim_delete":
        claim_services.claim_delete(claim=claim, user=annotator, version=None)
    elif op == "claim_restore":
        claim_services.claim_restore(claim=claim, user=annotator)
    elif op == "attr_create":
        attribution_services.attribution_create(
            article=article, kind="sourced", user=annotator, claim=claim, source=target
        )
    elif op == "attr_edit" and attribution is not None:
        attribution_services.attribution_update(
            attribution=attribution, user=annotator, version=None, source=target, kind="quoted"
        )
    elif op == "attr_delete" and attribution is not None:
        attribution_services.attribution_delete(
            attribution=attribution, user=annotator, version=None
        )
    elif op == "attr_restore" and attribution is not None:
        attribution_services.attribution_restore(attribution=attribution, user=annotator)
    elif op == "link_create":
        link_services.claim_link_create(
            from_claim=claim, to_claim=other, relation="repeats", user=annotator
        )
    elif op == "link_delete" and link is not None:
        link_services.claim_link_delete(link=link, user=annotator, version=None)
    elif op == "link_restore" and link is not None:
        link_services.claim_link_restore(link=link, user=annotator)
    elif op == "source_create":
        source_services.source_create(
            annotation_set=world["annotation_set"],
            name=NAMES[i % len(NAMES)],
            user=annotator,
            aliases=[NAMES[j % len(NAMES)]],
        )
    elif op == "source_edit":
        source_services.source_update(
            source=source, user=annotator, version=None, description=f"d{j}"
        )
    elif op == "source_delete":
        source_services.source_delete(source=source, user=reviewer, version=None)
    elif op == "source_merge":
        source_services.source_merge(source=source, into=target, user=reviewer)
    elif op == "revert":
        records = list(ChangeRecord.objects.filter(pk__gt=mark).order_by("-pk"))
        if records:
            change_revert(record=records[j % len(records)], user=reviewer)


def _world(annotation_set, article, annotator, reviewer) -> dict[str, Any]:
    first = claim_services.claim_create(article=article, start=0, end=20, user=annotator)
    second = claim_services.claim_create(article=article, start=60, end=80, user=annotator)
    ruiz = source_services.source_create(
        annotation_set=annotation_set, name="Ana Ruiz", user=annotator, aliases=["Ruiz"]
    )
    source_services.source_create(annotation_set=annotation_set, name="Council", user=annotator)
    attribution_services.attribution_create(
        article=article, kind="sourced", user=annotator, claim=first, source=ruiz
    )
    link_services.claim_link_create(
        from_claim=first, to_claim=second, relation="corroborates", user=annotator
    )
    return {
        "annotation_set": annotation_set,
        "article": article,
        "annotator": annotator,
        "reviewer": reviewer,
    }


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    ops=st.lists(st.tuples(st.sampled_from(OPS), st.integers(0, 7), st.integers(0, 7)), max_size=14)
)
def test_reverting_any_sequence_newest_first_restores_the_start(
    annotation_set, article, annotator, reviewer, ops
):
    with transaction.atomic():
        world = _world(annotation_set, article, annotator, reviewer)
        start = _state()
        mark = ChangeRecord.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        for op, i, j in ops:
            # Refused writes leave nothing behind, and the sequence goes on.
            with contextlib.suppress(ValidationError, ConflictError):
                _apply(op, i, j, world, mark)
        changes_revert(records=ChangeRecord.objects.filter(pk__gt=mark), user=reviewer)
        end = _state()
        assert {key: end[key] for key in start} == start
        for (model, pk), row in end.items():
            if (model, pk) not in start:
                assert model != "SourceAlias", f"alias {pk} {row} outlived the revert"
                assert row["deleted_at"] is not None, f"{model} {pk} is still live"
        transaction.set_rollback(True)
