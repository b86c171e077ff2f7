"""Forum leads at work: they edit their forum's sessions and submit them to the workflow
"Programmfreigabe"; the organisers of the congress approve, which publishes. On the admin's
dashboard a forum lead sees how many registrations chose their forum, and nothing else."""

import pytest
from django.urls import reverse
from wagtail.models import TaskState, WorkflowState

from congress.models import OutboxMessage
from programme.models import Session
from registrations.enums import Attendance, RegistrationState
from registrations.models import ForumChoice

from .factories import (
    CongressFactory,
    EditionFactory,
    RegistrationFactory,
    RoomFactory,
    SessionFactory,
    TicketCategoryFactory,
    TrackFactory,
    forum_lead_of,
    organiser_of,
)
from .htmlparse import form_data

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

DASHBOARD = reverse("wagtailadmin_home")
PUBLIC_TITLE = "Verwaltung im Wandel"


def session_url(name, *args):
    return reverse(Session.snippet_viewset.get_url_name(name), args=args)


@pytest.fixture
def forum():
    edition = EditionFactory(congress=CongressFactory(name="e-nrw", slug="e-nrw"))
    return TrackFactory(edition=edition, title="Forum 3: Digitale Schule", room=RoomFactory())


@pytest.fixture
def session(forum):
    return SessionFactory(track=forum, title=PUBLIC_TITLE)


def submit_new_title(client, session, title):
    url = session_url("edit", session.pk)
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page.content.decode(), "w-editor-form")
    data["title"] = [title]
    data["action-submit"] = ["action-submit"]
    return client.post(url, data)


def waiting_task_state(session):
    return TaskState.objects.get(
        workflow_state__object_id=str(session.pk), status=TaskState.STATUS_IN_PROGRESS
    )


def test_forum_lead_sees_submit_but_not_publish(client, forum, session):
    client.force_login(forum_lead_of(forum))

    body = client.get(session_url("edit", session.pk)).content.decode()

    assert 'name="action-submit"' in body
    assert 'name="action-publish"' not in body


def test_forum_lead_cannot_publish_by_posting_the_action(client, forum, session):
    client.force_login(forum_lead_of(forum))
    url = session_url("edit", session.pk)
    data = form_data(client.get(url).content.decode(), "w-editor-form")
    data.update(title=["Selbst veröffentlicht"], **{"action-publish": ["action-publish"]})

    client.post(url, data)

    session.refresh_from_db()
    assert session.title == PUBLIC_TITLE


def test_submitted_session_waits_for_the_organisers_and_is_published_on_approval(
    client, forum, session
):
    lead = forum_lead_of(forum)
    client.force_login(lead)

    response = submit_new_title(client, session, "Schule digital neu gedacht")

    assert response.status_code == 302
    session.refresh_from_db()
    assert session.title == PUBLIC_TITLE  # still the published text
    assert session.workflow_in_progress
    # While it waits, the forum lead cannot change it any more.
    assert "Schule digital neu gedacht" in client.get(DASHBOARD).content.decode()

    other_organiser = organiser_of(CongressFactory(name="Digitaler Staat", slug="ds"))
    client.force_login(other_organiser)
    assert "Schule digital neu gedacht" not in client.get(DASHBOARD).content.decode()

    organiser = organiser_of(forum.edition.congress)
    client.force_login(organiser)
    assert "Schule digital neu gedacht" in client.get(DASHBOARD).content.decode()
    task_state = waiting_task_state(session)
    approve = session_url("workflow_action", session.pk, "approve", task_state.pk)

    response = client.post(approve)

    assert (response.status_code, response.url) == (302, session_url("edit", session.pk))
    session.refresh_from_db()
    assert (session.title, session.live, session.has_unpublished_changes) == (
        "Schule digital neu gedacht",
        True,
        False,
    )
    assert WorkflowState.objects.get(object_id=str(session.pk)).status == "approved"


