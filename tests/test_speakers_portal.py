"""The speaker portal: permissions between speakers, invitation links, uploads, calendar."""

import datetime as dt

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from speakers import services
from speakers.enums import ChangeRequestState, InvitationState
from speakers.models import ChangeRequest, SlideVersion

from .factories import (
    InvitationFactory,
    SessionFactory,
    SpeakerProfileFactory,
    UserFactory,
    odp_bytes,
    pdf_bytes,
    pptx_bytes,
)
from .factories.speakers import zip_bytes

pytestmark = pytest.mark.integration


@pytest.fixture
def two_speakers(db):
    """Speakers A and B, each with a session of their own and one uploaded slide deck."""
    a, b = SpeakerProfileFactory(), SpeakerProfileFactory()
    session_a = SessionFactory(speakers=[a.person], slot=0)
    session_b = SessionFactory(speakers=[b.person], slot=2)
    slide_b = services.upload_slides(
        profile=b,
        session=session_b,
        upload=SimpleUploadedFile("b.pdf", pdf_bytes()),
        licence="cc-by-4.0",
        actor=b.user,
    )
    change_b = services.request_change(
        profile=b, session=session_b, message="Später bitte", actor=b.user
    )
    return a, b, session_a, session_b, slide_b, change_b


def test_portal_requires_sign_in(client):
    response = client.get("/mein-bereich/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_portal_without_profile_explains_it(client, db):
    client.force_login(UserFactory())
    response = client.get("/mein-bereich/")
    assert response.status_code == 403
    assert "Kein Profil verbunden" in response.content.decode()


def test_speaker_sees_only_own_sessions(client, two_speakers):
    a, b, session_a, session_b, slide_b, change_b = two_speakers
    client.force_login(a.user)
    page = client.get("/mein-bereich/").content.decode()
    assert session_a.title in page
    assert session_b.title not in page
    assert b.person.last_name not in page or b.person.last_name in a.person.last_name


def test_portal_title_names_the_portal_once(client, two_speakers):
    client.force_login(two_speakers[0].user)
    page = client.get("/mein-bereich/").content.decode()
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title.count("Mein Bereich") == 1


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/mein-bereich/beitraege/{session_b}/"),
        ("post", "/mein-bereich/beitraege/{session_b}/folien/"),
        ("post", "/mein-bereich/beitraege/{session_b}/aenderung/"),
        ("get", "/mein-bereich/folien/{slide_b}/"),
    ],
)
def test_speaker_cannot_reach_another_speakers_objects_by_id(client, two_speakers, method, url):
    a, b, session_a, session_b, slide_b, change_b = two_speakers
    client.force_login(a.user)
    data = (
        {"file": SimpleUploadedFile("x.pdf", pdf_bytes()), "licence": "cc-by-4.0", "message": "x"}
        if method == "post"
        else None
    )
    url = url.format(session_b=session_b.pk, slide_b=slide_b.pk)
    response = getattr(client, method)(url, data)
    assert response.status_code == 404
    assert SlideVersion.objects.filter(session=session_b).count() == 1
    assert ChangeRequest.objects.filter(session=session_b).count() == 1


def test_profile_form_edits_only_own_person(client, two_speakers):
    a, b, *_rest = two_speakers
    client.force_login(a.user)
    response = client.post(
        "/mein-bereich/profil/",
        {
            "person-first_name": "Anna",
            "person-last_name": "Neu",
            "contact-participation": "on_site",
            # An attempt to aim at B's records is ignored: the view edits the own profile.
            "person-id": b.person.pk,
            "contact-person": b.person.pk,
        },
    )
    assert response.status_code == 302
    a.person.refresh_from_db()
    b.person.refresh_from_db()
    assert a.person.last_name == "Neu"
    assert b.person.last_name != "Neu"


def test_change_request_of_b_is_not_shown_to_a(client, two_speakers):
    a, b, session_a, session_b, slide_b, change_b = two_speakers
    client.force_login(a.user)
    assert "Später bitte" not in client.get("/mein-bereich/").content.decode()
    client.force_login(b.user)
    assert "Später bitte" in client.get("/mein-bereich/").content.decode()


def test_replayed_invitation_link_of_b_does_not_bind_a(client, two_speakers):
    a, b, session_a, session_b, *_rest = two_speakers
    invitation = InvitationFactory(
        person=b.person, email=b.user.email, sessions=[session_b], state=InvitationState.ACCEPTED
    )
    token = services.invitation_token(invitation)
    client.force_login(a.user)
    response = client.get(f"/mein-bereich/einladung/{token}/verknuepfen/")
    assert response.status_code == 403
    assert "andere E-Mail-Adresse" in response.content.decode()
    b.refresh_from_db()
    assert b.user_id != a.user_id


