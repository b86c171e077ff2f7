"""Calendar exports (ICS): a strict RFC 5545 check of every feed, daylight saving time, change
tracking through Wagtail publishing, conditional GET, query counts, 404s and the add-to-calendar
links."""

import datetime as dt
import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from congress.enums import EditionMode
from programme.enums import SessionStatus
from programme.models import Person, Session

from .factories import (
    PersonFactory,
    RoomFactory,
    SessionFactory,
    TrackFactory,
    berlin,
)
from .htmlparse import form_data

pytestmark = pytest.mark.integration

PROGRAMME = "/e-nrw/2020/programm/"
PROGRAMME_ICS = "/e-nrw/2020/programm/programm.ics"
SPEAKERS = "/e-nrw/2020/referierende/"

# Queries per feed, measured on SQLite with 10 and with 200 sessions (the same for both), plus a
# margin of two: programme 13, forum 15, session 14, person 16.
PROGRAMME_ICS_MAX_QUERIES = 15
FORUM_ICS_MAX_QUERIES = 17
SESSION_ICS_MAX_QUERIES = 16
PERSON_ICS_MAX_QUERIES = 18

UTC = dt.UTC


def forum_ics(track):
    return f"{PROGRAMME}{track.slug}/forum.ics"


def session_ics(session):
    return f"{PROGRAMME}{session.track.slug}/{session.slug}/termin.ics"


def person_ics(person):
    return f"{SPEAKERS}{person.slug}/termine.ics"


def publish(session):
    """Publish the session as editors do, through a Wagtail revision; return the stored row."""
    session.save_revision().publish()
    return Session.objects.get(pk=session.pk)


# --- the strict RFC 5545 check -------------------------------------------------------------------

_FOLD = re.compile(rb"\r\n[ \t]")
_UTC_DATE_TIME = re.compile(r"^\d{8}T\d{6}Z$")


def assert_rfc5545(body: bytes) -> Calendar:
    """Check a serialised VCALENDAR strictly against RFC 5545 and return it parsed.

    Line ends (3.1: CRLF only), folding (3.1: at most 75 octets per line, continuation lines start
    with a space, no UTF-8 sequence split), the calendar properties (3.6: PRODID, VERSION,
    at least one component), every VEVENT (3.6.1: UID, DTSTAMP in UTC, DTSTART; DTEND after
    DTSTART), unique UIDs, and a VTIMEZONE with observances for every TZID used (3.2.19, 3.6.5).
    """
    assert body.endswith(b"\r\n")
    without_crlf = body.replace(b"\r\n", b"")
    assert b"\r" not in without_crlf, "bare CR"
    assert b"\n" not in without_crlf, "bare LF"
    lines = body.split(b"\r\n")[:-1]
    too_long = [line for line in lines if len(line) > 75]
    assert too_long == [], "lines longer than 75 octets"
    for line in lines:
        line.decode("utf-8")  # raises if a fold split a multi-byte character
    assert lines[0] == b"BEGIN:VCALENDAR"
    assert lines[-1] == b"END:VCALENDAR"

    content_lines = _FOLD.sub(b"", body).decode("utf-8").split("\r\n")[:-1]
    assert all(line and not line[0].isspace() for line in content_lines)
    assert content_lines.count("BEGIN:VCALENDAR") == 1

    calendar = Calendar.from_ical(body)
    for component in calendar.walk():
        assert component.errors == [], component.name
    assert calendar.get("PRODID")
    assert str(calendar["VERSION"]) == "2.0"
    assert calendar.subcomponents, "a calendar needs at least one component"

    defined_tzids = set()
    for vtimezone in calendar.walk("VTIMEZONE"):
        observances = vtimezone.walk("STANDARD") + vtimezone.walk("DAYLIGHT")
        assert observances, "VTIMEZONE without STANDARD or DAYLIGHT"
        for observance in observances:
            for name in ("DTSTART", "TZOFFSETFROM", "TZOFFSETTO"):
                assert name in observance
        defined_tzids.add(str(vtimezone["TZID"]))
    used_tzids = set()
    for line in content_lines:
        name_and_params = line.split(":", 1)[0]
        used_tzids.update(re.findall(r";TZID=([^;:]+)", name_and_params))
    assert used_tzids <= defined_tzids, "TZID without VTIMEZONE"

    uids = []
    for event in calendar.walk("VEVENT"):
        for name in ("UID", "DTSTAMP", "DTSTART"):
            assert name in event, name
        assert _UTC_DATE_TIME.match(event["DTSTAMP"].to_ical().decode())
        if "DTEND" in event:
            assert event.end > event.start
        uids.append(str(event["UID"]))
    assert len(uids) == len(set(uids)), "UIDs not unique"
    return calendar


