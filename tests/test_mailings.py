"""Mail to segments (issue 15, part 2): organisers pick attendees, speakers and moderators of an
edition, preview one message, send a test to themselves, then send through the outbox, once per
address and in each person's language; the mailing is kept with its count and its report."""

import datetime as dt
import re
from urllib.parse import urlparse

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from cms.mailings import services
from cms.mailings.models import Mailing
from cms.mailings.segments import Segment, segment_recipients
from congress.models import LogEntry, OutboxMessage
from congress.outbox import send_due_messages
from programme.enums import SpeakerRole
from registrations.enums import Attendance, RegistrationState
from registrations.models import CheckIn, ForumChoice, Registration
from speakers import services as speaker_services
from tests.factories import (
    EditionFactory,
    InvitationFactory,
    PersonFactory,
    RegistrationFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerProfileFactory,
    TicketCategoryFactory,
    TrackFactory,
    TrackModeratorFactory,
    UserFactory,
    forum_lead_of,
    organiser_of,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db]
COMPOSE = "cms_mailing_compose"


@pytest.fixture(autouse=True)
def _no_send(settings):
    settings.OUTBOX_SEND_ON_COMMIT = False


class Scene:
    """An edition with two categories, two forums, attendees on site and online in several
    states, one checked in, a speaker (also registered), a speaker known only by invitation and
    a moderator."""

    def __init__(self):
        self.edition = EditionFactory(title="e-nrw 2026")
        self.public = TicketCategoryFactory(edition=self.edition, name="Verwaltung")
        self.business = TicketCategoryFactory(edition=self.edition, name="Wirtschaft")
        self.forum_a = TrackFactory(edition=self.edition, title="KI", number=1)
        self.forum_b = TrackFactory(edition=self.edition, title="Cloud", number=2)
        reg = RegistrationFactory
        self.anna = reg(category=self.public, first_name="Anna", email="anna@example.org")
        self.ben = reg(
            category=self.business,
            first_name="Ben",
            email="ben@example.org",
            attendance=Attendance.ONLINE,
            language="en",
        )
        self.cleo = reg(
            category=self.public,
            first_name="Cleo",
            email="cleo@example.org",
            state=RegistrationState.WAITLISTED,
        )
        self.dora = reg(
            category=self.public,
            first_name="Dora",
            email="dora@example.org",
            state=RegistrationState.CANCELLED,
        )
        ForumChoice.objects.create(registration=self.anna, track=self.forum_a)
        ForumChoice.objects.create(registration=self.ben, track=self.forum_b)
        CheckIn.objects.create(registration=self.anna)
        # A speaker in forum A, registered too under the same address (other case).
        self.speaker = SpeakerProfileFactory(user__email="Anna@Example.org ")
        self.speaker.email = ""
        self.speaker.save()
        session = SessionFactory(track=self.forum_a, speakers=[self.speaker.person])
        # A speaker without profile: their invitation's address.
        self.invited = PersonFactory(first_name="Ida")
        InvitationFactory(person=self.invited, email="ida@example.org", sessions=[session])
        SessionSpeakerFactory(session=session, person=self.invited, sort_order=1)
        # A moderator of forum B, English.
        self.moderator = SpeakerProfileFactory(email="mo@example.org", language="en")
        TrackModeratorFactory(track=self.forum_b, person=self.moderator.person)
        # A session moderator in forum A.
        self.host = SpeakerProfileFactory(email="host@example.org")
        SessionSpeakerFactory(session=session, person=self.host.person, role=SpeakerRole.MODERATOR)


@pytest.fixture
def scene():
    return Scene()


def addresses(scene, **filters):
    segment = Segment(**filters)
    return sorted(
        r.email.lower() for r in segment_recipients(edition=scene.edition, segment=segment)
    )


def test_segment_without_filters_is_every_active_registration(scene):
    assert addresses(scene) == ["anna@example.org", "ben@example.org", "cleo@example.org"]


def test_segment_by_category(scene):
    assert addresses(scene, categories=(scene.business.pk,)) == ["ben@example.org"]


def test_segment_by_attendance(scene):
    assert addresses(scene, attendance=("online",)) == ["ben@example.org"]
    assert addresses(scene, attendance=("onsite",)) == ["anna@example.org", "cleo@example.org"]


def test_segment_by_state(scene):
    assert addresses(scene, states=("waitlisted",)) == ["cleo@example.org"]
    assert addresses(scene, states=("cancelled",)) == ["dora@example.org"]


def test_segment_by_forum(scene):
    assert addresses(scene, forums=(scene.forum_b.pk,)) == ["ben@example.org"]


