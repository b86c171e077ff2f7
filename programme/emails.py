"""Emails of the programme: a forum lead's session waiting for the organisers' approval.
Queued in the outbox (congress.outbox) in the transaction of the submission."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from congress.enums import Role
from congress.outbox import enqueue_emails, new_email


def organisers_of(congress_id: int):
    """Active users with the organiser role of the congress and an email address."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            role_assignments__role=Role.ORGANISER,
            role_assignments__congress_id=congress_id,
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def queue_approval_requests(*, session, task_state, submitted_by) -> int:
    """Tell the organisers of the session's congress that it waits for their approval (once per
    task state and person). Returns the number of emails queued."""
    edition = session.track.edition
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse(session.snippet_viewset.get_url_name("edit"), args=[session.pk])
        context = {
            "session": session,
            "forum": session.track,
            "edition": edition,
            "submitted_by": submitted_by,
            "url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path,
        }
        subject = render_to_string("programme/email/approval_subject.txt", context).strip()
        body = render_to_string("programme/email/approval.txt", context)
    messages = [
        new_email(
            kind="programme.approval_requested",
            edition=edition.pk,
            to=user.email,
            subject=subject,
            body=body,
            related=session,
            dedupe_key=f"programme.approval:{task_state.pk}:{user.pk}",
        )
        for user in organisers_of(edition.congress_id)
        if user != submitted_by
    ]
    if messages:
        enqueue_emails(messages)
    return len(messages)