def get_ics(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response, assert_rfc5545(response.content)


def events(calendar):
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def content_lines(body: bytes) -> list[str]:
    return _FOLD.sub(b"", body).decode("utf-8").split("\r\n")


def utc_offset_from_vtimezone(vtimezone, local: dt.datetime) -> dt.timedelta:
    """The UTC offset the VTIMEZONE itself gives a (naive) wall-clock time: that of the latest
    observance onset (DTSTART or RDATE) at or before it."""
    onsets = []
    for observance in vtimezone.walk("STANDARD") + vtimezone.walk("DAYLIGHT"):
        offset = observance["TZOFFSETTO"].td
        starts = [observance["DTSTART"].dt]
        rdates = observance.get("RDATE", [])
        for rdate in rdates if isinstance(rdates, list) else [rdates]:
            starts += [period.dt for period in rdate.dts]
        onsets += [(start.replace(tzinfo=None), offset) for start in starts]
    onsets.sort()
    passed = [offset for start, offset in onsets if start <= local]
    assert passed, "the VTIMEZONE does not reach back far enough"
    return passed[-1]


@pytest.fixture
def programme(build_programme):
    return build_programme(30)


# --- every feed passes the strict check --------------------------------------------------------


def test_every_feed_is_valid_rfc5545(programme, client):
    session = programme.sessions[1]
    session.abstract = (
        "<p>Ein langer Absatz über Künstliche Intelligenz, Datenschutz; Ämter & Behörden, "
        "der weit über 75 Oktette hinausgeht – mit Umlauten äöüß an jeder Stelle.</p>"
    )
    publish(session)
    person = session.speakers()[0]
    urls = [
        PROGRAMME_ICS,
        forum_ics(session.track),
        session_ics(session),
        person_ics(person),
        "/en" + PROGRAMME_ICS,
    ]
    for url in urls:
        response, calendar = get_ics(client, url)
        assert response["Content-Disposition"].startswith("inline; filename=")
        assert str(calendar["CALSCALE"]) == "GREGORIAN"
        assert str(calendar["METHOD"]) == "PUBLISH"
        assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Berlin"
        assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
        assert calendar.walk("VEVENT")


def test_programme_feed_holds_every_published_session_once(programme, client):
    response, calendar = get_ics(client, PROGRAMME_ICS)

    assert str(calendar["X-WR-CALNAME"]) == "e-nrw 2020 – Programm"
    assert response["Content-Disposition"] == 'inline; filename="e-nrw-2020-programm.ics"'
    assert sorted(events(calendar)) == sorted(s.title for s in programme.sessions)
    assert sorted(str(e["UID"]) for e in calendar.walk("VEVENT")) == sorted(
        f"session-{s.pk}@{settings.CALENDAR_UID_DOMAIN}" for s in programme.sessions
    )


def test_forum_session_and_person_feeds_hold_their_sessions(programme, client):
    forum = programme.forums[2]
    session = programme.sessions[3]
    person = programme.sessions[3].speakers()[0]

    _, calendar = get_ics(client, forum_ics(forum))
    assert str(calendar["X-WR-CALNAME"]) == f"e-nrw 2020 – {forum.label}"
    assert sorted(events(calendar)) == sorted(
        s.title for s in programme.sessions if s.track_id == forum.pk
    )

    _, calendar = get_ics(client, session_ics(session))
    assert list(events(calendar)) == [session.title]

    _, calendar = get_ics(client, person_ics(person))
    assert str(calendar["X-WR-CALNAME"]) == f"e-nrw 2020 – {person.full_name}"
    assert sorted(events(calendar)) == sorted(
        s.title for s in programme.sessions if person in s.speakers()
    )


def test_forum_without_sessions_is_a_valid_calendar_with_its_time_zone(site_tree, client):
    forum = TrackFactory(edition=site_tree.edition, title="Leeres Forum")

    _, calendar = get_ics(client, forum_ics(forum))

    assert calendar.walk("VEVENT") == []
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]