def test_segment_by_check_in(scene):
    assert addresses(scene, checked_in="yes") == ["anna@example.org"]
    assert addresses(scene, checked_in="no") == ["ben@example.org", "cleo@example.org"]


def test_segment_of_speakers_takes_profile_account_or_invitation_address(scene):
    assert addresses(scene, registrants=False, speakers=True) == [
        "anna@example.org",
        "ida@example.org",
    ]


def test_segment_of_moderators_takes_forum_and_session_moderators(scene):
    assert addresses(scene, registrants=False, moderators=True) == [
        "host@example.org",
        "mo@example.org",
    ]


def test_segment_combination_of_filters_and_groups(scene):
    found = addresses(
        scene,
        forums=(scene.forum_a.pk,),
        attendance=("onsite",),
        checked_in="yes",
        speakers=True,
        moderators=True,
    )
    # Anna (registered, checked in, forum A and speaker there: once), Ida, the session host.
    assert found == ["anna@example.org", "host@example.org", "ida@example.org"]


def mailing(scene, user=None, **fields):
    values = {
        "edition": scene.edition,
        "segment": Segment(speakers=True, moderators=True).to_json(),
        "subject": "Neues zu {edition}",
        "body": "Hallo {name}, Ihre Foren: {forum}. Link: {link}",
        "subject_en": "News about {edition}",
        "body_en": "Hello {name}, your forums: {forum}. Link: {link}",
    }
    values.update(fields)
    return Mailing(**values)


def test_send_once_per_person_in_their_language_with_working_link(scene, client):
    organiser = organiser_of(scene.edition.congress)
    sent = services.send_mailing(mailing=mailing(scene), user=organiser)
    send_due_messages()

    by_address = {message.to[0].lower().strip(): message for message in mail.outbox}
    assert sorted(by_address) == [
        "anna@example.org",
        "ben@example.org",
        "cleo@example.org",
        "host@example.org",
        "ida@example.org",
        "mo@example.org",
    ]
    assert len(mail.outbox) == 6 == sent.recipients_count
    anna, ben, mo = (
        by_address["anna@example.org"],
        by_address["ben@example.org"],
        by_address["mo@example.org"],
    )
    assert anna.subject == "Neues zu e-nrw 2026"
    assert "Guten Tag Anna Mustermann" in anna.body and "Ihre Foren: Forum 1: KI." in anna.body
    assert "Ihre Anmeldung ansehen und verwalten:" in anna.body
    assert ben.subject == "News about e-nrw 2026"
    assert "Hello Ben Mustermann" in ben.body and "Manage your registration:" in ben.body
    assert "your forums: Forum 2: Cloud." in ben.body and "Guten Tag" not in ben.body
    assert mo.subject == "News about e-nrw 2026" and "Guten Tag" not in mo.body
    # Ben's private link opens his registration.
    link = re.search(r"Link: (\S+)", ben.body).group(1)
    response = client.get(urlparse(link).path)
    assert response.status_code == 200
    assert "Ben" in response.content.decode()


def test_german_text_for_english_recipient_without_english_version(scene):
    organiser = organiser_of(scene.edition.congress)
    services.send_mailing(
        mailing=mailing(scene, segment=Segment().to_json(), subject_en="", body_en=""),
        user=organiser,
    )
    send_due_messages()
    ben = next(m for m in mail.outbox if m.to == ["ben@example.org"])
    assert ben.subject == "Neues zu e-nrw 2026" and "Hallo Ben" in ben.body


def test_sending_the_same_mailing_twice_sends_nobody_twice(scene):
    organiser = organiser_of(scene.edition.congress)
    sent = services.send_mailing(mailing=mailing(scene), user=organiser)
    services.send_mailing(mailing=sent, user=organiser)
    send_due_messages()
    assert len(mail.outbox) == 6
    assert OutboxMessage.objects.filter(batch=f"mailing:{sent.pk}").count() == 6
    assert LogEntry.objects.filter(action="mailing.sent").count() == 2


def test_unknown_placeholder_is_a_german_form_error(scene, client):
    client.force_login(organiser_of(scene.edition.congress))
    response = client.post(
        reverse(COMPOSE, args=[scene.edition.pk]),
        {"registrants": "on", "subject": "Hallo", "body": "Hallo {vorname}", "action": "send"},
    )
    assert response.status_code == 400
    assert "Unbekannte Platzhalter: {vorname}" in response.content.decode()
    assert not Mailing.objects.exists() and not OutboxMessage.objects.exists()


