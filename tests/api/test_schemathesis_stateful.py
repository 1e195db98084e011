"""Stateful schemathesis run: two managers, each of a different set, chain the API's
operations (create, then read, update, delete what was created) through the schema's links,
each with their own token. Every response must be free of 5xx and of anything that belongs
only to the other set: its marker word or the id of one of its rows (see two_sets.py).

schemathesis infers most links itself (a created resource's ``id`` feeds the operations that
take ``{id}``); claims/api/schema.py adds those that carry ids in a request body (a created
claim into a new attribution or link). Besides the cross-set check, the run uses schemathesis'
own stateful checks: a deleted resource must answer 404 (use_after_free) and a created one
must not (ensure_resource_availability).

Bounded and derandomized for CI; raise the bounds locally to dig deeper (docs/security.md):
    SCHEMATHESIS_STATEFUL_EXAMPLES=200 SCHEMATHESIS_STATEFUL_STEPS=20 \
        uv run pytest -s tests/api/test_schemathesis_stateful.py
"""

import os
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pytest
import schemathesis
from django.core.cache import cache
from django.db import transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import ensure_resource_availability, use_after_free

from annotator.wsgi import application
from tests.api.two_sets import SetWorld, two_set_world

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("SCHEMATHESIS_STATEFUL_EXAMPLES", "10"))
STEPS = int(os.environ.get("SCHEMATHESIS_STATEFUL_STEPS", "10"))

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


def _ints(data: Any) -> set[int]:
    """Every integer anywhere in a decoded JSON document."""
    if isinstance(data, bool):
        return set()
    if isinstance(data, int):
        return {data}
    if isinstance(data, dict):
        return set().union(*map(_ints, data.values())) if data else set()
    if isinstance(data, list):
        return set().union(*map(_ints, data)) if data else set()
    return set()


def cross_set_check(*, other: SetWorld, forbidden_ids: set[int], tally: "Tally"):
    """A schemathesis check: the response shows nothing that only ``other``'s set holds."""

    def no_cross_set_read(ctx: Any, response: Any, case: Any) -> None:
        text = response.text_lossy().casefold()
        try:
            leaked = _ints(response.json()) & forbidden_ids
        except ValueError:
            leaked = set()
        if other.marker in text or leaked:
            tally.cross_set += 1
        assert other.marker not in text, f"{case.operation.label} shows {other.name}'s text"
        assert not leaked, f"{case.operation.label} shows {other.name}'s ids {sorted(leaked)}"
        return None

    return no_cross_set_read


@dataclass
class Tally:
    """What one run sent and got back, for the summary the deep run records."""

    scenarios: int = 0
    responses: int = 0
    replays: int = 0
    cross_set: int = 0
    operations: Counter = field(default_factory=Counter)
    answered: set[str] = field(default_factory=set)
    statuses: Counter = field(default_factory=Counter)

    def add(self, case: Any, status: int) -> None:
        self.responses += 1
        self.operations[case.operation.label] += 1
        self.statuses[f"{status // 100}xx"] += 1
        if status < 300:
            self.answered.add(case.operation.label)

    def summary(self, name: str) -> str:
        total = len(list(schema.get_all_operations()))
        classes = ", ".join(f"{k}={v}" for k, v in sorted(self.statuses.items()))
        never = sorted(set(self.operations) - self.answered)
        return (
            f"{name}: {self.scenarios} scenarios, {len(self.operations)}/{total} operations "
            f"called ({len(self.answered)} answered 2xx), {self.responses} responses ({classes}), "
            f"{self.replays} replayed as the other set's manager, "
            f"5xx={self.statuses['5xx']}, cross-set reads={self.cross_set}; "
            f"never 2xx: {', '.join(never) or '-'}"
        )


def replay_as_other(case: Any, response: Any, *, other: SetWorld, check: Any, tally: Tally) -> None:
    """Object-level authorization: a read of one object (a path with an id or slug) that
    answered ``me`` must answer the other set's manager 403 or 404, and show nothing of
    ``me``'s set, whether the object was in the world or made during the scenario."""
    if case.method != "GET" or not case.path_parameters or response.status_code >= 300:
        return
    replayed = case.call(headers={"Authorization": f"Token {other.key}"})
    tally.replays += 1
    check(None, replayed, case)
    if replayed.status_code not in (403, 404):
        tally.cross_set += 1
        raise AssertionError(
            f"{case.operation.label} {case.path_parameters} answered {replayed.status_code} "
            f"to {other.name}'s manager"
        )


def run_as(me: SetWorld, other: SetWorld, between: int, tally: Tally) -> None:
    checks = [
        not_a_server_error,
        use_after_free,
        ensure_resource_availability,
        cross_set_check(other=other, forbidden_ids=other.ids | {between}, tally=tally),
    ]
    # The same check, seen from the other side, for the replays.
    mine = cross_set_check(other=me, forbidden_ids=me.ids | {between}, tally=tally)

    class Machine(schema.as_state_machine()):  # type: ignore[misc]
        # Each scenario starts from the same world: Hypothesis replays a scenario's choices
        # to shrink it, which only works when the data it meets is the same again.
        def setup(self) -> None:
            self.savepoint = transaction.savepoint_create()
            tally.scenarios += 1
            cache.clear()

        def teardown(self) -> None:
            transaction.savepoint_rollback(self.savepoint)

        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"headers": {"Authorization": f"Token {me.key}"}}

        def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
            tally.add(case, response.status_code)
            case.validate_response(response, checks=checks, recorder=self.recorder)
            replay_as_other(case, response, other=other, check=mine, tally=tally)

    Machine.run(
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=EXAMPLES <= 10,
            database=None,
        )
    )


@pytest.mark.parametrize("who", ["alpha", "bravo"])
def test_stateful_two_sets(who, fast_passwords, keep_test_connection):
    alpha, bravo, between = two_set_world()
    me, other = (alpha, bravo) if who == "alpha" else (bravo, alpha)
    tally = Tally()
    try:
        run_as(me, other, between, tally)
    finally:
        print(tally.summary(f"stateful as {me.name}"))
    # The run must have reached the data, not only been turned away.
    assert tally.statuses["2xx"] > 0