def test_event_carries_the_session_details(programme, client):
    session = programme.sessions[1]  # Forum 1, two speakers
    session.abstract = (
        '<p>Wie <b>Kommunen</b> die <a href="https://example.org/ozg?a=1&amp;b=2">OZG-Leistungen</a>'
        " umsetzen.</p><ul><li>Planung</li><li>Betrieb</li></ul>"
    )
    session = publish(session)
    first, second = session.speakers()

    response, calendar = get_ics(client, session_ics(session))
    event = events(calendar)[session.title]
    page_url = f"http://testserver{PROGRAMME}{session.track.slug}/{session.slug}/"

    assert event.start == berlin(dt.date(2020, 11, 5), 9)
    assert event.end == berlin(dt.date(2020, 11, 5), 9, 45)
    assert str(event["DESCRIPTION"]) == (
        "Wie Kommunen die OZG-Leistungen (https://example.org/ozg?a=1&b=2) umsetzen.\n\n"
        "- Planung\n- Betrieb\n\n"
        "Mitwirkende:\n"
        f"{first.full_name}, {first.position}, {first.organisation}\n"
        f"{second.full_name}, {second.position}, {second.organisation}\n\n"
        f"{page_url}"
    )
    assert str(event["URL"]) == page_url
    assert client.get(page_url).status_code == 200
    assert str(event["LOCATION"]) == (
        "Forum-Raum 01, Stadthalle Neuss, Selikumer Straße 25, 41460 Neuss"
    )
    assert [str(c) for c in event["CATEGORIES"].cats] == [
        "Forum 1: Digitale Schule",
        "Vortrag",
    ]
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["TRANSP"]) == "OPAQUE"
    assert event["SEQUENCE"] == 1  # the abstract changed
    assert event["LAST-MODIFIED"].dt == session.changed_at.replace(microsecond=0)
    assert event["DTSTAMP"].dt == session.changed_at.replace(microsecond=0)
    assert "DTSTART;TZID=Europe/Berlin:20201105T090000" in content_lines(response.content)
    assert response["Content-Disposition"] == 'inline; filename="e-nrw-2020-beitrag-002.ics"'


# --- daylight saving time ------------------------------------------------------------------------


def test_session_across_the_october_change_has_the_right_instants(dst_edition, client):
    # 31 October 2021: at 03:00 CEST (UTC+2) the clocks go back to 02:00 CET (UTC+1).
    # 01:30 CEST = 2021-10-30 23:30 UTC; 04:00 CET = 2021-10-31 03:00 UTC; 3.5 hours in all.
    session = SessionFactory(
        track=TrackFactory(edition=dst_edition, title="Nachtforum"),
        title="Durch die Zeitumstellung",
        starts_at=berlin(dt.date(2021, 10, 31), 1, 30),
        ends_at=berlin(dt.date(2021, 10, 31), 4, 0),
    )
    expected_start = dt.datetime(2021, 10, 30, 23, 30, tzinfo=UTC)
    expected_end = dt.datetime(2021, 10, 31, 3, 0, tzinfo=UTC)

    response, calendar = get_ics(client, "/e-nrw/2021/programm/programm.ics")
    event = events(calendar)[session.title]
    lines = content_lines(response.content)

    assert "DTSTART;TZID=Europe/Berlin:20211031T013000" in lines
    assert "DTEND;TZID=Europe/Berlin:20211031T040000" in lines
    assert event.start == expected_start
    assert event.end == expected_end
    # (in UTC: Python subtracts datetimes of the same tzinfo in wall-clock time)
    assert event.end.astimezone(UTC) - event.start.astimezone(UTC) == dt.timedelta(hours=3.5)
    # The calendar's own VTIMEZONE (not the reader's tz database) gives the same instants.
    (vtimezone,) = calendar.walk("VTIMEZONE")
    for local, expected in [
        (dt.datetime(2021, 10, 31, 1, 30), expected_start),
        (dt.datetime(2021, 10, 31, 4, 0), expected_end),
    ]:
        offset = utc_offset_from_vtimezone(vtimezone, local)
        assert (local - offset).replace(tzinfo=UTC) == expected


