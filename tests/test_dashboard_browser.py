"""The organisers' dashboard in headless Chromium: the demo's e-nrw 2021, signed in as the demo's
admin, has no serious or critical axe-core violation (WCAG 2.1 A and AA), shows its charts and
tables, and its live check-ins on a congress day offer a pause button."""

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.test_accessibility import (  # noqa: F401 - fixtures
    _allow_orm_beside_playwright,
    browser,
    page,
    pytestmark,
    serious_violations,
)
from tests.test_security_headers import signed_in_client


def sign_in(page, live_server, username):  # noqa: F811
    session = signed_in_client(username).cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])


def test_dashboard_of_the_demo_edition_has_no_serious_axe_violations(live_server, page):  # noqa: F811
    from congress.models import Edition
    from demo.data import ADMIN_USERNAME

    call_command("load_demo", verbosity=0)
    edition = Edition.objects.get(congress__slug="e-nrw", year=2021)
    sign_in(page, live_server, ADMIN_USERNAME)

    response = page.goto(live_server.url + reverse("cms_dashboard", args=[edition.pk]))

    assert response.status == 200
    assert page.locator("h1").count() == 1
    assert page.locator("svg.dashboard-chart[role=img]").count() == 10
    assert page.get_by_role("table", name="Anmeldungen nach Art der Organisation").is_visible()
    assert serious_violations(page) == []


def test_live_check_ins_can_be_paused_and_update_in_place(live_server, page):  # noqa: F811
    from registrations.models import CheckIn
    from tests.factories import (
        CongressFactory,
        EditionFactory,
        RegistrationFactory,
        TicketCategoryFactory,
        organiser_of,
    )

    congress = CongressFactory()
    today = timezone.localdate()
    edition = EditionFactory(congress=congress, start_date=today, end_date=today)
    registration = RegistrationFactory(category=TicketCategoryFactory(edition=edition))
    sign_in(page, live_server, organiser_of(congress).username)
    page.goto(live_server.url + reverse("cms_dashboard", args=[edition.pk]))
    status = page.locator("#checkins-status")
    assert status.inner_text().endswith("0 Check-ins heute.")

    page.get_by_role("button", name="Aktualisierung anhalten").click()
    CheckIn.objects.create(registration=registration)
    page.get_by_role("button", name="Aktualisierung fortsetzen").click()  # reloads at once

    page.wait_for_function(
        "document.getElementById('checkins-status').textContent.includes('1 Check-ins heute.')"
    )
    table = page.get_by_role("table", name="Check-ins heute nach Raum")
    assert "Eingang" in table.inner_text()
    assert page.get_by_role("button", name="Aktualisierung anhalten").is_visible()
    assert serious_violations(page) == []
