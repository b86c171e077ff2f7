"""Programme import (CSV, XLSX) with preview and drafts, and the programme export."""

import csv
import io
import zipfile

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision
from wagtail.search.backends import get_search_backend

from congress.models import LogEntry
from demo import data as demo_data
from demo import programme as demo
from demo.common import Summary, quiet_logs
from programme.import_columns import HEADERS
from programme.import_files import MAX_FILE_SIZE, read_bytes
from programme.models import Person, Session, SessionSpeaker
from programme.people_syntax import format_person
from speakers.enums import ConsentKind
from speakers.models import Consent, SlideVersion

from .factories import CongressFactory, EditionFactory, organiser_of, speaker_manager_of
from .factories.speakers import SpeakerProfileFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

DASHBOARD = "/admin/"


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("chef", "chef@example.org", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def programme(build_programme):
    """e-nrw 2020 (5 and 6 November) with main stage and 13 forums; four published sessions on
    5 November 09:00-09:45 (main stage, forums 1 to 3)."""
    return build_programme(4)


def export(client, edition, fmt):
    response = client.get(reverse("programme_export", args=[edition.pk, fmt]))
    assert response.status_code == 200
    return response.content


def upload(client, edition, content, name="programm.xlsx"):
    return client.post(
        reverse("programme_import", args=[edition.pk]),
        {"action": "preview", "file": SimpleUploadedFile(name, content)},
    )


def confirm(client, edition, preview):
    return client.post(
        reverse("programme_import", args=[edition.pk]),
        {
            "action": "confirm",
            "token": preview.context["token"],
            "digest": preview.context["plan"].digest,
        },
        follow=True,
    )


def snapshot(edition):
    sessions = Session.objects.for_edition(edition).order_by("pk")
    return {
        "sessions": list(
            sessions.values_list(
                "pk", "title", "starts_at", "ends_at", "room_id", "track_id", "live", "import_key"
            )
        ),
        "links": list(
            SessionSpeaker.objects.filter(session__in=sessions)
            .order_by("pk")
            .values_list("session_id", "person_id", "role", "sort_order")
        ),
        "people": Person.objects.count(),
        "revisions": Revision.objects.count(),
    }


def csv_file(rows, headers=HEADERS, delimiter=";"):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def xlsx_file(rows, headers=HEADERS):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def row(forum="Forum 1", date="05.11.2020", start="15:00", end="15:45", title="Neu", **more):
    values = {
        "Schlüssel": "",
        "Forum": forum,
        "Datum": date,
        "Beginn": start,
        "Ende": end,
        "Titel": title,
        "Format": "Vortrag",
        "Abstract": "",
        "Referierende": "",
        "Moderation": "",
        "Podium": "",
        "Raum": "",
    }
    values.update(more)
    return [values[header] for header in HEADERS]


# --- round trip --------------------------------------------------------------------------------


@pytest.fixture
def demo_edition():
    """The demo's e-nrw 2020 programme (main stage, 13 forums, its people), built by the demo's
    own builders without the rest of the demo (pages, other editions, registrations)."""
    summary = Summary()
    with quiet_logs():
        types = demo.ensure_session_types(summary)
        people = demo.ensure_people(summary)
        venues = demo.ensure_venues(summary)
        entry = next(c for c in demo_data.CONGRESSES if c["slug"] == "e-nrw")
        congress = demo.ensure_congress(entry, summary)
        edition_entry = next(
            e for e in demo_data.editions_of(entry, timezone.localdate()) if e["year"] == 2020
        )
        edition = demo.ensure_edition(congress, edition_entry, venues, summary)
        for order, track_entry in enumerate(edition_entry["tracks"]):
            track = demo.ensure_track(edition, track_entry, order * 10, people, summary)
            demo.ensure_sessions(track, track_entry, types, people, summary)
    return edition


def test_demo_programme_round_trip_changes_nothing(admin_client, demo_edition):
    """The demo programme exported to XLSX and CSV and imported again: every row unchanged,
    and confirming writes nothing."""
    edition = demo_edition
    before = snapshot(edition)
    for fmt in ("xlsx", "csv"):
        content = export(admin_client, edition, fmt)
        table = read_bytes(content)
        assert table.kind == fmt
        assert len(table.rows) == len(before["sessions"]) > 50

        preview = upload(admin_client, edition, content, f"programm.{fmt}")
        plan = preview.context["plan"]
        assert plan.errors == [] and plan.file_errors == []
        assert {r.action for r in plan.rows} == {"unchanged"}
        counts = {"new": 0, "changed": 0, "unchanged": len(table.rows)}
        assert preview.context["counts"] == counts

        confirm(admin_client, edition, preview)
        assert snapshot(edition) == before


# --- errors ------------------------------------------------------------------------------------


def test_each_kind_of_bad_row_is_reported_with_row_and_column(admin_client, programme):
    edition = programme.edition
    busy = programme.sessions[1]  # Forum 1, 5 November 09:00-09:45, in "Forum-Raum 01"
    speaker = busy.speakers()[0]
    at_busy = {"date": "05.11.2020", "start": "09:00", "end": "09:45"}
    rows = [
        row(forum="Forum 99", title="A"),  # 2: unknown forum
        row(title="B", Format="Tanz"),  # 3: unknown format
        row(title="C", date="31.02.2020"),  # 4: bad date
        row(title="D", start="9 Uhr 30"),  # 5: bad time
        row(title="E", start="16:00", end="15:30"),  # 6: end before start
        row(title=""),  # 7: missing title
        row(title="F", Schlüssel="K-1"),  # 8
        row(title="G", Schlüssel="K-1", start="17:00", end="17:45"),  # 9: duplicate key
        row(title="H", forum="Forum 1", **at_busy),  # 10: its room is taken by `busy`
        row(  # 11: the speaker of `busy` in another forum at the same time
            title="I",
            forum="Forum 5",
            Raum="Forum-Raum 05",
            Referierende=format_person(speaker.full_name, speaker.position, speaker.organisation),
            **{**at_busy, "start": "09:30", "end": "10:00"},
        ),
        row(title="J", date="07.11.2020"),  # 12: not a congress day
        row(title="K", Raum="Besenkammer"),  # 13: unknown room
        row(title="L", Referierende="Ada (Stadt Neuss"),  # 14: unreadable people
    ]
    before = snapshot(edition)
    preview = upload(admin_client, edition, csv_file(rows), "programm.csv")
    errors = {(e.row, e.column) for e in preview.context["plan"].errors}
    assert errors == {
        (2, "Forum"),
        (3, "Format"),
        (4, "Datum"),
        (5, "Beginn"),
        (6, "Ende"),
        (7, "Titel"),
        (9, "Schlüssel"),
        (10, "Raum"),
        (11, "Referierende"),
        (12, "Datum"),
        (13, "Raum"),
        (14, "Referierende"),
    }
    page = preview.content.decode()
    assert "Zeile 2, Spalte „Forum“: Unbekanntes Forum „Forum 99“." in page
    assert "Zeile 10, Spalte „Raum“: Raum „Forum-Raum 01“ ist doppelt belegt" in page
    assert f"Zeile 11, Spalte „Referierende“: {speaker.full_name} ist gleichzeitig" in page
    assert "Es wird nichts importiert" in page
    assert "Import bestätigen" not in page
    assert snapshot(edition) == before


# --- re-import and new sessions ----------------------------------------------------------------


def test_reimport_updates_the_session_by_its_key(admin_client, programme):
    edition = programme.edition
    session = programme.sessions[1]
    table = read_bytes(export(admin_client, edition, "xlsx"))
    key_col, title_col = HEADERS.index("Schlüssel"), HEADERS.index("Titel")
    rows = [list(r) for r in table.rows]
    target = next(r for r in rows if r[key_col] == session.import_key)
    target[title_col] = "Ein neuer Titel"
    revisions = Revision.objects.count()

    preview = upload(admin_client, edition, xlsx_file(rows))
    plan = preview.context["plan"]
    assert [(r.key, r.action, r.changed_columns) for r in plan.rows if r.action != "unchanged"] == [
        (session.import_key, "changed", ["Titel"])
    ]
    response = confirm(admin_client, edition, preview)
    assert "Programm importiert: 0 neu, 1 geändert, 3 unverändert." in response.content.decode()

    assert Session.objects.for_edition(edition).count() == 4
    entry = LogEntry.objects.get(action="programme.imported")
    assert (entry.edition_id, entry.user.username) == (edition.pk, "chef")
    assert entry.data == {"new": 0, "changed": 1, "unchanged": 3}
    session.refresh_from_db()
    assert session.title == "Beitrag 002"  # the published version stays until publishing
    assert session.has_unpublished_changes
    assert session.get_latest_revision_as_object().title == "Ein neuer Titel"
    assert Revision.objects.count() == revisions + 1

    # The export shows the draft; importing it again changes nothing.
    again = upload(admin_client, edition, export(admin_client, edition, "csv"), "p.csv")
    assert {r.action for r in again.context["plan"].rows} == {"unchanged"}


NAMES = (
    "Dr. Ada Muster (Leiterin, Stadt Neuss); Łukasz Nowak (CIO | Land NRW); "
    "Ελένη Παπαδοπούλου (Referentin, Υπουργείο); Юлия Иванова (Leiterin, Abteilung 3 | Behörde)"
)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_new_sessions_become_drafts_and_names_survive(admin_client, programme, fmt):
    edition = programme.edition
    rows = [
        row(title="Offene Daten", Referierende=NAMES),
        row(
            title="Große Pause",
            start="16:00",
            end="16:30",
            Schlüssel="pause-1",
            Abstract="Kaffee & Kuchen\n\nim Foyer",
            Moderation="Ελένη Παπαδοπούλου (Υπουργείο)",
        ),
    ]
    content = csv_file(rows) if fmt == "csv" else xlsx_file(rows)
    preview = upload(admin_client, edition, content, f"neu.{fmt}")
    assert preview.context["plan"].errors == []
    assert [r.action for r in preview.context["plan"].rows] == ["new", "new"]
    confirm(admin_client, edition, preview)

    new = Session.objects.get(title="Offene Daten")
    assert (new.live, new.has_unpublished_changes) == (False, True)
    assert new.latest_revision is not None
    assert Session.objects.get(import_key="pause-1").abstract == (
        "<p>Kaffee &amp; Kuchen</p><p>im Foyer</p>"
    )
    people = {(p.full_name, p.position, p.organisation) for p in new.speakers()}
    assert people == {
        ("Dr. Ada Muster", "Leiterin", "Stadt Neuss"),
        ("Łukasz Nowak", "CIO", "Land NRW"),
        ("Ελένη Παπαδοπούλου", "Referentin", "Υπουργείο"),
        ("Юлия Иванова", "Leiterin, Abteilung 3", "Behörde"),
    }
    assert new.latest_revision.user.username == "chef"
    assert new.get_latest_revision_as_object().title == "Offene Daten"
    found = get_search_backend().search("Nowak", Person)  # the admin's search finds them
    assert [p.last_name for p in found] == ["Nowak"]
    ada = Person.objects.get(last_name="Muster")
    assert (ada.academic_title, ada.first_name) == ("Dr.", "Ada")
    # The moderator of the second row is the speaker of that name and organisation.
    assert Person.objects.filter(last_name="Παπαδοπούλου").count() == 1

    # An editor publishes the draft: the same four people, once each.
    new.latest_revision.publish()
    new.refresh_from_db()
    assert (new.live, new.has_unpublished_changes) == (True, False)
    assert SessionSpeaker.objects.filter(session=new).count() == 4

    exported = export(admin_client, edition, fmt)
    table = read_bytes(exported)
    speakers = [r[HEADERS.index("Referierende")] for r in table.rows]
    assert "Юлия Иванова (Leiterin, Abteilung 3 | Behörde)" in " ".join(speakers)
    assert "Łukasz Nowak (CIO, Land NRW)" in " ".join(speakers)
    again = upload(admin_client, edition, exported, f"again.{fmt}")
    assert {r.action for r in again.context["plan"].rows} == {"unchanged"}


# --- permissions -------------------------------------------------------------------------------


def test_only_organisers_of_the_congress_may_import_and_export(client, programme):
    edition = programme.edition
    import_url = reverse("programme_import", args=[edition.pk])
    export_url = reverse("programme_export", args=[edition.pk, "csv"])

    response = client.get(import_url)
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert client.get(export_url).status_code == 302

    other = organiser_of(EditionFactory(congress=CongressFactory()).congress)
    client.force_login(other)
    for url in (import_url, export_url):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, DASHBOARD)
    response = upload(client, edition, csv_file([row()]), "p.csv")
    assert (response.status_code, response["Location"]) == (302, DASHBOARD)
    assert not Session.objects.filter(title="Neu").exists()

    client.force_login(organiser_of(edition.congress))
    assert client.get(import_url).status_code == 200
    assert client.get(export_url).status_code == 200
    page = client.get(reverse("programme_transfer")).content.decode()
    assert edition.title in page and other.username not in page