def test_session_in_the_repeated_hour_is_given_in_utc(dst_edition, client):
    # 02:30 happens twice on 31 October 2021; the second time (CET) is 01:30 UTC. A TZID time
    # would name the first one (00:30 UTC), so the feed gives the instant in UTC.
    session = SessionFactory(
        track=TrackFactory(edition=dst_edition, title="Spätforum"),
        title="In der doppelten Stunde",
        starts_at=dt.datetime(2021, 10, 31, 1, 30, tzinfo=UTC),
        ends_at=dt.datetime(2021, 10, 31, 2, 15, tzinfo=UTC),
    )

    response, calendar = get_ics(client, "/e-nrw/2021/programm/programm.ics")
    event = events(calendar)[session.title]

    assert "DTSTART:20211031T013000Z" in content_lines(response.content)
    assert "DTEND;TZID=Europe/Berlin:20211031T031500" in content_lines(response.content)
    assert event.start == session.starts_at


# --- change tracking ----------------------------------------------------------------------------


def test_first_publication_sets_changed_at_and_keeps_sequence_zero(site_tree):
    draft = SessionFactory(track=TrackFactory(edition=site_tree.edition), live=False)
    before = timezone.now()

    session = publish(draft)

    assert session.live
    assert session.sequence == 0
    assert session.changed_at >= before


def test_publishing_a_changed_session_raises_sequence_and_changes_feed_and_etag(programme, client):
    session = publish(programme.sessions[0])  # first publication through Wagtail
    assert session.sequence == 0
    first, calendar = get_ics(client, PROGRAMME_ICS)
    uid = str(events(calendar)[session.title]["UID"])

    session.title = "Neuer Titel"
    session = publish(session)

    second, calendar = get_ics(client, PROGRAMME_ICS)
    event = events(calendar)["Neuer Titel"]
    assert session.sequence == 1
    assert event["SEQUENCE"] == 1
    assert str(event["UID"]) == uid
    assert event["LAST-MODIFIED"].dt == session.changed_at.replace(microsecond=0)
    assert second.content != first.content
    assert second["ETag"] != first["ETag"]


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda s: setattr(s, "abstract", "<p>Neu</p>"), id="abstract"),
        pytest.param(
            lambda s: setattr(s, "starts_at", s.starts_at - dt.timedelta(minutes=15)), id="start"
        ),
        pytest.param(
            lambda s: setattr(s, "ends_at", s.ends_at + dt.timedelta(minutes=15)), id="end"
        ),
        pytest.param(lambda s: setattr(s, "status", SessionStatus.CANCELLED), id="status"),
        pytest.param(lambda s: setattr(s, "slug", "neuer-kurzname"), id="slug"),
    ],
)
def test_each_calendar_relevant_change_raises_sequence(programme, change):
    session = publish(programme.sessions[0])

    change(session)
    session = publish(session)

    assert session.sequence == 1


def test_reordering_the_speakers_raises_sequence(programme):
    session = publish(programme.sessions[1])
    first, second = session.speaker_links.all()
    first.sort_order, second.sort_order = 1, 0
    session.speaker_links = [second, first]

    session = publish(session)

    assert session.sequence == 1
    assert session.speakers() == [second.person, first.person]


def test_unchanged_republish_changes_neither_sequence_nor_feed(programme, client):
    session = publish(programme.sessions[0])
    first, _ = get_ics(client, PROGRAMME_ICS)

    again = publish(session)

    second, _ = get_ics(client, PROGRAMME_ICS)
    assert (again.sequence, again.changed_at) == (session.sequence, session.changed_at)
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Last-Modified"] == first["Last-Modified"]


