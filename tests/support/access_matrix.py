"""The expected access of every URL: one row per URL name, in ONE table.

A new view, htmx partial or API endpoint without a row here fails
``tests/hardening/test_access_matrix.py`` (the URL conf is walked). Add a row:

    Row("url-name", "get" | "post" | ..., MIN_ROLE, lambda c: {url kwargs}),

``MIN_ROLE`` is the least set role that may use it on the *world's* objects (which another
annotator, "writer", made: annotators may read them but not change them): ``ANNOTATOR``,
``REVIEWER`` or ``MANAGER``; ``USER`` for any logged-in user (lists that filter by set,
one's own profile); ``PUBLIC`` for everyone. Set-scoped rows are also tried on the other
set's copy of each object, where only the superuser may pass. ``c`` is a :class:`Ctx`: the
world (``tests.api.conftest.World`` plus a few extras) and the requesting user.

"Allowed" means the view did its work or validated the input (any status below 500 but
401/403/404/405 or a redirect to the login page); "denied" means 401, 403, 404 or that redirect
(a PUBLIC row may redirect to the login page: logging out does). A 405 fails the row: it
must name the method its view accepts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

PUBLIC, USER, ANNOTATOR, REVIEWER, MANAGER = "public", "user", "annotator", "reviewer", "manager"
RANK = {ANNOTATOR: 1, REVIEWER: 2, MANAGER: 3}

# URL names outside this project's code (Django admin is checked by Django's own tests).
EXEMPT_NAMESPACES = {"admin"}


@dataclass
class Ctx:
    w: Any  # tests.api.conftest.World + membership, assignment, record, deleted_claim,
    # deleted_link, merged_source; token_of(user)
    user: Any


@dataclass(frozen=True)
class Row:
    name: str
    method: str
    role: str
    kwargs: Callable[[Ctx], dict[str, Any]] = field(default=lambda c: {})
    data: Callable[[Ctx], dict[str, Any]] | None = None
    # For set-scoped rows: also try the other set's copy (False for set-filtered lists).
    cross_set: bool = True


def slug(c: Ctx) -> dict[str, Any]:
    return {"slug": c.w.annotation_set.slug}


def article(c: Ctx) -> dict[str, Any]:
    return {"article_id": c.w.article.pk}


def claim(c: Ctx) -> dict[str, Any]:
    return {"claim_id": c.w.claim.pk}


def pk(attr: str) -> Callable[[Ctx], dict[str, Any]]:
    return lambda c: {"pk": getattr(c.w, attr).pk}


ROWS: list[Row] = [
    # --- accounts and public pages -------------------------------------------------------
    Row("login", "get", PUBLIC),
    Row("logout", "post", PUBLIC),
    Row("favicon", "get", PUBLIC),
    Row("api-schema", "get", PUBLIC),
    Row("api-docs", "get", PUBLIC),  # describes the API, not anyone's data
    Row("api-root", "get", USER),
    Row("set-list", "get", USER),
    Row("profile", "get", USER),
    Row("profile-token-create", "post", USER, data=lambda c: {"name": "cli"}),
    Row("profile-token-revoke", "post", USER, lambda c: {"token_id": c.w.token_of(c.user)}),
    # --- sets, imports, jobs ---------------------------------------------------------------
    Row("article-list", "get", ANNOTATOR, slug),
    Row("import-upload", "get", MANAGER, slug),
    Row("job-detail", "get", ANNOTATOR, lambda c: {"job_id": c.w.job.pk}),
    Row("job-rerun", "post", MANAGER, lambda c: {"job_id": c.w.job.pk}),
    Row("set-settings", "post", MANAGER, slug, data=lambda c: {}),
    Row("member-list", "get", MANAGER, slug),
    Row("member-add", "post", MANAGER, slug, data=lambda c: {}),
    Row(
        "member-role",
        "post",
        MANAGER,
        lambda c: {"slug": c.w.annotation_set.slug, "membership_id": c.w.membership.pk},
        data=lambda c: {"role": "reviewer"},
    ),
    Row(
        "member-remove",
        "post",
        MANAGER,
        lambda c: {"slug": c.w.annotation_set.slug, "membership_id": c.w.membership.pk},
    ),
    Row("assignment-list", "get", MANAGER, slug),
    Row("assignment-add", "post", MANAGER, slug, data=lambda c: {}),
    Row("assignment-round-robin", "post", MANAGER, slug, data=lambda c: {}),
    Row(
        "assignment-delete",
        "post",
        MANAGER,
        lambda c: {"slug": c.w.annotation_set.slug, "assignment_id": c.w.assignment.pk},
    ),
    Row("deleted-list", "get", MANAGER, slug),
    Row(
        "deleted-restore",
        "post",
        MANAGER,
        lambda c: {
            "slug": c.w.annotation_set.slug,
            "entity": "claim",
            "object_id": c.w.deleted_claim.pk,
        },
    ),
    Row("review-queue", "get", REVIEWER, slug),
    Row(
        "review-decide",
        "post",
        REVIEWER,
        lambda c: {"slug": c.w.annotation_set.slug, "claim_id": c.w.claim.pk},
        data=lambda c: {},
    ),
    Row(
        "review-decide-attribution",
        "post",
        REVIEWER,
        lambda c: {"slug": c.w.annotation_set.slug, "attribution_id": c.w.cue_only.pk},
        data=lambda c: {},
    ),
    Row("review-bulk-approve", "post", REVIEWER, slug, data=lambda c: {}),
    Row("queue-mine", "get", ANNOTATOR, slug),
    Row("queue-next", "get", ANNOTATOR, slug),
    Row("curation-list", "get", REVIEWER, slug),
    Row("article-curate", "get", REVIEWER, article),
    Row("curation-decide", "post", REVIEWER, article, data=lambda c: {}),
    Row("set-dashboard", "get", REVIEWER, slug),
    Row("set-agreement", "get", REVIEWER, slug),
    Row("set-agreement-csv", "get", REVIEWER, slug),
    # --- reading and annotating ----------------------------------------------------------
    Row("article-read", "get", ANNOTATOR, article),
    Row("article-annotate", "get", ANNOTATOR, article),
    Row("claim-list", "get", ANNOTATOR, article),
    Row("article-done", "post", ANNOTATOR, article),
    Row("source-search", "get", ANNOTATOR, article),
    Row("claim-new", "get", ANNOTATOR, article),
    Row("claim-create", "post", ANNOTATOR, article, data=lambda c: {}),
    Row(
        "sentence-accept-all",
        "post",
        ANNOTATOR,
        lambda c: {"article_id": c.w.article.pk, "index": 0},
    ),
    Row("claim-edit", "get", ANNOTATOR, claim),
    Row("claim-update", "post", REVIEWER, claim, data=lambda c: {}),
    Row("claim-delete", "post", REVIEWER, claim),
    Row("claim-restore", "post", REVIEWER, lambda c: {"claim_id": c.w.deleted_claim.pk}),
    Row("claim-accept", "post", REVIEWER, claim),
    Row("claim-reject", "post", REVIEWER, claim),
    Row(
        "attribution-delete",
        "post",
        REVIEWER,
        lambda c: {"attribution_id": c.w.attribution.pk},
    ),
    Row(
        "attribution-restore",
        "post",
        REVIEWER,
        lambda c: {"attribution_id": c.w.attribution.pk},
    ),
    Row("link-search", "get", ANNOTATOR, claim),
    Row("link-create", "post", REVIEWER, claim, data=lambda c: {}),
    Row("link-delete", "post", REVIEWER, lambda c: {"link_id": c.w.link.pk}),
    # --- editor's day (i13) ------------------------------------------------------------------
    Row("article-title", "post", MANAGER, article, data=lambda c: {}),
    Row("copies-offer", "post", ANNOTATOR, article),
    Row("copies-accept-all", "post", ANNOTATOR, article),
    Row("claim-unreject", "post", REVIEWER, lambda c: {"claim_id": c.w.deleted_claim.pk}),
    Row("link-restore", "post", REVIEWER, lambda c: {"link_id": c.w.link.pk}),
    Row("claim-history", "get", ANNOTATOR, claim),
    Row("source-history", "get", ANNOTATOR, lambda c: {"source_id": c.w.source.pk}),
    Row("change-restore", "post", REVIEWER, lambda c: {"record_id": c.w.record.pk}),
    # --- editor's day, corroboration, search, source registry ----------------------------
    Row("article-title", "post", MANAGER, article, data=lambda c: {"title": "Renamed"}),
    Row("copies-offer", "post", ANNOTATOR, article),
    Row("copies-accept-all", "post", ANNOTATOR, article),
    Row("claim-unreject", "post", REVIEWER, claim),
    Row("link-restore", "post", REVIEWER, lambda c: {"link_id": c.w.deleted_link.pk}),
    Row("link-suggestions", "get", ANNOTATOR, claim),
    Row("link-suggestion-reject", "post", REVIEWER, claim, data=lambda c: {}),
    Row("claim-corroboration", "get", ANNOTATOR, claim),
    Row("claim-graph", "get", ANNOTATOR, claim),
    Row("search", "get", USER),
    Row("source-list", "get", ANNOTATOR, slug),
    Row("source-detail", "get", ANNOTATOR, lambda c: {"source_id": c.w.source.pk}),
    Row(
        "source-alias", "post", ANNOTATOR, lambda c: {"source_id": c.w.source.pk}, data=lambda c: {}
    ),
    Row(
        "source-kind", "post", ANNOTATOR, lambda c: {"source_id": c.w.source.pk}, data=lambda c: {}
    ),
    Row(
        "source-merge", "post", REVIEWER, lambda c: {"source_id": c.w.source.pk}, data=lambda c: {}
    ),
    Row("source-merge-undo", "post", REVIEWER, lambda c: {"source_id": c.w.merged_source.pk}),
    Row("source-split", "get", REVIEWER, lambda c: {"source_id": c.w.source.pk}),
    Row(
        "source-split", "post", REVIEWER, lambda c: {"source_id": c.w.source.pk}, data=lambda c: {}
    ),
    Row("source-split-undo", "post", REVIEWER, lambda c: {"source_id": c.w.source.pk}),
    Row("api-claim-corroboration", "get", ANNOTATOR, claim),
    Row("api-claim-link-suggestions", "get", ANNOTATOR, claim),
    Row("api-search", "get", USER),
    # --- API (tests/api/test_permissions.py holds the detailed per-action matrix) ---------
    Row("api-set-list", "get", USER),
    Row("api-set-detail", "get", ANNOTATOR, slug),
    Row("api-set-agreement", "get", REVIEWER, slug),
    Row("api-set-review-bulk", "post", REVIEWER, slug, data=lambda c: {}),
    Row("api-set-export", "get", ANNOTATOR, slug),
    Row("api-set-import-annotations", "post", MANAGER, slug, data=lambda c: {}),
    Row("api-set-members", "get", ANNOTATOR, slug),
    Row(
        "api-set-member",
        "patch",
        MANAGER,
        lambda c: {"slug": c.w.annotation_set.slug, "username": c.w.writer.username},
        data=lambda c: {"role": "reviewer"},
    ),
    Row("api-article-list", "get", USER),
    Row("api-article-detail", "get", ANNOTATOR, pk("article")),
    Row("api-sentence-list", "get", USER),
    Row("api-sentence-detail", "get", ANNOTATOR, pk("sentence")),
    Row("api-claim-list", "get", USER),
    Row("api-claim-detail", "get", ANNOTATOR, pk("claim")),
    Row("api-claim-review", "post", REVIEWER, pk("claim"), data=lambda c: {}),
    Row("api-claim-reviews", "get", ANNOTATOR, pk("claim")),
    Row("api-attribution-list", "get", USER),
    Row("api-attribution-detail", "get", ANNOTATOR, pk("attribution")),
    Row("api-source-list", "get", USER),
    Row("api-source-detail", "get", ANNOTATOR, pk("source")),
    Row("api-source-merge", "post", REVIEWER, pk("source"), data=lambda c: {}),
    Row("api-link-list", "get", USER),
    Row("api-link-detail", "get", ANNOTATOR, pk("link")),
    Row("api-job-list", "get", USER),
    # The article (and so the set) is named in the body: tests/api covers the set checks.
    Row("api-annotation-list", "post", USER, data=lambda c: {}),
    Row("api-job-detail", "get", ANNOTATOR, pk("job")),
    # Nested create: every claim's article visible and annotatable (tests/api/test_nested.py).
    Row("api-annotation-list", "post", USER, data=lambda c: {}),
]

BY_NAME = {row.name: row for row in ROWS}
