"""Schedule exports for conference apps (frab format): schedule.xml and schedule.json of the
programme page, their structure, local times across daylight saving time, stable GUIDs, what they
leave out, conditional GET, 404s, query counts and (when provided) c3voc's XSD and JSON schema."""

import datetime as dt
import json
import re
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congress.enums import EditionMode
from programme.enums import SessionStatus
from programme.models import Session
from programme.schedule import EVENT_ELEMENTS, GUID_NAMESPACE, event_slug

from .factories import (
    BERLIN,
    PersonFactory,
    SessionFactory,
    TrackFactory,
    berlin,
)

pytestmark = pytest.mark.integration

PROGRAMME = "/e-nrw/2020/programm/"
SCHEDULE_XML = "/e-nrw/2020/programm/schedule.xml"
SCHEDULE_JSON = "/e-nrw/2020/programm/schedule.json"
BASE_URL = f"http://testserver{PROGRAMME}"
CONTENT_TYPES = {
    "xml": "application/xml; charset=utf-8",
    "json": "application/json; charset=utf-8",
}
SCHEMAS = Path(settings.BASE_DIR).parent / "shared" / "schemas"
NO_SCHEMAS = "schemas not provided in ../shared/schemas/"

# Queries of one export, measured on SQLite with 10 and with 200 sessions: 14 (10 of them Wagtail's
# page routing; edition, tracks, sessions, speakers), plus a margin of two.
SCHEDULE_MAX_QUERIES = 16


def uuid5(name: str) -> str:
    return str(uuid.uuid5(GUID_NAMESPACE, name))


def publish(session):
    """Publish the session as editors do, through a Wagtail revision; return the stored row."""
    session.save_revision().publish()
    return Session.objects.get(pk=session.pk)


def parse_xml(body: bytes) -> ET.Element:
    return ET.fromstring(body)  # noqa: S314 (our own export, not untrusted input)


def get_xml(client, url=SCHEDULE_XML) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == CONTENT_TYPES["xml"]
    assert response.content.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    return parse_xml(response.content)


def get_json(client, url=SCHEDULE_JSON) -> dict:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == CONTENT_TYPES["json"]
    return json.loads(response.content)


def xml_events(root: ET.Element) -> dict[int, tuple[ET.Element, ET.Element, ET.Element]]:
    """Events by id, with their <day> and <room>; every id once."""
    found = {}
    for day in root.findall("day"):
        for room in day.findall("room"):
            for event in room.findall("event"):
                event_id = int(event.get("id"))
                assert event_id not in found, f"event {event_id} twice"
                found[event_id] = (event, room, day)
    return found


def json_events(data: dict) -> dict[int, tuple[dict, str, dict]]:
    """Events by id, with their room name and day; every id once."""
    found = {}
    for day in data["schedule"]["conference"]["days"]:
        for room_name, events in day["rooms"].items():
            for event in events:
                assert event["id"] not in found, f"event {event['id']} twice"
                found[event["id"]] = (event, room_name, day)
    return found


@pytest.fixture
def programme(build_programme):
    return build_programme(30)


# --- structure ------------------------------------------------------------------------------


def test_schedule_xml_has_the_conference_and_one_day_per_congress_day(programme, client):
    root = get_xml(client)

    assert root.tag == "schedule"
    # xs:sequence: generator, version, conference, then the days
    assert [child.tag for child in root] == ["generator", "version", "conference", "day", "day"]
    assert root.find("generator").attrib == {"name": "Kongressportal"}
    assert re.fullmatch(r"[0-9a-f]{12}", root.findtext("version"))
    assert [(child.tag, child.text) for child in root.find("conference")] == [
        ("acronym", "enrw2020"),
        ("title", "e-nrw 2020"),
        ("start", "2020-11-05"),
        ("end", "2020-11-06"),
        ("days", "2"),
        ("timeslot_duration", "00:15"),
        ("base_url", BASE_URL),
        ("time_zone_name", "Europe/Berlin"),
    ]
    assert [day.attrib for day in root.findall("day")] == [
        {
            "index": "1",
            "date": "2020-11-05",
            "start": "2020-11-05T00:00:00+01:00",
            "end": "2020-11-06T00:00:00+01:00",
        },
        {
            "index": "2",
            "date": "2020-11-06",
            "start": "2020-11-06T00:00:00+01:00",
            "end": "2020-11-07T00:00:00+01:00",
        },
    ]
    # main stage first, then the forums in their order
    assert [room.get("name") for room in root.find("day").findall("room")] == [
        "Großer Saal",
        *(f"Forum-Raum {number:02d}" for number in range(1, 14)),
    ]


