"""The periodic job of the change notices: waiting changes become one digest email per person.

Window: an edition's waiting changes (not of a held forum) go out once its first one is
CHANGE_NOTICE_WINDOW minutes old, all together: a burst of edits within the window makes one
digest per person, and a change after it the next digest. A session that moved and moved back
within the window has no net change and is not told about. A held forum's changes wait; once
released they go out with the next run, as one digest.

Each run locks the rows it sends (``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL), queues
the emails in the outbox and marks the rows sent in one transaction, so two workers or a second
run never send a change twice; the outbox dedupe key guards the same.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Min
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from congress.models import Edition
from congress.outbox import enqueue_emails, new_email

from .models import ScheduleChange
from .notices import ChangedSession, Recipient, recipients_for


def notice_window() -> dt.timedelta:
    return dt.timedelta(minutes=settings.CHANGE_NOTICE_WINDOW)


def waiting_changes():
    """Changes not told yet, of forums whose notices are not held."""
    return ScheduleChange.objects.filter(
        digest_sent_at__isnull=True, session__track__notices_held=False
    )


def send_change_notices(*, now: dt.datetime | None = None) -> dict[str, int]:
    """The job: queue the digests of every edition whose first waiting change is older than the
    window. Returns counts of "changes" handled and "emails" queued."""
    now = now or timezone.now()
    due = (
        waiting_changes()
        .values("session__track__edition_id")
        .annotate(first=Min("detected_at"))
        .filter(first__lte=now - notice_window())
        .order_by("session__track__edition_id")
    )
    done = {"changes": 0, "emails": 0}
    for edition_id in [row["session__track__edition_id"] for row in due]:
        result = send_edition_digest(edition_id=edition_id, now=now)
        done["changes"] += result["changes"]
        done["emails"] += result["emails"]
    return done


def _claim(edition_id: int) -> list[int]:
    """Lock the edition's waiting changes (skipping those another run holds)."""
    rows = waiting_changes().filter(session__track__edition_id=edition_id).order_by("pk")
    if connection.features.has_select_for_update_skip_locked:
        rows = rows.select_for_update(skip_locked=True, of=("self",))
    return list(rows.values_list("pk", flat=True))


def send_edition_digest(*, edition_id: int, now: dt.datetime) -> dict[str, int]:
    """Queue one email per person for the edition's waiting changes and mark them sent, in one
    transaction."""
    with transaction.atomic():
        claimed = _claim(edition_id)
        if not claimed:
            return {"changes": 0, "emails": 0}
        changes = net_changes(
            ScheduleChange.objects.filter(pk__in=claimed)
            .select_related("session__track")
            .order_by("detected_at", "pk")
        )
        emails = []
        if changes:
            edition = Edition.objects.get(pk=edition_id)
            recipients = recipients_for(edition=edition, changes=changes)
            digest = f"{edition_id}:{claimed[0]}-{claimed[-1]}"
            emails = [
                _email(recipient, edition=edition, changes=changes, digest=digest)
                for recipient in recipients
            ]
            enqueue_emails(emails)
        ScheduleChange.objects.filter(pk__in=claimed).update(digest_sent_at=now)
    return {"changes": len(claimed), "emails": len(emails)}


def net_changes(rows) -> list[ChangedSession]:
    """Per session, from the state before its first change to the state after its last; a
    session back where it was is left out. In the order of the sessions' new start."""
    by_session: dict[int, list[ScheduleChange]] = defaultdict(list)
    for row in rows:
        by_session[row.session_id].append(row)
    changes = []
    for session_rows in by_session.values():
        old, new = session_rows[0].old, session_rows[-1].new
        if old == new:
            continue
        session = session_rows[-1].session
        changes.append(
            ChangedSession(
                session_id=session.pk,
                track_id=session.track_id,
                is_main_stage=session.track.is_main_stage,
                title=session.title,
                track_label=str(session.track.label),
                old=old,
                new=new,
            )
        )
    changes.sort(key=lambda change: (change.starts_at, change.session_id))
    return changes


def _email(recipient: Recipient, *, edition, changes, digest: str):
    mine = [change for change in changes if change.session_id in recipient.session_ids]
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        subject = _("Programmänderung: %(edition)s") % {"edition": edition.title}
        body = render_to_string(
            "programme/email/change_notice.txt",
            {"recipient": recipient, "edition": edition, "changes": mine},
        )
    address = hashlib.sha256(recipient.key.encode()).hexdigest()[:24]
    return new_email(
        kind="programme.change_notice",
        to=recipient.email,
        subject=subject,
        body=body,
        edition=edition,
        dedupe_key=f"programme.change_notice:{digest}:{address}",
    )