# --- exports are safe --------------------------------------------------------------------------


def test_exports_neutralise_formulas(admin_client, programme):
    edition = programme.edition
    session = programme.sessions[1]
    Session.objects.filter(pk=session.pk).update(title='=HYPERLINK("http://evil.example","x")')

    content = export(admin_client, edition, "csv")
    assert content.startswith("\ufeff".encode())
    text = content.decode("utf-8-sig")
    assert "'=HYPERLINK(" in text
    assert ";=HYPERLINK(" not in text

    workbook = openpyxl.load_workbook(io.BytesIO(export(admin_client, edition, "xlsx")))
    cells = [
        c for r in workbook.active.iter_rows() for c in r if c.value and "HYPERLINK" in str(c.value)
    ]
    assert [(c.data_type, c.value) for c in cells] == [
        ("s", '=HYPERLINK("http://evil.example","x")')
    ]

    # Both files import again without a change (the quote is taken off again).
    for fmt in ("csv", "xlsx"):
        again = upload(admin_client, edition, export(admin_client, edition, fmt), f"p.{fmt}")
        assert {r.action for r in again.context["plan"].rows} == {"unchanged"}


# --- bad files -----------------------------------------------------------------------------------


def macro_workbook():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/vbaProject.bin", b"\x00macro")
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "bild.csv", "keine Tabelle im Format CSV"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "alt.xls", "Alte Excel-Dateien"),
        (None, "makro.xlsm", "Arbeitsmappen mit Makros werden"),
        (b"PK\x03\x04kaputt", "kaputt.xlsx", "keine Tabelle im Format CSV"),
        (b"", "leer.csv", "Die Datei ist leer."),
        (b"Forum;Datum\n", "kurz.csv", "Es fehlen Spalten: Beginn, Ende, Titel, Format."),
        (b"x" * (MAX_FILE_SIZE + 1), "gross.csv", "Die Datei ist zu groß: höchstens 5,0"),
    ],
)
def test_files_that_are_not_programme_tables_get_a_message(
    admin_client, programme, content, name, message
):
    content = macro_workbook() if content is None else content
    response = upload(admin_client, programme.edition, content, name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Import bestätigen" not in response.content.decode()


def test_a_german_excel_csv_in_windows_1252_with_commas_is_read(admin_client, programme):
    content = csv_file([row(title="Bürgerämter digital")], delimiter=",").decode().encode("cp1252")
    preview = upload(admin_client, programme.edition, content, "excel.csv")
    assert [(r.title, r.action) for r in preview.context["plan"].rows] == [
        ("Bürgerämter digital", "new")
    ]


# --- queries -------------------------------------------------------------------------------------


def preview_queries(client, edition, n):
    rows = [
        row(
            forum=f"Forum {1 + i % 13}",
            date="06.11.2020",
            start=f"{10 + i // 13:02d}:00",
            end=f"{10 + i // 13:02d}:45",
            title=f"Sitzung {i}",
            Referierende=f"Person {i} (Referentin, Amt {i})",
        )
        for i in range(n)
    ]
    content = xlsx_file(rows)
    with CaptureQueriesContext(connection) as queries:
        response = upload(client, edition, content)
    assert response.context["plan"].errors == []
    assert len(response.context["plan"].rows) == n
    return len(queries)


def test_preview_queries_do_not_grow_with_the_rows(admin_client, programme):
    few = preview_queries(admin_client, programme.edition, 10)
    many = preview_queries(admin_client, programme.edition, 100)
    assert few == many
    assert many <= 20


# --- speakers export ---------------------------------------------------------------------------


def speakers_export(client, edition, fmt):
    return client.get(reverse("speakers_admin:export", args=[edition.pk, fmt]))


def test_speakers_export_lists_consents_and_slides(client, programme):
    edition = programme.edition
    session = programme.sessions[1]
    person = session.speakers()[0]
    Person.objects.filter(pk=person.pk).update(organisation="=cmd|' /C calc'!A0")
    profile = SpeakerProfileFactory(person=person, email="ada@example.org")
    Consent.objects.create(profile=profile, kind=ConsentKind.RECORDING)
    Consent.objects.create(profile=profile, kind=ConsentKind.PUBLISH_SLIDES)
    Consent.objects.create(profile=profile, kind=ConsentKind.STREAMING, revoked_at=timezone.now())
    SlideVersion.objects.create(
        profile=profile,
        session=session,
        file="slides/2020/a.pdf",
        original_name="a.pdf",
        content_type="application/pdf",
        size=10,
        licence="cc-by-4.0",
        version=1,
    )
    client.force_login(speaker_manager_of(edition=edition))

    response = speakers_export(client, edition, "csv")
    assert response.status_code == 200
    table = read_bytes(response.content)
    header = table.headers
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in table.rows}
    mine = rows[person.full_name]
    assert mine["E-Mail-Adresse"] == "ada@example.org"
    assert mine["Organisation"] == "'=cmd|' /C calc'!A0"
    assert mine["Aufzeichnung meines Beitrags"] == "ja"
    assert mine["Live-Übertragung meines Beitrags"] == "nein"
    assert mine["Veröffentlichung meiner Folien"] == "ja"
    assert mine["Folien hochgeladen"] == "1"
    assert mine["Programmpunkte"] == f"Beitrag 002 [{session.import_key}]"
    assert len(rows) == len({p.pk for s in programme.sessions for p in s.speakers()})

    workbook = openpyxl.load_workbook(io.BytesIO(speakers_export(client, edition, "xlsx").content))
    values = [c for r in workbook.active.iter_rows() for c in r if c.value == "=cmd|' /C calc'!A0"]
    assert [c.data_type for c in values] == ["s"]

    client.force_login(organiser_of(EditionFactory(congress=CongressFactory()).congress))
    response = speakers_export(client, edition, "csv")
    assert (response.status_code, response["Location"]) == (302, DASHBOARD)


