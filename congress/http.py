"""HTTP helpers shared by pages and exports: ETags and the time a response last changed; odd
input refused with 400 (control characters, oversized or too deeply nested JSON) and the site's
own 400 page; the error handlers (400, 403, 404, 500), which answer the JSON APIs in JSON, also
when the database is down (503)."""

from __future__ import annotations

import hashlib
import json
import re
import sys
import time

from allauth.account.adapter import get_adapter
from django.core.cache import cache
from django.core.exceptions import BadRequest
from django.db import InterfaceError, OperationalError
from django.http import HttpResponseBadRequest, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults

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


# Input hygiene ----------------------------------------------------------------------------------

# C0 control characters and DEL; tab, CR and LF stay allowed in values (text areas), never in
# the path. A NUL reaching PostgreSQL is a 500 ("A string literal cannot contain NUL").
PATH_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
VALUE_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
JSON_MAX_DEPTH = 32
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_JSON_BRACKET = re.compile(rb"[\[\]{}]")


class InvalidInput(BadRequest):
    """Input no page can use; ``message`` is shown to the user on the 400 page or in JSON."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


def is_api(request) -> bool:
    """JSON APIs (``/…/api/…``) and JSON exports (``….json``) answer errors in JSON, pages with
    the site's error pages."""
    path = request.path_info
    return "/api/" in path or path.endswith(".json")


def _control_message() -> str:
    return _("Die Anfrage enthält unzulässige Steuerzeichen.")


def _has_control(values, pattern=VALUE_CONTROL) -> bool:
    return any(pattern.search(value) for value in values)


def check_control_characters(request) -> None:
    """``InvalidInput`` for control characters in the path, the query string or form fields."""
    if PATH_CONTROL.search(request.path_info) or PATH_CONTROL.search(request.path):
        raise InvalidInput(_control_message())
    for data in (request.GET,) if is_api(request) else (request.GET, request.POST):
        # Keys and values; reading POST parses a form body, as the CSRF check would.
        if _has_control(data.keys()) or _has_control(v for _k, vs in data.lists() for v in vs):
            raise InvalidInput(_control_message())


class RejectControlCharactersMiddleware:
    """400 for control characters in path, query string and form fields, before any view or
    query sees them: the 400 page for pages, the APIs' JSON error for ``/api/`` URLs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            check_control_characters(request)
        except InvalidInput as error:
            if is_api(request):
                return json_error(error.message, error.status)
            raise
        return self.get_response(request)


def json_error(message: str, status: int = 400, code: str = "error") -> JsonResponse:
    """The APIs' error format (registrations/views/checkin.py)."""
    return JsonResponse({"ok": False, "code": code, "message": message}, status=status)


def _json_depth(body: bytes) -> int:
    """The deepest nesting of arrays and objects, counted without parsing (strings skipped)."""
    depth = deepest = 0
    for bracket in _JSON_BRACKET.findall(_JSON_STRING.sub(b'""', body)):
        if bracket in b"[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _json_values_clean(value) -> bool:
    if isinstance(value, str):
        return not VALUE_CONTROL.search(value)
    if isinstance(value, dict):
        return all(_json_values_clean(k) and _json_values_clean(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_json_values_clean(item) for item in value)
    return True


def parse_json(body: bytes, *, max_bytes: int, max_depth: int = JSON_MAX_DEPTH):
    """A JSON body of an API as Python data; ``InvalidInput`` (with the user's message and the
    status: 413 too large, else 400) when it is too large, nested deeper than ``max_depth``
    (checked before json.loads recurses), no valid JSON or holds control characters."""
    if len(body) > max_bytes:
        raise InvalidInput(_("Die Anfrage ist zu groß."), 413)
    if _json_depth(body) > max_depth:
        raise InvalidInput(_("Die Anfrage ist zu tief verschachtelt."))
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise InvalidInput(_("Die Anfrage ist kein gültiges JSON.")) from None
    if not _json_values_clean(data):
        raise InvalidInput(_control_message())
    return data


def bad_request(request, exception):
    """handler400: the site's own page in the user's language (never Django's bare English one),
    JSON for the APIs. Rendered without the request context, as the 500 page: the request may be
    the odd one."""
    message = exception.message if isinstance(exception, InvalidInput) else ""
    if isinstance(exception, MultiPartParserError):
        # Django reads a part's headers up to 1 KB: a file name of ~1,000 characters ends here.
        message = _(
            "Das Formular ließ sich nicht lesen. Ein sehr langer Dateiname kann der Grund sein: "
            "Bitte benennen Sie die Datei kürzer und laden Sie sie erneut hoch."
        )
    if is_api(request):
        return json_error(message or _("Die Anfrage ist ungültig."))
    body = loader.get_template("400.html").render({"message": message})
    return HttpResponseBadRequest(body)


# Retry-After of a 503 when the database is unavailable: a restart or fail-over takes seconds.
UNAVAILABLE_RETRY_SECONDS = 10


def server_error(request):
    """handler500: the site's 500 page, or for the APIs a JSON error: 503 with Retry-After when
    the database is unreachable (a scanner app then retries or works offline), else 500.

    Django calls it while handling the exception, which ``sys.exc_info()`` still holds."""
    if not is_api(request):
        return defaults.server_error(request)
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = json_error(
            _("Der Dienst ist gerade nicht erreichbar. Bitte versuchen Sie es gleich noch einmal."),
            503,
            code="unavailable",
        )
        response["Retry-After"] = str(UNAVAILABLE_RETRY_SECONDS)
        return response
    return json_error(
        _("Ein interner Fehler ist aufgetreten. Bitte versuchen Sie es später noch einmal."),
        500,
        code="server_error",
    )


def page_not_found(request, exception):
    """handler404: the site's 404 page, JSON for the APIs."""
    if is_api(request):
        return json_error(_("Diese Adresse gibt es nicht."), 404, code="not_found")
    return defaults.page_not_found(request, exception)


def permission_denied(request, exception):
    """handler403: the site's 403 page, JSON for the APIs."""
    if is_api(request):
        return json_error(_("Sie haben keine Berechtigung dafür."), 403, code="forbidden")
    return defaults.permission_denied(request, exception)
