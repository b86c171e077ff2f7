"""Editing the programme in the Wagtail admin: drafts stay private, conflicts refuse publishing."""

import datetime as dt

import pytest
from django.urls import reverse

from cms.models import ProgrammePage, SpeakerIndexPage
from programme.models import Session

from .factories import PersonFactory, SessionFactory, berlin
from .htmlparse import form_data

pytestmark = pytest.mark.integration

PROGRAMME_URL = "/e-nrw/2020/programm/"
DAY = dt.date(2020, 11, 5)
REFUSED = (
    "Nicht veröffentlicht: 1 Konflikt(e) mit dem veröffentlichten Programm. "
    "Der Entwurf wurde gespeichert."
)
PANEL_ONE_CONFLICT = (
    "Ein Konflikt mit dem veröffentlichten Programm – so kann nicht veröffentlicht werden:"
)
PANEL_NO_CONFLICTS = "Keine Konflikte mit dem veröffentlichten Programm."
# The Session listing shows 50 rows a page; it must not query per row. Measured: 25 queries
# (SQLite and PostgreSQL) once the listing no longer asks for each row's scheduled revision.
LISTING_MAX_QUERIES = 27


def session_url(name, *args):
    return reverse(Session.snippet_viewset.get_url_name(name), args=args)


def edit_form(client, url, form_id="w-editor-form"):
    """The edit form's fields as the browser would post them."""
    response = client.get(url)
    assert response.status_code == 200
    return form_data(response.content.decode(), form_id)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def at(hour, minute=0):
    return berlin(DAY, hour, minute)


@pytest.fixture
def programme(build_programme):
    """Main stage and 13 forums without sessions; tests add the sessions they need."""
    return build_programme(0, moderators=False)


@pytest.fixture
def two_sessions(programme):
    """Two published sessions in Forum 1 on 5 November, 10:00 and 11:00."""
    forum = programme.forums[0]
    first = SessionFactory(
        track=forum, title="Lernplattformen im Alltag", starts_at=at(10), ends_at=at(10, 45)
    )
    second = SessionFactory(
        track=forum, title="Tablets im Unterricht", starts_at=at(11), ends_at=at(11, 45)
    )
    return first, second


def test_session_draft_stays_private_until_published(build_programme, admin_client, client):
    programme = build_programme(3)
    session = programme.sessions[1]
    speakers = session.speakers()
    assert len(speakers) == 2
    url = session_url("edit", session.pk)
    data = edit_form(admin_client, url)
    assert (data["title"], data["speaker_links-TOTAL_FORMS"]) == (["Beitrag 002"], ["2"])
    assert data["speaker_links-INITIAL_FORMS"] == ["2"]
    assert sorted(data["speaker_links-0-person"] + data["speaker_links-1-person"]) == sorted(
        str(p.pk) for p in speakers
    )
    data["title"] = ["Schule digital neu gedacht"]

    response = admin_client.post(url, data)

    assert (response.status_code, response.url) == (302, url)
    session.refresh_from_db()
    assert (session.title, session.has_unpublished_changes) == ("Beitrag 002", True)
    assert session.latest_revision.as_object().title == "Schule digital neu gedacht"
    page = client.get(PROGRAMME_URL).content.decode()
    assert "Beitrag 002" in page
    assert "Schule digital neu gedacht" not in page

    data["action-publish"] = ["action-publish"]
    response = admin_client.post(url, data)

    assert (response.status_code, response.url) == (302, session_url("list"))
    session.refresh_from_db()
    assert (session.title, session.has_unpublished_changes) == ("Schule digital neu gedacht", False)
    assert session.speakers() == speakers
    page = client.get(PROGRAMME_URL).content.decode()
    assert "Schule digital neu gedacht" in page
    assert "Beitrag 002" not in page


