"""Property-based run of every operation in /api/schema/ against the WSGI app, as a manager
with a token: whatever schemathesis generates, the API must never answer 5xx.

The schema is loaded from the app itself (it is public, so loading needs no database); the
examples per operation are bounded to keep the run short."""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from annotator.wsgi import application
from claims.services.tokens import api_token_create

pytestmark = pytest.mark.django_db

# Bounded for CI; raise it locally to dig deeper (SCHEMATHESIS_MAX_EXAMPLES=200).
MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "8"))

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture
def manager_key(manager, own, fast_passwords, keep_test_connection) -> str:
    _, key = api_token_create(user=manager, name="schemathesis")
    return key


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=MAX_EXAMPLES <= 8,
)
def test_no_server_errors(case, manager_key):
    response = case.call_and_validate(
        headers={"Authorization": f"Token {manager_key}"}, checks=[not_a_server_error]
    )
    assert response.status_code < 500
