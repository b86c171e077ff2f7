"""Pages announce their exports and describe their events as schema.org JSON-LD."""

import json
import re

import pytest

pytestmark = pytest.mark.django_db

PROGRAMME = "/e-nrw/2020/programm/"
ALTERNATE = re.compile(r'<link rel="alternate" type="([^"]+)" title="[^"]+" href="([^"]+)">')
JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def alternates(html: str) -> dict[str, str]:
    return dict(ALTERNATE.findall(html))


def jsonld(html: str) -> dict:
    (data,) = JSONLD.findall(html)
    return json.loads(data)


@pytest.mark.parametrize("kind", ["programme", "forum", "session"])
def test_pages_announce_their_exports(build_programme, client, kind):
    programme = build_programme(5)
    session = programme.sessions[0]
    url = {
        "programme": PROGRAMME,
        "forum": f"{PROGRAMME}{session.track.slug}/",
        "session": f"{PROGRAMME}{session.track.slug}/{session.slug}/",
    }[kind]
    links = alternates(client.get(url).content.decode())

    assert sorted(links) == ["application/json", "application/xml", "text/calendar"]
    for content_type, href in links.items():
        response = client.get(href.removeprefix("http://testserver"))
        assert response.status_code == 200, href
        assert response["Content-Type"] == f"{content_type}; charset=utf-8"
    ics = client.get(links["text/calendar"].removeprefix("http://testserver")).content.decode()
    assert session.title in ics


def test_session_page_describes_the_session_as_an_event(build_programme, client):
    programme = build_programme(5)
    session = programme.sessions[0]
    html = client.get(f"{PROGRAMME}{session.track.slug}/{session.slug}/").content.decode()
    data = jsonld(html)

    assert data["@type"] == "Event"
    assert data["name"] == session.title
    assert data["startDate"] == "2020-11-05T09:00:00+01:00"
    assert data["url"] == f"http://testserver{PROGRAMME}{session.track.slug}/{session.slug}/"
    assert data["superEvent"]["url"] == "http://testserver/e-nrw/2020/"
    assert [p["name"] for p in data["performer"]] == [
        link.person.full_name for link in session.speaker_links.order_by("sort_order")
    ]
    assert (
        data["eventAttendanceMode"]
        == {
            "in_person": "https://schema.org/OfflineEventAttendanceMode",
            "hybrid": "https://schema.org/MixedEventAttendanceMode",
            "online": "https://schema.org/OnlineEventAttendanceMode",
        }[session.track.edition.mode]
    )


def test_edition_page_describes_the_edition_as_an_event(site_tree, client):
    edition = site_tree.edition
    edition.mode = "online"
    edition.online_url = "https://kongress.example.org/live"
    edition.save()
    data = jsonld(client.get("/e-nrw/2020/").content.decode())

    assert data["name"] == edition.title
    assert data["startDate"] == edition.start_date.isoformat()
    assert data["endDate"] == edition.end_date.isoformat()
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == [
        {"@type": "VirtualLocation", "url": "https://kongress.example.org/live"}
    ]


def test_json_ld_cannot_break_out_of_its_script_element(build_programme, client):
    programme = build_programme(2)
    session = programme.sessions[0]
    session.title = "</script><script>alert(1)</script>"
    session.save_revision().publish()
    html = client.get(f"{PROGRAMME}{session.track.slug}/{session.slug}/").content.decode()

    assert "<script>alert(1)" not in html
    assert jsonld(html)["name"] == "</script><script>alert(1)</script>"
