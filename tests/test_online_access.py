"""Online participation: personal access links (signed, revocable, recorded per address hash,
flagged when shared), the public "Jetzt live" page and recordings behind speakers' consents."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.core import mail, signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cms.caching import lookup
from congress.enums import EditionMode
from congress.models import LogEntry
from registrations import access
from registrations.enums import Attendance, RegistrationState
from registrations.models import AccessUse
from registrations.tasks import build_registration_email
from speakers import services as speaker_services
from speakers.enums import ConsentKind
from tests.factories import (
    PersonFactory,
    RegistrationFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerProfileFactory,
    TicketCategoryFactory,
    TrackFactory,
    UserFactory,
    berlin,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

DAY = dt.date(2020, 11, 5)
LIVE = "/e-nrw/2020/programm/jetzt/"


@pytest.fixture
def freeze(monkeypatch):
    """``freeze(hour, minute=0, day=DAY)`` sets timezone.now() to that Berlin wall-clock time."""

    def set_time(hour, minute=0, day=DAY):
        moment = berlin(day, hour, minute)
        monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
        return moment

    return set_time


@pytest.fixture
def programme(site_tree):
    """Main stage and one forum with stream and chat; on 5 November: "Eröffnung" 09:00 and
    "Keynote" 10:00 on the main stage, "Schul-Cloud" 09:00 in the forum."""
    edition = site_tree.edition
    main = TrackFactory(
        edition=edition,
        main_stage=True,
        sort_order=0,
        stream_url="https://stream.example.org/hauptbuehne",
        chat_url="https://chat.example.org/hauptbuehne",
    )
    forum = TrackFactory(
        edition=edition,
        number=1,
        title="Digitale Schule",
        sort_order=1,
        stream_url="https://stream.example.org/forum-1",
        chat_url="https://chat.example.org/forum-1",
    )
    SessionFactory(track=main, title="Eröffnung", slug="eroeffnung", slot=0)
    SessionFactory(track=main, title="Keynote", slot=1)
    SessionFactory(track=forum, title="Schul-Cloud", slot=0)
    return main, forum


@pytest.fixture
def online(site_tree):
    category = TicketCategoryFactory(edition=site_tree.edition)
    return RegistrationFactory(
        category=category, attendance=Attendance.ONLINE, first_name="Olga", last_name="Online"
    )


def url_of(registration):
    return reverse("registrations:online_access", args=[access.issue_access_link(registration)])


def get(client, url, address="192.0.2.1"):
    return client.get(url, REMOTE_ADDR=address)


# --- the access link -------------------------------------------------------------------------


def test_access_page_lists_streams_chats_and_what_runs_now(client, programme, online, freeze):
    freeze(9, 15)

    response = get(client, url_of(online))

    assert response.status_code == 200
    html = response.content.decode()
    for link in [
        "https://stream.example.org/hauptbuehne",
        "https://chat.example.org/hauptbuehne",
        "https://stream.example.org/forum-1",
        "https://chat.example.org/forum-1",
    ]:
        assert f'href="{link}"' in html
    doc = BeautifulSoup(html, "html.parser")
    assert len(doc.find_all("h1")) == 1
    main = doc.select_one(f"section[aria-labelledby=track-{programme[0].pk}]").get_text(" ")
    assert "Jetzt 09:00 – 09:45 Uhr: Eröffnung" in " ".join(main.split())
    assert "Schul-Cloud" in html and "Keynote" in html
    assert 'href="/e-nrw/2020/programm/jetzt/"' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_access_use_is_recorded_per_address_hash_never_the_address(client, programme, online):
    get(client, url_of(online), "192.0.2.7")
    get(client, url_of(online), "192.0.2.7")

    use = AccessUse.objects.get(registration=online)
    assert use.uses == 2
    assert use.address_hash == access.address_hash("192.0.2.7")
    assert "192.0.2.7" not in use.address_hash
    assert len(use.address_hash) == 64


def test_forged_link_gets_410_page(client, programme, online):
    token = access.issue_access_link(online)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")

    response = get(client, reverse("registrations:online_access", args=[forged]))

    assert response.status_code == 410
    assert "Dieser Zugangslink ist ungültig" in response.content.decode()
    assert AccessUse.objects.count() == 0


def test_link_signed_for_another_purpose_does_not_open_access(client, programme, online):
    token = signing.Signer(salt="registrations.other").sign_object([online.pk, 0], compress=False)

    assert get(client, reverse("registrations:online_access", args=[token])).status_code == 410


def test_revoked_link_gets_410_and_new_link_works(client, admin_user, programme, online):
    old = url_of(online)

    access.revoke_online_access(registration=online, by_user=admin_user)

    response = get(client, old)
    assert response.status_code == 410
    assert "Dieser Zugangslink wurde widerrufen" in response.content.decode()
    online.refresh_from_db()
    assert online.access_version == 1
    assert get(client, url_of(online)).status_code == 200
    entry = LogEntry.objects.for_instance(online).get(action="registration.online_access_revoked")
    assert (entry.user, entry.data) == (admin_user, {"access_version": 1})


def test_cancelled_registration_link_stops(client, programme, online):
    url = url_of(online)
    online.state = RegistrationState.CANCELLED
    online.save()

    response = get(client, url)

    assert response.status_code == 410
    assert "nicht mehr bestätigt" in response.content.decode()


def test_onsite_attendee_of_hybrid_edition_has_no_online_access(client, programme, site_tree):
    onsite = RegistrationFactory(category=TicketCategoryFactory(edition=site_tree.edition))

    assert access.has_online_access(onsite) is False
    assert get(client, url_of(onsite)).status_code == 410

    site_tree.edition.mode = EditionMode.ONLINE
    site_tree.edition.save()
    onsite.refresh_from_db()
    assert access.has_online_access(onsite) is True
    assert get(client, url_of(onsite)).status_code == 200


def test_manage_page_shows_access_link_only_to_online_attendees(client, programme, online):
    onsite = RegistrationFactory(category=online.category)

    online_page = client.get(reverse("registrations:manage", args=[online.manage_token]))
    onsite_page = client.get(reverse("registrations:manage", args=[onsite.manage_token]))

    assert f'href="http://testserver{url_of(online)}"' in online_page.content.decode()
    assert "/anmeldung/online/" not in onsite_page.content.decode()


def test_confirmation_email_of_online_attendee_carries_access_link(programme, online, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://kongress.example.org"
    onsite = RegistrationFactory(category=online.category)

    body = build_registration_email(online, RegistrationState.CONFIRMED).body
    onsite_body = build_registration_email(onsite, RegistrationState.CONFIRMED).body

    assert f"https://kongress.example.org{url_of(online)}" in body
    assert "/anmeldung/online/" not in onsite_body
    assert mail.outbox == []


def access_page_queries(client, registration):
    with CaptureQueriesContext(connection) as queries:
        assert get(client, url_of(registration)).status_code == 200
    return len(queries)


def test_access_page_query_count_does_not_grow_with_programme(client, programme, online, freeze):
    freeze(9, 15)
    get(client, url_of(online))  # the first use creates the address row
    few = access_page_queries(client, online)
    edition = online.edition
    for number in range(2, 12):
        forum = TrackFactory(edition=edition, number=number, stream_url="https://s.example.org/x")
        for slot in range(4):
            SessionFactory(track=forum, slot=slot, speakers=[PersonFactory(), PersonFactory()])

    assert access_page_queries(client, online) == few


# --- sharing: many addresses at once ---------------------------------------------------------


def test_three_addresses_within_window_flag_registration_and_admin_lists_it(
    client, admin_client, programme, online, freeze
):
    freeze(9, 0)
    get(client, url_of(online), "192.0.2.1")
    freeze(9, 5)
    get(client, url_of(online), "198.51.100.2")
    assert access.flagged_registrations() == []
    freeze(9, 10)
    get(client, url_of(online), "203.0.113.3")

    flagged = access.flagged_registrations()
    assert [(f.registration, f.addresses) for f in flagged] == [(online, 3)]
    listing = admin_client.get(reverse("registrations_online_flagged")).content.decode()
    assert "Olga Online" in listing
    assert reverse("registrations_online_revoke", args=[online.pk]) in listing
    # Further uses do not flag it twice.
    get(client, url_of(online), "203.0.113.4")
    assert LogEntry.objects.filter(action="registration.online_access_shared").count() == 1


def test_addresses_spread_beyond_window_are_not_flagged(online):
    for minute, address in [(0, "192.0.2.1"), (20, "192.0.2.2"), (40, "192.0.2.3")]:
        flagged = access.record_access_use(
            registration=online, address=address, now=berlin(DAY, 9, minute)
        )
        assert flagged is False

    assert access.flagged_registrations() == []


def test_window_and_threshold_come_from_settings(online, settings):
    settings.ONLINE_ACCESS_SHARED_ADDRESSES = 2
    settings.ONLINE_ACCESS_WINDOW_MINUTES = 60

    access.record_access_use(registration=online, address="192.0.2.1", now=berlin(DAY, 9, 0))
    assert access.record_access_use(
        registration=online, address="192.0.2.2", now=berlin(DAY, 9, 50)
    )


def test_revoke_from_admin_clears_flag_and_new_link_starts_afresh(admin_client, online, freeze):
    moment = freeze(9, 0)
    for address in ["192.0.2.1", "192.0.2.2", "192.0.2.3"]:
        access.record_access_use(registration=online, address=address, now=moment)
    revoke = reverse("registrations_online_revoke", args=[online.pk])

    assert admin_client.get(revoke).status_code == 200
    response = admin_client.post(revoke)

    assert response.status_code == 302
    online.refresh_from_db()
    assert online.access_version == 1
    assert access.flagged_registrations() == []
    listing = admin_client.get(reverse("registrations_online_flagged")).content.decode()
    assert "Olga Online" not in listing
    # The old link's addresses do not count against the new link.
    later = freeze(9, 2)
    assert not access.record_access_use(registration=online, address="192.0.2.9", now=later)
    assert access.flagged_registrations() == []


@pytest.mark.parametrize(
    "name", ["registrations_online_flagged", "registrations_online_revoke", "registrations_badges"]
)
def test_staff_views_refuse_anonymous_and_non_staff(client, online, name):
    url = reverse(name, args=[online.pk] if name == "registrations_online_revoke" else [])

    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/admin/login/")

    client.force_login(UserFactory())
    assert client.get(url).status_code == 302
    assert client.post(url).status_code in (302, 403)
    online.refresh_from_db()
    assert online.access_version == 0


def test_admin_without_registration_permission_is_refused(client, online):
    from django.contrib.auth.models import Permission

    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)

    # Wagtail answers a refused admin view with a redirect to the dashboard and a message.
    refused = client.get(reverse("registrations_online_flagged"))
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    revoke = reverse("registrations_online_revoke", args=[online.pk])
    assert client.post(revoke)["Location"] == "/admin/"
    online.refresh_from_db()
    assert online.access_version == 0


# --- "Jetzt live" --------------------------------------------------------------------------------


def test_live_page_shows_running_session_per_track_at_frozen_time(client, programme, freeze):
    freeze(9, 15)

    response = client.get(LIVE)

    assert response.status_code == 200
    html = response.content.decode()
    doc = BeautifulSoup(html, "html.parser")
    assert [h.get_text() for h in doc.find_all("h1")] == ["Jetzt live"]
    sections = {
        s.find("h2").get_text(strip=True): " ".join(s.get_text(" ").split())
        for s in doc.select("section.live-track")
    }
    assert set(sections) == {"Hauptbühne", "Forum 1: Digitale Schule"}
    assert "Jetzt 09:00 – 09:45 Uhr: Eröffnung" in sections["Hauptbühne"]
    assert "Als Nächstes 10:00 – 10:45 Uhr: Keynote" in sections["Hauptbühne"]
    assert "Jetzt 09:00 – 09:45 Uhr: Schul-Cloud" in sections["Forum 1: Digitale Schule"]
    assert "Stream über Ihren persönlichen Zugang" in html
    assert "stream.example.org" not in html and "chat.example.org" not in html


def test_live_page_shows_nothing_at_night(client, programme, freeze):
    freeze(23, 30)

    html = client.get(LIVE).content.decode()

    for title in ["Eröffnung", "Keynote", "Schul-Cloud"]:
        assert title not in html
    assert html.count("Gerade läuft hier nichts.") == 2


def test_live_page_outside_the_congress_days_says_so_instead_of_empty_forums(
    client, programme, freeze
):
    freeze(9, 15, day=DAY - dt.timedelta(days=1))
    before = client.get(LIVE).content.decode()
    assert "Der Kongress läuft gerade nicht. Er beginnt am Donnerstag, 5. November 2020." in before
    assert "Gerade läuft hier nichts." not in before and "live-track" not in before

    freeze(9, 15, day=DAY + dt.timedelta(days=400))
    after = client.get(LIVE).content.decode()
    assert "Der Kongress ist vorbei. Aufzeichnungen finden Sie bei den Programmpunkten" in after
    assert "live-track" not in after


def test_live_page_is_never_served_from_page_cache(client, programme, freeze):
    freeze(9, 15)
    first = client.get(LIVE)
    freeze(10, 15)
    second = client.get(LIVE)

    assert "no-cache" in second["Cache-Control"]
    assert "Schul-Cloud" in first.content.decode()
    assert "Schul-Cloud" not in second.content.decode()
    request = second.wsgi_request
    assert lookup(request)[0] is None


def live_page_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIVE).status_code == 200
    return len(queries)


def test_live_page_query_count_does_not_grow_with_programme(client, programme, freeze):
    freeze(9, 15)
    client.get(LIVE)
    few = live_page_queries(client)
    edition = programme[0].edition
    for number in range(2, 14):
        forum = TrackFactory(edition=edition, number=number)
        for slot in range(3):
            SessionFactory(track=forum, slot=slot, speakers=[PersonFactory(), PersonFactory()])

    assert live_page_queries(client) == few


# --- recordings ----------------------------------------------------------------------------


@pytest.fixture
def recorded(programme):
    """The session "Eröffnung" (09:00–09:45) with a recording and two speakers with speaker profiles who
    consented to recording."""
    main, _forum = programme
    session = main.sessions.get(title="Eröffnung")
    session.recording_url = "https://video.example.org/eroeffnung"
    session.save()
    profiles = []
    for order in range(2):
        profile = SpeakerProfileFactory()
        speaker_services.give_consent(profile=profile, kind=ConsentKind.RECORDING, actor=None)
        SessionSpeakerFactory(session=session, person=profile.person, sort_order=order)
        profiles.append(profile)
    return session, profiles


SESSION_URL = "/e-nrw/2020/programm/hauptbuehne/eroeffnung/"


def test_recording_shown_after_session_when_every_speaker_consented(client, recorded, freeze):
    freeze(9, 30)
    during = client.get(SESSION_URL).content.decode()
    freeze(10, 0)
    after = client.get(SESSION_URL).content.decode()

    assert "Aufzeichnung ansehen" not in during
    assert "Aufzeichnung ansehen" in after
    assert 'href="https://video.example.org/eroeffnung"' in after


def test_recording_hidden_when_a_speaker_has_no_profile(client, recorded, freeze):
    session, _profiles = recorded
    SessionSpeakerFactory(session=session, person=PersonFactory(), sort_order=5)
    freeze(12, 0)

    assert "Aufzeichnung ansehen" not in client.get(SESSION_URL).content.decode()


def test_revoking_recording_consent_hides_recording(client, recorded, freeze):
    _session, profiles = recorded
    freeze(12, 0)
    assert "Aufzeichnung ansehen" in client.get(SESSION_URL).content.decode()

    speaker_services.revoke_consent(profile=profiles[1], kind=ConsentKind.RECORDING, actor=None)

    assert "Aufzeichnung ansehen" not in client.get(SESSION_URL).content.decode()


def test_recording_shown_when_edition_is_past(client, recorded):
    # Real time: the 2020 edition is long over.
    assert "Aufzeichnung ansehen" in client.get(SESSION_URL).content.decode()


def test_recording_needs_other_consents_not(client, recorded, freeze):
    session, profiles = recorded
    freeze(12, 0)
    speaker_services.revoke_consent(profile=profiles[0], kind=ConsentKind.RECORDING, actor=None)
    speaker_services.give_consent(profile=profiles[0], kind=ConsentKind.STREAMING, actor=None)

    assert "Aufzeichnung ansehen" not in client.get(SESSION_URL).content.decode()


def test_registration_admin_filters_flagged_access(admin_client, online):
    other = RegistrationFactory(category=online.category, last_name="Unauffaellig")
    for address in ["192.0.2.1", "192.0.2.2", "192.0.2.3"]:
        access.record_access_use(registration=online, address=address)

    flagged = admin_client.get(
        reverse("registration_admin:index"), {"online_access_flagged": "true"}
    ).content.decode()

    assert online.email in flagged and other.email not in flagged


def test_behind_a_load_balancer_the_forwarded_address_counts(client, programme, online, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for address in ["192.0.2.1", "198.51.100.2", "203.0.113.3"]:
        response = client.get(url_of(online), REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=address)
        assert response.status_code == 200
    assert [f.registration for f in access.flagged_registrations()] == [online]
    assert AccessUse.objects.filter(registration=online).count() == 3
