"""Attackers and odd input get nowhere: image bombs are refused from their header, control
characters and absurd JSON give 400 (never 500), and every 400 is the site's own page in the
user's language, JSON for the APIs."""

import json
import resource
import struct
import time
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from speakers.models import SpeakerProfile
from tests.factories import EditionFactory, SpeakerProfileFactory, checkin_staff_of

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png(width: int = 12000, height: int = 12000) -> bytes:
    """A one-colour, 1-bit PNG of width x height: a few KB on disk, 144 MP once decoded (and
    gigabytes as RGB). Written row by row, never as a whole image in memory."""
    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + (width + 7) // 8)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", data)
        + _chunk(b"IEND", b"")
    )


def profile_data(profile, photo) -> dict:
    return {
        "person-first_name": profile.person.first_name,
        "person-last_name": profile.person.last_name,
        "contact-email": profile.email,
        "contact-participation": "on_site",
        "person-photo_upload": photo,
    }


# Uploads ----------------------------------------------------------------------------------------


def test_image_bomb_photo_is_refused_from_its_header_quickly_and_in_little_memory(client):
    bomb = bomb_png()
    assert len(bomb) < 30_000
    profile = SpeakerProfileFactory()
    client.force_login(profile.user)
    client.get("/mein-bereich/profil/")  # warm up: templates, translations
    upload = SimpleUploadedFile("bild.png", bomb, "image/png")

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    started = time.monotonic()
    response = client.post("/mein-bereich/profil/", profile_data(profile, upload))
    elapsed = time.monotonic() - started
    rss_growth_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024

    assert response.status_code == 200  # the form again, with the error
    assert "Das Bild ist zu groß: höchstens 40 Megapixel sind erlaubt." in response.content.decode()
    assert elapsed < 2
    assert rss_growth_mb < 100
    profile.refresh_from_db()
    assert not profile.photo
    assert SpeakerProfile.objects.exclude(photo="").count() == 0


def test_image_bomb_is_refused_in_english_under_en(client):
    profile = SpeakerProfileFactory()
    client.force_login(profile.user)
    upload = SimpleUploadedFile("bild.png", bomb_png(), "image/png")
    response = client.post("/en/mein-bereich/profil/", profile_data(profile, upload))
    assert "The image is too large: at most 40 megapixels are allowed." in (
        response.content.decode()
    )


def test_pillow_refuses_images_beyond_the_limit_by_itself():
    """The second guard: Pillow's warning (beyond its own limit) is an error."""
    import io

    from PIL import Image

    with pytest.raises(Image.DecompressionBombWarning):
        Image.open(io.BytesIO(bomb_png(10000, 10000)))


def test_photo_within_the_pixel_limit_is_accepted(client):
    profile = SpeakerProfileFactory()
    client.force_login(profile.user)
    upload = SimpleUploadedFile("bild.png", bomb_png(2000, 1500), "image/png")
    response = client.post("/mein-bereich/profil/", profile_data(profile, upload))
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.photo


# Control characters -----------------------------------------------------------------------------

GERMAN_400 = "Die Anfrage enthält unzulässige Steuerzeichen."
ENGLISH_400 = "The request contains control characters that are not allowed."


@pytest.mark.parametrize(
    "url",
    [
        "/anmeldung/verwalten/%00/",
        "/anmeldung/verwalten/%00/ticket.pdf",
        "/anmeldung/verwalten/%00/rechnung.pdf",
        "/anmeldung/verwalten/%00/rechnung.xml",
        "/anmeldung/verwalten/%00/teilnahmebescheinigung.pdf",
        "/anmeldung/kalender/%00/mein-programm.ics",
        "/anmeldung/verwalten/a%01b/",
        "/?q=%00",
        "/?%00=1",
        "/accounts/login/?next=%1b",
    ],
)
def test_control_characters_in_path_or_query_give_the_german_400_page(url):
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code == 400
    page = response.content.decode()
    assert '<html lang="de">' in page
    assert "<h1>Ungültige Anfrage</h1>" in page
    assert GERMAN_400 in page


def test_the_400_page_is_english_under_en():
    response = Client(raise_request_exception=False).get("/en/anmeldung/verwalten/%00/")
    assert response.status_code == 400
    page = response.content.decode()
    assert '<html lang="en">' in page
    assert "<h1>Bad request</h1>" in page
    assert ENGLISH_400 in page


def test_nul_in_a_form_field_gives_400_and_changes_nothing(client):
    profile = SpeakerProfileFactory()
    client.force_login(profile.user)
    data = profile_data(profile, "")
    data["person-last_name"] = "Muster\x00frau"
    del data["person-photo_upload"]
    response = client.post("/mein-bereich/profil/", data)
    assert response.status_code == 400
    assert GERMAN_400 in response.content.decode()
    profile.person.refresh_from_db()
    assert "\x00" not in profile.person.last_name


def test_line_breaks_and_tabs_in_form_fields_stay_allowed(client):
    profile = SpeakerProfileFactory()
    client.force_login(profile.user)
    data = profile_data(profile, "")
    del data["person-photo_upload"]
    data["person-bio"] = "Erster Absatz.\r\n\r\nZweiter\tAbsatz."
    assert client.post("/mein-bereich/profil/", data).status_code == 302


