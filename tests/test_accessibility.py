"""Accessibility of the public site in headless Chromium: axe (WCAG 2.1 A and AA) and keyboard use.

Every public page type is checked with the demo data (``manage.py load_demo``): no axe violation of
impact "serious" or "critical" is allowed. Debian's Chromium is used (/usr/bin/chromium); without it
the tests are skipped locally and fail in CI.
"""

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
BLOCKING_IMPACTS = {"serious", "critical"}

pytestmark = [
    pytest.mark.e2e,
    # The live server runs in another thread: the data must be committed. Restore the rows that
    # the migrations created (Wagtail's root page and default site) before each test.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        not CHROMIUM.exists() and not os.environ.get("CI"),
        reason="/usr/bin/chromium is not installed (make browser); in CI this test fails instead",
    ),
]


@pytest.fixture(scope="module", autouse=True)
def _allow_orm_beside_playwright():
    """Playwright's sync API runs an event loop in this thread, where Django refuses ORM calls.

    Set for this module only, not at import time: the variable would otherwise reach
    ``manage.py check --deploy`` in test_site.py, which rejects it (async.E001).
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="module")
def browser(django_db_setup):
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: the browser tests cannot run (make browser).")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Starting Playwright's sync API switches the context variables, and with them Django's
    # connection objects: carry over the database contents saved after the migrations, which
    # serialized_rollback restores before each test.
    saved = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        for alias, contents in saved.items():
            connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@dataclass
class PublicUrls:
    home: str
    congress: str
    edition: str
    programme: str
    forum: str
    session: str
    speaker_index: str
    speaker: str
    content: str
    live: str
    register: str
    manage: str
    online_access: str


@pytest.fixture
def demo(transactional_db) -> PublicUrls:
    """The demo data, committed so that the live server sees it; the URLs of one page per type."""
    call_command("load_demo", verbosity=0)
    with translation.override(settings.LANGUAGE_CODE):  # German URLs, without a language prefix
        return _public_urls()


def _public_urls() -> PublicUrls:
    from cms.models import (
        CongressPage,
        ContentPage,
        EditionPage,
        HomePage,
        ProgrammePage,
        SpeakerIndexPage,
    )
    from programme import queries

    programme = ProgrammePage.objects.live().order_by("path").first()
    edition = programme.programme_edition
    speaker_index = SpeakerIndexPage.objects.live().sibling_of(programme).first()
    session = next(s for s in queries.live_sessions(edition) if s.speaker_links.all())
    person = session.speaker_links.all()[0].person
    return PublicUrls(
        home=HomePage.objects.live().get().url,
        congress=CongressPage.objects.live().ancestor_of(programme).get().url,
        edition=EditionPage.objects.live().ancestor_of(programme).get().url,
        programme=programme.url,
        forum=programme.url + programme.reverse_subpage("forum", args=[session.track.slug]),
        session=programme.url
        + programme.reverse_subpage("session", args=[session.track.slug, session.slug]),
        speaker_index=speaker_index.url,
        speaker=speaker_index.url + speaker_index.reverse_subpage("person", args=[person.slug]),
        content=ContentPage.objects.live().order_by("path").first().url,
        live=programme.url + programme.reverse_subpage("live_now"),
        **_registration_urls(),
    )


def _registration_urls() -> dict[str, str]:
    """The registration form of the demo's e-nrw 2021, and the private pages of one of its
    online attendees (manage page and personal online access)."""
    from django.urls import reverse

    from registrations import access
    from registrations.models import Registration

    online = Registration.objects.filter(state="confirmed", attendance="online").earliest("pk")
    edition = online.edition
    return {
        "register": reverse("registrations:register", args=[edition.congress.slug, edition.year]),
        "manage": reverse("registrations:manage", args=[online.manage_token]),
        "online_access": reverse(
            "registrations:online_access", args=[access.issue_access_link(online)]
        ),
    }


def serious_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} – "
        + "; ".join(node["html"][:160] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


def test_public_pages_have_no_serious_axe_violations(live_server, demo, page):
    urls = {
        "Startseite": (demo.home, 200),
        "Kongress": (demo.congress, 200),
        "Ausgabe": (demo.edition, 200),
        "Programm": (demo.programme, 200),
        "Programm gefiltert": (demo.programme + "?q=digital", 200),
        "Programm mit ungültigem Filter": (demo.programme + "?day=1999-01-01&person=niemand", 200),
        "Forum": (demo.forum, 200),
        "Programmpunkt": (demo.session, 200),
        "Referierende": (demo.speaker_index, 200),
        "Person": (demo.speaker, 200),
        "Inhaltsseite": (demo.content, 200),
        "404": ("/diese-seite-gibt-es-nicht/", 404),
        "Programm englisch": ("/en" + demo.programme, 200),
        "Jetzt live": (demo.live, 200),
        "Anmeldung": (demo.register, 200),
        "Meine Anmeldung": (demo.manage, 200),
        "Online-Zugang": (demo.online_access, 200),
    }
    problems = {}
    for name, (path, status) in urls.items():
        response = page.goto(live_server.url + path)
        found = []
        if response.status != status:
            found.append(f"HTTP {response.status} statt {status}")
        if (h1_count := page.locator("h1").count()) != 1:
            found.append(f"{h1_count} h1-Überschriften statt einer")
        found += serious_violations(page)
        if found:
            problems[f"{name} ({path})"] = found

    assert problems == {}


def test_language_of_page_follows_the_interface_language(live_server, demo, page):
    page.goto(live_server.url + demo.programme)
    assert page.locator("html").get_attribute("lang") == "de"

    page.get_by_role("link", name="English").click()
    page.wait_for_url(f"{live_server.url}/en{demo.programme}")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#filter-title").inner_text() == "Filter the programme"


def test_skip_link_is_first_and_moves_focus_to_main(live_server, demo, page):
    page.goto(live_server.url + demo.programme)

    page.keyboard.press("Tab")
    first = page.evaluate(
        "() => [document.activeElement.className, document.activeElement.getAttribute('href')]"
    )
    assert first == ["skip-link", "#main"]

    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


def test_programme_filter_works_with_the_keyboard_alone(live_server, demo, page):
    page.goto(live_server.url + demo.programme)

    def tab_to(element_id: str) -> None:
        for _ in range(60):
            page.keyboard.press("Tab")
            if page.evaluate("() => document.activeElement.id") == element_id:
                return
        pytest.fail(f"#{element_id} is not reachable with the Tab key")

    tab_to("id_day")
    page.keyboard.press("ArrowDown")
    day = page.evaluate("() => document.activeElement.value")
    assert day != ""

    tab_to("id_q")
    page.keyboard.type("a")
    tab_to("filter-submit")
    page.keyboard.press("Enter")
    page.wait_for_url("**/?*")

    assert page.locator("#id_day").input_value() == day
    assert page.locator("#id_q").input_value() == "a"
    assert page.locator(".error-summary").count() == 0
    assert "zu den Filtern" in page.locator("#result-count").inner_text()
