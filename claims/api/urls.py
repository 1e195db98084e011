from typing import Any

from django.conf import settings
from django.urls import include, path
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny
from rest_framework.routers import DefaultRouter

from claims.api import schema, views
from claims.api.views import corroboration

__all__ = ["schema", "urlpatterns"]

_DOCS_POLICY: dict[str, Any] = {**settings.SECURE_CSP, "style-src": [CSP.SELF, CSP.UNSAFE_INLINE]}
DOCS_CSP = csp_override(_DOCS_POLICY)

router = DefaultRouter()
router.register("sets", views.SetViewSet, basename="api-set")
router.register("articles", views.ArticleViewSet, basename="api-article")
router.register("sentences", views.SentenceViewSet, basename="api-sentence")
router.register("claims", views.ClaimViewSet, basename="api-claim")
router.register("attributions", views.AttributionViewSet, basename="api-attribution")
router.register("sources", views.SourceViewSet, basename="api-source")
router.register("links", views.LinkViewSet, basename="api-link")
router.register("jobs", views.JobViewSet, basename="api-job")
router.register("annotations", views.AnnotationViewSet, basename="api-annotation")

urlpatterns = [
    # Corroboration (before the router so claims/<id>/... is not taken for a claim action).
    path(
        "v1/claims/<int:claim_id>/link-suggestions/",
        corroboration.LinkSuggestionsView.as_view(),
        name="api-claim-link-suggestions",
    ),
    path(
        "v1/claims/<int:claim_id>/corroboration/",
        corroboration.CorroborationView.as_view(),
        name="api-claim-corroboration",
    ),
    path("v1/search/", corroboration.SearchView.as_view(), name="api-search"),
    path("v1/", include(router.urls)),
    # The schema describes the API, not anyone's data: public, so tools and CI can fetch it.
    path(
        "schema/",
        SpectacularAPIView.as_view(permission_classes=[AllowAny]),
        name="api-schema",
    ),
    # The split view serves its start-up script as a file: our CSP allows no inline script.
    # Swagger UI sets inline styles, so this one page (which shows no stored data) may.
    path(
        "docs/",
        DOCS_CSP(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
]
