"""Speakers' portal photos: private storage, served by a view that checks the consent, shown on
the public pages only with that consent and without extra queries."""

import io

import pytest
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image
from wagtail.images import get_image_model

from cms import caching
from speakers import services
from speakers.enums import ConsentKind
from speakers.forms import PersonProfileForm, SpeakerProfileForm

from .factories import (
    CongressFactory,
    SpeakerProfileFactory,
    UserFactory,
    png_bytes,
    speaker_manager_of,
)

pytestmark = pytest.mark.integration

PROGRAMME = "/e-nrw/2020/programm/"
SPEAKERS = "/e-nrw/2020/referierende/"


def upload_photo(profile, content=None):
    """The portal's profile form with a photo, saved through the service."""
    person = profile.person
    data = {
        "person-first_name": person.first_name,
        "person-last_name": person.last_name,
        "contact-email": profile.email,
        "contact-participation": "on_site",
    }
    files = {"person-photo_upload": SimpleUploadedFile("ich.png", content or png_bytes())}
    person_form = PersonProfileForm(data, files, instance=person, prefix="person")
    profile_form = SpeakerProfileForm(data, instance=profile, prefix="contact")
    assert person_form.is_valid(), person_form.errors
    assert profile_form.is_valid(), profile_form.errors
    services.update_profile(
        profile=profile,
        person_form=person_form,
        profile_form=profile_form,
        photo=person_form.cleaned_data["photo_upload"],
        actor=profile.user,
    )
    profile.refresh_from_db()
    return profile


def photo_url(profile):
    return f"/mein-bereich/fotos/{profile.pk}/"


@pytest.fixture
def speaker_with_photo(db):
    return upload_photo(SpeakerProfileFactory())


@pytest.fixture
def organiser(db):
    return speaker_manager_of(congress=CongressFactory())


def test_portal_photo_is_kept_in_the_private_storage(speaker_with_photo):
    profile = speaker_with_photo
    name = profile.photo.name
    assert name.startswith("speaker-photos/")
    assert storages["private"].exists(name)
    assert not default_storage.exists(name)
    assert get_image_model().objects.count() == 0  # no public Wagtail image
    profile.person.refresh_from_db()
    assert profile.person.photo is None


def test_portal_photo_is_a_square_jpeg_without_metadata(db):
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"  # Make
    Image.new("RGB", (800, 600), (10, 200, 10)).save(buffer, "JPEG", exif=exif.tobytes())
    profile = upload_photo(SpeakerProfileFactory(), buffer.getvalue())
    with profile.photo.open("rb") as stored, Image.open(stored) as image:
        assert (image.format, image.size) == ("JPEG", services.PHOTO_SIZE)
        assert dict(image.getexif()) == {}


def test_a_new_photo_replaces_the_old_file(speaker_with_photo, django_capture_on_commit_callbacks):
    old = speaker_with_photo.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        profile = upload_photo(speaker_with_photo)
    assert profile.photo.name != old
    assert not storages["private"].exists(old)


@pytest.mark.parametrize(
    ("viewer", "consent", "status", "cache_control"),
    [
        ("owner", False, 200, "private"),
        ("organiser", False, 200, "private"),
        ("other", False, 404, None),
        ("anonymous", False, 404, None),
        ("owner", True, 200, "public"),
        ("other", True, 200, "public"),
        ("anonymous", True, 200, "public"),
    ],
)
def test_photo_view_checks_permission_and_consent(
    client, speaker_with_photo, organiser, viewer, consent, status, cache_control
):
    profile = speaker_with_photo
    if consent:
        services.give_consent(profile=profile, kind=ConsentKind.PUBLISH_PHOTO, actor=None)
    users = {"owner": profile.user, "organiser": organiser, "other": UserFactory()}
    if viewer in users:
        client.force_login(users[viewer])
    response = client.get(photo_url(profile))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "image/jpeg"
        assert response["Cache-Control"].split(",")[0] == cache_control
        body = b"".join(response.streaming_content)
        with storages["private"].open(profile.photo.name) as stored:
            assert body == stored.read()


