"""HTTP helpers shared by pages and exports: conditional GET with ETag and Last-Modified."""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import content_disposition_header, http_date

# How long the time of a response's last change is remembered; when forgotten, the response
# counts as changed now (clients then download it once more, never miss a change).
BODY_STATE_TIMEOUT = 60 * 60 * 24 * 60


def conditional_response(
    request,
    body: bytes,
    *,
    content_type: str,
    filename: str | None = None,
    track_last_modified: bool = True,
) -> HttpResponse:
    """``body`` with an ETag and Last-Modified, answering conditional GETs with 304.

    The ETag is a hash of the body, so it changes with anything the response shows.
    Last-Modified is the time this body replaced the previous one at this URL, as noted in the
    cache (only with ``track_last_modified``: for a bounded set of URLs, not for query strings).
    Caches may keep the response but must ask (If-None-Match) before reusing it.
    """
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    last_modified = _body_since(request, etag) if track_last_modified else None
    response = HttpResponse(body, content_type=content_type)
    if filename:
        response["Content-Disposition"] = content_disposition_header(False, filename)
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, public=True, no_cache=True)
    return get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=response
    )


def _body_since(request, etag: str) -> int:
    """Seconds since the epoch at which the body with ``etag`` replaced the previous one.

    Strictly later than the previous body's time, so If-Modified-Since never matches a body that
    changed within the same second.
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
