"""The organisers' dashboard per edition in the Wagtail admin (cms/dashboard): the numbers of its
data tables equal the database, its charts are well-formed accessible SVG, only the organisers
of the edition's congress see it, and its query count does not grow with the registrations."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cms.dashboard import charts
from registrations.enums import Attendance, CategoryKind, RegistrationState
from registrations.models import CheckIn, ForumChoice, Registration
from speakers.enums import ConsentKind, InvitationState
from speakers.models import Consent, SlideVersion
from tests.factories import (
    CongressFactory,
    EditionFactory,
    InvitationFactory,
    PersonFactory,
    RegistrationFactory,
    RoomFactory,
    SessionFactory,
    TicketCategoryFactory,
    TrackFactory,
    checkin_staff_of,
    forum_lead_of,
    organiser_of,
)
from tests.factories.speakers import SpeakerProfileFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]
S = RegistrationState
SVG = "{http://www.w3.org/2000/svg}"
# The dashboard's queries: session and user, roles, edition, previous edition, per day (twice),
# categories, groups, forums, check-ins, invitations, speakers, and Wagtail's admin furniture.
MAX_QUERIES = 22


class Tables(HTMLParser):
    """The data tables of a page by caption: each a list of rows of cell texts."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, list[list[str]]] = {}
        self._rows = self._cell = self._caption = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._rows = []
        elif tag == "caption":
            self._caption = ""
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("td", "th") and self._rows is not None:
            self._cell = ""

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data
        elif self._caption is not None:
            self._caption += data

    def handle_endtag(self, tag):
        if tag == "caption":
            self._caption_text, self._caption = self._caption.strip(), None
        elif tag in ("td", "th") and self._cell is not None:
            self._rows[-1].append(self._cell.strip())
            self._cell = None
        elif tag == "table" and self._rows is not None:
            self.tables[getattr(self, "_caption_text", "")] = self._rows
            self._rows = None


def svgs(html: str) -> list[ET.Element]:
    """The dashboard's charts (not the admin's icons)."""
    found = re.findall(r'<svg [^>]*class="dashboard-chart".*?</svg>', html, flags=re.S)
    return [ET.fromstring(svg) for svg in found]  # noqa: S314 - the page under test


def counts(table: list[list[str]]) -> dict[str, int]:
    """First column -> second column of a table's body rows (header and sum left out)."""
    return {row[0]: int(row[1]) for row in table[1:] if row[0] != "Summe"}


@pytest.fixture
def congress():
    return CongressFactory(name="e-nrw", slug="e-nrw-test")


@pytest.fixture
def edition(congress):
    return EditionFactory(congress=congress, title="e-nrw 2026", onsite_capacity=100)


@pytest.fixture
def previous(congress, edition):
    start = edition.start_date - dt.timedelta(days=364)
    return EditionFactory(congress=congress, title="e-nrw 2025", start_date=start)


@pytest.fixture
def organiser(client, congress):
    client.force_login(organiser_of(congress))
    return client


def url(edition):
    return reverse("cms_dashboard", args=[edition.pk])


def before_start(edition, days: int, hour: int = 10) -> dt.datetime:
    day = edition.start_date - dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=edition.tz)