def test_invitation_link_of_a_bound_person_cannot_bind_a_second_account(client, two_speakers):
    a, b, *_rest = two_speakers
    intruder = UserFactory(email="intruder@example.org")
    invitation = InvitationFactory(
        person=b.person, email=intruder.email, state=InvitationState.ACCEPTED
    )
    client.force_login(intruder)
    token = services.invitation_token(invitation)
    response = client.get(f"/mein-bereich/einladung/{token}/verknuepfen/")
    assert response.status_code == 403
    assert "bereits mit einem anderen Konto" in response.content.decode()


@pytest.mark.parametrize("case", ["expired", "withdrawn", "forged", "replaced"])
def test_unusable_invitation_link_gives_a_clear_page(client, db, case):
    invitation = InvitationFactory(sessions=[SessionFactory()])
    token = services.invitation_token(invitation)
    expected = {
        "expired": "abgelaufen",
        "withdrawn": "zurückgezogen",
        "forged": "ungültig",
        "replaced": "neueren erhalten",
    }[case]
    if case == "expired":
        invitation.expires_at = timezone.now() - dt.timedelta(minutes=1)
        invitation.save()
    elif case == "withdrawn":
        services.withdraw_invitation(invitation=invitation, actor=None)
    elif case == "forged":
        token = signing.dumps([invitation.pk, invitation.nonce], salt="other", compress=True)
    else:
        services.resend_invitation(invitation=invitation, actor=None)
    for response in (
        client.get(f"/mein-bereich/einladung/{token}/"),
        client.post(f"/mein-bereich/einladung/{token}/", {"answer": "accept"}),
    ):
        assert response.status_code == 410
        assert expected in response.content.decode()
        assert "Einladungslink funktioniert nicht" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.state in (InvitationState.INVITED, InvitationState.WITHDRAWN)


def test_guessed_invitation_ids_do_not_work(client, db):
    invitation = InvitationFactory(sessions=[SessionFactory()])
    for guess in (str(invitation.pk), f"{invitation.pk}:{invitation.nonce}", "abc"):
        assert client.get(f"/mein-bereich/einladung/{guess}/").status_code == 410