def test_schedule_xml_holds_every_published_session_once_at_its_local_time(programme, client):
    root = get_xml(client)
    events = xml_events(root)

    assert sorted(events) == sorted(s.pk for s in programme.sessions)
    for session in programme.sessions:
        event, room, day = events[session.pk]
        start = session.starts_at.astimezone(BERLIN)
        assert event.attrib == {"guid": uuid5(f"session:{session.pk}"), "id": str(session.pk)}
        assert [child.tag for child in event] == EVENT_ELEMENTS
        assert day.get("date") == start.date().isoformat()
        assert room.get("name") == session.effective_room.name
        assert room.get("guid") == uuid5(f"room:{session.effective_room.pk}")
        assert event.findtext("date") == start.isoformat()
        assert event.findtext("start") == start.strftime("%H:%M")
        assert event.findtext("duration") == "00:45"
        assert event.findtext("room") == session.effective_room.name
        assert event.findtext("slug") == f"enrw2020-{session.pk}-{session.slug}"
        assert event.findtext("url") == f"{BASE_URL}{session.track.slug}/{session.slug}/"
        assert event.findtext("title") == session.title
        assert event.findtext("subtitle") == ""
        assert event.findtext("track") == str(session.track.label)
        assert event.findtext("type") == session.session_type.name
        assert event.findtext("language") == "de"
        assert event.findtext("recording/license") == ""
        assert event.findtext("recording/optout") == "true"
        assert [(p.get("id"), p.text) for p in event.findall("persons/person")] == [
            (str(person.pk), person.full_name) for person in session.speakers()
        ]
    some = programme.sessions[3]
    assert client.get(events[some.pk][0].findtext("url")).status_code == 200


def test_schedule_json_has_the_same_schedule_as_the_xml(programme, client):
    root = get_xml(client)
    data = get_json(client)

    assert set(data) == {"$schema", "generator", "schedule"}
    assert data["$schema"] == "https://c3voc.de/schedule/schema.json"
    assert data["generator"] == {"name": "Kongressportal"}
    schedule = data["schedule"]
    assert schedule["version"] == root.findtext("version")
    assert schedule["base_url"] == BASE_URL
    conference = schedule["conference"]
    assert {k: v for k, v in conference.items() if k not in ("tracks", "rooms", "days")} == {
        "acronym": "enrw2020",
        "title": "e-nrw 2020",
        "start": "2020-11-05",
        "end": "2020-11-06",
        "daysCount": 2,
        "timeslot_duration": "00:15",
        "time_zone_name": "Europe/Berlin",
        "url": BASE_URL,
    }
    assert [(t["name"], t["slug"]) for t in conference["tracks"]] == [
        (str(track.label), track.slug) for track in programme.tracks
    ]
    assert all(re.fullmatch(r"#[0-9a-f]{6}", t["color"]) for t in conference["tracks"])
    assert len({t["color"] for t in conference["tracks"]}) == len(programme.tracks)
    assert conference["rooms"][:2] == [
        {"name": "Großer Saal", "guid": uuid5(f"room:{programme.main_stage.room.pk}"), "capacity": 800},
        {"name": "Forum-Raum 01", "guid": uuid5(f"room:{programme.forums[0].room.pk}"), "capacity": 120},
    ]  # fmt: skip
    assert [
        (day["index"], day["date"], day["day_start"], day["day_end"]) for day in conference["days"]
    ] == [
        (int(d.get("index")), d.get("date"), d.get("start"), d.get("end"))
        for d in root.findall("day")
    ]
    # the same events in the same days and rooms, in the same order
    assert [
        {name: [e["guid"] for e in events] for name, events in day["rooms"].items()}
        for day in conference["days"]
    ] == [
        {r.get("name"): [e.get("guid") for e in r.findall("event")] for r in d.findall("room")}
        for d in root.findall("day")
    ]


