"""HTTP helpers shared by pages and exports: ETags and the time a response last changed."""

from __future__ import annotations

import hashlib
import time

from allauth.account.adapter import get_adapter
from django.core.cache import cache

# How long the time of a response's last change is remembered; when forgotten, the response
# counts as changed now (clients then download it once more, never miss a change).
BODY_STATE_TIMEOUT = 60 * 60 * 24 * 60


def body_etag(body: bytes) -> str:
    """A strong ETag from the body: it changes with anything the response shows."""
    return f'"{hashlib.sha256(body).hexdigest()[:32]}"'


def body_since(request, etag: str) -> int:
    """Seconds since the epoch at which the body with ``etag`` replaced the previous one at this
    URL, as noted in the cache.

    Strictly later than the previous body's time, so If-Modified-Since never matches a body that
    changed within the same second. Call it only for a bounded set of URLs.
    """
    url = request.get_host() + request.get_full_path()
    key = "body-since:" + hashlib.sha256(url.encode()).hexdigest()
    state = cache.get(key)
    if state is not None and state[0] == etag:
        return state[1]
    now = int(time.time())
    since = max(now, state[1] + 1) if state is not None else now
    cache.set(key, (etag, since), BODY_STATE_TIMEOUT)
    return since


def client_ip(request) -> str:
    """The client's address as allauth's rate limits see it: REMOTE_ADDR, or behind a load
    balancer the address its X-Forwarded-For names (TRUSTED_PROXY_COUNT)."""
    return get_adapter(request).get_client_ip(request) or ""
