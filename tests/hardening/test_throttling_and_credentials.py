"""Hole 5 of the hardening issue, first two parts: no brute-force limit on the login form or
API tokens (30 wrong passwords with rotating X-Forwarded-For were all tried), and a password
change left API tokens valid. Deactivation and reactivation end sessions and tokens too."""

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse

from claims.client_ip import client_ip
from claims.models import ApiToken
from claims.services.tokens import api_token_create
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


def _login(client, username, password, forwarded="203.0.113.9"):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_rotating_forwarded_for_does_not_buy_more_login_attempts(annotator, settings):
    client = Client()
    statuses = [
        _login(client, "annie", f"wrong-{n}", forwarded=f"198.51.100.{n}").status_code
        for n in range(30)
    ]
    assert statuses[: settings.AXES_FAILURE_LIMIT - 1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert set(statuses[settings.AXES_FAILURE_LIMIT :]) == {429}
    # Locked out: even the right password is not tried now.
    assert _login(client, "annie", PASSWORD).status_code == 429


def test_guessing_other_usernames_from_one_address_is_limited(annotator, settings):
    client = Client()
    statuses = [_login(client, f"nobody{n}", "x").status_code for n in range(10)]
    assert statuses[-1] == 429


def test_a_good_login_still_works_before_the_limit(annotator):
    client = Client()
    assert _login(client, "annie", "wrong").status_code == 200
    assert _login(client, "annie", PASSWORD).status_code == 302


def test_forwarded_for_is_believed_only_with_trusted_proxies(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.7"
    )
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 1  # our proxy appended the address it saw: the last one
    assert client_ip(request) == "192.0.2.7"


def test_token_guessing_is_throttled(annotator, settings):
    settings.CLAIMS_TOKEN_FAILURE_LIMIT = 5
    _token, key = api_token_create(user=annotator, name="t")
    client = Client()
    statuses = [
        client.get("/api/v1/sets/", HTTP_AUTHORIZATION=f"Token guess{n}").status_code
        for n in range(8)
    ]
    assert statuses[:5] == [401] * 5 and set(statuses[5:]) == {429}
    # The guesser's address is shut out even with a good key; others are not.
    assert client.get("/api/v1/sets/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 429
    other = Client(REMOTE_ADDR="192.0.2.50")
    assert other.get("/api/v1/sets/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200


def _sessions_and_token(user):
    browser = Client()
    browser.force_login(user)
    assert browser.get(reverse("profile")).status_code == 200
    _token, key = api_token_create(user=user, name="t")
    api = Client()
    assert api.get("/api/v1/sets/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    return browser, api, key


def _ended(browser, api, key):
    assert browser.get(reverse("profile")).status_code == 302  # to the login page
    assert api.get("/api/v1/sets/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401


def test_password_change_ends_sessions_and_tokens(annotator):
    browser, api, key = _sessions_and_token(annotator)
    annotator.set_password("a new long passphrase 42")
    annotator.save()
    _ended(browser, api, key)
    assert not ApiToken.objects.filter(revoked_at__isnull=True).exists()


def test_deactivation_and_reactivation_end_sessions_and_tokens(annotator):
    browser, api, key = _sessions_and_token(annotator)
    annotator.is_active = False
    annotator.save()
    annotator.is_active = True
    annotator.save()
    _ended(browser, api, key)


def test_a_login_or_hasher_upgrade_keeps_tokens(annotator, settings):
    _browser, api, key = _sessions_and_token(annotator)
    annotator.set_password(PASSWORD)  # same password, new salt (as a hasher upgrade does)
    annotator.save()
    annotator.save(update_fields=["last_login"])
    assert api.get("/api/v1/sets/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
