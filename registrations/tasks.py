"""Background work of registrations: the tasks the services enqueue live in outbox.py (they must
not import the services, which import them) and are re-exported here under their earlier paths;
the tasks here start business services.
"""

from __future__ import annotations

from django_tasks import task

from .emails import (  # noqa: F401 (public here, as before)
    build_registration_email,
    manage_url,
    mode_switch_progress,
    ticket_filename,
)
from .outbox import (  # noqa: F401 (public here, as before; stored task paths resolve)
    refund_payment,
    send_mode_switch_notifications,
    send_registration_email,
)
from .services import expire_stale_registrations, offer_free_seats_everywhere


@task()
def expire_stale_registrations_task() -> int:
    count = expire_stale_registrations()
    offer_free_seats_everywhere()
    return count
