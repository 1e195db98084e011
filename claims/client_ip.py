"""The client address used for throttling (login form and API tokens).

``REMOTE_ADDR`` unless ``TRUSTED_PROXY_COUNT`` says how many of our own proxies append to
``X-Forwarded-For``: then the address the outermost of them saw, counted from the right, so
entries a client writes into the header itself are never believed."""

from typing import Any

from django.conf import settings


def client_ip(request: Any) -> str:
    remote = str(request.META.get("REMOTE_ADDR") or "")
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
        if part.strip()
    ]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies]
