"""Mailings: render the organiser's text for each recipient, preview it, send a test to the
organiser and send it to the segment through the email outbox (congress.outbox), once per
address and in each recipient's language."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from congress.audit import log_action
from congress.enums import EmailLanguage, OutboxState
from congress.models import OutboxMessage
from congress.outbox import batch_progress, enqueue_email, enqueue_emails, new_email, resend_message

from ..enums import LogAction
from .models import Mailing
from .segments import Recipient, Segment, segment_recipients

PLACEHOLDERS = ("name", "link", "edition", "forum")
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
EMAIL_TEMPLATE = "cms/mailings/email.txt"
KIND = "cms.mailing"
TEST_KIND = "cms.mailing_test"


class MailingError(Exception):
    """A mailing refused, with a German message for the organiser (``field``: the form field
    it concerns, or None)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass
class MailingPreview:
    count: int
    recipient: Recipient | None
    to: str = ""
    subject: str = ""
    body: str = ""


def unknown_placeholders(text: str) -> list[str]:
    """The placeholders of ``text`` that are not ``{name}``, ``{link}``, ``{edition}`` or
    ``{forum}``, in order, each once."""
    unknown = []
    for match in PLACEHOLDER.finditer(text or ""):
        name = match.group(1)
        if name not in PLACEHOLDERS and match.group(0) not in unknown:
            unknown.append(match.group(0))
    return unknown


def check_placeholders(text: str, *, field: str | None = None) -> None:
    """``MailingError`` naming the unknown placeholders of ``text``."""
    unknown = unknown_placeholders(text)
    if unknown:
        raise MailingError(
            _(
                "Unbekannte Platzhalter: %(unknown)s. Erlaubt sind {name}, {link}, {edition} "
                "und {forum}."
            )
            % {"unknown": ", ".join(unknown)},
            field=field,
        )


def check_mailing(mailing: Mailing) -> None:
    for field in ("subject", "body", "subject_en", "body_en"):
        check_placeholders(getattr(mailing, field), field=field)
    if not (mailing.subject.strip() and mailing.body.strip()):
        raise MailingError(_("Bitte geben Sie Betreff und Text an."), field="body")


