"""Organisers see the outbox of their congress's editions (*Berichte → Postausgang*), filter it
by state, and send a failed or sent email again; others see nothing of it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from congress.models import LogEntry, OutboxMessage
from congress.outbox import enqueue_email

from .factories import EditionFactory, checkin_staff_of, organiser_of

pytestmark = [pytest.mark.integration, pytest.mark.django_db]
URL = "congress_outbox"


@pytest.fixture(autouse=True)
def _no_send(settings):
    settings.OUTBOX_SEND_ON_COMMIT = False


def queue(edition, to, state="waiting", **kwargs):
    message = enqueue_email(
        kind="registration.confirmed", edition=edition, to=to, subject="Hallo", body="Text"
    )
    OutboxMessage.objects.filter(pk=message.pk).update(state=state, **kwargs)
    return OutboxMessage.objects.get(pk=message.pk)


def test_organiser_sees_the_outbox_of_their_congress_only_and_filters_by_state(client):
    ours, theirs = EditionFactory(title="e-nrw 2026"), EditionFactory(title="Digitaler Staat")
    queue(ours, "wartet@example.org")
    queue(ours, "kaputt@example.org", state="failed", attempts=10, last_error="SMTP: 550")
    queue(theirs, "fremd@example.org")
    client.force_login(organiser_of(ours.congress))

    page = client.get(reverse(URL)).content.decode()
    failed = client.get(reverse(URL), {"state": "failed"}).content.decode()

    assert "wartet@example.org" in page and "kaputt@example.org" in page
    assert "fremd@example.org" not in page
    assert "kaputt@example.org" in failed and "wartet@example.org" not in failed
    assert "SMTP: 550" in failed and "Erneut senden" in failed


def test_checkin_staff_do_not_see_the_outbox(client):
    edition = EditionFactory()
    client.force_login(checkin_staff_of(edition))
    response = client.get(reverse(URL))
    assert (response.status_code, response["Location"]) == (302, "/admin/")


def _outbox_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(URL)).status_code == 200
    return len(queries)


def test_outbox_query_count_does_not_grow_with_emails(admin_client):
    edition = EditionFactory()
    for i in range(3):
        queue(edition, f"p{i}@example.org")
    few = _outbox_queries(admin_client)
    for i in range(40):
        queue(EditionFactory(), f"q{i}@example.org", state="sent")
    assert _outbox_queries(admin_client) == few


def test_organiser_sends_a_failed_email_again_and_it_is_logged(client, mailoutbox, settings):
    edition = EditionFactory()
    message = queue(edition, "kaputt@example.org", state="failed", attempts=10)
    organiser = organiser_of(edition.congress)
    client.force_login(organiser)

    response = client.post(reverse("congress_outbox_resend", args=[message.pk]))

    assert response.status_code == 302
    message.refresh_from_db()
    assert (message.state, message.attempts) == ("waiting", 0)
    entry = LogEntry.objects.get(action="email.resent")
    assert (entry.user, entry.edition_id) == (organiser, edition.pk)


def test_organiser_of_another_congress_cannot_resend(client):
    message = queue(EditionFactory(), "kaputt@example.org", state="failed")
    client.force_login(organiser_of(EditionFactory().congress))
    response = client.post(reverse("congress_outbox_resend", args=[message.pk]))
    assert response.status_code == 404
    assert OutboxMessage.objects.get(pk=message.pk).state == "failed"


def test_outbox_csv_export_neutralises_formulas(admin_client):
    edition = EditionFactory()
    queue(edition, "=cmd@example.org", state="failed", last_error="@SUM(A1:A9)")

    response = admin_client.get(reverse(URL), {"export": "csv"})

    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'=cmd@example.org" in body
    assert "'@SUM(A1:A9)" in body
