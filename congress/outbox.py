"""The email outbox: every outgoing email of the apps goes through here (allauth's own account
emails excepted, see docs/architecture.md).

Writing: a service calls :func:`enqueue_email` (or :func:`enqueue_emails` for a mass send)
inside the transaction of the change that causes the email. The row commits with the change or
not at all. Subject and body are rendered by the caller at that moment; attachments (ticket and
invoice PDFs, calendars) are built at send time by ``attachments``, the dotted path of a function
``builder(message) -> [(filename, content, mimetype), ...]`` that loads ``message.related_id``,
so rows stay small. A ``dedupe_key`` makes a second enqueue of the same email a no-op.

Sending: :func:`send_due_messages` (the periodic job of ``manage.py run_worker``, the
``send_outbox`` command and task) claims due rows with a lease (``SELECT ... FOR UPDATE SKIP
LOCKED`` then a conditional UPDATE; on SQLite the conditional UPDATE alone), sends them over one
connection and marks each sent right after the server accepted it. A failed delivery is tried
again after OUTBOX_RETRY_DELAYS (1 minute up to 10 hours, about 26 hours in all), then the row is
FAILED; nothing sleeps. A dead sender's lease expires and another sender takes its rows over.

Each row is sent at most once, with one honest exception: a sender killed after the mail server
accepted a message and before the row is marked sent (the time of one UPDATE) leaves the row
waiting, and the next sender delivers it again. Both copies carry the row's Message-ID, so mail
programs show one. Without a worker (OUTBOX_SEND_ON_COMMIT) the committing process sends the due
rows itself right after the commit, so development and the demo need no worker.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import logging
import threading
import time
import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection as db_connection
from django.db import models, transaction
from django.db.models import Count, F, Min, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from .audit import log_action
from .enums import LogAction, OutboxState
from .models import OutboxMessage

logger = logging.getLogger(__name__)
LEASE_MARGIN_SECONDS = 30  # a sender stops using a lease this long before it expires


def new_email(
    *,
    kind: str,
    to: str,
    subject: str,
    body: str,
    html: str = "",
    edition=None,
    related: models.Model | None = None,
    attachments: str = "",
    dedupe_key: str | None = None,
    batch: str = "",
    now: dt.datetime | None = None,
) -> OutboxMessage:
    """An unsaved outbox row (for :func:`enqueue_emails`); arguments as :func:`enqueue_email`."""
    if attachments:
        _builder(attachments)  # a typo fails in the service, not hours later in the sender
    now = now or timezone.now()
    return OutboxMessage(
        kind=kind,
        to=to,
        subject=" ".join(subject.split())[:255],
        body=body,
        html=html,
        edition_id=getattr(edition, "pk", edition),
        related_type=(
            ContentType.objects.get_for_model(related, for_concrete_model=False)
            if related
            else None
        ),
        related_id=str(related.pk) if related is not None else "",
        attachments=attachments,
        dedupe_key=dedupe_key,
        batch=batch,
        created_at=now,
        next_attempt_at=now,
    )


def enqueue_email(**kwargs) -> OutboxMessage:
    """Queue one email in the current transaction: ``kind`` (a dotted name such as
    "registration.confirmed", shown to organisers), ``to``, ``subject``, ``body``, optional
    ``html``, ``edition`` (whose organisers see it), ``related`` (the object the attachments are
    built from), ``attachments`` (dotted path of the builder), ``dedupe_key`` (queued once) and
    ``batch`` (a mass send, e.g. "mode-switch:12", for its progress)."""
    message = new_email(**kwargs)
    enqueue_emails([message])
    return message


def enqueue_emails(messages: list[OutboxMessage], *, batch_size: int = 1000) -> None:
    """Queue many rows in a few INSERTs; rows whose ``dedupe_key`` is queued already are
    skipped."""
    dedupe = any(m.dedupe_key for m in messages)
    OutboxMessage.objects.bulk_create(messages, batch_size=batch_size, ignore_conflicts=dedupe)
    if not settings.OUTBOX_SEND_ON_COMMIT:
        return
    if dedupe:  # bulk_create sets no primary keys when it may skip rows
        keys = [m.dedupe_key for m in messages if m.dedupe_key]
        pks = list(
            OutboxMessage.objects.filter(
                dedupe_key__in=keys, state=OutboxState.WAITING
            ).values_list("pk", flat=True)
        ) + [m.pk for m in messages if not m.dedupe_key and m.pk]
    else:
        pks = [m.pk for m in messages]
    _send_after_commit(pks)


@functools.cache
def _builder(path: str):
    return import_string(path)


# Sending -------------------------------------------------------------------------------------


def _send_after_commit(pks: list[int]) -> None:
    """Without a worker (OUTBOX_SEND_ON_COMMIT): the committing process sends the rows it
    queued right after the commit. Failed deliveries wait for ``manage.py run_worker`` or
    ``send_outbox``."""
    transaction.on_commit(functools.partial(send_messages_quietly, pks))


def send_messages_quietly(pks: list[int]) -> None:
    """:func:`send_due_messages` of some rows for an on-commit hook: a request never fails
    because of it."""
    try:
        send_due_messages(pks=pks)
    except Exception:  # the rows stay waiting; a later run sends them
        logger.exception("Sending the outbox after the commit failed")


def send_due_messages(
    *, limit: int | None = None, now: dt.datetime | None = None, pks: list[int] | None = None
) -> dict:
    """Claim and send due rows (of ``pks`` when given) until none is left (or ``limit`` were
    handled): counts of "sent" and "failed" (attempts that failed; the row waits for its next
    attempt or is FAILED). On PostgreSQL OUTBOX_SENDER_THREADS threads send at once, each with
    its own database and mail connection and its own claims (the waits of one overlap the work
    of the others)."""
    threads = settings.OUTBOX_SENDER_THREADS
    if pks is not None or db_connection.vendor != "postgresql" or db_connection.in_atomic_block:
        threads = 1
    done = {"sent": 0, "failed": 0}
    if threads == 1:
        with _commits_without_waiting_for_disk():
            _send_all(done, limit=limit, now=now, pks=pks)
        return done
    results = [{"sent": 0, "failed": 0} for _ in range(threads)]
    share = None if limit is None else -(-limit // threads)
    workers = [
        threading.Thread(target=_sender_thread, args=(result, share, now)) for result in results
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    for result in results:
        done["sent"] += result["sent"]
        done["failed"] += result["failed"]
    return done


def _sender_thread(done: dict, limit, now) -> None:
    try:
        with _commits_without_waiting_for_disk():
            _send_all(done, limit=limit, now=now, pks=None)
    except Exception:  # the rows stay leased until the lease ends, then another run sends them
        logger.exception("An outbox sender thread failed")
    finally:
        db_connection.close()


def _send_all(done: dict, *, limit, now, pks) -> None:
    while limit is None or done["sent"] + done["failed"] < limit:
        size = settings.OUTBOX_CLAIM_SIZE
        if limit is not None:
            size = min(size, limit - done["sent"] - done["failed"])
        token, rows = claim_due_messages(size=size, now=now, pks=pks)
        if not rows:
            break
        result = _send_claimed(token, rows, now=now)
        done["sent"] += result["sent"]
        done["failed"] += result["failed"]


def claim_due_messages(*, size: int, now: dt.datetime | None = None, pks=None):
    """Lease up to ``size`` due rows to a new token: (token, rows). Two senders never hold the
    same row: PostgreSQL skips rows another transaction locked; the UPDATE takes only rows whose
    lease is still free (SQLite, which locks the whole database, relies on that alone)."""
    now = now or timezone.now()
    token = uuid.uuid4().hex
    until = now + dt.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    due = OutboxMessage.objects.due(now)
    if pks is not None:
        due = due.filter(pk__in=pks)
    with transaction.atomic():
        candidates = due.order_by("next_attempt_at", "pk")
        if db_connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        claimed = list(candidates.values_list("pk", flat=True)[:size])
        if not claimed:
            return token, []
        due.filter(pk__in=claimed).update(locked_until=until, locked_by=token)
    rows = list(OutboxMessage.objects.filter(locked_by=token).order_by("next_attempt_at", "pk"))
    return token, rows


def _send_claimed(token: str, rows: list[OutboxMessage], *, now=None) -> dict:
    """Send the leased rows over one connection; stop before the lease could run out."""
    lease = settings.OUTBOX_LEASE_SECONDS
    deadline = time.monotonic() + lease - min(LEASE_MARGIN_SECONDS, lease / 4)
    done = {"sent": 0, "failed": 0}
    connection = None
    try:
        for message in rows:
            if time.monotonic() > deadline:
                break
            try:
                email = build_email(message)
                if connection is None:
                    connection = get_connection()
                    connection.open()
                connection.send_messages([email])
            except Exception as error:  # any failure: recorded on the row, retried later
                logger.warning("Outbox email %s to %s failed: %s", message.pk, message.to, error)
                record_failure(message=message, token=token, error=error, now=now)
                done["failed"] += 1
                connection = _close_quietly(connection)
                continue
            mark_sent(message=message, token=token, now=now)
            done["sent"] += 1
    finally:
        _close_quietly(connection)
        # Rows not reached (the lease ran short) are free again at once.
        OutboxMessage.objects.filter(locked_by=token, state=OutboxState.WAITING).update(
            locked_until=None, locked_by=""
        )
    return done


def _close_quietly(connection) -> None:
    if connection is None:
        return None
    try:
        connection.close()
    except Exception:  # a broken connection: nothing to close
        logger.info("Closing the mail connection failed", exc_info=True)
    return None


def build_email(message: OutboxMessage) -> EmailMultiAlternatives:
    """The email of a row, with its attachments built now and its stable Message-ID."""
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        headers={"Message-ID": message.message_id},
    )
    if message.html:
        email.attach_alternative(message.html, "text/html")
    if message.attachments:
        for filename, content, mimetype in _builder(message.attachments)(message):
            email.attach(filename, content, mimetype)
    return email


def mark_sent(*, message: OutboxMessage, token: str, now=None) -> None:
    """Record the delivery in its own short transaction (one autocommit UPDATE), only under our
    lease."""
    OutboxMessage.objects.filter(pk=message.pk, locked_by=token).update(
        state=OutboxState.SENT,
        sent_at=now or timezone.now(),
        attempts=F("attempts") + 1,
        last_error="",
        locked_until=None,
        locked_by="",
    )


@contextlib.contextmanager
def _commits_without_waiting_for_disk():
    """On PostgreSQL the sender's marks do not wait for the disk (``synchronous_commit`` off for
    this session while sending, reset after): a mark is visible to every other session at once
    and survives a killed worker; only a crash of the database server itself within a fraction
    of a second could undo the last marks, and those emails would go out a second time (with
    the same Message-ID). It halves the time per email."""
    postgres = db_connection.vendor == "postgresql" and not db_connection.in_atomic_block
    if postgres:
        with db_connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        if postgres:
            with db_connection.cursor() as cursor:
                cursor.execute("RESET synchronous_commit")


def next_attempt_delay(attempts: int) -> int | None:
    """Seconds before the next attempt after ``attempts`` failed ones; ``None``: give up."""
    delays = settings.OUTBOX_RETRY_DELAYS
    return delays[attempts - 1] if attempts <= len(delays) else None


def record_failure(*, message: OutboxMessage, token: str, error: BaseException, now=None) -> None:
    now = now or timezone.now()
    attempts = message.attempts + 1
    delay = next_attempt_delay(attempts)
    update = {
        "attempts": attempts,
        "last_error": f"{type(error).__name__}: {error}"[:1000],
        "locked_until": None,
        "locked_by": "",
    }
    if delay is None:
        update["state"] = OutboxState.FAILED
    else:
        update["next_attempt_at"] = now + dt.timedelta(seconds=delay)
    OutboxMessage.objects.filter(pk=message.pk, locked_by=token).update(**update)


# Organisers ----------------------------------------------------------------------------------


def resend_message(*, message: OutboxMessage, by_user=None) -> OutboxMessage:
    """ "Erneut senden": a FAILED row waits again (its attempts start anew); a SENT row is copied
    into a new waiting row (the sent one stays as the record). Logged."""
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().get(pk=message.pk)
        if message.state == OutboxState.WAITING:
            return message
        if message.state == OutboxState.FAILED:
            message.state = OutboxState.WAITING
            message.attempts = 0
            message.next_attempt_at = timezone.now()
            message.save(update_fields=["state", "attempts", "next_attempt_at"])
            queued = message
        else:
            queued = new_email(
                kind=message.kind,
                to=message.to,
                subject=message.subject,
                body=message.body,
                html=message.html,
                edition=message.edition_id,
                attachments=message.attachments,
                batch=message.batch,
            )
            queued.related_type_id = message.related_type_id
            queued.related_id = message.related_id
            queued.save()
        if settings.OUTBOX_SEND_ON_COMMIT:
            _send_after_commit([queued.pk])
        log_action(
            message,
            LogAction.EMAIL_RESENT,
            actor=by_user,
            edition=message.edition_id,
            data={"message": message.pk, "queued": queued.pk, "kind": message.kind},
        )
    return queued


def batch_progress(batch: str) -> dict[str, int]:
    """Total, sent, failed, waiting and retrying (waiting after a failed attempt) emails of a
    mass send, in one query."""
    counts = OutboxMessage.objects.in_batch(batch).aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(state=OutboxState.SENT)),
        failed=Count("pk", filter=Q(state=OutboxState.FAILED)),
        retrying=Count("pk", filter=Q(state=OutboxState.WAITING, attempts__gt=0)),
    )
    counts["waiting"] = counts["total"] - counts["sent"] - counts["failed"]
    return counts


def outbox_backlog(now: dt.datetime | None = None) -> dict:
    """For the health endpoint: the age in seconds of the oldest due waiting row (0 when none)
    and the number of FAILED rows, in one query."""
    now = now or timezone.now()
    counts = OutboxMessage.objects.aggregate(
        oldest_due=Min(
            "next_attempt_at", filter=Q(state=OutboxState.WAITING, next_attempt_at__lte=now)
        ),
        failed=Count("pk", filter=Q(state=OutboxState.FAILED)),
        waiting=Count("pk", filter=Q(state=OutboxState.WAITING)),
    )
    oldest = counts["oldest_due"]
    return {
        "waiting": counts["waiting"],
        "oldest_due_age_seconds": round((now - oldest).total_seconds(), 1) if oldest else 0,
        "failed": counts["failed"],
    }
