"""The speaker portal in headless Chromium: sign in, edit the bio, upload slides; no serious or
critical axe violation (WCAG 2.1 A and AA) on the portal pages."""

from speakers.models import SlideVersion

from .factories import PASSWORD, SessionFactory, SpeakerProfileFactory, pdf_bytes
from .test_accessibility import (  # noqa: F401 (fixtures)
    _allow_orm_beside_playwright,
    browser,
    page,
    pytestmark,
    serious_violations,
)


def test_speaker_signs_in_edits_bio_and_uploads_slides(live_server, page, tmp_path):  # noqa: F811
    profile = SpeakerProfileFactory()
    session = SessionFactory(speakers=[profile.person])
    slides = tmp_path / "vortrag.pdf"
    slides.write_bytes(pdf_bytes())
    found = []

    page.goto(f"{live_server.url}/accounts/login/?next=/mein-bereich/")
    found += serious_violations(page)  # allauth's page in the site layout
    page.get_by_label("E-Mail", exact=False).first.fill(profile.user.email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmeldung").click()
    page.wait_for_url(f"{live_server.url}/mein-bereich/")
    found += serious_violations(page)

    page.get_by_role("link", name="Profil", exact=True).click()
    page.wait_for_url(f"{live_server.url}/mein-bereich/profil/")
    found += serious_violations(page)
    page.get_by_label("Kurzbiografie").fill("Ich arbeite seit 2010 an digitalen Diensten.")
    page.get_by_role("button", name="Profil speichern").click()
    page.wait_for_url(f"{live_server.url}/mein-bereich/profil/")
    assert "Ihr Profil ist gespeichert." in page.content()
    profile.person.refresh_from_db()
    assert "seit 2010" in profile.person.bio

    page.get_by_role("link", name="Einwilligungen", exact=True).click()
    found += serious_violations(page)

    page.goto(f"{live_server.url}/mein-bereich/beitraege/{session.pk}/")
    found += serious_violations(page)
    page.get_by_label("Datei").set_input_files(str(slides))
    page.get_by_role("button", name="Folien hochladen").click()
    page.wait_for_url(f"{live_server.url}/mein-bereich/beitraege/{session.pk}/")
    assert "Ihre Folien sind hochgeladen." in page.content()
    assert SlideVersion.objects.filter(session=session).count() == 1
    found += serious_violations(page)

    assert found == []
