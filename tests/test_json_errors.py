"""The JSON APIs and JSON exports answer errors in JSON, never with the HTML error pages: 404 and
403 as JSON, an unexpected error as a JSON 500, and the database down as a JSON 503 with
Retry-After (congress/http.py). Pages keep the site's HTML error pages."""

import json

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client
from django.urls import reverse

from registrations import devices
from registrations.views import checkin
from tests.factories import EditionFactory, checkin_staff_of

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def client():
    # Answer as the server does instead of raising the view's exception into the test.
    return Client(raise_request_exception=False)


@pytest.fixture
def scanner(db):
    edition = EditionFactory()
    token = devices.issue_device_token(user=checkin_staff_of(edition), edition=edition)
    url = reverse("registrations:checkin_api_scan", args=[edition.congress.slug, edition.year])
    return url, {"Authorization": f"Bearer {token}"}


@pytest.fixture
def database_down(monkeypatch):
    """Every query from here on fails as with the database server gone."""

    def gone(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", gone)
    monkeypatch.setattr(CursorWrapper, "executemany", gone)


def scan(client, scanner):
    url, headers = scanner
    body = json.dumps({"code": "x"})
    return client.post(url, body, content_type="application/json", headers=headers)


def assert_json_error(response, status, code):
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert (data["ok"], data["code"]) == (False, code)
    assert data["message"]
    return data


def test_check_in_api_with_the_database_down_answers_json_503(client, scanner, database_down):
    response = scan(client, scanner)

    data = assert_json_error(response, 503, "unavailable")
    assert data["message"] == (
        "Der Dienst ist gerade nicht erreichbar. Bitte versuchen Sie es gleich noch einmal."
    )
    assert response["Retry-After"] == "10"


def test_check_in_api_in_english_with_the_database_down(client, scanner, database_down):
    url, headers = scanner
    response = client.post(
        "/en" + url, json.dumps({"code": "x"}), content_type="application/json", headers=headers
    )

    data = assert_json_error(response, 503, "unavailable")
    assert data["message"] == "The service is unavailable right now. Please try again shortly."


def test_json_export_with_the_database_down_answers_json_503(client, site_tree, database_down):
    response = client.get("/e-nrw/2020/programm/schedule.json")

    assert_json_error(response, 503, "unavailable")


def test_unexpected_error_in_the_api_answers_json_500(client, scanner, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(checkin.checkin, "check_in_ticket", broken)

    assert_json_error(scan(client, scanner), 500, "server_error")


def test_unknown_api_address_answers_json_404(client):
    response = client.get("/anmeldung/api/einlass/unbekannt/2020/gibtsnicht/")

    assert_json_error(response, 404, "not_found")


def test_pages_keep_the_html_error_pages(client, site_tree, database_down):
    response = client.get("/e-nrw/2020/programm/")

    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
    assert "Ein Fehler ist aufgetreten" in response.content.decode()