def _fill(text: str, values: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def render_message(mailing: Mailing, recipient: Recipient) -> tuple[str, str]:
    """Subject and body for ``recipient``: the English text for English recipients when it is
    given, else the German one; greeting, footer and link label in their language."""
    language = recipient.language if recipient.language in EmailLanguage.values else "de"
    english = language == EmailLanguage.EN
    subject = mailing.subject_en if english and mailing.subject_en.strip() else mailing.subject
    body = mailing.body_en if english and mailing.body_en.strip() else mailing.body
    with translation.override(language):
        values = {
            "name": recipient.name,
            "link": recipient.link,
            "edition": mailing.edition.title,
            "forum": ", ".join(str(track.label) for track in recipient.forums),
        }
        text = get_template(EMAIL_TEMPLATE).render(
            {
                "name": recipient.name,
                "body": _fill(body, values).strip(),
                "edition": mailing.edition.title,
                "link": recipient.link,
                "kind": recipient.kind,
            }
        )
    return _fill(subject, values), text


def recipients_of(mailing: Mailing) -> list[Recipient]:
    return segment_recipients(edition=mailing.edition, segment=Segment.from_json(mailing.segment))


def preview_mailing(*, mailing: Mailing) -> MailingPreview:
    """The number of recipients and the message of the first of them (nothing is written)."""
    check_mailing(mailing)
    recipients = recipients_of(mailing)
    if not recipients:
        return MailingPreview(count=0, recipient=None)
    subject, body = render_message(mailing, recipients[0])
    return MailingPreview(
        count=len(recipients),
        recipient=recipients[0],
        to=recipients[0].email,
        subject=subject,
        body=body,
    )


@transaction.atomic
def send_test_mailing(*, mailing: Mailing, user) -> OutboxMessage:
    """The message of the segment's first recipient (else one with the user's own name) to the
    user's own address, through the outbox, marked as a test. Logged."""
    check_mailing(mailing)
    to = (getattr(user, "email", "") or "").strip()
    if not to:
        raise MailingError(_("Ihr Benutzerkonto hat keine E-Mail-Adresse für den Testversand."))
    recipients = recipients_of(mailing)
    recipient = recipients[0] if recipients else None
    if recipient is None:
        name = user.get_full_name() or user.get_username()
        recipient = Recipient(email=to, name=name, language="de", kind="test", link="")
    subject, body = render_message(mailing, recipient)
    message = enqueue_email(
        kind=TEST_KIND,
        edition=mailing.edition_id,
        to=to,
        subject=_("[Test] %(subject)s") % {"subject": subject},
        body=body,
    )
    log_action(
        mailing.edition,
        LogAction.MAILING_TEST_SENT,
        actor=user,
        edition=mailing.edition_id,
        data={"subject": mailing.subject, "to": to, "recipients": len(recipients)},
    )
    return message


def mailing_batch(mailing: Mailing) -> str:
    return f"mailing:{mailing.pk}"


def dedupe_key(mailing: Mailing, recipient: Recipient) -> str:
    digest = hashlib.sha256(recipient.key.encode()).hexdigest()[:40]
    return f"mailing:{mailing.pk}:{digest}"


def send_mailing(*, mailing: Mailing, user) -> Mailing:
    """Save ``mailing`` (when new) and queue one message per recipient in the outbox, in one
    transaction; sending the same mailing again queues nobody twice (the outbox's dedupe key
    of mailing and address). Records the sending time and the recipients' count. Logged."""
    check_mailing(mailing)
    now = timezone.now()
    with transaction.atomic():
        recipients = recipients_of(mailing)
        if not recipients:
            raise MailingError(_("Dieser Empfängerkreis ist leer; es wurde nichts versandt."))
        if mailing.pk is None:
            mailing.created_by = user if getattr(user, "is_authenticated", False) else None
            mailing = _save_once(mailing)
        batch = mailing_batch(mailing)
        messages = []
        for recipient in recipients:
            subject, body = render_message(mailing, recipient)
            messages.append(
                new_email(
                    kind=KIND,
                    to=recipient.email,
                    subject=subject,
                    body=body,
                    edition=mailing.edition_id,
                    related=mailing,
                    dedupe_key=dedupe_key(mailing, recipient),
                    batch=batch,
                    now=now,
                )
            )
        enqueue_emails(messages)
        mailing.batch = batch
        mailing.sent_at = mailing.sent_at or now
        mailing.recipients_count = OutboxMessage.objects.in_batch(batch).count()
        mailing.save(update_fields=["batch", "sent_at", "recipients_count"])
        log_action(
            mailing,
            LogAction.MAILING_SENT,
            actor=user,
            edition=mailing.edition_id,
            data={"recipients": mailing.recipients_count, "segment": mailing.segment},
        )
    return mailing


def _save_once(mailing: Mailing) -> Mailing:
    """Save a new mailing; one with the token of a saved one (its form sent again) is that
    one."""
    if not mailing.token:
        mailing.save()
        return mailing
    existing = Mailing.objects.filter(token=mailing.token).first()
    if existing is not None:
        return _same_mailing(existing, mailing)
    try:
        with transaction.atomic():
            mailing.save()
    except IntegrityError:  # the same form, sent at the same moment
        return _same_mailing(Mailing.objects.get(token=mailing.token), mailing)
    return mailing


def _same_mailing(existing: Mailing, mailing: Mailing) -> Mailing:
    fields = ("edition_id", "segment", "subject", "body", "subject_en", "body_en")
    if any(getattr(existing, f) != getattr(mailing, f) for f in fields):
        raise MailingError(
            _(
                "Dieses Formular wurde bereits versandt. Bitte beginnen Sie für einen anderen "
                "Text oder Empfängerkreis ein neues Rundschreiben."
            )
        )
    return existing


def mailing_progress(mailing: Mailing) -> dict[str, int]:
    """Total, sent, failed, waiting and retrying messages, with the percentage sent."""
    progress = batch_progress(mailing.batch) if mailing.batch else batch_progress("-")
    total = progress["total"]
    progress["percent"] = round(100 * progress["sent"] / total) if total else 0
    progress["done"] = progress["waiting"] == 0
    return progress


def resend_failed_messages(*, mailing: Mailing, user) -> int:
    """Every failed message of the mailing waits again (congress.outbox.resend_message, logged
    per message); the number of them."""
    failed = list(
        OutboxMessage.objects.in_batch(mailing.batch).filter(state=OutboxState.FAILED)
        if mailing.batch
        else []
    )
    with transaction.atomic():
        for message in failed:
            resend_message(message=message, by_user=user)
        if failed:
            log_action(
                mailing,
                LogAction.MAILING_RESENT,
                actor=user,
                edition=mailing.edition_id,
                data={"messages": len(failed)},
            )
    return len(failed)
