"""Template helpers of the public site: site name, language switch, legal links, programme grid."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from cms.feeds import subpage_url
from cms.jsonld import as_script, edition_event, session_event
from cms.models import SiteSettings
from programme.models import Session

register = template.Library()

# site.css has the grid classes .rows-<n> (n <= 64), .gs-<n> and .ge-<n> (row lines up to 64).
MAX_GRID_ROWS = 64


@register.simple_tag
def site_name() -> str:
    return settings.WAGTAIL_SITE_NAME


@register.simple_tag
def content_lang() -> str:
    """` lang="de"` on German content when the interface is in another language (WCAG 3.1.2)."""
    if (get_language() or settings.LANGUAGE_CODE) == settings.LANGUAGE_CODE:
        return ""
    return format_html(' lang="{}"', settings.LANGUAGE_CODE)


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """Links to the current page in the other interface languages (``/`` German, ``/en/``).

    Plain links rather than a POST form: the language lives in the URL, and pages without a
    CSRF token can be cached for everyone.
    """
    request = context.get("request")
    path = request.get_full_path() if request is not None else "/"
    current = get_language()
    return [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "url": translate_url(path, code),
        }
        for code, _name in settings.LANGUAGES
        if code != current
    ]


@register.simple_tag(takes_context=True)
def legal_links(context) -> list[tuple[str, str]]:
    """(label, url) of the imprint, privacy and accessibility pages set in the site settings."""
    request = context.get("request")
    if request is None:
        return []
    site = Site.find_for_request(request)
    if site is None:
        return []
    site_settings = SiteSettings.for_site(site)
    wanted = [
        (_("Impressum"), site_settings.imprint_page_id),
        (_("Datenschutz"), site_settings.privacy_page_id),
        (_("Erklärung zur Barrierefreiheit"), site_settings.accessibility_page_id),
    ]
    pages = Page.objects.live().in_bulk([page_id for _label, page_id in wanted if page_id])
    links = []
    for label, page_id in wanted:
        if (page := pages.get(page_id)) and (url := page.get_url(request=request)):
            links.append((label, url))
    return links


@register.simple_tag
def breadcrumb_pages(page) -> list:
    """The live ancestors of a page between the home page and the page itself."""
    if page is None or not hasattr(page, "get_ancestors"):
        return []
    return list(page.get_ancestors().filter(depth__gt=2).live())


@register.simple_tag
def place_in_grid(day) -> int:
    """Place the sessions of a programme day on rows by time, so parallel sessions line up.

    The day's start and end times are the row lines of the grid. Sets ``grid_row_start`` and
    ``grid_row_end`` (lines of the session list, counted from 1) on every session and returns
    the number of rows including the heading row, or 0 when the day does not fit in the grid
    classes of site.css or a column has overlapping sessions (then the cards just stack).
    """
    times = sorted({s.starts_at for s in day.sessions} | {s.ends_at for s in day.sessions})
    if not times or len(times) > MAX_GRID_ROWS:
        return 0
    for column in day.columns:
        ordered = sorted(column.sessions, key=lambda s: s.starts_at)
        if any(a.ends_at > b.starts_at for a, b in zip(ordered, ordered[1:], strict=False)):
            return 0
    line = {time: index + 1 for index, time in enumerate(times)}
    for session in day.sessions:
        session.grid_row_start = line[session.starts_at]
        session.grid_row_end = line[session.ends_at]
    return len(times)


@register.filter
def aria_current(value) -> str:
    """` aria-current="page"` for True, ` aria-current="<value>"` for a token such as "true"."""
    if not value:
        return ""
    return format_html(' aria-current="{}"', "page" if value is True else value)


@register.simple_tag
def time_range(item) -> str:
    """`<time>09:00</time>–<time>09:45</time> Uhr` in local time, for anything with starts_at/ends_at."""
    start = timezone.localtime(item.starts_at)
    end = timezone.localtime(item.ends_at)
    return format_html(
        _("{start}–{end} Uhr"),
        start=format_html('<time datetime="{}">{}</time>', start.isoformat(), f"{start:%H:%M}"),
        end=format_html('<time datetime="{}">{}</time>', end.isoformat(), f"{end:%H:%M}"),
    )


@register.simple_tag
def preview_sessions(track) -> list:
    """A track's sessions, drafts included, for the admin preview of the track."""
    if not getattr(track, "pk", None):
        return []
    return list(Session.objects.filter(track_id=track.pk).with_details().order_by("starts_at"))


@register.simple_tag(takes_context=True)
def edition_jsonld(context, edition):
    """schema.org Event of the edition page, as a JSON-LD script element."""
    request = context["request"]
    url = request.build_absolute_uri(context["page"].get_url(request))
    return as_script(edition_event(edition, url=url))


@register.simple_tag(takes_context=True)
def session_jsonld(context, session):
    """schema.org Event of a session page, as a JSON-LD script element."""
    request = context["request"]
    edition_url = request.build_absolute_uri(context["edition_page"].get_url(request))
    return as_script(
        session_event(
            session,
            edition=context["edition"],
            url=request.build_absolute_uri(request.path),
            edition_url=edition_url,
        )
    )


EXPORT_ROUTES = {
    # route name: (type, title)
    "programme_ics": ("text/calendar", _("Programm als Kalender (ICS)")),
    "forum_ics": ("text/calendar", _("Forum als Kalender (ICS)")),
    "session_ics": ("text/calendar", _("Programmpunkt als Kalender (ICS)")),
    "person_ics": ("text/calendar", _("Programmpunkte der Person als Kalender (ICS)")),
    "schedule_xml": ("application/xml", _("Programm im Fahrplan-Format (XML)")),
    "schedule_json": ("application/json", _("Programm im Fahrplan-Format (JSON)")),
}


@register.simple_tag(takes_context=True)
def export_link(context, page, route_name, **kwargs):
    """A ``<link rel="alternate">`` announcing one export of a page."""
    content_type, title = EXPORT_ROUTES[route_name]
    return format_html(
        '<link rel="alternate" type="{}" title="{}" href="{}">',
        content_type,
        title,
        subpage_url(context["request"], page, route_name, **kwargs),
    )
