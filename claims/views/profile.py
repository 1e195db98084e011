"""The user's profile: API tokens (created and revoked here, shown once)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from claims.models import ApiToken
from claims.services.tokens import api_token_create, api_token_revoke


def _render(request: HttpRequest, new_key: str = "", status: int = 200) -> HttpResponse:
    tokens = request.user.api_tokens.filter(revoked_at__isnull=True)  # type: ignore[union-attr]
    return render(
        request, "claims/profile.html", {"tokens": tokens, "new_key": new_key}, status=status
    )


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    return _render(request)


@never_cache
@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    # The key is in this one response and nowhere else: only its hash is stored.
    _, key = api_token_create(user=request.user, name=request.POST.get("name", "")[:100])
    return _render(request, new_key=key, status=201)


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id, user_id=request.user.pk)
    api_token_revoke(token=token)
    messages.success(request, f"Token {token.name} revoked.")
    return redirect("profile")
