"""The whole flow of a speaker: invited in the admin, accepts, signs up, edits the profile, gives
consents, uploads slides that the public speaker page then shows, revokes a consent."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from speakers.enums import ConsentKind, InvitationState
from speakers.models import Consent, Invitation, SlideVersion, SpeakerProfile

from .factories import PASSWORD, SpeakerProfileFactory, UserFactory, pdf_bytes, png_bytes

SPEAKERS = "/e-nrw/2020/referierende/"
pytestmark = pytest.mark.integration


def link_in(message) -> str:
    return re.search(r"http://testserver(/\S+)", message.body)[1]


@pytest.fixture
def organiser(db):
    return UserFactory(is_staff=True, is_superuser=True)


def test_speaker_flow_from_invitation_to_revoked_consent(
    build_programme, client, organiser, django_capture_on_commit_callbacks
):
    programme = build_programme(10)
    session = programme.sessions[0]
    person = session.speakers()[0]
    email = "referentin@example.org"

    # The organiser invites the person in the admin.
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/referierende/einladen/",
            {"person": person.pk, "email": email, "role": "speaker", "sessions": [session.pk]},
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.state == InvitationState.INVITED
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [email]
    assert session.title in mail.outbox[0].subject
    invitation_url = link_in(mail.outbox[0])
    assert invitation_url.startswith("/mein-bereich/einladung/")
    client.logout()

    # The speaker accepts with a note.
    response = client.get(invitation_url)
    assert response.status_code == 200
    assert session.title in response.content.decode()
    response = client.post(invitation_url, {"answer": "accept", "note": "Gern, mit Beamer."})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.ACCEPTED
    assert invitation.note == "Gern, mit Beamer."
    page = client.get(invitation_url).content.decode()
    assert "Konto anlegen" in page

    # ... signs up with the invited address and confirms it.
    claim_url = f"{invitation_url}verknuepfen/"
    response = client.post(
        f"/accounts/signup/?next={claim_url}",
        {"email": email, "password1": PASSWORD, "password2": PASSWORD, "next": claim_url},
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    confirm_url = link_in(mail.outbox[1])
    assert confirm_url.startswith("/accounts/confirm-email/")
    response = client.post(confirm_url, follow=True)
    assert response.status_code == 200
    profile = SpeakerProfile.objects.get(person=person)
    assert profile.user.email == email
    response = client.get("/mein-bereich/")
    assert response.status_code == 200
    assert session.title in response.content.decode()

    # ... edits the profile with a photo.
    response = client.post(
        "/mein-bereich/profil/",
        {
            "person-academic_title": "Dr.",
            "person-first_name": person.first_name,
            "person-last_name": person.last_name,
            "person-position": "Leitung",
            "person-organisation": "Stadt Neuss",
            "person-bio": "Seit 2010 in der Verwaltung.\n\nZweiter Absatz.",
            "person-photo_upload": SimpleUploadedFile("ich.png", png_bytes(), "image/png"),
            "contact-email": email,
            "contact-phone": "+49 2131 0",
            "contact-participation": "live_remote",
            "contact-technical_needs": "Headset",
            "contact-travel_notes": "",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.academic_title == "Dr."
    assert person.bio == "<p>Seit 2010 in der Verwaltung.</p>\n\n<p>Zweiter Absatz.</p>"
    assert person.photo is None  # not a public Wagtail image: the private storage
    profile.refresh_from_db()
    assert profile.photo.name.startswith("speaker-photos/")
    photo_url = f"/mein-bereich/fotos/{profile.pk}/"
    assert profile.participation == "live_remote"

    # Without consents the public page shows neither photo nor bio.
    public = client.get(f"{SPEAKERS}{person.slug}/").content.decode()
    assert "Seit 2010" not in public
    assert "profile__photo" not in public
    assert client.get(photo_url).status_code == 200  # the speaker sees it
    client.logout()
    assert client.get(photo_url).status_code == 404  # nobody else
    client.force_login(profile.user)

    # ... gives consents and uploads slides.
    kinds = [ConsentKind.PUBLISH_BIO, ConsentKind.PUBLISH_PHOTO, ConsentKind.PUBLISH_SLIDES]
    assert client.post("/mein-bereich/einwilligungen/", {"kinds": kinds}).status_code == 302
    assert set(Consent.objects.active().values_list("kind", flat=True)) == set(kinds)
    response = client.post(
        f"/mein-bereich/beitraege/{session.pk}/folien/",
        {"file": SimpleUploadedFile("vortrag.pdf", pdf_bytes()), "licence": "cc-by-4.0"},
    )
    assert response.status_code == 302
    slide = SlideVersion.objects.get()
    assert slide.content_type == "application/pdf"
    assert slide.version == 1

    # The public page shows bio, photo and slides, and anyone may download the slides.
    client.logout()
    public = client.get(f"{SPEAKERS}{person.slug}/").content.decode()
    assert "Seit 2010" in public
    assert "profile__photo" in public
    assert photo_url in public
    assert client.get(photo_url)["Content-Type"] == "image/jpeg"
    assert f"/mein-bereich/folien/{slide.pk}/" in public
    assert email not in public  # contact data stay with the organisers
    assert "+49 2131 0" not in public
    assert "Headset" not in public
    download = client.get(f"/mein-bereich/folien/{slide.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == pdf_bytes()

    # ... revokes the consent to publish slides and bio: they are taken down at once.
    client.force_login(profile.user)
    client.post("/mein-bereich/einwilligungen/", {"kinds": [ConsentKind.PUBLISH_PHOTO]})
    client.logout()
    public = client.get(f"{SPEAKERS}{person.slug}/").content.decode()
    assert "Seit 2010" not in public
    assert "profile__photo" in public
    assert f"/mein-bereich/folien/{slide.pk}/" not in public
    assert client.get(f"/mein-bereich/folien/{slide.pk}/").status_code == 404
    history = Consent.objects.filter(kind=ConsentKind.PUBLISH_SLIDES).get()
    assert history.revoked_at is not None

    # ... and the photo consent: the photo is gone from the page and from its URL.
    client.force_login(profile.user)
    client.post("/mein-bereich/einwilligungen/", {"kinds": []})
    client.logout()
    public = client.get(f"{SPEAKERS}{person.slug}/").content.decode()
    assert "profile__photo" not in public
    assert client.get(photo_url).status_code == 404


def test_password_reset_mails_a_link(client, db):
    user = UserFactory()
    response = client.post("/accounts/password/reset/", {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_sign_in_needs_a_verified_email(client, db):
    user = UserFactory(verified=False)
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_account_pages_use_the_site_layout(client, db):
    page = client.get("/accounts/login/").content.decode()
    assert 'class="skip-link"' in page
    assert page.count("<h1") == 1


def test_oidc_login_can_be_switched_on_by_settings():
    import json
    import os
    import subprocess
    import sys

    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps([a for a in settings.INSTALLED_APPS if 'socialaccount' in a]))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "congress.settings.test",
        "OIDC_SERVER_URL": "https://login.example.org/realms/kongress",
        "OIDC_CLIENT_ID": "kongress",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [
        "allauth.socialaccount",
        "allauth.socialaccount.providers.openid_connect",
    ]


def test_portal_switches_between_german_and_english(client, db):

    client.force_login(SpeakerProfileFactory().user)
    german = client.get("/mein-bereich/einwilligungen/")
    assert german["Content-Language"] == "de"
    assert 'href="/en/mein-bereich/einwilligungen/" lang="en"' in german.content.decode()
    english = client.get("/en/mein-bereich/einwilligungen/")
    assert english.status_code == 200
    assert english["Content-Language"] == "en"
    page = english.content.decode()
    assert '<html lang="en"' in page
    assert "<h1>My consents</h1>" in page
    assert 'href="/mein-bereich/einwilligungen/" lang="de"' in page
    assert 'href="/en/mein-bereich/profil/"' in page  # the portal's own links stay in English
    assert "Einwilligungen" not in page


def test_english_portal_signs_in_through_the_english_account_pages(client, db):
    response = client.get("/en/mein-bereich/")
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/login/?next=/en/mein-bereich/"
    login = client.get(response["Location"])
    assert login["Content-Language"] == "en"
    assert re.search(r"<h1>\s*Sign In\s*</h1>", login.content.decode())
    user = UserFactory()
    response = client.post(
        "/en/accounts/login/?next=/en/mein-bereich/",
        {"login": user.email, "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/mein-bereich/"


def test_english_password_reset_mails_an_english_link(client, db):
    user = UserFactory()
    response = client.post("/en/accounts/password/reset/", {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "http://testserver/en/accounts/password/reset/key/" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("prefix", "speaker", "landing"),
    [
        ("", True, "/mein-bereich/"),
        ("/en", True, "/en/mein-bereich/"),
        ("", False, "/anmeldung/meine/"),
        ("/en", False, "/en/anmeldung/meine/"),
    ],
)
def test_sign_in_lands_speakers_in_the_portal_and_others_in_their_registrations(
    client, db, prefix, speaker, landing
):
    user = SpeakerProfileFactory().user if speaker else UserFactory()
    response = client.post(f"{prefix}/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == landing
