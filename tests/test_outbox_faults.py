"""Fault tests of the outbox on PostgreSQL, with real processes: workers (``manage.py
run_worker``, ``send_outbox``) started on the test database and killed, and an SMTP sink
(tests/smtp_sink.py) on a free port.

- a worker killed by SIGKILL in the middle of 800 mode-switch emails: a new worker takes the
  dead one's rows over after their lease, and every person has exactly one email (one distinct
  Message-ID; see congress/outbox.py for the one re-delivery a kill can cause at worst);
- the mail server down for longer than the old retry window (6 s, then hours): every email is
  delivered exactly once after it returns (time moves by the sender's ``now``, nobody sleeps);
- two senders at once never send a row twice.
"""

import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from congress.enums import EditionMode
from congress.models import OutboxMessage
from congress.outbox import enqueue_email, send_due_messages
from registrations import services
from registrations.enums import Attendance, RegistrationState
from registrations.models import Registration
from tests.factories import EditionFactory, TicketCategoryFactory

from .smtp_sink import SmtpSink

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]
ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def worker_env(smtp_port: int, **extra) -> dict:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "congress.settings.test",
        "DATABASE_URL": url,
        "TEST_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_TIMEOUT": "5",
        "OUTBOX_SEND_ON_COMMIT": "0",
        "OUTBOX_POLL_SECONDS": "0.2",
        "OUTBOX_LEASE_SECONDS": "4",
        "OUTBOX_CLAIM_SIZE": "20",
        "OUTBOX_SENDER_THREADS": "4",
        **extra,
    }


def start(args: list[str], env: dict) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 (our own manage.py)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def wait_for(condition, timeout: float, step: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


def kill(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def waiting() -> int:
    return OutboxMessage.objects.filter(state="waiting").count()


def test_worker_killed_mid_mode_switch_every_person_gets_exactly_one_email(settings):
    settings.OUTBOX_SEND_ON_COMMIT = False
    n = 800
    edition = EditionFactory(mode=EditionMode.IN_PERSON, onsite_capacity=None)
    category = TicketCategoryFactory(edition=edition)
    Registration.objects.bulk_create(
        Registration(
            edition=edition,
            category=category,
            state=RegistrationState.WAITLISTED if i % 2 else RegistrationState.CONFIRMED,
            attendance=Attendance.ONSITE,
            first_name="Erika",
            last_name=f"Muster {i}",
            email=f"person{i}@example.org",
            terms_accepted_at=timezone.now(),
        )
        for i in range(n)
    )
    switch = services.switch_edition_mode(edition=edition, mode=EditionMode.ONLINE)
    assert switch.effects["emails"] == n == waiting()

    with SmtpSink() as sink:
        env = worker_env(sink.port)
        first = start(["run_worker", "--scheduler-only", "--interval", "0.1"], env)
        try:
            assert wait_for(lambda: len(sink.messages) >= 150, timeout=120)
        finally:
            kill(first)  # SIGKILL in the middle of the batch
        assert 0 < waiting() < n  # emails left unsent, some rows still leased by the dead one

        second = start(["run_worker", "--scheduler-only", "--interval", "0.1"], env)
        try:
            assert wait_for(lambda: waiting() == 0, timeout=240, step=0.5)
        finally:
            kill(second)

        expected = {f"person{i}@example.org" for i in range(n)}
        distinct = sink.distinct_by_recipient()
        assert set(distinct) == expected
        assert set(distinct.values()) == {1}
        raw = sink.by_recipient()
        # At worst the emails in flight at the kill, one per sender thread (OUTBOX_SENDER_THREADS
        # of worker_env): accepted by the mail server, not yet marked sent; each a copy with the
        # same Message-ID (counted once above).
        assert sum(raw.values()) - n <= 4
    assert OutboxMessage.objects.filter(state="sent").count() == n


def test_smtp_down_longer_than_the_old_retry_window_delivers_each_email_once(settings):
    settings.OUTBOX_SEND_ON_COMMIT = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port = free_port()  # nothing listens: connection refused
    settings.EMAIL_TIMEOUT = 5
    for i in range(30):
        enqueue_email(kind="test.note", to=f"p{i}@example.org", subject="Hallo", body="Text")

    now = timezone.now()
    for hours in (0, 1, 3):  # down for three hours: three rounds of failed attempts
        assert send_due_messages(now=now + dt.timedelta(hours=hours)) == {"sent": 0, "failed": 30}
    assert set(OutboxMessage.objects.values_list("state", "attempts")) == {("waiting", 3)}

    with SmtpSink(port=port) as sink:  # the mail server is back
        later = now + dt.timedelta(hours=5)
        assert send_due_messages(now=later) == {"sent": 30, "failed": 0}
        assert send_due_messages(now=later + dt.timedelta(days=2)) == {"sent": 0, "failed": 0}
        assert sink.by_recipient() == {f"p{i}@example.org": 1 for i in range(30)}
    assert set(OutboxMessage.objects.values_list("state", flat=True)) == {"sent"}


def test_two_senders_at_once_never_send_a_row_twice(settings):
    settings.OUTBOX_SEND_ON_COMMIT = False
    n = 400
    for i in range(n):
        enqueue_email(kind="test.note", to=f"p{i}@example.org", subject="Hallo", body="Text")

    with SmtpSink() as sink:
        env = worker_env(sink.port, OUTBOX_CLAIM_SIZE="5")
        senders = [start(["send_outbox"], env) for _ in range(2)]
        try:
            for sender in senders:
                assert sender.wait(timeout=180) == 0
        finally:
            for sender in senders:
                kill(sender)
        assert sink.by_recipient() == {f"p{i}@example.org": 1 for i in range(n)}
    assert OutboxMessage.objects.filter(state="sent").count() == n
