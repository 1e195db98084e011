from django.urls import path

from claims.views import (
    annotate,
    articles,
    assignments,
    claim_editor,
    copies,
    curation,
    dashboard,
    history,
    jobs,
    links,
    members,
    profile,
    queue,
    review,
    sets,
    source_picker,
    source_registry,
)
from claims.views import corroboration as corroboration_views
from claims.views import search as search_views

urlpatterns = [
    path("", sets.set_list, name="set-list"),
    path("sets/<slug:slug>/", sets.article_list, name="article-list"),
    path("sets/<slug:slug>/import/", jobs.import_upload, name="import-upload"),
    path("jobs/<int:job_id>/", jobs.job_detail, name="job-detail"),
    path("jobs/<int:job_id>/rerun/", jobs.job_rerun_view, name="job-rerun"),
    path("articles/<int:article_id>/", articles.article_read, name="article-read"),
    path("articles/<int:article_id>/title/", articles.article_title, name="article-title"),
    path("profile/", profile.profile, name="profile"),
    path("profile/tokens/", profile.token_create, name="profile-token-create"),
    path(
        "profile/tokens/<int:token_id>/revoke/", profile.token_revoke, name="profile-token-revoke"
    ),
    # Annotation workspace (htmx partials of templates/claims/annotate.html).
    path("articles/<int:article_id>/annotate/", annotate.article_annotate, name="article-annotate"),
    path("articles/<int:article_id>/annotate/claims/", annotate.claim_list, name="claim-list"),
    path("articles/<int:article_id>/done/", annotate.article_done, name="article-done"),
    path("articles/<int:article_id>/copies/offer/", copies.copies_offer, name="copies-offer"),
    path(
        "articles/<int:article_id>/copies/accept-all/",
        copies.copies_accept_all,
        name="copies-accept-all",
    ),
    path("articles/<int:article_id>/sources/", source_picker.source_search, name="source-search"),
    path("articles/<int:article_id>/claims/new/", claim_editor.claim_new, name="claim-new"),
    path("articles/<int:article_id>/claims/", claim_editor.claim_create, name="claim-create"),
    path(
        "articles/<int:article_id>/sentences/<int:index>/accept-all/",
        claim_editor.sentence_accept_all,
        name="sentence-accept-all",
    ),
    path("claims/<int:claim_id>/", claim_editor.claim_edit, name="claim-edit"),
    path("claims/<int:claim_id>/update/", claim_editor.claim_update, name="claim-update"),
    path("claims/<int:claim_id>/delete/", claim_editor.claim_delete, name="claim-delete"),
    path("claims/<int:claim_id>/restore/", claim_editor.claim_restore, name="claim-restore"),
    path("claims/<int:claim_id>/accept/", claim_editor.claim_accept, name="claim-accept"),
    path("claims/<int:claim_id>/reject/", claim_editor.claim_reject, name="claim-reject"),
    path("claims/<int:claim_id>/unreject/", claim_editor.claim_unreject, name="claim-unreject"),
    path(
        "attributions/<int:attribution_id>/delete/",
        claim_editor.attribution_delete,
        name="attribution-delete",
    ),
    path(
        "attributions/<int:attribution_id>/restore/",
        claim_editor.attribution_restore,
        name="attribution-restore",
    ),
    path("claims/<int:claim_id>/links/search/", links.link_search, name="link-search"),
    path("claims/<int:claim_id>/links/", links.link_create, name="link-create"),
    path("links/<int:link_id>/delete/", links.link_delete, name="link-delete"),
    path("links/<int:link_id>/restore/", links.link_restore, name="link-restore"),
    # Review desk: review queue, my queue, members and settings, assignments, history.
    path("sets/<slug:slug>/review/", review.review_queue, name="review-queue"),
    path(
        "sets/<slug:slug>/review/claims/<int:claim_id>/",
        review.review_decide,
        name="review-decide",
    ),
    path(
        "sets/<slug:slug>/review/attributions/<int:attribution_id>/",
        review.review_decide_attribution,
        name="review-decide-attribution",
    ),
    path(
        "sets/<slug:slug>/review/approve/",
        review.review_bulk_approve,
        name="review-bulk-approve",
    ),
    path("sets/<slug:slug>/queue/", queue.queue_mine, name="queue-mine"),
    path("sets/<slug:slug>/queue/next/", queue.queue_next, name="queue-next"),
    path("sets/<slug:slug>/members/", members.member_list, name="member-list"),
    path("sets/<slug:slug>/members/add/", members.member_add, name="member-add"),
    path(
        "sets/<slug:slug>/members/<int:membership_id>/role/",
        members.member_role,
        name="member-role",
    ),
    path(
        "sets/<slug:slug>/members/<int:membership_id>/remove/",
        members.member_remove,
        name="member-remove",
    ),
    path("sets/<slug:slug>/settings/", members.set_settings, name="set-settings"),
    path("sets/<slug:slug>/assignments/", assignments.assignment_list, name="assignment-list"),
    path("sets/<slug:slug>/assignments/add/", assignments.assignment_add, name="assignment-add"),
    path(
        "sets/<slug:slug>/assignments/round-robin/",
        assignments.assignment_round_robin,
        name="assignment-round-robin",
    ),
    path(
        "sets/<slug:slug>/assignments/<int:assignment_id>/delete/",
        assignments.assignment_delete,
        name="assignment-delete",
    ),
    path("sets/<slug:slug>/deleted/", history.deleted_list, name="deleted-list"),
    path(
        "sets/<slug:slug>/deleted/<str:entity>/<int:object_id>/restore/",
        history.deleted_restore,
        name="deleted-restore",
    ),
    path("claims/<int:claim_id>/history/", history.claim_history_page, name="claim-history"),
    path("sources/<int:source_id>/history/", history.source_history_page, name="source-history"),
    path("changes/<int:record_id>/restore/", history.change_restore, name="change-restore"),
    # Review desk: curation (adjudication), dashboard and agreement (reviewers and managers).
    path("sets/<slug:slug>/curation/", curation.curation_list, name="curation-list"),
    path("articles/<int:article_id>/curate/", curation.article_curate, name="article-curate"),
    path(
        "articles/<int:article_id>/curate/decide/",
        curation.curation_decide,
        name="curation-decide",
    ),
    path("sets/<slug:slug>/dashboard/", dashboard.set_dashboard, name="set-dashboard"),
    path("sets/<slug:slug>/agreement/", dashboard.set_agreement, name="set-agreement"),
    path("sets/<slug:slug>/agreement.csv", dashboard.agreement_csv, name="set-agreement-csv"),
    # Corroboration: link suggestions, independent counts, search.
    path(
        "claims/<int:claim_id>/links/suggestions/",
        corroboration_views.suggestions,
        name="link-suggestions",
    ),
    path(
        "claims/<int:claim_id>/links/reject/",
        corroboration_views.suggestion_reject,
        name="link-suggestion-reject",
    ),
    path(
        "claims/<int:claim_id>/corroboration/",
        corroboration_views.corroboration,
        name="claim-corroboration",
    ),
    path("search/", search_views.search_page, name="search"),
    path(
        "claims/<int:claim_id>/graph/",
        corroboration_views.claim_graph_page,
        name="claim-graph",
    ),
    # Source registry.
    path("sets/<slug:slug>/sources/", source_registry.source_list, name="source-list"),
    path("sources/<int:source_id>/", source_registry.source_detail, name="source-detail"),
    path("sources/<int:source_id>/aliases/", source_registry.source_alias, name="source-alias"),
    path("sources/<int:source_id>/kind/", source_registry.source_kind, name="source-kind"),
    path(
        "sources/<int:source_id>/merge/",
        source_registry.source_merge_confirm,
        name="source-merge",
    ),
    path(
        "sources/<int:source_id>/merge/undo/",
        source_registry.source_merge_undo,
        name="source-merge-undo",
    ),
]
