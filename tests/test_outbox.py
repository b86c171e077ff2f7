"""The email outbox (congress.outbox): written with the change, claimed under a lease, retried
with backoff over about a day, resent by organisers; the health endpoint and the scheduler."""

import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import OperationalError, connection, transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from congress import outbox
from congress.models import LogEntry, OutboxMessage, PeriodicJob, WorkerHeartbeat
from congress.scheduler import Scheduler, beat, recover_stalled_tasks, take_job_lease

from .factories import EditionFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def queue(n=1, **kwargs):
    for i in range(n):
        values = {
            "kind": "test.note",
            "to": f"p{i}@example.org",
            "subject": "Hallo",
            "body": f"Text {i}",
        }
        outbox.enqueue_email(**{**values, **kwargs})


def later(**delta):
    return timezone.now() + dt.timedelta(**delta)


class DownBackend(EmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Verbindung verloren")


def test_email_is_written_with_the_change_and_rolls_back_with_it(settings):
    settings.OUTBOX_SEND_ON_COMMIT = False
    with pytest.raises(RuntimeError), transaction.atomic():
        queue()
        raise RuntimeError
    assert OutboxMessage.objects.count() == 0
    queue()
    assert OutboxMessage.objects.get().state == "waiting"
    assert mail.outbox == []


def test_without_worker_the_committing_process_sends_its_email(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue(kind="test.note", to="anna@example.org")
    message = OutboxMessage.objects.get()
    assert (message.state, message.attempts) == ("sent", 1)
    assert [m.to for m in mail.outbox] == [["anna@example.org"]]
    assert mail.outbox[0].extra_headers["Message-ID"] == message.message_id


def test_dedupe_key_queues_an_email_once(settings):
    settings.OUTBOX_SEND_ON_COMMIT = False
    queue(dedupe_key="once")
    queue(dedupe_key="once")
    assert OutboxMessage.objects.count() == 1


def test_unknown_attachment_builder_is_refused_when_queueing():
    with pytest.raises(ImportError):
        queue(attachments="registrations.emails.no_such_builder")


def test_two_claims_never_share_a_row_and_an_expired_lease_is_taken_over(settings):
    settings.OUTBOX_SEND_ON_COMMIT = False
    queue(5)
    first_token, first = outbox.claim_due_messages(size=3)
    second_token, second = outbox.claim_due_messages(size=3)
    assert len(first) == 3 and len(second) == 2
    assert not {m.pk for m in first} & {m.pk for m in second}
    assert outbox.claim_due_messages(size=3)[1] == []
    # The first sender died: after its lease the rows go to another one.
    lease = settings.OUTBOX_LEASE_SECONDS
    token, taken = outbox.claim_due_messages(size=10, now=later(seconds=lease + 1))
    assert len(taken) == 5
    # The dead sender cannot mark a row it lost as sent.
    outbox.mark_sent(message=first[0], token=first_token)
    assert OutboxMessage.objects.get(pk=first[0].pk).state == "waiting"


def test_failed_delivery_is_retried_with_backoff_then_given_up(settings):
    settings.OUTBOX_SEND_ON_COMMIT = False
    settings.EMAIL_BACKEND = f"{__name__}.DownBackend"
    queue()
    now = timezone.now()
    seen = []
    for _run in range(len(settings.OUTBOX_RETRY_DELAYS) + 1):
        assert outbox.send_due_messages(now=now) == {"sent": 0, "failed": 1}
        assert outbox.send_due_messages(now=now) == {"sent": 0, "failed": 0}  # not due yet
        message = OutboxMessage.objects.get()
        seen.append(round((message.next_attempt_at - now).total_seconds()))
        now = message.next_attempt_at
    assert seen[:3] == [60, 300, 900]
    assert sum(seen[:-1]) >= 24 * 3600  # longer than a day
    assert (message.state, message.attempts) == ("failed", 10)
    assert message.last_error == "SMTPServerDisconnected: Verbindung verloren"


def test_resend_puts_a_failed_row_back_and_copies_a_sent_one(settings, admin_user):
    settings.OUTBOX_SEND_ON_COMMIT = False
    edition = EditionFactory()
    queue(2, edition=edition)
    failed, sent = OutboxMessage.objects.order_by("pk")
    OutboxMessage.objects.filter(pk=failed.pk).update(state="failed", attempts=10)
    OutboxMessage.objects.filter(pk=sent.pk).update(state="sent", attempts=1)

    assert outbox.resend_message(message=failed, by_user=admin_user).pk == failed.pk
    copy = outbox.resend_message(message=sent, by_user=admin_user)

    failed.refresh_from_db()
    assert (failed.state, failed.attempts) == ("waiting", 0)
    assert (copy.state, copy.to, copy.body) == ("waiting", sent.to, sent.body)
    assert OutboxMessage.objects.get(pk=sent.pk).state == "sent"
    entries = LogEntry.objects.filter(action="email.resent", edition=edition)
    assert entries.count() == 2
    assert outbox.send_due_messages() == {"sent": 2, "failed": 0}


# Health ----------------------------------------------------------------------------------------


def test_health_reports_database_cache_worker_and_backlog(client, settings):
    settings.OUTBOX_SEND_ON_COMMIT = False
    queue(2)
    OutboxMessage.objects.update(next_attempt_at=later(minutes=-10), created_at=later(minutes=-10))
    response = client.get("/health/")
    data = response.json()
    assert response.status_code == 200
    assert data["checks"]["database"]["status"] == "ok"
    assert data["checks"]["cache"]["status"] == "ok"
    assert data["checks"]["outbox"]["status"] == "degraded"  # 10 minutes late
    assert data["checks"]["outbox"]["waiting"] == 2
    assert data["checks"]["outbox"]["oldest_due_age_seconds"] >= 600
    assert data["status"] == "degraded"
    assert "p0@example.org" not in response.content.decode()
    assert "no-cache" in response["Cache-Control"]
    assert "sessionid" not in response.cookies


def test_health_is_ok_with_a_fresh_worker_and_bounded_in_queries(
    client, settings, django_assert_max_num_queries
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    beat("w1")
    with django_assert_max_num_queries(3):
        data = client.get("/health/").json()
    assert data["status"] == "ok"
    assert data["checks"]["worker"]["heartbeat_age_seconds"] < 5
    WorkerHeartbeat.objects.update(beat_at=later(minutes=-5))
    data = client.get("/health/").json()
    assert (data["status"], data["checks"]["worker"]["status"]) == ("degraded", "degraded")


def test_health_answers_503_when_the_database_is_down(client, monkeypatch):
    def down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", down)
    response = client.get("/health/")
    monkeypatch.undo()
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == {"status": "down", "error": "OperationalError"}


def test_health_is_degraded_not_down_when_the_cache_fails(client, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr("congress.health.cache.set", broken)
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["checks"]["cache"] == {"status": "degraded", "error": "ConnectionError"}


# Scheduler and task recovery ---------------------------------------------------------------------


def test_exclusive_job_runs_once_per_interval_between_schedulers():
    assert take_job_lease("publish", every=60, holder="a")
    assert not take_job_lease("publish", every=60, holder="b")  # held
    PeriodicJob.objects.update(locked_until=None)
    assert not take_job_lease("publish", every=60, holder="b")  # ran less than 60 s ago
    assert take_job_lease("publish", every=60, holder="b", now=later(seconds=61))


def test_scheduler_tick_beats_and_runs_due_jobs(settings):
    settings.OUTBOX_SEND_ON_COMMIT = False
    queue(3)
    scheduler = Scheduler("w1", jobs={k: settings.PERIODIC_JOBS[k] for k in ("send_outbox",)})
    scheduler.tick(0.0)
    assert WorkerHeartbeat.objects.get().worker_id == "w1"
    assert len(mail.outbox) == 3


def _running_task(worker_id, started_at):
    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="congress.tasks.send_outbox",
        backend_name="default",
        run_after=started_at,
        started_at=started_at,
        worker_ids=[worker_id],
        exception_class_path="",
        traceback="",
    )


def test_tasks_of_a_dead_worker_are_queued_again(settings):
    now = timezone.now()
    beat("alive", now=now)
    beat("dead", now=now - dt.timedelta(minutes=5))
    alive = _running_task("alive", now - dt.timedelta(minutes=10))
    dead = _running_task("dead", now - dt.timedelta(minutes=10))
    unknown_recent = _running_task("plain-db-worker", now - dt.timedelta(minutes=10))
    unknown_old = _running_task("plain-db-worker", now - dt.timedelta(hours=2))

    assert recover_stalled_tasks(now=now) == 2

    states = {t.pk: t.status for t in DBTaskResult.objects.all()}
    assert states[alive.pk] == "RUNNING"
    assert states[unknown_recent.pk] == "RUNNING"
    assert states[dead.pk] == states[unknown_old.pk] == "READY"


def test_run_worker_once_runs_every_periodic_job(settings):
    from django.core.management import call_command

    settings.OUTBOX_SEND_ON_COMMIT = False
    queue(2)
    call_command("run_worker", "--once", "--worker-id", "cron")

    assert len(mail.outbox) == 2
    assert WorkerHeartbeat.objects.get().worker_id == "cron"
    finished = dict(PeriodicJob.objects.values_list("name", "last_finished_at"))
    assert set(finished) == {"publish_scheduled", "expire_registrations", "send_change_notices"}
    assert all(finished.values())
