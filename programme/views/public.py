"""Public exports of the programme: HTTP responses of the calendar feeds."""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import content_disposition_header, http_date

CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"
# How long the time of a feed's last change is remembered; when forgotten, the feed counts as
# changed now (clients then download it once more, never miss a change).
FEED_STATE_TIMEOUT = 60 * 60 * 24 * 60


def calendar_response(request, body: bytes, *, filename: str) -> HttpResponse:
    """The ICS ``body`` shown inline as ``filename``, answering conditional GETs with 304.

    The ETag is a hash of the body, so it changes with anything the feed shows (also a renamed
    forum or a session taken offline). Last-Modified is the time this body replaced the previous
    one at this URL, as noted in the cache.
    """
    etag = f'"{hashlib.sha256(body).hexdigest()}"'
    last_modified = _body_since(request, etag)
    response = HttpResponse(body, content_type=CALENDAR_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(False, filename)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    # Caches may keep the feed but must ask (If-None-Match) before reusing it.
    patch_cache_control(response, public=True, no_cache=True)
    return get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=response
    )


def _body_since(request, etag: str) -> int:
    """Seconds since the epoch at which the body with ``etag`` replaced the previous one.

    Strictly later than the previous body's time, so If-Modified-Since never matches a body that
    changed within the same second.
    """
    url = request.get_host() + request.path
    key = "calendar-feed:" + hashlib.sha256(url.encode()).hexdigest()
    state = cache.get(key)
    if state is not None and state[0] == etag:
        return state[1]
    now = int(time.time())
    since = max(now, state[1] + 1) if state is not None else now
    cache.set(key, (etag, since), FEED_STATE_TIMEOUT)
    return since
