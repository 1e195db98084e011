"""Credentials changed: a new password, a deactivation or a reactivation ends every session
and API token the user had, so a stolen cookie or key does not outlive the change (and an
account switched off and on again does not bring its old sessions and tokens back)."""

from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.auth.hashers import check_password
from django.contrib.sessions.models import Session
from django.utils import timezone

from claims.models import ApiToken


def user_credentials_end(*, user: Any) -> int:
    """Revoke the user's API tokens and delete their sessions; returns how many ended."""
    now = timezone.now()
    ended = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
    user_id = str(user.pk)
    stale = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=now).iterator(chunk_size=2000)
        if str(session.get_decoded().get(SESSION_KEY)) == user_id
    ]
    Session.objects.filter(pk__in=stale).delete()
    return ended + len(stale)


def credentials_changed(*, before: Any, after: Any) -> bool:
    """Whether ``after`` (about to be saved) changes the password or the active flag of
    ``before`` (the stored row). A hasher upgrade at login re-hashes the same password:
    that is not a change."""
    if before.is_active != after.is_active:
        return True
    if before.password == after.password:
        return False
    raw = getattr(after, "_password", None)
    return raw is None or not check_password(raw, before.password)
