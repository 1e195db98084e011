"""Friendly error pages in debug mode too (the demo runs with DEBUG on).

With DEBUG off Django already renders `handler404`/`handler403`/`handler500`. With DEBUG on it
shows its technical pages instead: a 404 listing every URL pattern, a 500 with a traceback and
settings. Those are for developers, not for an editor trying the demo, and their inline styles
break our CSP. This middleware answers with the same friendly pages in debug mode, and logs the
traceback of a 500 to the console as usual. `DJANGO_TECHNICAL_ERRORS=1` keeps Django's pages.
"""

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import Resolver404, get_resolver

from claims.views import errors

logger = logging.getLogger("django.request")


def _active() -> bool:
    return bool(settings.DEBUG) and not getattr(settings, "TECHNICAL_ERROR_PAGES", False)


class FriendlyErrorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 404 and _active() and not _resolves(request):
            # No view ran: Django's URL resolver produced the technical 404 page.
            return errors.page_not_found(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not _active():
            return None
        if isinstance(exception, Http404):
            return errors.page_not_found(request, exception)
        if isinstance(exception, PermissionDenied):
            return errors.permission_denied(request, exception)
        logger.error("Internal Server Error: %s", request.path, exc_info=exception)
        return errors.server_error(request)


def _resolves(request: HttpRequest) -> bool:
    try:
        get_resolver(getattr(request, "urlconf", None)).resolve(request.path_info)
    except Resolver404:
        return False
    return True
