"""Cache of the public pages and exports, invalidated whenever published content changes.

Every cached body is stored under the current *content version*; publishing or changing any
programme, congress or page content sets a new version (cms/apps.py connects the signals), so
the next request renders afresh. Works across processes with the Redis cache (REDIS_URL).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import get_language

from congress.http import conditional_response

CONTENT_VERSION_KEY = "cms:content-version"
PAGE_TIMEOUT = 60 * 60 * 6


def content_version() -> str:
    version = cache.get(CONTENT_VERSION_KEY)
    if version is None:
        cache.add(CONTENT_VERSION_KEY, _new_version(), timeout=None)
        version = cache.get(CONTENT_VERSION_KEY) or "0"
    return version


def bump_content_version(**_signal_kwargs) -> None:
    """Make every cached page and export stale (a signal receiver, hence ``**kwargs``)."""
    cache.set(CONTENT_VERSION_KEY, _new_version(), timeout=None)


def _new_version() -> str:
    return f"{time.time_ns()}"


def is_cacheable(request) -> bool:
    """Anonymous GETs without a query string: the same body for everyone.

    A session or messages cookie may mean personal content (an editor, a flash message), and
    query strings are unbounded (filters, search), so those are rendered each time.
    """
    return (
        request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def serve_cached(request, build: Callable[[], HttpResponse]) -> HttpResponse:
    """The response of ``build`` from the cache when possible, always with ETag/Last-Modified.

    Only successful responses are cached; errors (a 404 raised in ``build``) pass through.
    """
    if not is_cacheable(request):
        response = _rendered(build())
        if response.status_code != 200:
            return response
        return _conditional(request, response.content, dict(response.items()), track=False)

    key = _cache_key(request)
    entry = cache.get(key)
    if entry is None:
        response = _rendered(build())
        if response.status_code != 200:
            return response
        entry = (response.content, dict(response.items()))
        cache.set(key, entry, PAGE_TIMEOUT)
    body, headers = entry
    return _conditional(request, body, headers)


def _rendered(response: HttpResponse) -> HttpResponse:
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    return response


def _conditional(request, body: bytes, headers: dict, *, track: bool = True) -> HttpResponse:
    response = conditional_response(
        request,
        body,
        content_type=headers.get("Content-Type", "text/html; charset=utf-8"),
        track_last_modified=track,
    )
    if "Content-Disposition" in headers:
        response["Content-Disposition"] = headers["Content-Disposition"]
    return response


def _cache_key(request) -> str:
    url = f"{request.get_host()}{request.path}|{get_language()}"
    return f"cms:body:{content_version()}:{hashlib.sha256(url.encode()).hexdigest()}"
