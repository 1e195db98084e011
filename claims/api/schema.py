"""drf-spectacular extensions: how our token authentication appears in the schema.

Imported by claims.api.urls so the extension is registered before the schema is built."""

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "claims.api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'Token from your profile page: "Authorization: Token <key>".',
        }


def _link(operation_id: str, *, path: dict[str, str] | None = None, **body: str) -> dict[str, Any]:
    link: dict[str, Any] = {"operationId": operation_id}
    if path:
        link["parameters"] = {f"path.{name}": value for name, value in path.items()}
    if body:
        link["requestBody"] = body
    return link


_ID = "$response.body#/id"
_VERSION = "$response.body#/version"

# OpenAPI links a client (and schemathesis' stateful run) can follow from one response to the
# next request. Links that only fill an ``{id}`` path parameter schemathesis infers itself;
# these carry ids and versions in request bodies, which it cannot guess: a sentence's span
# becomes a claim, a claim gets an attribution and a link, an edit sends the version it read.
RESPONSE_LINKS: dict[tuple[str, str], dict[str, dict[str, Any]]] = {
    ("v1_sentences_retrieve", "200"): {
        "ClaimTheSentence": _link(
            "v1_claims_create",
            article="$response.body#/article",
            start="$response.body#/start",
            end="$response.body#/end",
        ),
    },
    ("v1_claims_create", "201"): {
        "AttributeTheClaim": _link(
            "v1_attributions_create", article="$response.body#/article", claim=_ID
        ),
        "LinkFromTheClaim": _link("v1_links_create", from_claim=_ID),
        "EditTheClaim": _link("v1_claims_partial_update", path={"id": _ID}, version=_VERSION),
        "ReviewTheClaim": _link("v1_claims_review_create", path={"id": _ID}, version=_VERSION),
    },
    ("v1_claims_retrieve", "200"): {
        "EditTheClaim": _link("v1_claims_partial_update", path={"id": _ID}, version=_VERSION),
        "ReviewTheClaim": _link("v1_claims_review_create", path={"id": _ID}, version=_VERSION),
    },
    ("v1_links_retrieve", "200"): {
        "LinkBack": _link(
            "v1_links_create",
            from_claim="$response.body#/to_claim",
            to_claim="$response.body#/from_claim",
        ),
    },
    ("v1_sources_create", "201"): {
        "AttributeToTheSource": _link("v1_attributions_create", source=_ID),
        "EditTheSource": _link("v1_sources_partial_update", path={"id": _ID}, version=_VERSION),
    },
    ("v1_sources_retrieve", "200"): {
        "EditTheSource": _link("v1_sources_partial_update", path={"id": _ID}, version=_VERSION),
    },
    ("v1_attributions_create", "201"): {
        "EditTheAttribution": _link(
            "v1_attributions_partial_update", path={"id": _ID}, version=_VERSION
        ),
    },
    ("v1_attributions_retrieve", "200"): {
        "EditTheAttribution": _link(
            "v1_attributions_partial_update", path={"id": _ID}, version=_VERSION
        ),
    },
}


def add_response_links(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: add RESPONSE_LINKS to the operations' responses."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for status, response in operation.get("responses", {}).items():
                links = RESPONSE_LINKS.get((operation.get("operationId"), status))
                if links:
                    response["links"] = {**response.get("links", {}), **links}
    return result