def test_schedule_json_event_carries_the_session_details(programme, client, site_tree):
    site_tree.edition.online_url = "https://stream.example.org/e-nrw-2020"
    site_tree.edition.save()
    session = programme.sessions[1]  # Forum 1, two speakers
    session.abstract = "<p>Wie <b>Kommunen</b> das OZG umsetzen.</p><ul><li>Planung</li></ul>"
    session = publish(session)
    first, second = session.speakers()

    event, room_name, day = json_events(get_json(client))[session.pk]

    assert room_name == "Forum-Raum 01"
    assert day["date"] == "2020-11-05"
    assert event == {
        "guid": uuid5(f"session:{session.pk}"),
        "id": session.pk,
        "date": "2020-11-05T09:00:00+01:00",
        "start": "09:00",
        "duration": "00:45",
        "room": "Forum-Raum 01",
        "slug": f"enrw2020-{session.pk}-beitrag-002",
        "url": f"{BASE_URL}digitale-schule/beitrag-002/",
        "title": "Beitrag 002",
        "subtitle": "",
        "track": "Forum 1: Digitale Schule",
        "type": "Vortrag",
        "language": "de",
        "abstract": "Wie Kommunen das OZG umsetzen.\n\n- Planung",
        "description": "",
        "recording_license": "",
        "do_not_record": True,
        "persons": [
            {"id": first.pk, "guid": uuid5(f"person:{first.pk}"), "name": first.full_name},
            {"id": second.pk, "guid": uuid5(f"person:{second.pk}"), "name": second.full_name},
        ],
        "links": [{"url": "https://stream.example.org/e-nrw-2020", "title": "Online-Teilnahme"}],
        "attachments": [],
    }
    xml_event = xml_events(get_xml(client))[session.pk][0]
    assert [(link.get("href"), link.text) for link in xml_event.findall("links/link")] == [
        ("https://stream.example.org/e-nrw-2020", "Online-Teilnahme")
    ]
    assert xml_event.findtext("abstract") == "Wie Kommunen das OZG umsetzen.\n\n- Planung"


def test_persons_are_listed_in_their_order(programme, client):
    people = [PersonFactory(last_name=name) for name in ("Zander", "Albers", "Meyer")]
    session = SessionFactory(track=programme.main_stage, title="Podium", slot=14, speakers=people)

    xml_event = xml_events(get_xml(client))[session.pk][0]
    json_event = json_events(get_json(client))[session.pk][0]

    expected = [(p.pk, p.full_name) for p in people]
    assert [(int(p.get("id")), p.text) for p in xml_event.findall("persons/person")] == expected
    assert [(p["id"], p["name"]) for p in json_event["persons"]] == expected


def test_text_with_markup_and_control_characters_stays_well_formed(programme, client):
    session = SessionFactory(
        track=programme.main_stage, title="KI & Recht <heute>\x0b\x1f", slot=14
    )

    event = xml_events(get_xml(client))[session.pk][0]

    assert event.findtext("title") == "KI & Recht <heute>"
    assert json_events(get_json(client))[session.pk][0]["title"] == "KI & Recht <heute>\x0b\x1f"


def test_empty_programme_still_lists_the_congress_days(site_tree, client):
    root = get_xml(client)
    data = get_json(client)

    assert [(d.get("date"), list(d)) for d in root.findall("day")] == [
        ("2020-11-05", []),
        ("2020-11-06", []),
    ]
    assert root.findtext("conference/timeslot_duration") == "00:15"
    conference = data["schedule"]["conference"]
    assert [(d["date"], d["rooms"]) for d in conference["days"]] == [
        ("2020-11-05", {}),
        ("2020-11-06", {}),
    ]
    assert conference["rooms"] == []
    assert conference["tracks"] == []


# --- time zone and daylight saving time -----------------------------------------------------


def test_session_across_the_october_change_lasts_the_real_time(dst_edition, client):
    # 31 October 2021: at 03:00 CEST (UTC+2) the clocks go back to 02:00 CET (UTC+1).
    # 01:30 CEST to 04:00 CET is 3.5 hours of real time, 2.5 hours on the wall clock; the
    # export gives the real duration, so that date + duration is the true end.
    across = SessionFactory(
        track=TrackFactory(edition=dst_edition, title="Nachtforum"),
        title="Durch die Zeitumstellung",
        starts_at=berlin(dt.date(2021, 10, 31), 1, 30),
        ends_at=berlin(dt.date(2021, 10, 31), 4, 0),
    )
    # 02:30 happens twice; this is the second time (CET), 01:30 UTC.
    repeated = SessionFactory(
        track=TrackFactory(edition=dst_edition, title="Spätforum"),
        title="In der doppelten Stunde",
        starts_at=dt.datetime(2021, 10, 31, 1, 30, tzinfo=dt.UTC),
        ends_at=dt.datetime(2021, 10, 31, 2, 15, tzinfo=dt.UTC),
    )

    root = get_xml(client, "/e-nrw/2021/programm/schedule.xml")
    data = get_json(client, "/e-nrw/2021/programm/schedule.json")
    xml_by_id = xml_events(root)
    json_by_id = json_events(data)

    expected = {
        across.pk: ("2021-10-31T01:30:00+02:00", "01:30", "03:30"),
        repeated.pk: ("2021-10-31T02:30:00+01:00", "02:30", "00:45"),
    }
    for session in (across, repeated):
        event, _room, day = xml_by_id[session.pk]
        json_event, _name, json_day = json_events(data)[session.pk]
        assert (
            event.findtext("date"),
            event.findtext("start"),
            event.findtext("duration"),
        ) == expected[session.pk]
        assert (json_event["date"], json_event["start"], json_event["duration"]) == expected[
            session.pk
        ]
        assert day.get("date") == json_day["date"] == "2021-10-31"
        # date + duration is the end instant
        hours, minutes = map(int, event.findtext("duration").split(":"))
        start = dt.datetime.fromisoformat(event.findtext("date"))
        assert start == session.starts_at
        assert start + dt.timedelta(hours=hours, minutes=minutes) == session.ends_at
    assert sorted(json_by_id) == sorted([across.pk, repeated.pk])
    assert [day.attrib for day in root.findall("day")][1] == {
        "index": "2",
        "date": "2021-10-31",
        "start": "2021-10-31T00:00:00+02:00",  # the day has 25 hours
        "end": "2021-11-01T00:00:00+01:00",
    }


