"""The one audit log (congress.LogEntry): written by the services and by Wagtail for every
registered model, read by organisers in each object's history and in the log per edition."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from congress.audit import log_action
from congress.enums import Role
from congress.models import LogEntry
from congress.services import assign_role
from registrations.enums import LogAction
from registrations.services import cancel_registration
from tests.factories import (
    EditionFactory,
    PersonFactory,
    RegistrationFactory,
    SessionFactory,
    TicketCategoryFactory,
    UserFactory,
    checkin_staff_of,
    organiser_of,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db]
LOG = "congress_log"


def test_log_action_records_actor_object_edition_and_data(admin_user):
    registration = RegistrationFactory(first_name="Łukasz", last_name="Żółć")

    entry = log_action(
        registration, LogAction.CANCELLED, actor=admin_user, data={"old": "confirmed"}
    )

    entry = LogEntry.objects.get(pk=entry.pk)
    assert entry.action == "registration.cancelled"
    assert entry.actor == admin_user
    assert entry.edition_id == registration.edition_id
    assert entry.object_id == str(registration.pk)
    assert entry.content_type.model_class().__name__ == "Registration"
    assert entry.label == f"Łukasz Żółć <{registration.email}>"
    assert entry.data == {"old": "confirmed"}
    assert entry.message == "Anmeldung storniert"
    assert list(LogEntry.objects.for_instance(registration)) == [entry]


def test_log_action_refuses_an_unregistered_action():
    registration = RegistrationFactory()

    with pytest.raises(ValueError, match="registration.canceled"):
        log_action(registration, "registration.canceled")

    assert LogEntry.objects.count() == 0


def test_anonymous_actor_is_logged_as_system(client):
    from django.contrib.auth.models import AnonymousUser

    entry = log_action(RegistrationFactory(), LogAction.CONFIRMED, actor=AnonymousUser())

    assert entry.user is None


def test_wagtail_history_of_programme_snippets_goes_to_the_one_log_with_its_edition():
    session = SessionFactory()

    session.save_revision().publish()

    entries = LogEntry.objects.for_instance(session)
    assert "wagtail.publish" in {e.action for e in entries}
    assert {e.edition_id for e in entries} == {session.track.edition_id}


def test_registration_history_view_shows_its_entries(admin_client):
    registration = RegistrationFactory(last_name="Ελένη")
    other = RegistrationFactory(last_name="Юлия")
    log_action(registration, LogAction.TICKET_RESENT)
    log_action(other, LogAction.CANCELLED)

    response = admin_client.get(reverse("registration_admin:history", args=[registration.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Ticket erneut gesendet" in page
    assert "Anmeldung storniert" not in page


def test_session_history_includes_entries_about_it_from_speakers(admin_client):
    session = SessionFactory(title="Digitale Kompetenzen")
    person = PersonFactory()
    log_action(person, "slides.uploaded", data={"session": session.pk, "person": person.pk})
    log_action(person, "consent.given", data={"person": person.pk})

    response = admin_client.get(
        reverse("wagtailsnippets_programme_session:history", args=[session.pk])
    )
    person_page = admin_client.get(
        reverse("wagtailsnippets_programme_person:history", args=[person.pk])
    ).content.decode()

    assert response.status_code == 200
    assert "Folien hochgeladen" in response.content.decode()
    assert "Einwilligung erteilt" not in response.content.decode()
    assert "Folien hochgeladen" in person_page and "Einwilligung erteilt" in person_page


def test_edition_log_filters_by_edition_and_action(admin_client):
    first = TicketCategoryFactory(edition=EditionFactory(title="e-nrw 2026"))
    second = TicketCategoryFactory(edition=EditionFactory(title="Digitaler Staat 2026"))
    log_action(RegistrationFactory(category=first, last_name="Quandt"), LogAction.CONFIRMED)
    log_action(RegistrationFactory(category=first, last_name="Xaver"), LogAction.CANCELLED)
    log_action(RegistrationFactory(category=second, last_name="Yilmaz"), LogAction.CONFIRMED)

    page = admin_client.get(reverse(LOG), {"edition": first.edition_id}).content.decode()
    cancelled = admin_client.get(
        reverse(LOG), {"edition": first.edition_id, "action": "registration.cancelled"}
    ).content.decode()

    assert "Quandt" in page and "Xaver" in page and "Yilmaz" not in page
    assert "Xaver" in cancelled and "Quandt" not in cancelled


def _log_queries(client, edition) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(LOG), {"edition": edition.pk}).status_code == 200
    return len(queries)


def test_edition_log_query_count_does_not_grow_with_entries(admin_client):
    category = TicketCategoryFactory()
    for registration in RegistrationFactory.create_batch(3, category=category):
        log_action(registration, LogAction.CONFIRMED)
    few = _log_queries(admin_client, category.edition)
    for registration in RegistrationFactory.create_batch(40, category=category):
        log_action(registration, LogAction.CONFIRMED)

    assert _log_queries(admin_client, category.edition) == few


def test_edition_log_is_refused_without_permission(client, django_user_model):
    user = django_user_model.objects.create_user("gast", password="x")
    client.force_login(user)

    assert client.get(reverse(LOG)).status_code in (302, 403)


def test_edition_log_exports_csv(admin_client):
    registration = RegistrationFactory(first_name="Юлия")
    log_action(registration, LogAction.CONFIRMED)

    response = admin_client.get(reverse(LOG), {"export": "csv"})

    body = (
        b"".join(response.streaming_content).decode()
        if response.streaming
        else response.content.decode()
    )
    assert response.status_code == 200
    assert "Юлия" in body


def test_organiser_reads_only_the_log_of_their_congress(client):
    ours = TicketCategoryFactory(edition=EditionFactory(title="e-nrw 2026"))
    theirs = TicketCategoryFactory(edition=EditionFactory(title="Digitaler Staat 2026"))
    log_action(RegistrationFactory(category=ours, last_name="Quandt"), LogAction.CONFIRMED)
    log_action(RegistrationFactory(category=theirs, last_name="Yilmaz"), LogAction.CONFIRMED)
    organiser = organiser_of(ours.edition.congress)
    client.force_login(organiser)

    page = client.get(reverse(LOG)).content.decode()
    other = client.get(reverse(LOG), {"edition": theirs.edition_id})

    assert "Quandt" in page and "Yilmaz" not in page
    # Another congress's edition is no valid choice of the filter: nothing of it is shown.
    assert "Yilmaz" not in other.content.decode()
    assert set(LogEntry.objects.viewable_by_user(organiser)) == set(
        LogEntry.objects.filter(edition=ours.edition)
    )


def test_checkin_staff_and_forum_leads_do_not_read_the_log(client):
    edition = EditionFactory()
    log_action(
        RegistrationFactory(category=TicketCategoryFactory(edition=edition)), LogAction.CONFIRMED
    )
    staff = checkin_staff_of(edition)
    client.force_login(staff)

    response = client.get(reverse(LOG))

    # Wagtail answers a refused admin page with a redirect to the dashboard and a message.
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert LogEntry.objects.viewable_by_user(staff).count() == 0


def test_assign_role_is_idempotent_and_logged(admin_user):
    edition = EditionFactory()
    user = UserFactory()

    first = assign_role(user=user, role=Role.CHECKIN, edition=edition, by_user=admin_user)
    again = assign_role(user=user, role=Role.CHECKIN, edition=edition, by_user=admin_user)

    assert first == again
    entry = LogEntry.objects.get(action="role.assigned")
    assert (entry.user, entry.edition, entry.data) == (
        admin_user,
        edition,
        {"user": user.pk, "role": "checkin"},
    )
    assert user.has_perm("registrations.check_in", edition)


def test_registration_inspect_view_has_a_history_panel_from_the_services(admin_client, admin_user):
    registration = RegistrationFactory(first_name="Łukasz", last_name="Żółć")
    cancel_registration(registration=registration, by_user=admin_user)

    response = admin_client.get(reverse("registration_admin:inspect", args=[registration.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Verlauf" in page and "Anmeldung storniert" in page
    assert reverse("registration_admin:history", args=[registration.pk]) in page
    entry = LogEntry.objects.for_instance(registration).get()
    assert (entry.action, entry.user, entry.data) == (
        "registration.cancelled",
        admin_user,
        {"old": "confirmed", "new": "cancelled"},
    )
