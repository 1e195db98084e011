"""Errors the services raise for callers (views, API, commands) to turn into responses."""

from typing import Any


class ConflictError(Exception):
    """Someone else saved first: the caller's ``version`` is stale. ``current`` is the
    object's present state, for the conflict panel or the API's 409 body."""

    def __init__(self, message: str, *, current: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.current = current or {}


class PermissionDeniedError(Exception):
    """The user's role in the set does not allow this action."""
