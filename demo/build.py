"""``build_demo``: the whole demo of ``manage.py load_demo``, in one transaction.

The programme and the pages are written with the ORM and published through Wagtail revisions
(:mod:`demo.programme`, :mod:`demo.pages`); registrations, invoices, check-ins, online access
and the mode switch go through the services (:mod:`demo.registrations`).

No email goes out while building: the services queue their emails in the outbox (registration
emails with the ticket PDF, the mode switch's notifications), and :func:`emails_held_back` runs
the build without sending them after the commit (and with django-tasks' ``DummyBackend`` for
other tasks). A newcomer's console is not flooded with some 600 emails, the demo stays fast
(each email builds a PDF), and the database holds exactly what the services wrote, so the
notifications of the 2020 switch are recorded but stay waiting.
"""

from __future__ import annotations

import contextlib

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from cms.models import CongressPage
from congress.models import Edition
from programme.enums import TrackKind

from . import data
from .common import Summary, quiet_logs
from .pages import ensure_edition_pages, ensure_home_page, ensure_page, ensure_site_pages
from .programme import (
    check_conflicts,
    ensure_congress,
    ensure_edition,
    ensure_people,
    ensure_session_types,
    ensure_sessions,
    ensure_track,
    ensure_venues,
)
from .registrations import ensure_mode_switch, ensure_open_sales, ensure_registrations
from .users import (
    ensure_admin,
    ensure_checkin_role,
    ensure_checkin_user,
    ensure_forum_lead_role,
    ensure_forum_lead_user,
)

HELD_BACK_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@contextlib.contextmanager
def emails_held_back():
    """Tasks enqueued inside (after the commit, too) are kept, not run, and the outbox is not
    sent after the commit: no email is sent (the rows stay waiting in the outbox)."""
    with override_settings(TASKS=HELD_BACK_TASKS, OUTBOX_SEND_ON_COMMIT=False):
        yield


def build_demo(password: str = data.ADMIN_DEFAULT_PASSWORD) -> Summary:
    """Create or update all demo data; returns what was done. Raises DemoError on conflicts or
    when a service refuses what the data asks for."""
    summary = Summary()
    with emails_held_back(), quiet_logs(), transaction.atomic():
        entries = build_programme(summary)
        ensure_site_pages(summary.site, summary.home, summary)
        admin = ensure_admin(password, summary)
        door = ensure_checkin_user(password, summary)
        lead = ensure_forum_lead_user(password, summary)
        for edition, entry in entries:
            if entry.get("switched_from"):
                ensure_mode_switch(edition, entry, admin=admin, summary=summary)
            if entry.get("registrations"):
                ensure_checkin_role(door, edition, admin=admin, summary=summary)
                ensure_registrations(edition, admin=admin, door=door, summary=summary)
            if entry.get("open_registration"):
                ensure_checkin_role(door, edition, admin=admin, summary=summary)
                ensure_open_sales(edition, summary)
            if (edition.congress.slug, edition.year) == data.FORUM_LEAD_EDITION:
                forum = edition.tracks.get(kind=TrackKind.FORUM, number=data.FORUM_LEAD_FORUM)
                ensure_forum_lead_role(lead, forum, admin=admin, summary=summary)
        check_conflicts(summary.editions)
    return summary


def build_programme(summary: Summary) -> list[tuple[Edition, dict]]:
    """Congresses, editions, tracks, sessions and their pages; the editions with their data."""
    types = ensure_session_types(summary)
    people = ensure_people(summary)
    venues = ensure_venues(summary)
    summary.site, summary.home = ensure_home_page(summary)
    entries = []
    for congress_entry in data.CONGRESSES:
        congress = ensure_congress(congress_entry, summary)
        congress_page = ensure_page(
            summary.home,
            CongressPage,
            congress.slug,
            {
                "title": congress_entry["page_title"],
                "congress": congress,
                "intro": congress_entry["page_intro"],
            },
            summary,
        )
        for edition_entry in data.editions_of(congress_entry, timezone.localdate()):
            edition = ensure_edition(congress, edition_entry, venues, summary)
            for order, track_entry in enumerate(edition_entry["tracks"]):
                links = ("", "")
                if edition_entry.get("streams"):
                    links = data.track_links(congress.slug, edition.year, track_entry)
                track = ensure_track(edition, track_entry, order * 10, people, summary, links)
                ensure_sessions(track, track_entry, types, people, summary)
            ensure_edition_pages(congress_page, edition, edition_entry, summary)
            summary.editions.append(edition)
            entries.append((edition, edition_entry))
    return entries
