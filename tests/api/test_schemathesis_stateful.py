"""Stateful schemathesis run: two managers, each of a different set, chain the API's
operations (create, then read, update, delete what was created) through the schema's links,
each with their own token. Every response must be free of 5xx and of anything that belongs
only to the other set: its marker word or the id of one of its rows (see two_sets.py).

schemathesis infers most links itself (a created resource's ``id`` feeds the operations that
take ``{id}``); claims/api/schema.py adds those that carry ids in a request body (a created
claim into a new attribution or link). Besides the cross-set check, the run uses schemathesis'
own stateful checks: a deleted resource must answer 404 (use_after_free) and a created one
must not (ensure_resource_availability).

Bounded and derandomized for CI; raise the bounds locally to dig deeper:
SCHEMATHESIS_STATEFUL_EXAMPLES=200 SCHEMATHESIS_STATEFUL_STEPS=25 pytest -s tests/api/test_schemathesis_stateful.py
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

EXAMPLES = int(os.environ.get("SCHEMATHESIS_STATEFUL_EXAMPLES", "6"))
STEPS = int(os.environ.get("SCHEMATHESIS_STATEFUL_STEPS", "8"))

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


def cross_set_check(*, other: SetWorld, forbidden_ids: set[int]):
    """A schemathesis check: the response shows nothing that only ``other``'s set holds."""

    def no_cross_set_read(ctx: Any, response: Any, case: Any) -> None:
        text = response.text_lossy().casefold()
        assert other.marker not in text, f"{case.operation.label} shows {other.name}'s text"
        try:
            data = response.json()
        except ValueError:
            return None
        leaked = _ints(data) & forbidden_ids
        assert not leaked, f"{case.operation.label} shows {other.name}'s ids {sorted(leaked)}"
        return None

    return no_cross_set_read


@dataclass
class Tally:
    """What one run sent and got back, for the summary the deep run records."""

    responses: int = 0
    operations: Counter = field(default_factory=Counter)
    statuses: Counter = field(default_factory=Counter)

    def add(self, case: Any, status: int) -> None:
        self.responses += 1
        self.operations[case.operation.label] += 1
        self.statuses[status // 100 * 100] += 1

    def line(self, name: str) -> str:
        classes = ", ".join(f"{k // 100}xx={v}" for k, v in sorted(self.statuses.items()))
        return (
            f"{name}: {len(self.operations)} operations, {self.responses} responses ({classes})"
        )


def run_as(me: SetWorld, other: SetWorld, forbidden_ids: set[int], tally: Tally) -> None:
    checks = [
        not_a_server_error,
        use_after_free,
        ensure_resource_availability,
        cross_set_check(other=other, forbidden_ids=forbidden_ids),
    ]

    class Machine(schema.as_state_machine()):  # type: ignore[misc]
        # Each scenario starts from the same world: Hypothesis replays a scenario's choices
        # to shrink it, which only works when the data it meets is the same again.
        def setup(self) -> None:
            self.savepoint = transaction.savepoint()
            cache.clear()

        def teardown(self) -> None:
            transaction.savepoint_rollback(self.savepoint)

        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"headers": {"Authorization": f"Token {me.key}"}}

        def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
            tally.add(case, response.status_code)
            case.validate_response(response, checks=checks, recorder=self.recorder)

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
    run_as(me, other, other.ids | {between}, tally)
    print(tally.line(f"stateful as {me.name}"))
    # The run must have reached the data, not only been turned away.
    assert tally.statuses[200] > 0