def test_other_suspicious_requests_render_the_own_400_page():
    """Django's SuspiciousOperation family (here a host it refuses) gets the site's page, not
    Django's bare English "Bad Request (400)"."""
    from django.test import override_settings

    with override_settings(ALLOWED_HOSTS=["testserver"]):
        response = Client(raise_request_exception=False).get("/", HTTP_HOST="böse.example")
    assert response.status_code == 400
    assert "<h1>Ungültige Anfrage</h1>" in response.content.decode()


# The check-in API -------------------------------------------------------------------------------


@pytest.fixture
def staff_client():
    edition = EditionFactory()
    client = Client(raise_request_exception=False)
    client.force_login(checkin_staff_of(edition))
    client.edition = edition
    return client


def api_url(client, name):
    edition = client.edition
    return reverse(f"registrations:checkin_api_{name}", args=[edition.congress.slug, edition.year])


def test_checkin_search_with_nul_gives_a_json_400(staff_client):
    response = staff_client.get(api_url(staff_client, "search") + "?q=%00")
    assert response.status_code == 400
    assert response.json() == {"ok": False, "code": "error", "message": GERMAN_400}


def test_checkin_page_search_with_nul_gives_the_400_page(staff_client):
    edition = staff_client.edition
    url = reverse("registrations:checkin", args=[edition.congress.slug, edition.year])
    response = staff_client.get(url + "?q=%00")
    assert response.status_code == 400
    assert GERMAN_400 in response.content.decode()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[" * 100_000, "Die Anfrage ist zu tief verschachtelt."),
        ('{"a":' * 50_000 + "1" + "}" * 50_000, "Die Anfrage ist zu tief verschachtelt."),
        ('{"code": "x\\u0000y"}', GERMAN_400),
        ('{"code": "x\\u0000y", "device": 1}', GERMAN_400),
        ("{'code': 1}", "Die Anfrage ist kein gültiges JSON."),
    ],
)
def test_checkin_scan_with_odd_json_gives_a_json_400(staff_client, body, message):
    started = time.monotonic()
    response = staff_client.post(api_url(staff_client, "scan"), body, "application/json")
    assert time.monotonic() - started < 2
    assert response.status_code == 400
    assert response.json() == {"ok": False, "code": "error", "message": message}


def test_checkin_sync_with_deep_json_gives_a_json_400(staff_client):
    body = json.dumps({"scans": []})[:-1] + ', "x": ' + "[" * 5000 + "]" * 5000 + "}"
    response = staff_client.post(api_url(staff_client, "sync"), body, "application/json")
    assert response.status_code == 400
    assert response.json()["message"] == "Die Anfrage ist zu tief verschachtelt."


def test_checkin_scan_with_brackets_inside_strings_is_not_too_deep(staff_client):
    body = json.dumps({"code": "[" * 1000, "device": "{{{"})
    response = staff_client.post(api_url(staff_client, "scan"), body, "application/json")
    assert response.status_code == 200  # an invalid ticket, answered as usual
    assert response.json()["ok"] is False


def test_upload_with_a_very_long_file_name_gets_the_own_400_page_with_a_hint():
    """Django refuses multipart headers over 1 KB before any form sees the file, so the hint
    is on the 400 page (German, the site's design), not on the form."""
    profile = SpeakerProfileFactory()
    client = Client(raise_request_exception=False)
    client.force_login(profile.user)
    name = "f" * 1000 + ".png"
    body = (
        b"--B\r\n"
        b'Content-Disposition: form-data; name="person-photo_upload"; filename="'
        + name.encode()
        + b'"\r\nContent-Type: image/png\r\n\r\n'
        + b"x" * 10
        + b"\r\n--B--\r\n"
    )
    response = client.generic(
        "POST", "/mein-bereich/profil/", body, content_type="multipart/form-data; boundary=B"
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "<h1>Ungültige Anfrage</h1>" in page
    assert "Bitte benennen Sie die Datei kürzer" in page


def test_photo_above_the_setting_but_below_pillows_limit_is_refused_from_the_header():
    """7000 x 7000 = 49 MP: Pillow would decode it; the check of MAX_IMAGE_PIXELS does not."""
    from django.core.exceptions import ValidationError

    from speakers.validators import validate_photo

    with pytest.raises(ValidationError) as info:
        validate_photo(SimpleUploadedFile("bild.png", bomb_png(7000, 7000), "image/png"))
    assert info.value.code == "image_pixels"


def test_programme_filter_with_nul_gives_the_400_page(build_programme):
    """Before, the programme page ignored the filter with a message; the NUL now stops here."""
    build_programme(2)
    response = Client(raise_request_exception=False).get("/e-nrw/2020/programm/?q=a%00b")
    assert response.status_code == 400
    assert GERMAN_400 in response.content.decode()


def test_error_pages_share_the_site_layout_without_a_request():
    from django.template.loader import render_to_string

    server_error = render_to_string("500.html")
    bad_request = render_to_string("400.html", {"message": "Nullzeichen sind nicht erlaubt."})

    assert "Ein Fehler ist aufgetreten" in server_error and 'class="skip-link"' in server_error
    assert "Nullzeichen sind nicht erlaubt." in bad_request
    assert bad_request.count("<h1>") == 1 and server_error.count("<h1>") == 1