# --- GUIDs and what the schedule leaves out -------------------------------------------------


def test_guids_stay_when_a_session_is_republished_with_another_title(programme, client):
    session = publish(programme.sessions[0])
    before = get_json(client)
    first = client.get(SCHEDULE_XML)
    event_before = json_events(before)[session.pk][0]

    session.title = "Neuer Titel"
    publish(session)

    after = get_json(client)
    second = client.get(SCHEDULE_XML)
    event_after = json_events(after)[session.pk][0]
    assert event_after["title"] == "Neuer Titel"
    assert event_after["guid"] == event_before["guid"] == uuid5(f"session:{session.pk}")
    assert {e["id"]: e["guid"] for e, _r, _d in json_events(after).values()} == {
        e["id"]: e["guid"] for e, _r, _d in json_events(before).values()
    }
    assert after["schedule"]["conference"]["rooms"] == before["schedule"]["conference"]["rooms"]
    assert after["schedule"]["version"] != before["schedule"]["version"]
    assert second["ETag"] != first["ETag"]
    second_events = xml_events(parse_xml(second.content))
    assert second_events[session.pk][0].get("guid") == event_before["guid"]


def test_drafts_unpublished_sessions_and_hidden_tracks_are_left_out(programme, client):
    draft = SessionFactory(track=programme.main_stage, title="Entwurf", live=False, slot=14)
    hidden_track = TrackFactory(edition=programme.edition, title="Verborgen", live=False)
    in_hidden_track = SessionFactory(track=hidden_track, title="Im verborgenen Forum")
    taken_offline = programme.sessions[2]
    taken_offline.unpublish()

    xml_ids = set(xml_events(get_xml(client)))
    data = get_json(client)

    expected = {s.pk for s in programme.sessions} - {taken_offline.pk}
    assert xml_ids == expected
    assert set(json_events(data)) == expected
    assert {draft.pk, in_hidden_track.pk, taken_offline.pk}.isdisjoint(xml_ids)
    assert "verborgen" not in [t["slug"] for t in data["schedule"]["conference"]["tracks"]]


def test_cancelled_sessions_are_left_out(programme, client):
    session = programme.sessions[0]
    session.status = SessionStatus.CANCELLED
    publish(session)

    xml_ids = set(xml_events(get_xml(client)))
    json_ids = set(json_events(get_json(client)))

    expected = {s.pk for s in programme.sessions} - {session.pk}
    assert xml_ids == json_ids == expected


def test_session_without_a_room_goes_into_a_room_named_after_its_track(programme, client):
    track = TrackFactory(edition=programme.edition, title="Ohne Raum", room=None, number=None)
    session = SessionFactory(track=track, title="Irgendwo")

    event, room, _day = xml_events(get_xml(client))[session.pk]
    data = get_json(client)

    assert room.attrib == {"name": "Ohne Raum", "guid": uuid5(f"track:{track.pk}")}
    assert event.findtext("room") == "Ohne Raum"
    assert json_events(data)[session.pk][1] == "Ohne Raum"
    assert {"name": "Ohne Raum", "guid": uuid5(f"track:{track.pk}"), "capacity": None} in data[
        "schedule"
    ]["conference"]["rooms"]


@pytest.mark.unit
def test_event_slug_always_has_four_characters_after_the_id():
    assert event_slug("enrw2020", Session(pk=7, slug="ki")) == "enrw2020-7-ki-programmpunkt"
    assert event_slug("enrw2020", Session(pk=7, slug="Offene_Daten_")) == (
        "enrw2020-7-offene_daten"
    )


