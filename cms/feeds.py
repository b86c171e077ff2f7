"""Calendar feeds of the public pages: the ``*.ics`` routes of the programme and speaker pages.

Wagtail serves pages only at paths of slugs ending in a slash, so congress/urls.py hands paths
ending in ``.ics`` to Wagtail's serve view; a routable page then sees them as ``<name>.ics/``.
"""

from __future__ import annotations

from django.http import HttpResponse
from wagtail.contrib.routable_page.models import RoutablePageMixin

from congress.models import Edition
from programme.calendar import calendar_for_sessions
from programme.models import Session
from programme.views.public import calendar_response


def subpage_url(request, page: RoutablePageMixin, route_name: str, **kwargs) -> str:
    """Absolute URL of a route of ``page``; file routes (``forum.ics/``) without the slash."""
    path = page.get_url(request) + page.reverse_subpage(route_name, kwargs=kwargs)
    if path.endswith(".ics/"):
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
    return calendar_response(request, body, filename=filename)
