"""`/favicon.ico`: browsers ask for it on every site whatever the page's `<link rel=icon>`."""

import functools

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe


@functools.cache
def _icon() -> bytes:
    path = finders.find("favicon.ico") or str(settings.BASE_DIR / "static" / "favicon.ico")
    with open(path, "rb") as handle:
        return handle.read()


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(_icon(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response
