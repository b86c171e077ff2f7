"""Calendar feeds of the public pages: the ``*.ics`` routes of the programme and speaker pages;
and the programme page's schedule exports for conference apps (``schedule.xml``,
``schedule.json``).

Wagtail serves pages only at paths of slugs ending in a slash, so congress/urls.py hands paths
ending in ``.ics`` (``.xml``, ``.json``) to Wagtail's serve view; a routable page then sees them
as ``<name>.ics/``.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from wagtail.contrib.routable_page.models import RoutablePageMixin

from congress.models import Edition
from programme import queries
from programme.calendar import calendar_for_sessions
from programme.models import Session
from programme.schedule import build_schedule, schedule_json, schedule_xml
from programme.views.public import calendar_response

SCHEDULE_FORMATS = {
    "xml": (schedule_xml, "application/xml; charset=utf-8"),
    "json": (schedule_json, "application/json; charset=utf-8"),
}


def subpage_url(request, page: RoutablePageMixin, route_name: str, **kwargs) -> str:
    """Absolute URL of a route of ``page``; file routes (``forum.ics/``) without the slash."""
    path = page.get_url(request) + page.reverse_subpage(route_name, kwargs=kwargs)
    if path.endswith((".ics/", ".xml/", ".json/")):
        path = path[:-1]
    return request.build_absolute_uri(path)


def calendar_export(
    request,
    *,
    edition: Edition,
    sessions: list[Session],
    name: str,
    filename: str,
    programme_page: RoutablePageMixin | None,
) -> HttpResponse:
    """The sessions as an ICS response; their URLs point to the session routes of
    ``programme_page`` (none without it)."""

    def url_for_session(session: Session) -> str | None:
        if programme_page is None:
            return None
        return subpage_url(
            request,
            programme_page,
            "session",
            track_slug=session.track.slug,
            session_slug=session.slug,
        )

    body = calendar_for_sessions(
        sessions, edition=edition, name=name, url_for_session=url_for_session
    )
    return calendar_response(body, filename=filename)


def schedule_export(request, *, programme_page, edition: Edition, fmt: str) -> HttpResponse:
    """The edition's published programme as ``schedule.<fmt>`` (programme/schedule.py), in a
    fixed number of queries; the page serving it adds ETag, Last-Modified and 304s
    (cms/caching.py)."""
    render, content_type = SCHEDULE_FORMATS[fmt]
    page_url = request.build_absolute_uri(programme_page.get_url(request))

    def url_for_session(session: Session) -> str:
        return page_url + programme_page.reverse_subpage(
            "session", kwargs={"track_slug": session.track.slug, "session_slug": session.slug}
        )

    schedule = build_schedule(
        edition=edition,
        tracks=queries.live_tracks(edition).prefetch_related(None),  # without the moderators
        sessions=queries.live_sessions(edition),
        base_url=page_url,
        url_for_session=url_for_session,
    )
    response = HttpResponse(render(schedule), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        False, f"{edition.congress.slug}-{edition.year}-schedule.{fmt}"
    )
    return response