@pytest.fixture
def scene(edition, previous):
    """Registrations of both editions, a forum with choices, check-ins and speakers."""
    public = TicketCategoryFactory(edition=edition, name="Verwaltung", requires_authority=True)
    business = TicketCategoryFactory(edition=edition, name="Wirtschaft", kind=CategoryKind.BUSINESS)
    TicketCategoryFactory(edition=edition, name="Presse", kind=CategoryKind.PRESS)
    made = []
    for days, level, state, attendance in [
        (20, "federal", S.CONFIRMED, Attendance.ONSITE),
        (20, "municipal", S.CONFIRMED, Attendance.ONLINE),
        (10, "municipal", S.WAITLISTED, Attendance.ONSITE),
        (10, "state", S.CANCELLED, Attendance.ONSITE),
        (3, "", S.CONFIRMED, Attendance.ONSITE),
    ]:
        made.append(
            RegistrationFactory(
                category=public,
                authority_level=level,
                state=state,
                attendance=attendance,
                created_at=before_start(edition, days),
            )
        )
    made.append(RegistrationFactory(category=business, created_at=before_start(edition, 3)))
    old = TicketCategoryFactory(edition=previous)
    for days in (20, 10, 10, 10):
        RegistrationFactory(category=old, created_at=before_start(previous, days))
    forum = TrackFactory(edition=edition, title="Künstliche Intelligenz", number=1)
    for registration in made[:4]:
        ForumChoice.objects.create(registration=registration, track=forum)
    CheckIn.objects.create(registration=made[0])
    CheckIn.objects.create(registration=made[0], room=forum.room)
    CheckIn.objects.create(registration=made[4])
    people = PersonFactory.create_batch(3)
    session = SessionFactory(track=forum, speakers=people)
    InvitationFactory(person=people[0], state=InvitationState.CONFIRMED, sessions=[session])
    InvitationFactory(person=people[1], state=InvitationState.INVITED, sessions=[session])
    profile = SpeakerProfileFactory(person=people[0])
    Consent.objects.create(profile=profile, kind=ConsentKind.RECORDING)
    Consent.objects.create(profile=profile, kind=ConsentKind.STREAMING, revoked_at=timezone.now())
    SlideVersion.objects.create(
        profile=profile,
        session=session,
        file="slides/2026/ki.pdf",
        original_name="ki.pdf",
        content_type="application/pdf",
        size=1000,
        licence="cc-by-4.0",
        version=1,
    )
    return {"forum": forum, "public": public, "business": business}


def test_data_tables_equal_the_database(organiser, edition, scene):
    response = organiser.get(url(edition))

    assert response.status_code == 200
    tables = Tables(response.content.decode()).tables
    assert counts(tables["Anmeldungen nach Ticketkategorie"]) == {
        "Verwaltung": 4,  # the cancelled one left out
        "Wirtschaft": 1,
        "Presse": 0,
    }
    assert counts(tables["Teilnahme vor Ort und online"]) == {"Vor Ort": 4, "Online": 1}
    assert "Plätze vor Ort: 3 von 100 belegt, 97 frei." in response.content.decode()
    assert counts(tables["Anmeldungen nach Status"]) == {
        "Bestätigt": 4,
        "Warteliste": 1,
        "Storniert": 1,
    }
    assert counts(tables["Anmeldungen nach Art der Organisation"]) == {
        "Bund": 1,
        "Land": 0,  # the one of the state cancelled
        "Kommune": 2,
        "Sonstige öffentliche Stelle": 0,
        "Wirtschaft": 1,
        "Sonstige": 1,  # public-sector ticket without a level
    }
    forum = tables["Forenwahl und Raumkapazität"]
    assert forum[1] == [
        "Forum 1: Künstliche Intelligenz",
        scene["forum"].room.name,
        "120",
        "2",  # on site, counted (the cancelled one left out)
        "2 %",
        "1",
    ]
    assert counts(tables["Check-ins nach Raum"]) == {"Eingang": 2, scene["forum"].room.name: 1}
    invitations = counts(tables["Einladungen nach Status"])
    assert (invitations["Bestätigt"], invitations["Eingeladen"], invitations["Abgesagt"]) == (
        1,
        1,
        0,
    )
    ready = tables["Einwilligungen und Folien"]
    assert counts(ready[:-1]) == {
        "Aufzeichnung": 1,
        "Live-Übertragung": 0,  # revoked
        "Veröffentlichung der Folien": 0,
        "Folien hochgeladen": 1,
    }
    assert ready[-1][:2] == ["Mitwirkende insgesamt", "3"]


