"""API tokens: generated with ``secrets``, shown once, only their SHA-256 is stored."""

import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from claims.models import ApiToken

PREFIX_LENGTH = 8


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(*, user: Any, name: str) -> tuple[ApiToken, str]:
    """Create a token; returns it and the plain key, which is never stored or shown again."""
    key = secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name.strip() or "token", prefix=key[:PREFIX_LENGTH])
    token.key_hash = _hash(key)
    with transaction.atomic():
        token.full_clean()
        token.save()
    return token, key


def api_token_lookup(*, key: str) -> ApiToken | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash(key), revoked_at__isnull=True)
        .first()
    )
    return token


def api_token_revoke(*, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
