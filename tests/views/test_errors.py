"""Friendly error pages in every mode (the demo runs with DEBUG on), and the favicon."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from claims.middleware import FriendlyErrorsMiddleware

MODES = [pytest.param(False, id="production"), pytest.param(True, id="debug")]


@pytest.mark.parametrize("debug", MODES)
def test_unknown_url_is_friendly_404(client, annotator, settings, debug):
    settings.DEBUG = debug
    client.force_login(annotator)
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "There is nothing here." in body
    assert "URLconf" not in body and "urlpatterns" not in body.lower()
    assert "Back to your sets" in body


@pytest.mark.parametrize("debug", MODES)
def test_missing_object_is_friendly_404(client, annotator, settings, debug):
    settings.DEBUG = debug
    client.force_login(annotator)
    response = client.get(reverse("article-read", args=[987654]))
    assert response.status_code == 404
    assert "There is nothing here." in response.content.decode()
    assert "Traceback" not in response.content.decode()


@pytest.mark.parametrize("debug", MODES)
def test_forbidden_is_friendly_403_with_the_reason(client, annotator, settings, debug):
    settings.DEBUG = debug
    client.force_login(annotator)
    response = client.post(reverse("import-upload", args=["newsroom"]), {})
    assert response.status_code == 403
    body = response.content.decode()
    assert "You do not have permission to see this." in body
    assert "Only managers import articles" in body


def test_debug_server_error_is_friendly_and_logged(rf, settings, caplog):
    settings.DEBUG = True
    middleware = FriendlyErrorsMiddleware(lambda request: None)  # type: ignore[arg-type,return-value]
    request = rf.get("/articles/1/")
    request.user = None
    with caplog.at_level("ERROR", logger="django.request"):
        response = middleware.process_exception(request, RuntimeError("boom"))
    assert response is not None and response.status_code == 500
    assert "Something went wrong on our side." in response.content.decode()
    assert "boom" not in response.content.decode()
    assert "RuntimeError: boom" in caplog.text


def test_debug_technical_pages_on_request(rf, settings):
    settings.DEBUG = True
    settings.TECHNICAL_ERROR_PAGES = True
    middleware = FriendlyErrorsMiddleware(lambda request: None)  # type: ignore[arg-type,return-value]
    assert middleware.process_exception(rf.get("/"), PermissionDenied("x")) is None


@pytest.mark.parametrize("debug", MODES)
def test_api_errors_stay_json(client, annotator, settings, debug):
    settings.DEBUG = debug
    client.force_login(annotator)
    response = client.get("/api/no-such-endpoint/")
    assert response.status_code == 404
    assert response.json() == {"detail": "There is nothing here."}


def test_debug_keeps_append_slash_redirect(client, annotator, settings):
    settings.DEBUG = True
    client.force_login(annotator)
    response = client.get("/profile")
    assert response.status_code == 301 and response["Location"] == "/profile/"


def test_favicon(client, annotator):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    icon = b"".join(response.streaming_content) if response.streaming else response.content
    assert icon[:4] == b"\x00\x00\x01\x00"  # ICO header: reserved 0, type 1 (icon)
    client.force_login(annotator)
    page = client.get("/").content.decode()
    assert 'rel="icon"' in page and "favicon.ico" in page and 'href="data:,"' not in page