def test_over_time_compares_with_the_previous_edition_by_days_before(
    organiser, edition, previous, scene
):
    html = organiser.get(url(edition)).content.decode()

    tables = Tables(html).tables
    per_day = tables["Anmeldungen pro Tag"]
    assert per_day[0] == [
        "Tage bis Beginn",
        "Datum e-nrw 2026",
        "Anmeldungen am Tag e-nrw 2026",
        "Datum e-nrw 2025",
        "Anmeldungen am Tag e-nrw 2025",
    ]
    by_offset = {row[0]: row for row in per_day[1:]}
    assert list(by_offset) == ["-20", "-10", "-3"]
    assert [by_offset["-20"][2], by_offset["-20"][4]] == ["2", "1"]
    assert [by_offset["-10"][2], by_offset["-10"][4]] == ["2", "3"]
    assert [by_offset["-3"][2], by_offset["-3"][4]] == ["2", "0"]
    previous_day = (previous.start_date - dt.timedelta(days=10)).strftime("%d.%m.%Y")
    assert by_offset["-10"][3] == previous_day
    cumulative = {row[0]: (row[2], row[4]) for row in tables["Anmeldungen kumuliert"][1:]}
    assert cumulative == {"-20": ("2", "1"), "-10": ("4", "4"), "-3": ("6", "4")}
    assert "Zum Vergleich e-nrw 2025" in html
    line = svgs(html)[1]
    assert len(line.findall(f"{SVG}polyline")) == 2  # both editions drawn
    legend = [t.text for t in line.iter(f"{SVG}text")]
    assert "e-nrw 2026" in legend and "e-nrw 2025" in legend


def test_charts_are_well_formed_svg_with_title_and_description(organiser, edition, scene):
    html = organiser.get(url(edition)).content.decode()

    found = svgs(html)
    assert len(found) == 10
    for svg in found:
        chart_id = svg.get("id")
        assert svg.get("role") == "img"
        assert svg.get("aria-labelledby") == f"{chart_id}-title {chart_id}-desc"
        assert svg.find(f"{SVG}title").get("id") == f"{chart_id}-title"
        assert svg.find(f"{SVG}title").text
        assert svg.find(f"{SVG}desc").text
        assert any(t.text for t in svg.iter(f"{SVG}text"))  # labels as text, not colour alone
    # Each chart is followed by its data table.
    assert html.count("<figure") == html.count("<caption>") == 10


def test_empty_edition_renders(organiser, edition):
    response = organiser.get(url(edition))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Noch keine Anmeldungen." in html
    assert "Keine frühere Ausgabe zum Vergleich." in html
    assert "Diese Ausgabe hat keine Fachforen." in html
    assert all(svg.find(f"{SVG}title").text for svg in svgs(html))


def test_only_organisers_of_the_congress_and_superusers_see_it(client, admin_client, edition):
    other = organiser_of(CongressFactory())
    forum = TrackFactory(edition=edition)
    lead = forum_lead_of(forum)
    door = checkin_staff_of(edition)
    own = organiser_of(edition.congress)
    checkins = reverse("cms_dashboard_checkins", args=[edition.pk])

    for user in (other, lead, door):
        client.force_login(user)
        for path in (url(edition), checkins):
            response = client.get(path)
            assert (response.status_code, response["Location"]) == (302, "/admin/")
    client.force_login(own)
    assert client.get(url(edition)).status_code == 200
    assert client.get(checkins).status_code == 200
    assert admin_client.get(url(edition)).status_code == 200
    client.logout()
    assert client.get(url(edition))["Location"].startswith(reverse("wagtailadmin_login"))


def test_index_lists_only_the_organisers_editions_and_the_menu_links_it(organiser, edition):
    foreign = EditionFactory(title="Fremder Kongress 2026")

    html = organiser.get(reverse("cms_dashboard_index")).content.decode()
    admin_home = organiser.get(reverse("wagtailadmin_home")).content.decode()
    listing = organiser.get(reverse("wagtailsnippets_congress_edition:list")).content.decode()

    assert f'href="{url(edition)}"' in html and "e-nrw 2026" in html
    assert foreign.title not in html
    assert reverse("cms_dashboard_index") in admin_home  # under "Berichte"
    assert f'href="{url(edition)}"' in listing


