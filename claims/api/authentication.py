"""``Authorization: Token <key>`` against hashed, revocable API tokens; guessing is throttled
per client address (the same address django-axes uses for the login form)."""

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from claims.client_ip import client_ip
from claims.services.tokens import api_token_lookup


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Authorization header must be 'Token <key>'.")
        try:
            key = header[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed("Token contains invalid characters.") from exc
        client = f"claims-token-failures:{client_ip(request._request) or '-'}"
        failures = cache.get(client, 0)
        if failures >= settings.CLAIMS_TOKEN_FAILURE_LIMIT:
            raise exceptions.Throttled(
                settings.CLAIMS_TOKEN_FAILURE_WINDOW, "Too many invalid tokens from this address."
            )
        token = api_token_lookup(key=key)
        if token is None or not token.user.is_active:
            cache.set(client, failures + 1, settings.CLAIMS_TOKEN_FAILURE_WINDOW)
            raise exceptions.AuthenticationFailed("Invalid or revoked token.")
        # Touch at most once a minute, so reads don't all become writes.
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            type(token).objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword
