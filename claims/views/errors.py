"""Error pages: plain, friendly, no traceback, JSON for API clients."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from claims.services.limits import max_upload_bytes

MESSAGES = {
    400: "The request could not be understood.",
    403: "You do not have permission to see this.",
    404: "There is nothing here.",
    413: "The upload is too large.",
    500: "Something went wrong on our side. The error has been logged.",
}


def _error(request: HttpRequest, status: int, detail: str = "") -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": MESSAGES[status]}, status=status)
    context = {"status": status, "message": MESSAGES[status], "detail": detail}
    return render(request, "error.html", context, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Our views raise PermissionDenied with a sentence for the user ("Only managers import …").
    return _error(request, 403, str(exception) if exception is not None else "")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(request, 500)


def request_too_large(request: HttpRequest) -> bool:
    """Whether the declared body is past the upload limit (checked before reading it)."""
    length = request.META.get("CONTENT_LENGTH") or "0"
    return length.isdigit() and int(length) > max_upload_bytes()


def payload_too_large(request: HttpRequest) -> HttpResponse:
    return _error(request, 413)