def test_stale_copies_and_old_revisions_never_lower_the_sequence(programme):
    session = programme.sessions[0]
    stale = Session.objects.get(pk=session.pk)  # sequence 0, as the revisions below carry it
    session.title = "Fassung A"
    revision_a = session.save_revision()
    revision_a.publish()
    session.title = "Fassung B"
    publish(session)
    assert Session.objects.get(pk=session.pk).sequence == 2

    revision_a.publish()  # back to A: a change
    assert Session.objects.get(pk=session.pk).sequence == 3

    stale.title = "Fassung A"  # the published content, from a copy with sequence 0
    row = publish(stale)
    assert (row.title, row.sequence) == ("Fassung A", 3)


def test_republishing_after_unpublishing_raises_sequence(programme):
    session = publish(programme.sessions[0])
    session.unpublish()

    session = publish(Session.objects.get(pk=session.pk))

    assert session.sequence == 1


def test_scheduled_publication_records_nothing_until_live(site_tree):
    draft = SessionFactory(track=TrackFactory(edition=site_tree.edition), live=False)
    draft.go_live_at = timezone.now() + dt.timedelta(days=1)

    session = publish(draft)

    assert not session.live
    assert (session.sequence, session.changed_at) == (0, None)


# --- cancelled sessions and the edition's format -------------------------------------------------


def test_cancelled_session_stays_in_the_feed_as_cancelled(programme, client):
    session = programme.sessions[0]
    session.status = SessionStatus.CANCELLED
    publish(session)

    _, calendar = get_ics(client, PROGRAMME_ICS)
    event = events(calendar)[f"Abgesagt: {session.title}"]

    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["TRANSP"]) == "TRANSPARENT"
    assert event["SEQUENCE"] == 1
    assert len(calendar.walk("VEVENT")) == len(programme.sessions)


def test_online_edition_puts_the_online_link_into_location(programme, client, site_tree):
    edition = site_tree.edition
    edition.mode = EditionMode.ONLINE
    edition.online_url = "https://stream.example.org/e-nrw-2020"
    edition.save()

    _, calendar = get_ics(client, PROGRAMME_ICS)

    locations = {str(event["LOCATION"]) for event in calendar.walk("VEVENT")}
    assert locations == {"https://stream.example.org/e-nrw-2020"}


def test_online_edition_without_link_says_online(programme, client, site_tree):
    site_tree.edition.mode = EditionMode.ONLINE
    site_tree.edition.save()

    _, calendar = get_ics(client, PROGRAMME_ICS)

    assert {str(event["LOCATION"]) for event in calendar.walk("VEVENT")} == {"Online"}


def test_hybrid_edition_has_the_room_as_location_and_the_link_in_the_description(
    programme, client, site_tree
):
    site_tree.edition.online_url = "https://stream.example.org/e-nrw-2020"
    site_tree.edition.save()
    session = programme.sessions[0]  # main stage

    _, calendar = get_ics(client, session_ics(session))
    event = events(calendar)[session.title]

    assert str(event["LOCATION"]) == (
        "Großer Saal, Stadthalle Neuss, Selikumer Straße 25, 41460 Neuss"
    )
    assert "Online-Teilnahme: https://stream.example.org/e-nrw-2020" in str(event["DESCRIPTION"])


# --- conditional GET -----------------------------------------------------------------------------


def test_if_none_match_with_the_current_etag_gets_304(programme, client):
    response, _ = get_ics(client, PROGRAMME_ICS)
    etag = response["ETag"]

    not_modified = client.get(PROGRAMME_ICS, headers={"If-None-Match": etag})

    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag
    assert client.get(PROGRAMME_ICS, headers={"If-None-Match": '"alt"'}).status_code == 200


def test_if_modified_since_gets_304_until_the_feed_changes(programme, client):
    response, _ = get_ics(client, PROGRAMME_ICS)
    last_modified = response["Last-Modified"]

    assert (
        client.get(PROGRAMME_ICS, headers={"If-Modified-Since": last_modified}).status_code == 304
    )

    session = programme.sessions[0]
    session.title = "Geänderter Titel"
    publish(session)

    changed = client.get(PROGRAMME_ICS, headers={"If-Modified-Since": last_modified})
    assert changed.status_code == 200
    assert changed["Last-Modified"] != last_modified