def form_data(**extra):
    return {
        "registrants": "on",
        "subject": "Neues zu {edition}",
        "body": "Hallo {name}: {link}",
        **extra,
    }


def test_preview_shows_count_and_first_message(scene, client):
    client.force_login(organiser_of(scene.edition.congress))
    response = client.post(
        reverse(COMPOSE, args=[scene.edition.pk]), form_data(speakers="on", action="preview")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Das Rundschreiben geht an 4 Personen." in page
    assert "Neues zu e-nrw 2026" in page and "Hallo Anna Mustermann" in page
    assert not OutboxMessage.objects.exists() and not Mailing.objects.exists()


def test_test_send_goes_to_the_organiser_only(scene, client):
    organiser = organiser_of(scene.edition.congress, user=UserFactory(email="orga@example.org"))
    client.force_login(organiser)
    response = client.post(reverse(COMPOSE, args=[scene.edition.pk]), form_data(action="test"))
    assert response.status_code == 200
    send_due_messages()
    assert [m.to for m in mail.outbox] == [["orga@example.org"]]
    assert mail.outbox[0].subject == "[Test] Neues zu e-nrw 2026"
    assert "Hallo Anna Mustermann" in mail.outbox[0].body
    assert not Mailing.objects.exists()
    assert LogEntry.objects.filter(action="mailing.test_sent", user=organiser).count() == 1


def test_send_shows_progress_and_report_and_resends_failed(scene, client):
    organiser = organiser_of(scene.edition.congress)
    client.force_login(organiser)
    response = client.post(reverse(COMPOSE, args=[scene.edition.pk]), form_data(action="send"))
    sent = Mailing.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "cms_mailing", args=[sent.pk]
    )
    assert (sent.recipients_count, sent.created_by, sent.edition) == (3, organiser, scene.edition)

    page = client.get(reverse("cms_mailing", args=[sent.pk]))
    assert page["Refresh"] == "5"
    assert '<progress id="mailing-progress" max="3" value="0">' in page.content.decode()
    assert '<label for="mailing-progress">Versandfortschritt</label>' in page.content.decode()

    send_due_messages()
    OutboxMessage.objects.filter(to="cleo@example.org").update(state="failed", last_error="550")
    page = client.get(reverse("cms_mailing", args=[sent.pk]))
    text = page.content.decode()
    assert "Refresh" not in page
    assert 'max="3" value="2"' in text and "Der Versand ist abgeschlossen." in text
    assert "cleo@example.org" in text and "550" in text

    client.post(reverse("cms_mailing", args=[sent.pk]))
    assert OutboxMessage.objects.get(to="cleo@example.org").state == "waiting"
    assert LogEntry.objects.filter(action="email.resent").count() == 1

    listing = client.get(reverse("cms_mailings")).content.decode()
    assert "Neues zu {edition}" in listing and "<td>3</td>" in listing


def test_organiser_of_another_congress_and_forum_lead_are_refused(scene, client):
    other = EditionFactory()
    sent = services.send_mailing(mailing=mailing(scene), user=None)
    for user in (organiser_of(other.congress), forum_lead_of(scene.forum_a)):
        client.force_login(user)
        for response in (
            client.get(reverse(COMPOSE, args=[scene.edition.pk])),
            client.post(reverse(COMPOSE, args=[scene.edition.pk]), form_data(action="send")),
            client.get(reverse("cms_mailing", args=[sent.pk])),
            client.post(reverse("cms_mailing", args=[sent.pk])),
        ):
            assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert Mailing.objects.count() == 1
    client.force_login(organiser_of(other.congress))
    assert "Neues zu {edition}" not in client.get(reverse("cms_mailings")).content.decode()


def _send_queries(edition, n) -> int:
    category = TicketCategoryFactory(edition=edition)
    forum = TrackFactory(edition=edition)
    for i in range(n):
        registration = RegistrationFactory(category=category, email=f"r{n}-{i}@example.org")
        ForumChoice.objects.create(registration=registration, track=forum)
    for _i in range(3):
        SessionFactory(track=forum, speakers=[SpeakerProfileFactory().person])
    ContentType.objects.get_for_model(Mailing)  # cached for the process, as in production
    with CaptureQueriesContext(connection) as queries:
        sent = services.send_mailing(
            mailing=Mailing(
                edition=edition,
                segment=Segment(speakers=True, moderators=True).to_json(),
                subject="Hallo {name}",
                body="{forum} {link}",
            ),
            user=None,
        )
    assert sent.recipients_count == n + 3
    inserts = [q for q in queries if "INSERT" in q["sql"] and "congress_outboxmessage" in q["sql"]]
    return len(queries) - len(inserts), len(inserts)