def test_publishing_a_session_into_an_occupied_room_is_refused(two_sessions, admin_client):
    first, second = two_sessions
    url = session_url("edit", second.pk)
    data = edit_form(admin_client, url)
    assert (data["starts_at"], data["ends_at"]) == (["2020-11-05 11:00"], ["2020-11-05 11:45"])
    data.update(
        starts_at=["2020-11-05 10:30"], ends_at=["2020-11-05 11:15"], **{"action-publish": ["1"]}
    )

    response = admin_client.post(url, data, follow=True)

    assert response.redirect_chain == [(url, 302)]
    room = second.track.room.name
    assert messages_of(response) == [
        REFUSED,
        f"Raum „{room}“ ist doppelt belegt: „Lernplattformen im Alltag“ (05.11.2020 10:00–10:45) "
        "und „Tablets im Unterricht“ (05.11.2020 10:30–11:15).",
    ]
    assert REFUSED in response.content.decode()
    second.refresh_from_db()
    assert (second.starts_at, second.ends_at, second.live) == (at(11), at(11, 45), True)
    draft = second.latest_revision.as_object()
    assert (draft.starts_at, draft.ends_at) == (at(10, 30), at(11, 15))


def test_publishing_a_session_with_a_busy_speaker_is_refused(programme, admin_client):
    anna = PersonFactory(academic_title="Dr.", first_name="Anna", last_name="Becker")
    SessionFactory(
        track=programme.forums[0],
        title="Lernplattformen im Alltag",
        starts_at=at(10),
        ends_at=at(10, 45),
        speakers=[anna],
    )
    other = SessionFactory(
        track=programme.forums[1],
        title="Onlinedienste der Stadt",
        starts_at=at(13),
        ends_at=at(13, 45),
        speakers=[anna],
    )
    url = session_url("edit", other.pk)
    data = edit_form(admin_client, url)
    data.update(
        starts_at=["2020-11-05 10:15"],
        ends_at=["2020-11-05 11:00"],
        **{"action-publish": ["action-publish"]},
    )

    response = admin_client.post(url, data, follow=True)

    assert messages_of(response) == [
        REFUSED,
        "Dr. Anna Becker ist gleichzeitig in „Lernplattformen im Alltag“ (05.11.2020 10:00–10:45) "
        "und „Onlinedienste der Stadt“ (05.11.2020 10:15–11:00).",
    ]
    other.refresh_from_db()
    assert (other.starts_at, other.ends_at) == (at(13), at(13, 45))
    draft = other.latest_revision.as_object()
    assert (draft.starts_at, draft.ends_at) == (at(10, 15), at(11))
    assert [link.person_id for link in draft.speaker_links.all()] == [anna.pk]


def test_session_outside_the_congress_days_is_refused_in_the_form(two_sessions, admin_client):
    _, second = two_sessions
    url = session_url("edit", second.pk)
    data = edit_form(admin_client, url)
    data.update(
        starts_at=["2020-11-09 10:00"],
        ends_at=["2020-11-09 10:45"],
        **{"action-publish": ["action-publish"]},
    )

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "starts_at": [
            "Der Programmpunkt muss an den Kongresstagen liegen (05.11.2020 bis 06.11.2020)."
        ]
    }
    second.refresh_from_db()
    assert (second.starts_at, second.latest_revision) == (at(11), None)


def test_creating_and_publishing_a_session_with_conflicts_keeps_a_draft(two_sessions, admin_client):
    first, _ = two_sessions
    url = session_url("add")
    data = edit_form(admin_client, url)
    data.update(
        track=[str(first.track_id)],
        session_type=[str(first.session_type_id)],
        title=["Neu und zu früh"],
        slug=["neu-und-zu-frueh"],
        starts_at=["2020-11-05 10:40"],
        ends_at=["2020-11-05 10:50"],
        **{"action-publish": ["action-publish"]},
    )

    response = admin_client.post(url, data, follow=True)

    created = Session.objects.get(slug="neu-und-zu-frueh")
    assert response.redirect_chain == [(session_url("edit", created.pk), 302)]
    assert messages_of(response)[0] == REFUSED
    assert created.live is False


