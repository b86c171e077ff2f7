"""The entries of the three old audit tables (registrations.RegistrationLogEntry,
speakers.AuditEntry and the ModeSwitch rows) are carried over into the one audit log."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = [
    pytest.mark.integration,
    # Migrating needs real transactions; serialized_rollback restores the rows of the
    # migrations (content types, the page tree) for the tests that run after this one.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BEFORE = [
    ("congress", "0004_logentry"),
    ("programme", "0003_online_links_and_recordings"),
    ("registrations", "0003_invoice_seller_snapshot"),
    ("speakers", "0002_private_photo_and_reminder_delivery"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _old_rows(apps):
    """An edition with a registration, a mode switch and a speaker's consent, with their old
    audit entries, written with the historical models."""
    now = timezone.now()
    congress = apps.get_model("congress", "Congress").objects.create(name="e-nrw", slug="e-nrw")
    edition = apps.get_model("congress", "Edition").objects.create(
        congress=congress,
        year=2021,
        title="e-nrw 2021",
        start_date=dt.date(2021, 11, 10),
        end_date=dt.date(2021, 11, 10),
    )
    category = apps.get_model("registrations", "TicketCategory").objects.create(
        edition=edition, name="Verwaltung"
    )
    registration = apps.get_model("registrations", "Registration").objects.create(
        edition=edition,
        category=category,
        first_name="Ελένη",
        last_name="Παπαδοπούλου",
        email="eleni@example.org",
        terms_accepted_at=now,
    )
    old_log = apps.get_model("registrations", "RegistrationLogEntry").objects
    old_log.create(registration=registration, action="created", data={"state": "confirmed"})
    old_log.create(
        registration=registration, action="state", data={"old": "confirmed", "new": "cancelled"}
    )
    old_log.create(registration=registration, action="invoiced", data={"number": "RE-1"})
    apps.get_model("registrations", "ModeSwitch").objects.create(
        edition=edition, old_mode="in_person", new_mode="online", effects={"emails": 3}
    )
    person = apps.get_model("programme", "Person").objects.create(
        first_name="Юлия", last_name="Иванова", slug="julia"
    )
    profile = apps.get_model("speakers", "SpeakerProfile").objects.create(person=person)
    consent = apps.get_model("speakers", "Consent").objects.create(
        profile=profile, kind="recording"
    )
    apps.get_model("speakers", "AuditEntry").objects.create(
        action="consent.give",
        object_repr=str(person.first_name),
        data={"model": "speakers.consent", "pk": consent.pk, "kind": "recording"},
    )
    return edition, registration, person


def test_old_audit_entries_are_carried_over_into_the_one_log():
    apps = _migrate(BEFORE)
    edition, registration, person = _old_rows(apps)

    apps = _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    log = apps.get_model("congress", "LogEntry").objects
    by_object = {
        (e.content_type.model, e.object_id, e.action): e for e in log.select_related("content_type")
    }
    created = by_object[("registration", str(registration.pk), "registration.created")]
    assert created.edition_id == edition.pk
    assert created.label == "Ελένη Παπαδοπούλου <eleni@example.org>"
    assert ("registration", str(registration.pk), "registration.cancelled") in by_object
    assert ("registration", str(registration.pk), "invoice.issued") in by_object
    switch = by_object[("edition", str(edition.pk), "edition.mode_switched")]
    assert switch.data["new_mode"] == "online" and switch.data["effects"] == {"emails": 3}
    consent = by_object[("person", str(person.pk), "consent.given")]
    assert consent.data["kind"] == "recording" and consent.data["person"] == person.pk
    assert log.count() == 5
    tables = connection.introspection.table_names()
    assert "registrations_registrationlogentry" not in tables
    assert "speakers_auditentry" not in tables