def test_etag_changes_when_a_session_is_unpublished(programme, client):
    response, _ = get_ics(client, PROGRAMME_ICS)

    programme.sessions[0].unpublish()

    changed = client.get(PROGRAMME_ICS, headers={"If-None-Match": response["ETag"]})
    assert changed.status_code == 200
    assert programme.sessions[0].title.encode() not in changed.content


# --- routes, 404s and query counts ---------------------------------------------------------------


def test_programme_feed_is_not_taken_for_a_forum(programme, client):
    forum = TrackFactory(edition=programme.edition, title="Programm")  # slug "programm"

    _, whole = get_ics(client, PROGRAMME_ICS)
    _, only_forum = get_ics(client, forum_ics(forum))

    assert len(whole.walk("VEVENT")) == len(programme.sessions)
    assert only_forum.walk("VEVENT") == []
    assert client.get(f"{PROGRAMME}{forum.slug}/").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/e-nrw/2020/programm/unbekannt/forum.ics",
        "/e-nrw/2020/programm/digitale-schule/unbekannt/termin.ics",
        "/e-nrw/2020/programm/unbekannt/beitrag-002/termin.ics",
        "/e-nrw/2020/programm/hauptbuehne/beitrag-002/termin.ics",  # session of another forum
        "/e-nrw/2020/referierende/unbekannt/termine.ics",
        "/e-nrw/1999/programm/programm.ics",
        "/unbekannt/2020/programm/programm.ics",
        "/e-nrw/2020/programm/unbekannt.ics",
        "/e-nrw/2020/programm/programm.ics/",
        "/e-nrw/2020/referierende/programm.ics",
    ],
)
def test_unknown_things_in_export_urls_are_404(programme, client, url):
    assert client.get(url).status_code == 404


def test_unpublished_forum_session_and_absent_person_are_404(programme, client):
    forum = programme.forums[0]
    session = programme.sessions[2]
    draft = SessionFactory(track=programme.main_stage, title="Entwurf", live=False, slot=14)
    nobody = PersonFactory()
    forum.live = False
    forum.save()

    assert client.get(forum_ics(forum)).status_code == 404
    assert client.get(session_ics(programme.sessions[1])).status_code == 404  # in that forum
    assert client.get(session_ics(session)).status_code == 200
    assert client.get(session_ics(draft)).status_code == 404
    assert client.get(person_ics(nobody)).status_code == 404


@pytest.mark.parametrize("n_sessions", [10, 200])
def test_programme_and_forum_feeds_query_count_is_constant(
    build_programme, client, django_assert_max_num_queries, n_sessions
):
    programme = build_programme(n_sessions)
    forum = programme.main_stage
    client.get(PROGRAMME)  # per-process caches (site root paths, content types)

    with django_assert_max_num_queries(PROGRAMME_ICS_MAX_QUERIES):
        response = client.get(PROGRAMME_ICS)
    assert len(assert_rfc5545(response.content).walk("VEVENT")) == n_sessions

    with django_assert_max_num_queries(FORUM_ICS_MAX_QUERIES):
        response = client.get(forum_ics(forum))
    expected = [s for s in programme.sessions if s.track_id == forum.pk]
    assert len(assert_rfc5545(response.content).walk("VEVENT")) == len(expected)


@pytest.mark.parametrize("n_sessions", [10, 200])
def test_session_and_person_feeds_query_count_is_constant(
    build_programme, client, django_assert_max_num_queries, n_sessions
):
    programme = build_programme(n_sessions)
    session = programme.sessions[1]
    person = session.speakers()[0]
    client.get(PROGRAMME)

    with django_assert_max_num_queries(SESSION_ICS_MAX_QUERIES):
        assert client.get(session_ics(session)).status_code == 200
    with django_assert_max_num_queries(PERSON_ICS_MAX_QUERIES):
        assert client.get(person_ics(person)).status_code == 200


# --- add-to-calendar links -----------------------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self._href = None

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href = dict(attrs)["href"]
            self.links.append((self._href, ""))

    def handle_data(self, data):
        if self._href is not None:
            href, text = self.links[-1]
            self.links[-1] = (href, text + data)

    def handle_endtag(self, tag):
        if tag == "a":
            self._href = None