# --- HTTP: conditional GET, routes, 404s, query counts -------------------------------------


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_if_none_match_with_the_current_etag_gets_304(programme, client, fmt):
    url = f"{PROGRAMME}schedule.{fmt}"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES[fmt]
    assert response["Last-Modified"]
    etag = response["ETag"]

    not_modified = client.get(url, headers={"If-None-Match": etag})

    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert client.get(url, headers={"If-None-Match": '"alt"'}).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/e-nrw/1999/programm/schedule.xml",
        "/e-nrw/1999/programm/schedule.json",
        "/unbekannt/2020/programm/schedule.xml",
        "/e-nrw/2020/programm/schedule.xml/",
        "/e-nrw/2020/programm/schedule.yaml",
        "/e-nrw/2020/programm/unbekannt.json",
        "/e-nrw/2020/referierende/schedule.json",
        "/e-nrw/2020/schedule.xml",
    ],
)
def test_unknown_things_in_schedule_urls_are_404(programme, client, url):
    assert client.get(url).status_code == 404


def test_english_prefix_and_the_sitemap_still_work(programme, client):
    english = get_json(client, "/en" + SCHEDULE_JSON)
    assert set(json_events(english)) == {s.pk for s in programme.sessions}
    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200
    assert b"<urlset" in sitemap.content


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_schedule_query_count_is_the_same_for_10_and_200_sessions(
    build_programme, client, django_assert_max_num_queries, fmt
):
    programme = build_programme(10)
    url = f"{PROGRAMME}schedule.{fmt}"
    client.get(PROGRAMME)  # per-process caches (site root paths, content types)

    with (
        django_assert_max_num_queries(SCHEDULE_MAX_QUERIES),
        CaptureQueriesContext(connection) as few,
    ):
        assert client.get(url).status_code == 200

    tracks = programme.tracks
    for i in range(10, 200):  # the slots make_programme would give sessions 11 to 200
        track, k = tracks[i % len(tracks)], i // len(tracks)
        SessionFactory(
            track=track,
            title=f"Beitrag {i + 1:03d}",
            day=k % 2,
            slot=k // 2,
            speakers=[PersonFactory(), PersonFactory()],
        )

    with (
        django_assert_max_num_queries(SCHEDULE_MAX_QUERIES),
        CaptureQueriesContext(connection) as many,
    ):
        response = client.get(url)
    assert response.status_code == 200
    assert len(many) == len(few)
    if fmt == "xml":
        assert len(xml_events(parse_xml(response.content))) == 200
    else:
        assert len(json_events(json.loads(response.content))) == 200


# --- c3voc's XSD and JSON schema, when provided --------------------------------------------


def _schema(name: str) -> Path:
    """A schema file of ../shared/schemas (copied from c3voc): a missing one fails the test."""
    path = SCHEMAS / name
    assert path.is_file(), f"{path} is missing: {NO_SCHEMAS}"
    return path


@pytest.fixture
def varied_programme(programme, site_tree):
    """The programme, plus a hybrid link, a session without a room, a short slug and text that
    needs escaping."""
    site_tree.edition.mode = EditionMode.HYBRID
    site_tree.edition.online_url = "https://stream.example.org/e-nrw-2020"
    site_tree.edition.save()
    track = TrackFactory(edition=programme.edition, title="Ohne Raum", room=None)
    SessionFactory(
        track=track,
        title="KI & Recht <heute>",
        slug="ki",
        abstract="<p>Ämter &amp; Behörden: „Daten“ – 100 %</p>",
        speakers=[PersonFactory(academic_title="Dr.", last_name="Öztürk")],
    )
    return programme


def test_schedule_xml_is_valid_against_the_xsd(varied_programme, client):
    from lxml import etree

    body = client.get(SCHEDULE_XML).content
    document = etree.fromstring(body)
    path = _schema("schedule.xml.xsd")
    schema = etree.XMLSchema(etree.parse(str(path)))
    assert schema.validate(document), f"{path.name}: {schema.error_log}"


def test_schedule_json_is_valid_against_the_json_schema(varied_programme, client):
    from jsonschema import validators

    data = json.loads(client.get(SCHEDULE_JSON).content)
    path = _schema("schema.json")  # frab-style JSON (v1); schema2.json is another format
    # Some versions of c3voc's schema.json carry "// ..." comment lines.
    text = "\n".join(
        line for line in path.read_text().splitlines() if not line.strip().startswith("//")
    )
    schema = json.loads(text)
    validator_class = validators.validator_for(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == [], path.name