def test_declining_an_invitation_records_the_note(client, db):
    invitation = InvitationFactory(sessions=[SessionFactory()])
    token = services.invitation_token(invitation)
    response = client.post(
        f"/mein-bereich/einladung/{token}/", {"answer": "decline", "note": "Leider verhindert"}
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.DECLINED
    assert invitation.note == "Leider verhindert"


# --- uploads -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("v.pdf", pdf_bytes(), "application/pdf"),
        (
            "v.pptx",
            pptx_bytes(),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        ("v.odp", odp_bytes(), "application/vnd.oasis.opendocument.presentation"),
        ("ohne-endung", pdf_bytes(), "application/pdf"),
    ],
)
def test_slides_are_accepted_by_content(client, db, name, content, content_type):
    profile = SpeakerProfileFactory()
    session = SessionFactory(speakers=[profile.person])
    client.force_login(profile.user)
    url = f"/mein-bereich/beitraege/{session.pk}/folien/"
    for _ in range(2):
        response = client.post(
            url, {"file": SimpleUploadedFile(name, content), "licence": "cc-by-4.0"}
        )
        assert response.status_code == 302
    versions = list(SlideVersion.objects.order_by("version"))
    assert [v.version for v in versions] == [1, 2]  # earlier versions are kept
    assert {v.content_type for v in versions} == {content_type}
    response = client.get(f"/mein-bereich/folien/{versions[0].pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert b"".join(response.streaming_content) == content


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("vortrag.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100),
        ("vortrag.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 100),
        ("vortrag.pptx", b"PK\x03\x04 not really a zip"),
        ("vortrag.odp", b"plain text"),
        (
            "vortrag.pptx",
            zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<d/>"}),
        ),
    ],
)
def test_executables_and_other_files_named_like_slides_are_refused(client, db, name, content):
    profile = SpeakerProfileFactory()
    session = SessionFactory(speakers=[profile.person])
    client.force_login(profile.user)
    response = client.post(
        f"/mein-bereich/beitraege/{session.pk}/folien/",
        {"file": SimpleUploadedFile(name, content), "licence": "cc-by-4.0"},
    )
    assert response.status_code == 400
    assert "Die Datei ist keine PDF-, PowerPoint- (PPTX) oder Impress-Präsentation (ODP)." in (
        response.content.decode()
    )
    assert SlideVersion.objects.count() == 0


def test_oversized_slides_are_refused(client, db, settings):
    settings.SPEAKER_SLIDES_MAX_BYTES = 1024
    profile = SpeakerProfileFactory()
    session = SessionFactory(speakers=[profile.person])
    client.force_login(profile.user)
    response = client.post(
        f"/mein-bereich/beitraege/{session.pk}/folien/",
        {"file": SimpleUploadedFile("v.pdf", pdf_bytes() + b"0" * 2000), "licence": "cc-by-4.0"},
    )
    assert response.status_code == 400
    assert "Die Datei ist zu groß: höchstens 1,0\xa0KB sind erlaubt." in response.content.decode()
    assert SlideVersion.objects.count() == 0


def test_photo_must_be_an_image_by_content(client, db):
    profile = SpeakerProfileFactory()
    client.force_login(profile.user)
    response = client.post(
        "/mein-bereich/profil/",
        {
            "person-first_name": "A",
            "person-last_name": "B",
            "person-photo_upload": SimpleUploadedFile("foto.jpg", b"MZ" + b"\x00" * 50),
            "contact-participation": "on_site",
        },
    )
    assert response.status_code == 200
    assert "Das Foto muss ein JPEG-, PNG- oder WebP-Bild sein." in response.content.decode()
    profile.person.refresh_from_db()
    assert profile.person.photo is None
    profile.refresh_from_db()
    assert not profile.photo


def test_slides_are_stored_in_the_private_storage(db):
    profile = SpeakerProfileFactory()
    session = SessionFactory(speakers=[profile.person])
    slide = services.upload_slides(
        profile=profile,
        session=session,
        upload=SimpleUploadedFile("v.pdf", pdf_bytes()),
        licence="cc-by-4.0",
        actor=None,
    )
    from django.core.files.storage import storages

    assert slide.file.storage is storages["private"]
    assert slide.file.storage is not storages["default"]


def test_unpublished_slides_are_not_served_to_others(client, db):
    profile = SpeakerProfileFactory()
    session = SessionFactory(speakers=[profile.person])
    slide = services.upload_slides(
        profile=profile,
        session=session,
        upload=SimpleUploadedFile("v.pdf", pdf_bytes()),
        licence="cc-by-4.0",
        actor=None,
    )
    assert client.get(f"/mein-bereich/folien/{slide.pk}/").status_code == 404
    client.force_login(UserFactory())
    assert client.get(f"/mein-bereich/folien/{slide.pk}/").status_code == 404


# --- calendar and change requests ----------------------------------------------------------


def test_my_sessions_calendar(client, two_speakers):
    a, b, session_a, session_b, *_rest = two_speakers
    client.force_login(a.user)
    response = client.get("/mein-bereich/termine.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode().replace("\r\n ", "")
    assert f"UID:session-{session_a.pk}@" in body
    assert f"UID:session-{session_b.pk}@" not in body


def test_change_request_is_decided_in_the_admin_and_the_speaker_sees_the_reply(
    client, two_speakers
):
    a, b, session_a, session_b, slide_b, change_b = two_speakers
    organiser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(organiser)
    assert "Später bitte" in client.get("/admin/referierende/aenderungswuensche/").content.decode()
    response = client.post(
        f"/admin/referierende/aenderungswuensche/{change_b.pk}/",
        {"decision": "reject", "reply": "Der Slot ist fest."},
    )
    assert response.status_code == 302
    change_b.refresh_from_db()
    assert change_b.state == ChangeRequestState.REJECTED
    assert change_b.decided_by == organiser
    client.force_login(b.user)
    page = client.get(f"/mein-bereich/beitraege/{session_b.pk}/").content.decode()
    assert "Der Slot ist fest." in page
    with pytest.raises(services.SpeakerError):
        services.decide_change_request(change_request=change_b, accept=True, reply="", actor=None)


@pytest.mark.parametrize("n_sessions", [2, 12])
def test_portal_and_calendar_query_counts_are_constant(
    client, db, django_assert_max_num_queries, n_sessions
):
    me = SpeakerProfileFactory()
    first = SessionFactory(speakers=[me.person])
    for i in range(n_sessions):
        other = SpeakerProfileFactory()
        SessionFactory(track=first.track, slot=i + 1, speakers=[other.person, me.person])
    client.force_login(me.user)
    # Measured 13 and 6 with 2 and with 12 sessions; a margin of two.
    with django_assert_max_num_queries(15):
        assert client.get("/mein-bereich/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/mein-bereich/termine.ics").status_code == 200


def test_invitation_answer_without_choice_shows_the_error_summary(client, db):
    invitation = InvitationFactory(sessions=[SessionFactory()])
    token = services.invitation_token(invitation)
    response = client.post(f"/mein-bereich/einladung/{token}/", {"note": "?"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bitte prüfen Sie Ihre Eingaben" in page
    assert 'href="#id_answer_0">Ihre Antwort: Dieses Feld muss ausgefüllt werden.' in page
