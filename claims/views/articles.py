"""The article reading view: sentences with their offsets, flags shown, text escaped."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from claims import permissions
from claims.selectors.articles import article_for_reading, cluster_siblings
from claims.selectors.layout import article_pieces


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
    }
    return render(request, "claims/article_read.html", context)