def test_revoked_photo_consent_takes_the_photo_offline(client, speaker_with_photo):
    profile = speaker_with_photo
    services.give_consent(profile=profile, kind=ConsentKind.PUBLISH_PHOTO, actor=None)
    assert client.get(photo_url(profile)).status_code == 200
    services.revoke_consent(profile=profile, kind=ConsentKind.PUBLISH_PHOTO, actor=None)
    assert client.get(photo_url(profile)).status_code == 404


def test_photo_view_answers_unchanged_public_photo_with_304(client, speaker_with_photo):
    profile = speaker_with_photo
    services.give_consent(profile=profile, kind=ConsentKind.PUBLISH_PHOTO, actor=None)
    etag = client.get(photo_url(profile))["ETag"]
    response = client.get(photo_url(profile), headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response["Cache-Control"] == "public, no-cache"


def test_non_public_photo_is_not_kept_by_the_page_cache(client, speaker_with_photo):
    """PageCacheMiddleware answers a cached path before any permission check: the photo view must
    never leave an entry there that an anonymous visitor would then get."""
    profile = speaker_with_photo
    url = photo_url(profile)
    client.force_login(profile.user)
    assert client.get(url).status_code == 200
    services.give_consent(profile=profile, kind=ConsentKind.PUBLISH_PHOTO, actor=None)
    client.logout()
    assert client.get(url).status_code == 200  # public now, anonymous, cacheable request
    services.revoke_consent(profile=profile, kind=ConsentKind.PUBLISH_PHOTO, actor=None)
    for path in (url, f"/en{url}"):
        request = type("Request", (), {"get_host": lambda self: "testserver", "path": path})()
        assert caching.lookup(request)[0] is None
    assert client.get(url).status_code == 404


def test_public_pages_show_the_portal_photo_only_with_consent(build_programme, client):
    programme = build_programme(10)
    session = programme.sessions[1]
    person = session.speakers()[0]
    profile = upload_photo(SpeakerProfileFactory(person=person))
    url = photo_url(profile)
    session_page = f"{PROGRAMME}{session.track.slug}/{session.slug}/"
    speaker_page = f"{SPEAKERS}{person.slug}/"
    for page in (session_page, speaker_page):
        assert url not in client.get(page).content.decode()
    services.give_consent(profile=profile, kind=ConsentKind.PUBLISH_PHOTO, actor=None)
    assert url in client.get(session_page).content.decode()
    assert 'class="person-card__photo"' in client.get(session_page).content.decode()
    assert url in client.get(speaker_page).content.decode()
    assert 'class="profile__photo"' in client.get(speaker_page).content.decode()
    services.revoke_consent(profile=profile, kind=ConsentKind.PUBLISH_PHOTO, actor=None)
    for page in (session_page, speaker_page):
        assert url not in client.get(page).content.decode()


def test_public_pages_query_count_does_not_grow_with_portal_photos(build_programme, client):
    programme = build_programme(10)
    session = max(programme.sessions, key=lambda s: len(s.speakers()))
    people = session.speakers()
    assert len(people) >= 2
    pages = [f"{PROGRAMME}{session.track.slug}/{session.slug}/", f"{SPEAKERS}{people[0].slug}/"]
    client.get(PROGRAMME)  # per-process caches (site root paths, content types)

    def queries(page):
        caching.bump_content_version()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page).status_code == 200
        return len(captured)

    without = [queries(page) for page in pages]
    for person in people:
        profile = upload_photo(SpeakerProfileFactory(person=person))
        services.give_consent(profile=profile, kind=ConsentKind.PUBLISH_PHOTO, actor=None)
    content = client.get(pages[0]).content.decode()
    assert content.count("/mein-bereich/fotos/") == len(people)
    assert [queries(page) for page in pages] == without


def test_truncated_photo_is_refused_with_a_message(client, db):
    buffer = io.BytesIO()
    Image.effect_noise((300, 300), 50).convert("RGB").save(buffer, "JPEG")
    profile = SpeakerProfileFactory()
    client.force_login(profile.user)
    response = client.post(
        "/mein-bereich/profil/",
        {
            "person-first_name": "A",
            "person-last_name": "B",
            "person-photo_upload": SimpleUploadedFile("foto.jpg", buffer.getvalue()[:3000]),
            "contact-participation": "on_site",
        },
    )
    assert response.status_code == 200
    assert "Das Foto muss ein JPEG-, PNG- oder WebP-Bild sein." in response.content.decode()
    profile.refresh_from_db()
    assert not profile.photo
