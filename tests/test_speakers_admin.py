"""Organisers' side: invitations in the admin, the overview, reminders; public consent gating."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from congress.models import LogEntry
from registrations.enums import CategoryKind, RegistrationState
from registrations.models import Registration
from speakers import services
from speakers.enums import ConsentKind, InvitationState, ReminderKind
from speakers.models import Invitation, ReminderSent
from speakers.tasks import send_due_reminders

from .factories import (
    InvitationFactory,
    SessionFactory,
    SpeakerProfileFactory,
    TicketCategoryFactory,
    UserFactory,
    pdf_bytes,
)

pytestmark = pytest.mark.integration
OVERVIEW = "/admin/referierende/"


@pytest.fixture
def organiser(db):
    return UserFactory(is_staff=True, is_superuser=True)


def test_admin_views_are_for_organisers_only(client, db):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(OVERVIEW).status_code in (302, 403)
    client.force_login(UserFactory())
    assert client.get(OVERVIEW).status_code == 302  # to the admin login


def test_resend_mails_a_new_link_and_voids_the_old_one(
    client, organiser, django_capture_on_commit_callbacks
):
    invitation = InvitationFactory(sessions=[SessionFactory()])
    old_token = services.invitation_token(invitation)
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{OVERVIEW}einladungen/{invitation.pk}/resend/")
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    # The mailed link (its signature carries the second it was made, so read it from the mail).
    match = re.search(r"/mein-bereich/einladung/([^/\s]+)/", mail.outbox[0].body)
    assert match is not None
    new_token = match.group(1)
    assert new_token != old_token
    assert old_token not in mail.outbox[0].body
    assert client.get(f"/mein-bereich/einladung/{old_token}/").status_code == 410
    assert client.get(f"/mein-bereich/einladung/{new_token}/").status_code == 200


def test_withdraw_and_confirm_change_the_state_and_are_logged(client, organiser):
    accepted = InvitationFactory(sessions=[SessionFactory()], state=InvitationState.ACCEPTED)
    other = InvitationFactory(sessions=[SessionFactory(slot=2)])
    client.force_login(organiser)
    client.post(f"{OVERVIEW}einladungen/{accepted.pk}/confirm/")
    client.post(f"{OVERVIEW}einladungen/{other.pk}/withdraw/")
    accepted.refresh_from_db()
    other.refresh_from_db()
    assert accepted.state == InvitationState.CONFIRMED
    assert other.state == InvitationState.WITHDRAWN
    entries = LogEntry.objects.filter(
        action__in=["invitation.confirmed", "invitation.withdrawn"]
    ).order_by("pk")
    assert [(e.actor, e.data["new"]) for e in entries] == [
        (organiser, "confirmed"),
        (organiser, "withdrawn"),
    ]
    # A withdrawn invitation cannot be resent or confirmed.
    response = client.post(f"{OVERVIEW}einladungen/{other.pk}/resend/", follow=True)
    assert "kann nicht erneut versandt werden" in response.content.decode()


def test_overview_shows_state_consents_and_slides_per_session(client, organiser):
    profile = SpeakerProfileFactory(phone="+49 211 123", technical_needs="Headset")
    session = SessionFactory(speakers=[profile.person])
    InvitationFactory(
        person=profile.person, sessions=[session], state=InvitationState.ACCEPTED, note="Gern"
    )
    services.give_consent(profile=profile, kind=ConsentKind.RECORDING, actor=None)
    services.upload_slides(
        profile=profile,
        session=session,
        upload=SimpleUploadedFile("v.pdf", pdf_bytes()),
        licence="cc-by-4.0",
        actor=None,
    )
    client.force_login(organiser)
    page = client.get(f"{OVERVIEW}?edition={session.track.edition_id}").content.decode()
    assert session.title in page
    assert "Zugesagt" in page
    assert "Gern" in page
    assert "Aufzeichnung meines Beitrags" in page
    assert "v1" in page
    assert "Einladungen je Forum" in page
    assert "+49 211 123" in page
    assert "Headset" in page
    profiles = client.get("/admin/snippets/speakers/speakerprofile/").content.decode()
    assert "+49 211 123" in profiles


@pytest.mark.parametrize("n_sessions", [2, 12])
def test_overview_query_count_is_constant(
    client, organiser, django_assert_max_num_queries, n_sessions
):
    first = SessionFactory()
    edition = first.track.edition
    for i in range(n_sessions):
        profile = SpeakerProfileFactory()
        session = SessionFactory(track=first.track, slot=i + 1, speakers=[profile.person])
        InvitationFactory(person=profile.person, sessions=[session])
        services.give_consent(profile=profile, kind=ConsentKind.STREAMING, actor=None)
    client.force_login(organiser)
    with django_assert_max_num_queries(17):  # 15 measured with 2 and 12 sessions
        response = client.get(f"{OVERVIEW}?edition={edition.pk}")
    assert response.status_code == 200


def test_reminders_go_out_once_per_deadline(db, django_capture_on_commit_callbacks):
    waiting = SpeakerProfileFactory()
    done = SpeakerProfileFactory()
    session = SessionFactory(speakers=[waiting.person, done.person])
    InvitationFactory(person=waiting.person, sessions=[session], email=waiting.email)
    InvitationFactory(person=done.person, sessions=[session], state=InvitationState.ACCEPTED)
    edition = session.track.edition
    deadline = dt.date(2030, 1, 15)
    with django_capture_on_commit_callbacks(execute=True):
        send_due_reminders.enqueue(edition.pk, ReminderKind.CONFIRM, deadline.isoformat())
    assert [m.to for m in mail.outbox] == [[waiting.email]]
    assert "15.01.2030" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        send_due_reminders.enqueue(edition.pk, ReminderKind.CONFIRM, deadline.isoformat())
    assert len(mail.outbox) == 1  # never twice
    assert ReminderSent.objects.count() == 1


def test_slide_reminders_skip_speakers_with_slides(db, django_capture_on_commit_callbacks):
    with_slides = SpeakerProfileFactory()
    without = SpeakerProfileFactory()
    session = SessionFactory(speakers=[with_slides.person, without.person])
    for profile in (with_slides, without):
        InvitationFactory(
            person=profile.person, sessions=[session], state=InvitationState.CONFIRMED
        )
    services.upload_slides(
        profile=with_slides,
        session=session,
        upload=SimpleUploadedFile("v.pdf", pdf_bytes()),
        licence="cc-by-4.0",
        actor=None,
    )
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.send_reminders(
            edition=session.track.edition, kind=ReminderKind.SLIDES, deadline=dt.date(2030, 1, 1)
        )
    assert sent == 1
    assert [m.to for m in mail.outbox] == [[without.email]]
    assert "Folien" in mail.outbox[0].subject


def test_admin_reminder_button_enqueues_the_task(
    client, organiser, django_capture_on_commit_callbacks
):
    profile = SpeakerProfileFactory()
    session = SessionFactory(speakers=[profile.person])
    InvitationFactory(person=profile.person, sessions=[session])
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{OVERVIEW}erinnern/",
            {"edition": session.track.edition_id, "kind": "confirm", "deadline": "2030-02-01"},
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1


def test_invitation_needs_a_session(db):
    with pytest.raises(services.SpeakerError):
        services.invite_person(
            person=SpeakerProfileFactory().person,
            sessions=[],
            role="speaker",
            email="x@example.org",
            actor=None,
        )
    assert Invitation.objects.count() == 0


def test_oidc_login_is_off_by_default():
    assert "allauth.socialaccount.providers.openid_connect" not in settings.INSTALLED_APPS
    assert settings.OIDC_SERVER_URL == ""


def test_session_page_hides_photo_without_consent(build_programme, client):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    programme = build_programme(10)
    session = programme.sessions[0]
    person = session.speakers()[0]
    person.photo = get_image_model().objects.create(title="Foto", file=get_test_image_file())
    person.bio = "<p>Kurzbiografie</p>"
    person.save()
    url = f"/e-nrw/2020/programm/{session.track.slug}/{session.slug}/"
    assert "person-card__photo" in client.get(url).content.decode()  # curated by organisers
    profile = SpeakerProfileFactory(person=person)
    assert "person-card__photo" not in client.get(url).content.decode()
    services.give_consent(profile=profile, kind=ConsentKind.PUBLISH_PHOTO, actor=None)
    assert "person-card__photo" in client.get(url).content.decode()


def test_confirming_a_speaker_issues_a_speaker_ticket(
    client, organiser, django_capture_on_commit_callbacks
):
    session = SessionFactory()
    edition = session.track.edition
    category = TicketCategoryFactory(edition=edition, name="Referent/in", kind=CategoryKind.SPEAKER)
    invitation = InvitationFactory(sessions=[session], state=InvitationState.ACCEPTED)
    client.force_login(organiser)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{OVERVIEW}einladungen/{invitation.pk}/confirm/")

    registration = Registration.objects.get(edition=edition, email=invitation.email)
    assert registration.category == category
    assert registration.state == RegistrationState.CONFIRMED
    assert [m.to for m in mail.outbox] == [[invitation.email]]
    assert any(name.endswith(".pdf") for name, *_ in mail.outbox[0].attachments)

    # Confirming again is refused and issues nothing more.
    client.post(f"{OVERVIEW}einladungen/{invitation.pk}/confirm/")
    assert Registration.objects.filter(email=invitation.email).count() == 1


def test_confirming_without_a_speaker_category_issues_no_ticket(client, organiser):
    invitation = InvitationFactory(sessions=[SessionFactory()], state=InvitationState.ACCEPTED)
    client.force_login(organiser)
    client.post(f"{OVERVIEW}einladungen/{invitation.pk}/confirm/")
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.CONFIRMED
    assert not Registration.objects.exists()