def test_send_query_count_does_not_grow_with_recipients():
    """The same queries for 10 and 100 recipients; only the outbox INSERT is split in batches
    (one on PostgreSQL, SQLite's parameter limit splits it every ~55 rows)."""
    few, few_inserts = _send_queries(EditionFactory(), 10)
    many, many_inserts = _send_queries(EditionFactory(), 100)
    assert few == many == 10  # with the savepoint and its release
    assert few_inserts == 1
    assert many_inserts <= (1 if connection.vendor == "postgresql" else 2)


@pytest.mark.parametrize("language", ["de", "en"])
def test_registration_keeps_the_language_of_the_page_it_was_made_on(client, site_tree, language):
    edition = site_tree.edition
    edition.start_date = timezone.localdate() + dt.timedelta(days=30)
    edition.end_date = edition.start_date
    edition.save()
    category = TicketCategoryFactory(edition=edition)
    with translation.override(language):
        url = reverse("registrations:register", args=[edition.congress.slug, edition.year])
    values = {
        "category": category.pk,
        "attendance": Attendance.ONSITE,
        "first_name": "Erika",
        "last_name": "Mustermann",
        "email": "erika@example.org",
        "terms": "on",
    }
    assert client.post(url, values).status_code == 302
    assert Registration.objects.get(email="erika@example.org").language == language


def test_a_new_speaker_profile_takes_the_language_of_the_claim():
    invitation = InvitationFactory(state="accepted", email="neu@example.org")
    user = UserFactory(email="neu@example.org")
    profile = speaker_services.claim_invitation(invitation=invitation, user=user, language="en-gb")
    assert profile.language == "en"


def test_the_same_form_sent_twice_makes_one_mailing(scene, client):
    client.force_login(organiser_of(scene.edition.congress))
    url = reverse(COMPOSE, args=[scene.edition.pk])
    data = form_data(action="send", token="form-1")
    first, second = client.post(url, data), client.post(url, data)
    assert first["Location"] == second["Location"]
    assert Mailing.objects.count() == 1
    assert OutboxMessage.objects.count() == 3
    changed = client.post(url, {**data, "body": "Anderer Text"})
    assert changed.status_code == 400
    assert "Dieses Formular wurde bereits versandt." in changed.content.decode()
    assert OutboxMessage.objects.count() == 3


def _page_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_mailing_pages_keep_their_query_counts(scene, client):
    organiser = organiser_of(scene.edition.congress)
    client.force_login(organiser)
    first = services.send_mailing(mailing=mailing(scene), user=organiser)
    index, detail = reverse("cms_mailings"), reverse("cms_mailing", args=[first.pk])
    few = (_page_queries(client, index), _page_queries(client, detail))
    for i in range(5):
        services.send_mailing(mailing=mailing(scene, subject=f"Nr. {i}"), user=organiser)
    OutboxMessage.objects.update(state="failed")
    assert (_page_queries(client, index), _page_queries(client, detail)) == few


def test_menu_item_shows_for_organisers_only(scene, client):
    client.force_login(organiser_of(scene.edition.congress))
    assert reverse("cms_mailings") in client.get("/admin/").content.decode()
    client.force_login(forum_lead_of(scene.forum_a))
    assert reverse("cms_mailings") not in client.get("/admin/").content.decode()
    response = client.get(reverse("cms_mailings"))
    assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_speaker_without_account_gets_their_invitation_link(scene, client):
    services.send_mailing(
        mailing=mailing(scene, segment=Segment(registrants=False, speakers=True).to_json()),
        user=None,
    )
    send_due_messages()
    ida = next(m for m in mail.outbox if m.to == ["ida@example.org"])
    link = re.search(r"Link: (\S+)", ida.body).group(1)
    assert "/einladung/" in link
    assert client.get(urlparse(link).path).status_code == 200
    anna = next(m for m in mail.outbox if m.to[0].strip().lower() == "anna@example.org")
    assert re.search(r"Link: (\S+)", anna.body).group(1).endswith(reverse("speakers:portal"))


def test_an_empty_segment_sends_nothing_and_keeps_nothing(scene, client):
    client.force_login(organiser_of(scene.edition.congress))
    response = client.post(
        reverse(COMPOSE, args=[scene.edition.pk]),
        form_data(action="send", states=["refunded"]),
    )
    assert response.status_code == 400
    assert "Dieser Empfängerkreis ist leer; es wurde nichts versandt." in response.content.decode()
    assert not Mailing.objects.exists() and not OutboxMessage.objects.exists()
