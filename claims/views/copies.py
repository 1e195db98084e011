"""Copies annotated once: offer a near-duplicate's claims here, and accept them all."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from claims import permissions
from claims.selectors.copy_suggestions import copied_suggestions
from claims.services.copy_suggestions import copy_suggestions_store
from claims.services.errors import ConflictError
from claims.services.workspace import claims_accept_all
from claims.views.access import require
from claims.views.annotate import article_for_member


def _refresh() -> HttpResponse:
    response = HttpResponse(status=204)
    response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def copies_offer(request: HttpRequest, article_id: int) -> HttpResponse:
    """Store the copies' claims as suggestions here; the page reloads when any were new."""
    article = article_for_member(request.user, article_id)
    require(permissions.can_annotate(request.user, article.annotation_set_id))
    if copy_suggestions_store(article=article):
        return _refresh()
    return HttpResponse("Nothing more from the copies matches this text.")


@login_required
@require_POST
def copies_accept_all(request: HttpRequest, article_id: int) -> HttpResponse:
    article = article_for_member(request.user, article_id)
    require(permissions.can_annotate(request.user, article.annotation_set_id))
    try:
        claims_accept_all(claims=copied_suggestions(article=article), user=request.user)
    except ConflictError:
        return HttpResponse(
            "Someone changed these suggestions meanwhile; nothing was accepted.", status=409
        )
    return _refresh()