def test_organisers_are_told_by_email_through_the_outbox(
    client, forum, session, mailoutbox, django_capture_on_commit_callbacks
):
    organiser = organiser_of(forum.edition.congress)
    organiser.email = "orga@e-nrw.example"
    organiser.save()
    lead = forum_lead_of(forum)
    lead.first_name, lead.last_name = "Łukasz", "Nowak"
    lead.save()
    client.force_login(lead)

    with django_capture_on_commit_callbacks(execute=True):
        submit_new_title(client, session, "Юлия und Ελένη im Gespräch")

    queued = OutboxMessage.objects.get(kind="programme.approval_requested")
    assert (queued.to, queued.state) == ("orga@e-nrw.example", "sent")
    assert queued.subject == "Zur Freigabe: Юлия und Ελένη im Gespräch"
    sent = next(m for m in mailoutbox if m.to == ["orga@e-nrw.example"])
    assert "Łukasz Nowak hat einen Programmpunkt" in sent.body
    edit_path = session_url("edit", session.pk)
    assert f"http://testserver{edit_path}" in sent.body
    client.force_login(organiser)
    assert client.get(edit_path).status_code == 200


def test_other_forum_lead_cannot_approve(client, forum, session):
    client.force_login(forum_lead_of(forum))
    submit_new_title(client, session, "Neuer Titel")
    task_state = waiting_task_state(session)

    colleague = forum_lead_of(forum)
    client.force_login(colleague)
    client.post(session_url("workflow_action", session.pk, "approve", task_state.pk))

    session.refresh_from_db()
    assert session.title == PUBLIC_TITLE
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS


def test_organiser_asks_for_changes_and_the_lead_edits_again(client, forum, session):
    lead = forum_lead_of(forum)
    client.force_login(lead)
    submit_new_title(client, session, "Erster Versuch")
    task_state = waiting_task_state(session)

    client.force_login(organiser_of(forum.edition.congress))
    response = client.post(
        session_url("workflow_action", session.pk, "reject", task_state.pk),
        {"comment": "Bitte den Titel kürzen."},
    )
    assert response.status_code in (200, 302)

    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_REJECTED
    session.refresh_from_db()
    assert session.title == PUBLIC_TITLE
    client.force_login(lead)
    assert submit_new_title(client, session, "Zweiter Versuch").status_code == 302
    assert waiting_task_state(session).pk != task_state.pk


def test_forum_lead_deletes_only_drafts_never_published(client, forum, session):
    draft = SessionFactory(track=forum, title="Noch ein Entwurf", live=False, slot=2)
    client.force_login(forum_lead_of(forum))

    assert client.post(session_url("delete", session.pk)).status_code == 302
    assert Session.objects.filter(pk=session.pk).exists()
    assert client.post(session_url("delete", draft.pk)).status_code == 302
    assert not Session.objects.filter(pk=draft.pk).exists()


def test_dashboard_shows_the_forum_lead_the_registrations_of_their_forum(
    client, forum, django_assert_max_num_queries
):
    other_forum = TrackFactory(edition=forum.edition, title="Forum 4: Smart City")
    category = TicketCategoryFactory(edition=forum.edition)
    for index, attendance in enumerate([Attendance.ONSITE] * 3 + [Attendance.ONLINE] * 2):
        registration = RegistrationFactory(
            category=category, attendance=attendance, email=f"p{index}@example.org"
        )
        ForumChoice.objects.create(registration=registration, track=forum)
    cancelled = RegistrationFactory(
        category=category, state=RegistrationState.CANCELLED, email="weg@example.org"
    )
    ForumChoice.objects.create(registration=cancelled, track=forum)
    elsewhere = RegistrationFactory(category=category, email="anders@example.org")
    ForumChoice.objects.create(registration=elsewhere, track=other_forum)
    client.force_login(forum_lead_of(forum))

    body = client.get(DASHBOARD).content.decode()

    assert "Ihre Foren" in body
    row = body[body.index("Forum 3: Digitale Schule") :].split("</tr>")[0]
    cells = [cell.split(">")[-1] for cell in row.split("</td>")[:-1]]
    assert cells[1:4] == ["3", "2", str(forum.room.capacity)]
    assert "Forum 4: Smart City" not in body
    assert "p0@example.org" not in body  # counts, not people
    # Nothing else of the admin: no registrations, no reports.
    assert client.get(reverse("registration_admin:index")).status_code == 302


def test_dashboard_of_others_has_no_forum_panel(client, forum):
    client.force_login(organiser_of(forum.edition.congress))
    assert "Ihre Foren" not in client.get(DASHBOARD).content.decode()
