"""Two workers running the change-notice job at the same moment queue each digest once: on
PostgreSQL the rows are claimed with SELECT ... FOR UPDATE SKIP LOCKED and marked in the
transaction that queues the emails.

Runs only on PostgreSQL (``DATABASE_URL=postgres://...``); SQLite serialises writers anyway.
"""

import datetime as dt
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.utils import timezone

from congress.models import OutboxMessage
from programme.enums import TrackKind
from programme.models import ScheduleChange, Session
from programme.notice_digest import send_change_notices
from registrations.models import ForumChoice
from tests.factories import (
    EditionFactory,
    RegistrationFactory,
    SessionFactory,
    SpeakerProfileFactory,
    TicketCategoryFactory,
    TrackFactory,
)

WORKERS = 8

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent PostgreSQL"),
]


def move(session):
    session = Session.objects.get(pk=session.pk)
    session.starts_at += dt.timedelta(hours=1)
    session.ends_at += dt.timedelta(hours=1)
    session.save_revision().publish()


def test_job_run_by_many_workers_at_once_queues_each_email_once(settings):
    settings.OUTBOX_SEND_ON_COMMIT = False
    edition = EditionFactory()
    forum = TrackFactory(edition=edition)
    main = TrackFactory(edition=edition, kind=TrackKind.MAIN_STAGE, number=None)
    speaker = SpeakerProfileFactory()
    session = SessionFactory(track=forum, speakers=[speaker.person])
    keynote = SessionFactory(track=main, slot=2)
    category = TicketCategoryFactory(edition=edition)
    for _ in range(20):
        registration = RegistrationFactory(category=category)
        ForumChoice.objects.create(registration=registration, track=forum)
    move(session)
    move(keynote)
    now = timezone.now() + dt.timedelta(minutes=16)
    start = threading.Barrier(WORKERS)

    def worker(n):
        try:
            start.wait(timeout=30)
            return send_change_notices(now=now)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        results = list(pool.map(worker, range(WORKERS)))

    assert sum(r["emails"] for r in results) == 21
    assert sum(r["changes"] for r in results) == 2
    queued = Counter(
        OutboxMessage.objects.filter(kind="programme.change_notice").values_list("to", flat=True)
    )
    assert len(queued) == 21
    assert set(queued.values()) == {1}
    assert not ScheduleChange.objects.filter(digest_sent_at__isnull=True).exists()
