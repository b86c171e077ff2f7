"""Public exports of the programme: HTTP responses of the calendar feeds."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header

CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"


def calendar_response(body: bytes, *, filename: str) -> HttpResponse:
    """The ICS ``body`` shown inline as ``filename``.

    The page serving it adds ETag, Last-Modified and 304s (cms/caching.py).
    """
    response = HttpResponse(body, content_type=CALENDAR_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(False, filename)
    return response
