"""The article reading view (sentences with their offsets, flags shown, text escaped) and the
manager's title correction."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from claims import permissions
from claims.selectors.articles import article_for_reading, cluster_siblings
from claims.selectors.layout import article_pieces
from claims.services.articles import article_title_update
from claims.services.errors import ConflictError
from claims.views.access import require


@login_required
@require_GET
def article_read(request: HttpRequest, article_id: int) -> HttpResponse:
    article = article_for_reading(article_id=article_id)
    if not permissions.can_view(request.user, article.annotation_set_id):
        raise Http404("No such article.")
    context = {
        "article": article,
        "annotation_set": article.annotation_set,
        "pieces": article_pieces(article=article),
        "siblings": cluster_siblings(article=article),
        "can_annotate": permissions.can_annotate(request.user, article.annotation_set_id),
        "can_manage": permissions.can_manage(request.user, article.annotation_set_id),
    }
    return render(request, "claims/article_read.html", context)


@login_required
@require_POST
def article_title(request: HttpRequest, article_id: int) -> HttpResponse:
    """A manager corrects the title (form on the reading page); 400 names the field, 409 shows
    the title someone else saved."""
    article = article_for_reading(article_id=article_id)
    if not permissions.can_view(request.user, article.annotation_set_id):
        raise Http404("No such article.")
    require(
        permissions.can_manage(request.user, article.annotation_set_id), "Only managers rename."
    )
    try:
        article_title_update(
            article=article,
            title=request.POST.get("title", ""),
            previous=request.POST.get("previous", ""),
            user=request.user,
        )
    except ValidationError as error:
        return HttpResponse(f"title: {' '.join(error.messages)}", status=400)
    except ConflictError as error:
        return HttpResponse(f"{error} It is now: {error.current['title']}", status=409)
    messages.success(request, "Title saved.")
    return redirect("article-read", article_id=article.pk)
