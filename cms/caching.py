"""Cache of the public pages and exports, invalidated whenever published content changes.

Every cached body is stored under the current *content version*; publishing or changing any
programme, congress or page content sets a new version when its transaction commits (cms/apps.py
connects the signals, congress/content_version.py keeps the version), so the next request
renders afresh. ``PageCacheMiddleware`` answers cache hits before URL routing, so a hit costs
two cache reads in one round trip and, but for a look at the database's version every few
seconds per process, no database query. Shared by all processes: Redis (REDIS_URL), else a file
cache per machine. When the cache is down, pages render uncached (congress/cache.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import get_language

from congress.content_version import (  # noqa: F401 (bump_content_version: public here too)
    CONTENT_VERSION_KEY,
    bump_content_version,
    content_version,
)
from congress.http import body_etag, body_since

PAGE_TIMEOUT = 60 * 60 * 6
KEPT_HEADERS = ("Content-Type", "Content-Disposition")


@dataclass(frozen=True)
class Entry:
    version: str
    body: bytes
    headers: dict[str, str]
    etag: str
    last_modified: int | None


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
    """The response of ``build`` from the cache when possible, always with an ETag.

    Only successful responses are cached; errors (a 404 raised in ``build``) pass through.
    """
    cacheable = is_cacheable(request)
    entry, version = lookup(request) if cacheable else (None, "")
    if entry is None:
        response = build()
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if response.status_code != 200:
            return response
        etag = body_etag(response.content)
        headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
        headers["Content-Language"] = get_language()
        entry = Entry(
            version=version,
            body=response.content,
            headers=headers,
            etag=etag,
            # Last-Modified only for the bounded set of cacheable URLs (no query strings).
            last_modified=body_since(request, etag) if cacheable else None,
        )
        if cacheable:
            cache.set(_cache_key(request), entry, PAGE_TIMEOUT)
    return respond(request, entry)


def respond(request, entry: Entry) -> HttpResponse:
    response = HttpResponse(entry.body)
    for name, value in entry.headers.items():
        response[name] = value
    response["ETag"] = entry.etag
    response["X-Frame-Options"] = getattr(settings, "X_FRAME_OPTIONS", "DENY")
    if entry.last_modified is not None:
        response["Last-Modified"] = http_date(entry.last_modified)
    # Caches may keep the response but must ask (If-None-Match) before reusing it.
    patch_cache_control(response, public=True, no_cache=True)
    return get_conditional_response(
        request, etag=entry.etag, last_modified=entry.last_modified, response=response
    )


def lookup(request, *, version_needed: bool = True) -> tuple[Entry | None, str]:
    """The cached entry of the request's URL if it is of the current content version, and that
    version: one round trip to the cache (and every few seconds a look at the database's
    version, congress/content_version.py). Without an entry and ``version_needed``, no version.

    The version is taken once per request, before anything is rendered: a page whose rows were
    read before a change committed is stored under the version before it."""
    key = _cache_key(request)
    found = cache.get_many([CONTENT_VERSION_KEY, key])
    entry = found.get(key)
    if entry is None and not version_needed:
        return None, ""
    version = getattr(request, "content_version", None)
    if version is None:
        version = content_version(found.get(CONTENT_VERSION_KEY), read_cache=False)
        request.content_version = version
    if entry is not None and entry.version != version:
        entry = None
    return entry, version


def _cache_key(request) -> str:
    # The path carries the language (/en/...), so it is part of the key.
    url = f"{request.get_host()}{request.path}"
    return f"cms:body:{hashlib.sha256(url.encode()).hexdigest()}"


class PageCacheMiddleware:
    """Answer cached pages and exports before sessions, language and URL routing.

    It stands right after the security and static-file middleware, so cached responses still
    get the security headers; the cached entry carries Content-Type, Content-Language and the
    ETag, and ``respond`` adds X-Frame-Options and Cache-Control.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_cacheable(request):
            entry, _version = lookup(request, version_needed=False)
            if entry is not None:
                return respond(request, entry)
        return self.get_response(request)
