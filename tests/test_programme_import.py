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

from congress.models import Edition
from demo import data as demo_data
from demo import programme as demo
from demo.common import Summary, quiet_logs
from programme.exporting import programme_rows
from programme.import_columns import HEADERS
from programme.import_files import MAX_FILE_SIZE, read_bytes
from programme.importing import plan_import
from programme.models import Person, Session, SessionSpeaker
from programme.people_syntax import format_person

from .factories import CongressFactory, EditionFactory, organiser_of

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
