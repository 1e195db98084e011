"""The OpenAPI links claims.api.schema adds: each names an operation of the schema, fills
only parameters and body fields that operation takes, from fields its response has (a link
that points nowhere is silently useless to clients and to the stateful schemathesis run)."""

from typing import Any

import pytest

from claims.api.schema import RESPONSE_LINKS


@pytest.fixture(scope="module")
def openapi(django_db_blocker) -> dict[str, Any]:
    from drf_spectacular.generators import SchemaGenerator

    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


def _operations(openapi: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        op["operationId"]: op
        for methods in openapi["paths"].values()
        for op in methods.values()
        if isinstance(op, dict) and "operationId" in op
    }


def _properties(openapi: dict[str, Any], content: dict[str, Any]) -> set[str]:
    ref = content["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    return set(openapi["components"]["schemas"][ref]["properties"])


def test_every_link_is_in_the_schema(openapi):
    operations = _operations(openapi)
    for source_id, status in RESPONSE_LINKS:
        links = operations[source_id]["responses"][status]["links"]
        assert set(RESPONSE_LINKS[source_id, status]) <= set(links)


def test_links_name_real_operations_fields_and_parameters(openapi):
    operations = _operations(openapi)
    for (source_id, status), links in RESPONSE_LINKS.items():
        produced = _properties(openapi, operations[source_id]["responses"][status]["content"])
        for link in links.values():
            target = operations[link["operationId"]]
            if "requestBody" in link:
                accepted = _properties(openapi, target["requestBody"]["content"])
                assert set(link["requestBody"]) <= accepted, link
            parameters = {f"{p['in']}.{p['name']}" for p in target.get("parameters", [])}
            assert set(link.get("parameters", {})) <= parameters, link
            expressions = [
                *link.get("requestBody", {}).values(),
                *link.get("parameters", {}).values(),
            ]
            for expression in expressions:
                assert expression.removeprefix("$response.body#/") in produced, expression