def test_live_check_ins_on_a_congress_day(organiser, congress):
    today = timezone.localdate()
    edition = EditionFactory(congress=congress, start_date=today, end_date=today, year=2001)
    room = RoomFactory(venue=edition.venue, name="Großer Saal")
    registration = RegistrationFactory(category=TicketCategoryFactory(edition=edition))
    CheckIn.objects.create(registration=registration, room=room)
    CheckIn.objects.create(
        registration=registration, scanned_at=timezone.now() - dt.timedelta(days=2)
    )

    html = organiser.get(url(edition)).content.decode()
    fragment = organiser.get(reverse("cms_dashboard_checkins", args=[edition.pk]))

    assert counts(Tables(html).tables["Check-ins heute nach Raum"]) == {"Großer Saal": 1}
    assert 'data-live-url="{}"'.format(reverse("cms_dashboard_checkins", args=[edition.pk])) in html
    assert 'role="status"' in html and "1 Check-ins heute." in html
    assert "data-live-toggle" in html
    part = fragment.content.decode()
    assert fragment.status_code == 200 and "<html" not in part
    assert counts(Tables(part).tables["Check-ins heute nach Raum"]) == {"Großer Saal": 1}


def _bulk_registrations(edition, category, forum, count: int) -> None:
    """``count`` registrations over 60 days, a forum choice and a check-in for every tenth,
    written with bulk_create (no services: only the dashboard is measured)."""
    start = before_start(edition, 60)
    states = [S.CONFIRMED, S.CONFIRMED, S.WAITLISTED, S.CANCELLED]
    levels = ["federal", "state", "municipal", "other_public", ""]
    Registration.objects.bulk_create(
        Registration(
            edition=edition,
            category=category,
            state=states[n % len(states)],
            attendance=Attendance.ONSITE if n % 3 else Attendance.ONLINE,
            first_name="Person",
            last_name=str(n),
            email=f"p{n}@example.org",
            authority_level=levels[n % len(levels)],
            terms_accepted_at=start,
            created_at=start + dt.timedelta(minutes=n * 60 * 24 * 60 // count),
            manage_token=f"m{edition.pk}-{n}",
            calendar_token=f"c{edition.pk}-{n}",
        )
        for n in range(count)
    )
    tenth = list(Registration.objects.filter(edition=edition).values_list("pk", flat=True))[::10]
    ForumChoice.objects.bulk_create(ForumChoice(registration_id=pk, track=forum) for pk in tenth)
    CheckIn.objects.bulk_create(CheckIn(registration_id=pk) for pk in tenth)


def dashboard_queries(client, edition) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url(edition)).status_code == 200
    return len(queries)


def test_query_count_is_the_same_for_100_and_10000_registrations(organiser, congress):
    small, large = (
        EditionFactory(congress=congress, title=f"Ausgabe {year}", year=year)
        for year in (2001, 2002)
    )
    for edition, count in ((small, 100), (large, 10_000)):
        category = TicketCategoryFactory(edition=edition, requires_authority=True)
        _bulk_registrations(edition, category, TrackFactory(edition=edition), count)
    assert Registration.objects.filter(edition=large).count() == 10_000

    few, many = dashboard_queries(organiser, small), dashboard_queries(organiser, large)

    assert few == many
    assert many <= MAX_QUERIES


def test_bar_chart_escapes_labels_and_marks_limits():
    svg = charts.bar_chart(
        chart_id="c",
        title="Räume <b>",
        description="Plätze & Wahlen",
        bars=[charts.Bar("<script>alert(1)</script>", 5, limit=10, note="von 10 Plätzen")],
        empty="leer",
    )

    root = ET.fromstring(str(svg))  # noqa: S314 - our own markup
    assert "<script>" not in svg
    assert root.find(f"{SVG}title").text == "Räume <b>"
    assert [t.text for t in root.iter(f"{SVG}text")] == [
        "<script>alert(1)</script>",
        "5 von 10 Plätzen",
    ]
    assert len(root.findall(f"{SVG}line")) == 1  # the capacity tick


@pytest.mark.parametrize(
    ("maximum", "step"), [(0, 1), (4, 1), (9, 2), (23, 5), (120, 50), (10_000, 2000)]
)
def test_nice_step(maximum, step):
    assert charts.nice_step(maximum) == step