def test_calendar_feed_url_tag_gives_the_absolute_feed_url(programme, site_tree, client):
    template = Template(
        "{% load calendar_tags %}"
        "{% calendar_feed_url page 'forum_ics' track_slug=slug as ics_url %}{{ ics_url }}"
    )
    context = {
        "request": RequestFactory().get(PROGRAMME),
        "page": site_tree.programme_page,
        "slug": "digitale-schule",
    }

    url = template.render(Context(context))

    assert url == "http://testserver/e-nrw/2020/programm/digitale-schule/forum.ics"
    get_ics(client, urlsplit(url).path)


def test_calendar_links_offer_download_subscription_google_and_outlook():
    ics_url = "https://kongress.example.org/e-nrw/2020/programm/programm.ics"

    html = render_to_string(
        "cms/_calendar_links.html",
        {"ics_url": ics_url, "calendar_name": "e-nrw 2020 – Programm"},
    )
    parser = _Links()
    parser.feed(html)
    (download, subscribe, google, outlook) = parser.links

    assert download == (ics_url, "Kalenderdatei herunterladen (ICS)")
    assert subscribe == (
        "webcal://kongress.example.org/e-nrw/2020/programm/programm.ics",
        "Im Kalenderprogramm abonnieren (webcal)",
    )
    google_url = urlsplit(google[0])
    assert google_url[:3] == ("https", "calendar.google.com", "/calendar/r")
    assert parse_qs(google_url.query) == {
        "cid": ["webcal://kongress.example.org/e-nrw/2020/programm/programm.ics"]
    }
    assert google[1] == "In Google Kalender abonnieren"
    outlook_url = urlsplit(outlook[0])
    assert outlook_url[:3] == ("https", "outlook.live.com", "/calendar/0/addfromweb")
    assert parse_qs(outlook_url.query) == {"url": [ics_url], "name": ["e-nrw 2020 – Programm"]}
    assert outlook[1] == "In Outlook.com abonnieren"


# --- changes outside the session that calendars show in it ---------------------------------------


def sequences(sessions):
    return {s.pk: s.sequence for s in Session.objects.filter(pk__in=[s.pk for s in sessions])}


def test_moving_a_forum_to_another_room_raises_its_sessions_sequence(programme, client):
    track = programme.tracks[1]
    in_forum = [s for s in programme.sessions if s.track_id == track.pk]
    others = [s for s in programme.sessions if s.track_id != track.pk]
    assert in_forum and all(s.room_id is None for s in in_forum)
    before, before_others = sequences(in_forum), sequences(others)
    new_room = RoomFactory(venue=track.room.venue, name="Ausweichraum")

    track.room = new_room
    track.save_revision().publish()

    assert sequences(in_forum) == {pk: seq + 1 for pk, seq in before.items()}
    assert sequences(others) == before_others
    _, calendar = get_ics(client, forum_ics(track))
    assert {str(e["LOCATION"]).split(",")[0] for e in calendar.walk("VEVENT")} == {"Ausweichraum"}


def test_republishing_an_unchanged_forum_keeps_the_sequence(programme):
    track = programme.tracks[1]
    in_forum = [s for s in programme.sessions if s.track_id == track.pk]
    before = sequences(in_forum)
    track.save_revision().publish()
    assert sequences(in_forum) == before


def test_renaming_a_person_in_the_admin_raises_the_sequence_of_their_sessions(
    programme, client, admin_user
):
    session = programme.sessions[0]
    person = session.speakers()[0]
    theirs = list(Session.objects.filter(speaker_links__person=person))
    others = list(Session.objects.exclude(speaker_links__person=person))
    before, before_others = sequences(theirs), sequences(others)
    client.force_login(admin_user)
    url = reverse(Person.snippet_viewset.get_url_name("edit"), args=[person.pk])
    data = form_data(client.get(url).content.decode(), "w-editor-form")
    data["organisation"] = ["Neue Behörde"]

    response = client.post(url, data)

    assert response.status_code == 302
    assert Person.objects.get(pk=person.pk).organisation == "Neue Behörde"
    assert sequences(theirs) == {pk: seq + 1 for pk, seq in before.items()}
    assert sequences(others) == before_others
