"""Emails per second sent by one outbox worker to a local SMTP sink.

A fresh PostgreSQL database ``congress_outboxbench``, N emails queued in the outbox (plain text
like a waiting-list or mode-switch notice without ticket), a local SMTP sink (tests/smtp_sink.py)
on a free port, then one ``manage.py send_outbox`` process (the sender of run_worker) over the SMTP
backend; prints the rate from the sender's own timing (without Django's start-up) and checks
that the sink received each email once. Target: 200 emails per second.

    .venv/bin/python bench/bench_outbox.py [--emails 3000]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402
    app_env,
    database_url,
    django_shell,
    migrate,
    recreate_database,
    result_line,
)
from tests.smtp_sink import SmtpSink  # noqa: E402

DB_NAME = "congress_outboxbench"

QUEUE = """
from congress.models import OutboxMessage
OutboxMessage.objects.all().delete()
from congress.outbox import new_email, enqueue_emails
enqueue_emails([new_email(kind="bench.note", to=f"p{i}@example.org", subject="Geänderte Durchführung",
                body="Guten Tag,\\n" + "Die Veranstaltung findet online statt.\\n" * 20) for i in range(%d)])
print("RESULT", OutboxMessage.objects.count())
"""

SEND = """
import time
from congress.outbox import send_due_messages
started = time.perf_counter()
done = send_due_messages()
print("RESULT", done["sent"], done["failed"], round(time.perf_counter() - started, 3))
"""


def measure(env: dict, emails: int) -> tuple[int, float]:
    django_shell(QUEUE % emails, env, quiet=True)
    sent, failed, seconds = result_line(django_shell(SEND, env, quiet=True)).split()
    assert int(failed) == 0, f"{failed} failed"
    return int(sent), float(seconds)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--emails", type=int, default=3000)
    args = parser.parse_args()
    recreate_database(DB_NAME)
    with SmtpSink() as sink:
        env = app_env(
            database_url(DB_NAME),
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(sink.port),
            OUTBOX_SEND_ON_COMMIT="0",
            REDIS_URL="",
        )
        migrate(env, collectstatic=False, quiet=True)
        sent, seconds = measure(env, args.emails)
        per_recipient = set(sink.by_recipient().values())
    print(f"one sender, SMTP sink on 127.0.0.1, PostgreSQL: {sent} emails in {seconds:.2f} s")
    print(
        f"{sent / seconds:.0f} emails/second (target 200); each received once: {per_recipient == {1}}"
    )


if __name__ == "__main__":
    main()
