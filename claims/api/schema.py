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


def _link(
    operation_id: str, *, path: str | None = None, query: str | None = None, **body: str
) -> dict[str, Any]:
    """A link to ``operation_id``: ``path`` fills ``{id}``, ``query`` the ``version``
    parameter, ``body`` request body fields."""
    link: dict[str, Any] = {"operationId": operation_id}
    parameters = {"path.id": path, "query.version": query}
    if path or query:
        link["parameters"] = {name: value for name, value in parameters.items() if value}
    if body:
        link["requestBody"] = body
    return link


_ID = "$response.body#/id"
_VERSION = "$response.body#/version"


def _edit_and_delete(entity: str, name: str) -> dict[str, dict[str, Any]]:
    """Edit and delete what the response shows, each with the version it read."""
    return {
        f"Edit{name}": _link(f"v1_{entity}_partial_update", path=_ID, version=_VERSION),
        f"Delete{name}": _link(f"v1_{entity}_destroy", path=_ID, query=_VERSION),
    }


_CLAIM_FOLLOW_UPS = {
    **_edit_and_delete("claims", "TheClaim"),
    "ReviewTheClaim": _link("v1_claims_review_create", path=_ID, version=_VERSION),
}

# OpenAPI links a client (and schemathesis' stateful run) can follow from one response to the
# next request. Links that only fill an ``{id}`` path parameter schemathesis infers itself;
# these carry ids and versions in request bodies and queries, which it cannot guess: a
# sentence's span becomes a claim, a claim gets an attribution and a link, an edit or a
# delete sends the version it read.
_SOURCE_IN_THE_SET = {
    "AddASource": _link("v1_sources_create", annotation_set="$response.body#/slug"),
}

RESPONSE_LINKS: dict[tuple[str, str], dict[str, dict[str, Any]]] = {
    ("v1_sets_create", "201"): _SOURCE_IN_THE_SET,
    ("v1_sets_retrieve", "200"): _SOURCE_IN_THE_SET,
    ("v1_sentences_retrieve", "200"): {
        "ClaimTheSentence": _link(
            "v1_claims_create",
            article="$response.body#/article",
            start="$response.body#/start",
            end="$response.body#/end",
        ),
    },
    ("v1_claims_create", "201"): {
        # The claim's own span as the cue: inside the text, so the offsets are valid.
        "AttributeTheClaim": _link(
            "v1_attributions_create",
            article="$response.body#/article",
            claim=_ID,
            cue_start="$response.body#/start",
            cue_end="$response.body#/end",
        ),
        "LinkFromTheClaim": _link("v1_links_create", from_claim=_ID),
        **_CLAIM_FOLLOW_UPS,
    },
    ("v1_claims_retrieve", "200"): _CLAIM_FOLLOW_UPS,
    ("v1_links_create", "201"): {
        "DeleteTheLink": _link("v1_links_destroy", path=_ID, query=_VERSION),
    },
    ("v1_links_retrieve", "200"): {
        "LinkBack": _link(
            "v1_links_create",
            from_claim="$response.body#/to_claim",
            to_claim="$response.body#/from_claim",
        ),
        "DeleteTheLink": _link("v1_links_destroy", path=_ID, query=_VERSION),
    },
    ("v1_sources_create", "201"): {
        "AttributeToTheSource": _link("v1_attributions_create", source=_ID),
        **_edit_and_delete("sources", "TheSource"),
    },
    ("v1_sources_retrieve", "200"): _edit_and_delete("sources", "TheSource"),
    ("v1_attributions_create", "201"): _edit_and_delete("attributions", "TheAttribution"),
    ("v1_attributions_retrieve", "200"): _edit_and_delete("attributions", "TheAttribution"),
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
