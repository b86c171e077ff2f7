"""Background work of speakers. The email tasks the services enqueue live in outbox.py (they
must not import the services, which import them) and are re-exported here under their earlier
paths; the task here starts a business service.

The emails go through the outbox (congress.outbox), which retries failed deliveries over hours.
"""

import datetime as dt

from django_tasks import task

from congress.models import Edition

from .outbox import (  # noqa: F401 (public here, as before; stored task paths resolve)
    send_invitation_email,
    send_reminder_email,
)
from .services import send_reminders


@task()
def send_due_reminders(edition_id: int, kind: str, deadline: str) -> int:
    """Remind the edition's pending speakers; safe to run again (each reminder goes out once)."""
    return send_reminders(
        edition=Edition.objects.get(pk=edition_id),
        kind=kind,
        deadline=dt.date.fromisoformat(deadline),
    )
