"""Security headers on every public page type (congress/security.py and SecurityMiddleware):
a strict Content-Security-Policy, a Permissions-Policy that lets only the check-in page use the
camera, Referrer-Policy, Cross-Origin-Opener-Policy and nosniff; cache hits carry them too, and
the Wagtail admin gets its relaxed policy."""

from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from demo.data import CHECKIN_EDITION, CHECKIN_USERNAME
from tests.factories import SpeakerProfileFactory

PUBLIC_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self' https://checkout.stripe.com; "
    "frame-ancestors 'none'"
)
NO_FEATURES = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
CAMERA = NO_FEATURES.replace("camera=()", "camera=(self)")


def page_paths() -> dict[str, tuple[str, int]]:
    """One URL of each public page type in the demo data (load_demo) and its status."""
    from tests.test_accessibility import _public_urls

    with translation.override("de"):
        urls = _public_urls()
    return {
        "home": (urls.home, 200),
        "congress": (urls.congress, 200),
        "edition": (urls.edition, 200),
        "programme": (urls.programme, 200),
        "programme filtered": (urls.programme + "?q=digital", 200),
        "forum": (urls.forum, 200),
        "session": (urls.session, 200),
        "speaker index": (urls.speaker_index, 200),
        "speaker": (urls.speaker, 200),
        "content": (urls.content, 200),
        "live": (urls.live, 200),
        "registration form": (urls.register, 200),
        "manage": (urls.manage, 200),
        "online access": (urls.online_access, 200),
        "sign-in": (reverse("account_login"), 200),
        "404": ("/diese-seite-gibt-es-nicht/", 404),
        "english programme": ("/en" + urls.programme, 200),
    }


def staff_paths() -> dict[str, tuple[str, str, int]]:
    """Pages behind a sign-in: (username, path, status). The speaker portal's account is made
    here for a speaker of the demo programme."""
    from tests.test_accessibility import _public_urls

    with translation.override("de"):
        urls = _public_urls()
        portal = reverse("speakers:portal")
        checkin = reverse("registrations:checkin", args=CHECKIN_EDITION)
    from programme.models import Person

    person = Person.objects.get(slug=urls.speaker.rstrip("/").rsplit("/", 1)[-1])
    profile = SpeakerProfileFactory(person=person)
    return {
        "check-in": (CHECKIN_USERNAME, checkin, 200),
        "speaker portal": (profile.user.username, portal, 200),
    }


def signed_in_client(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.fixture
def demo_db(db):
    call_command("load_demo", verbosity=0)


def assert_security_headers(response, *, features=NO_FEATURES, referrer="same-origin"):
    assert response["Content-Security-Policy"] == PUBLIC_CSP
    assert response["Permissions-Policy"] == features
    assert response["Referrer-Policy"] == referrer
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.integration
def test_every_public_page_type_carries_the_security_headers(demo_db, client):
    for name, (path, status) in page_paths().items():
        response = client.get(path)
        assert (name, response.status_code) == (name, status)
        # The personal online access link must not leak to the stream's site (stricter).
        referrer = "no-referrer" if name == "online access" else "same-origin"
        assert_security_headers(response, referrer=referrer)


@pytest.mark.integration
def test_only_the_checkin_page_may_use_the_camera(demo_db):
    for name, (username, path, status) in staff_paths().items():
        response = signed_in_client(username).get(path)
        assert (name, response.status_code) == (name, status)
        assert_security_headers(response, features=CAMERA if name == "check-in" else NO_FEATURES)


@pytest.mark.integration
def test_cache_hits_carry_the_same_security_headers(demo_db, client):
    path, _status = page_paths()["programme"]
    # The first view also creates the site's settings row (a content change): three views make
    # sure the last one is a hit.
    responses = [client.get(path) for _ in range(3)]
    assert responses[-1]["ETag"] == responses[-2]["ETag"]
    for response in responses:
        assert_security_headers(response)


DATA_BLOCKS = {"application/ld+json", "application/json"}


class _InlineParser(HTMLParser):
    """Collects style attributes, style elements and scripts that are neither files nor data."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        script = tag == "script" and not attrs.get("src") and attrs.get("type") not in DATA_BLOCKS
        if "style" in attrs or tag == "style" or script:
            self.found.append(self.get_starttag_text())


@pytest.mark.integration
def test_public_pages_contain_no_inline_script_or_style(demo_db, client):
    """JSON data blocks (JSON-LD, json_script) are not executed; anything else must be a file."""
    pages = {name: (client, path) for name, (path, _status) in page_paths().items()}
    for name, (username, path, _status) in staff_paths().items():
        pages[name] = (signed_in_client(username), path)
    for name, (page_client, path) in pages.items():
        parser = _InlineParser()
        parser.feed(page_client.get(path).content.decode())
        assert (name, parser.found) == (name, [])


@pytest.mark.integration
def test_wagtail_admin_gets_the_relaxed_policy(demo_db):
    from demo.data import ADMIN_USERNAME

    response = signed_in_client(ADMIN_USERNAME).get("/admin/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in policy
    assert "style-src 'self' 'unsafe-inline'" in policy
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'self'" in policy
    assert response["Permissions-Policy"] == NO_FEATURES


@pytest.mark.integration
def test_csrf_failure_page_has_the_site_look_without_inline_style(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("account_login"), {"login": "a@example.org"})
    assert response.status_code == 403
    parser = _InlineParser()
    parser.feed(response.content.decode())
    assert parser.found == []
    assert "cms/css/site.css" in response.content.decode()
    assert_security_headers(response)
