"""API v1 views: parse, check, call a service, serialize.

Querysets only ever hold objects of sets the user can see, so anything else is a 404; the
object-level role checks come from ``claims.permissions.SetRolePermission`` and, for creates
(which have no object yet), from the same predicates called here.
"""

from claims.api.views.nested import AnnotationViewSet
from claims.api.views.reading import ArticleViewSet, SentenceViewSet
from claims.api.views.sets import JobViewSet, SetViewSet
from claims.api.views.sources import SourceViewSet
from claims.api.views.work import AttributionViewSet, ClaimViewSet, LinkViewSet

__all__ = [
    "AnnotationViewSet",
    "ArticleViewSet",
    "AttributionViewSet",
    "ClaimViewSet",
    "JobViewSet",
    "LinkViewSet",
    "SentenceViewSet",
    "SetViewSet",
    "SourceViewSet",
]
