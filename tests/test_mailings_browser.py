"""The mailing pages in headless Chromium: no serious or critical axe-core violation on the
form with its preview and on a mailing's progress page."""

from django.test import Client

from cms.mailings import services
from cms.mailings.models import Mailing
from cms.mailings.segments import Segment
from tests.factories import EditionFactory, RegistrationFactory, TicketCategoryFactory, organiser_of
from tests.test_accessibility import (  # noqa: F401 - fixtures
    _allow_orm_beside_playwright,
    browser,
    page,
    pytestmark,
    serious_violations,
)


def test_mailing_pages_have_no_serious_axe_violations(
    live_server,
    transactional_db,
    page,  # noqa: F811
    settings,
):
    settings.OUTBOX_SEND_ON_COMMIT = False
    edition = EditionFactory(title="e-nrw 2026")
    RegistrationFactory(category=TicketCategoryFactory(edition=edition), first_name="Anna")
    organiser = organiser_of(edition.congress)
    mailing = services.send_mailing(
        mailing=Mailing(
            edition=edition,
            segment=Segment().to_json(),
            subject="Neues zu {edition}",
            body="Hallo {name}: {link}",
        ),
        user=organiser,
    )
    client = Client()
    client.force_login(organiser)
    session = client.cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])

    found = {}
    page.goto(f"{live_server.url}/admin/rundschreiben/ausgabe/{edition.pk}/")
    page.fill("#id_subject", "Neues zu {edition}")
    page.fill("#id_body", "Hallo {name}")
    page.click("button[value=preview]")
    page.wait_for_load_state("networkidle")
    assert "Das Rundschreiben geht an 1 Person." in page.content()
    found["Formular mit Vorschau"] = serious_violations(page)
    page.fill("#id_body", "Hallo {vorname}")
    page.click("button[value=preview]")
    page.wait_for_load_state("networkidle")
    assert "Unbekannte Platzhalter" in page.content()
    found["Formular mit Fehler"] = serious_violations(page)
    for name, path in {
        "Fortschritt": f"/admin/rundschreiben/{mailing.pk}/?auto=0",
        "Übersicht": "/admin/rundschreiben/",
    }.items():
        page.goto(live_server.url + path)
        found[name] = serious_violations(page)
    assert found == dict.fromkeys(found, [])