def test_publishing_the_programme_page_with_conflicts_is_refused(
    two_sessions, site_tree, admin_client, client
):
    first, second = two_sessions
    Session.objects.filter(pk=second.pk).update(starts_at=at(10, 30), ends_at=at(11, 15))
    page = site_tree.programme_page
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = edit_form(admin_client, url, "page-edit-form")
    data.update(title=["Programm 2020"], **{"action-publish": ["action-publish"]})

    response = admin_client.post(url, data, follow=True)

    assert response.redirect_chain == [(url, 302)]
    assert messages_of(response) == [
        "Das Programm wurde nicht veröffentlicht: 1 Konflikt(e).",
        f"Raum „{first.track.room.name}“ ist doppelt belegt: „Lernplattformen im Alltag“ "
        "(05.11.2020 10:00–10:45) und „Tablets im Unterricht“ (05.11.2020 10:30–11:15).",
    ]
    page = ProgrammePage.objects.get(pk=page.pk)
    assert (page.title, page.live) == ("Programm", True)
    assert page.get_latest_revision_as_object().title == "Programm 2020"
    assert "<h1>Programm</h1>" in client.get(PROGRAMME_URL).content.decode().replace(
        ' lang="de"', ""
    )


def test_publishing_the_programme_page_without_conflicts(two_sessions, site_tree, admin_client):
    page = site_tree.programme_page
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = edit_form(admin_client, url, "page-edit-form")
    data.update(title=["Programm 2020"], **{"action-publish": ["action-publish"]})

    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert ProgrammePage.objects.get(pk=page.pk).title == "Programm 2020"


def test_programme_conflicts_do_not_block_publishing_the_speaker_index(
    two_sessions, site_tree, admin_client
):
    """Only the programme page is held back by conflicts in the programme.

    The before_publish_page hook looks for ``programme_edition``, which the speaker index page
    has as well, and refused it with "Das Programm wurde nicht veröffentlicht".
    """
    first, second = two_sessions
    Session.objects.filter(pk=second.pk).update(starts_at=at(10, 30), ends_at=at(11, 15))
    page = site_tree.speaker_page
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = edit_form(admin_client, url, "page-edit-form")
    data.update(title=["Referierende 2020"], **{"action-publish": ["action-publish"]})

    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert response.url != url
    assert SpeakerIndexPage.objects.get(pk=page.pk).title == "Referierende 2020"


def test_edit_view_shows_the_conflicts_of_the_draft(two_sessions, admin_client):
    first, second = two_sessions
    second.starts_at, second.ends_at = at(10, 30), at(11, 15)
    second.save_revision()

    content = admin_client.get(session_url("edit", second.pk)).content.decode()

    assert PANEL_ONE_CONFLICT in content
    assert (
        f"Raum „{second.track.room.name}“ ist doppelt belegt: „Lernplattformen im Alltag“ "
        "(05.11.2020 10:00–10:45) und „Tablets im Unterricht“ (05.11.2020 10:30–11:15)."
    ) in content
    assert PANEL_NO_CONFLICTS not in content


def test_edit_view_shows_no_conflicts_for_a_clean_session(two_sessions, admin_client):
    first, _ = two_sessions

    content = admin_client.get(session_url("edit", first.pk)).content.decode()

    assert PANEL_NO_CONFLICTS in content
    assert PANEL_ONE_CONFLICT not in content


@pytest.mark.parametrize("n_sessions", [10, 100])
def test_session_listing_query_count_is_bounded(
    build_programme, admin_client, django_assert_max_num_queries, n_sessions
):
    programme = build_programme(n_sessions)
    url = session_url("list")
    admin_client.get(url)  # warm up per-process caches (content types, site root paths)

    with django_assert_max_num_queries(LISTING_MAX_QUERIES):
        response = admin_client.get(url)

    assert response.status_code == 200
    page = response.context["page_obj"]
    assert page.paginator.count == n_sessions
    rows = list(page.object_list)
    assert len(rows) == min(n_sessions, 50)
    content = response.content.decode()
    for session in rows:
        assert session.title in content
    assert {s.title for s in rows} <= {s.title for s in programme.sessions}