def test_speakers_export_queries_do_not_grow(admin_client, build_programme):
    programme = build_programme(40)
    for person in programme.speakers:
        profile = SpeakerProfileFactory(person=person)
        Consent.objects.create(profile=profile, kind=ConsentKind.RECORDING)
    with CaptureQueriesContext(connection) as many:
        assert speakers_export(admin_client, programme.edition, "xlsx").status_code == 200
    Session.objects.filter(pk__in=[s.pk for s in programme.sessions[4:]]).delete()
    with CaptureQueriesContext(connection) as few:
        assert speakers_export(admin_client, programme.edition, "xlsx").status_code == 200
    assert len(few) == len(many)


def test_reimport_of_an_unpublished_session_rewrites_its_draft(admin_client, programme):
    edition = programme.edition
    first = [row(title="Entwurf", Schlüssel="E-1", Referierende="Ada Muster (Stadt Neuss)")]
    confirm(admin_client, edition, upload(admin_client, edition, csv_file(first), "a.csv"))
    session = Session.objects.get(import_key="E-1")
    revisions = Revision.objects.count()

    second = [
        row(
            title="Entwurf",
            Schlüssel="E-1",
            start="15:15",
            end="16:00",
            Referierende="Łukasz Nowak (Land NRW)",
        )
    ]
    preview = upload(admin_client, edition, csv_file(second), "b.csv")
    assert [(r.action, r.changed_columns) for r in preview.context["plan"].rows] == [
        ("changed", ["Beginn", "Ende", "Referierende"])
    ]
    confirm(admin_client, edition, preview)
    session.refresh_from_db()
    assert (session.live, session.has_unpublished_changes) == (False, True)
    assert timezone.localtime(session.starts_at).strftime("%H:%M") == "15:15"
    assert [p.full_name for p in session.speakers()] == ["Łukasz Nowak"]
    assert Revision.objects.count() == revisions + 1
    assert session.get_latest_revision_as_object().speakers()[0].full_name == "Łukasz Nowak"


def test_a_confirmation_after_the_programme_changed_shows_the_new_preview(admin_client, programme):
    edition = programme.edition
    preview = upload(admin_client, edition, csv_file([row(title="Beitrag 002")]), "p.csv")
    assert [r.action for r in preview.context["plan"].rows] == ["changed"]  # by forum and title
    Session.objects.filter(title="Beitrag 002").update(title="Anders")
    before = snapshot(edition)

    response = confirm(admin_client, edition, preview)
    assert "hat sich seit der Vorschau geändert" in response.content.decode()
    assert [r.action for r in response.context["plan"].rows] == ["new"]
    assert snapshot(edition) == before

    stale = admin_client.post(
        reverse("programme_import", args=[edition.pk]),
        {"action": "confirm", "token": "alt", "digest": ""},
        follow=True,
    )
    assert "Die Vorschau ist abgelaufen." in stale.content.decode()
