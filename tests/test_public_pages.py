"""The public site: pages render, links reach everything, filters, query counts, only published
content, now/next and the English interface."""

import datetime as dt
from collections import deque

import pytest
from django.utils import timezone

from programme.enums import SessionStatus
from programme.models import Session

from .factories import (
    FORUM_TOPICS,
    EditionFactory,
    PersonFactory,
    SessionFactory,
    TrackFactory,
    berlin,
    make_programme,
)
from .htmlparse import internal_paths

pytestmark = pytest.mark.integration

HOME = "/"
CONGRESS = "/e-nrw/"
EDITION = "/e-nrw/2020/"
PROGRAMME = "/e-nrw/2020/programm/"
SPEAKERS = "/e-nrw/2020/referierende/"
NOT_FOUND_TEXT = "Seite nicht gefunden"  # cms/templates/404.html

# Queries per page, measured on SQLite with 10 and with 200 sessions (the same for both), plus
# a margin of two: programme 19, forum 19, session 20, speaker index 16, speaker page 20 (one
# of each for "Jetzt anmelden": is the edition's registration open).
PROGRAMME_MAX_QUERIES = 21
FORUM_MAX_QUERIES = 21
SESSION_MAX_QUERIES = 22
SPEAKER_INDEX_MAX_QUERIES = 18
SPEAKER_MAX_QUERIES = 22


def forum_url(track):
    return f"{PROGRAMME}{track.slug}/"


def session_url(session):
    return f"{PROGRAMME}{session.track.slug}/{session.slug}/"


def person_url(person):
    return f"{SPEAKERS}{person.slug}/"


def get_ok(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def shown_titles(response):
    """Titles of the sessions the programme page lists, in order."""
    return [session.title for day in response.context["days"] for session in day.sessions]


def titles(sessions):
    return sorted(session.title for session in sessions)


@pytest.fixture
def programme(build_programme):
    """60 sessions: every track has sessions on both days."""
    return build_programme(60)


# (a) Pages render with their content


def test_home_page_lists_the_congress_and_its_latest_edition(site_tree, client):
    content = get_ok(client, HOME)

    assert "<h1>Kongressportal</h1>" in content
    assert f'href="{CONGRESS}"' in content
    assert f'href="{EDITION}"' in content
    assert ">e-nrw 2020</a>" in content


def test_congress_page_lists_the_edition(site_tree, client):
    content = get_ok(client, CONGRESS)

    assert "<h1>e-nrw</h1>" in content
    assert f'<a href="{EDITION}">e-nrw 2020</a>' in content


def test_edition_page_shows_edition_and_all_forums(programme, client):
    content = get_ok(client, EDITION)

    assert "<h1>e-nrw 2020</h1>" in content
    assert "Digitalisierung in Nordrhein-Westfalen" in content
    assert f'href="{PROGRAMME}"' in content
    assert f'href="{SPEAKERS}"' in content
    for track in programme.tracks:
        assert f'<a href="{forum_url(track)}">{track.label}</a>' in content


def test_programme_page_shows_main_stage_all_forums_and_every_session(programme, client):
    response = client.get(PROGRAMME)
    content = response.content.decode()

    assert response.status_code == 200
    assert "<h1>Programm</h1>" in content
    assert [track.label for track in programme.tracks] == [
        "Hauptbühne",
        *(f"Forum {n}: {topic}" for n, topic in enumerate(FORUM_TOPICS, start=1)),
    ]
    for track in programme.tracks:
        assert f'<a href="{forum_url(track)}">{track.label}</a>' in content
    for session in programme.sessions:
        assert f'<a href="{session_url(session)}">{session.title}</a>' in content
    assert titles(programme.sessions) == sorted(shown_titles(response))
    assert "60 Programmpunkte" in content


def test_forum_page_shows_its_sessions_and_moderation(programme, client):
    forum = programme.forums[2]
    own = [s for s in programme.sessions if s.track_id == forum.pk]
    others = [s for s in programme.sessions if s.track_id != forum.pk]

    content = get_ok(client, forum_url(forum))

    assert f"<h1>{forum.label}</h1>" in content
    assert forum.room.name in content
    moderator = forum.moderator_links.get().person
    assert f'<a href="{person_url(moderator)}">{moderator.full_name}</a>' in content
    assert len(own) == 5
    for session in own:
        assert f'<a href="{session_url(session)}">{session.title}</a>' in content
    for session in others:
        assert f">{session.title}<" not in content


def test_session_page_shows_details_and_speakers(programme, client):
    session = programme.sessions[15]  # Forum 1, second day, two speakers

    content = get_ok(client, session_url(session))

    assert f"<h1>{session.title}</h1>" in content
    assert f'<a href="{forum_url(session.track)}">{session.track.label}</a>' in content
    assert session.track.room.name in content
    assert "Freitag, 6. November 2020" in content
    assert (
        '<time datetime="2020-11-06T09:00:00+01:00">09:00</time>–'
        '<time datetime="2020-11-06T09:45:00+01:00">09:45</time> Uhr'
    ) in content
    speakers = session.speakers()
    assert len(speakers) == 2
    for person in speakers:
        assert f'<a href="{person_url(person)}">{person.full_name}</a>' in content


def test_speaker_index_lists_every_speaker_and_moderator(programme, client):
    content = get_ok(client, SPEAKERS)

    assert "<h1>Referierende</h1>" in content
    people = programme.people
    assert len(people) == 14 * 3 + 13
    for person in people:
        assert f'href="{person_url(person)}">{person.full_name}</a>' in content
    assert f"{len(people)} Personen wirken mit." in content


def test_speaker_page_shows_the_person_and_only_their_sessions(programme, client):
    person = programme.speakers[0]  # on the main stage at 09:00 on 5 November
    own = [s for s in programme.sessions if person in s.speakers()]
    others = [s for s in programme.sessions if person not in s.speakers()]

    content = get_ok(client, person_url(person))

    assert f'<h1 class="profile__name">{person.full_name}</h1>' in content
    assert person.organisation in content
    assert len(own) == 2
    for session in own:
        assert f'<a href="{session_url(session)}">{session.title}</a>' in content
    for session in others:
        assert f">{session.title}<" not in content


def test_moderator_page_lists_the_moderated_forum(programme, client):
    forum = programme.forums[4]
    moderator = forum.moderator_links.get().person

    content = get_ok(client, person_url(moderator))

    assert f'<a href="{forum_url(forum)}">{forum.label}</a>' in content


EXPORT_TYPES = {
    "text/calendar; charset=utf-8",
    "application/xml; charset=utf-8",
    "application/json; charset=utf-8",
}


def test_links_from_the_home_page_reach_every_public_page(build_programme, client):
    programme = build_programme(30)
    expected = {
        HOME,
        CONGRESS,
        EDITION,
        PROGRAMME,
        SPEAKERS,
        *(forum_url(track) for track in programme.tracks),
        *(session_url(session) for session in programme.sessions),
        *(person_url(person) for person in programme.people),
    }
    skip = ("/admin/", "/static/", "/media/", "/documents/", "/accounts/", "/i18n/", "/en/")

    seen, queue, failures = {HOME}, deque([HOME]), []
    while queue:
        path = queue.popleft()
        response = client.get(path)
        if response.status_code != 200:
            failures.append((path, response.status_code))
            continue
        if not response["Content-Type"].startswith("text/html"):
            assert response["Content-Type"] in EXPORT_TYPES, path
            continue
        content = response.content.decode()
        if content.count("<h1") != 1:
            failures.append((path, f"{content.count('<h1')} h1"))
        for link in internal_paths(content, path):
            if link not in seen and not link.startswith(skip):
                seen.add(link)
                queue.append(link)

    assert failures == []
    assert sorted(expected - seen) == []
    assert len(seen) < 300  # the crawl stays within the site's pages


# (b) Query counts do not grow with the programme


@pytest.mark.parametrize("n_sessions", [10, 200])
def test_programme_and_forum_pages_query_count_is_constant(
    build_programme, client, django_assert_max_num_queries, n_sessions
):
    programme = build_programme(n_sessions)
    forum = programme.main_stage
    client.get(PROGRAMME)  # per-process caches (site root paths, content types)

    with django_assert_max_num_queries(PROGRAMME_MAX_QUERIES):
        response = client.get(PROGRAMME)
    assert len(shown_titles(response)) == n_sessions

    with django_assert_max_num_queries(FORUM_MAX_QUERIES):
        response = client.get(forum_url(forum))
    assert response.status_code == 200
    expected = [s.title for s in programme.sessions if s.track_id == forum.pk]
    assert sorted(shown_titles(response)) == sorted(expected)


@pytest.mark.parametrize("n_sessions", [10, 200])
def test_session_and_speaker_pages_query_count_is_constant(
    build_programme, client, django_assert_max_num_queries, n_sessions
):
    programme = build_programme(n_sessions)
    session = programme.sessions[1]
    person = session.speakers()[0]
    client.get(PROGRAMME)

    with django_assert_max_num_queries(SESSION_MAX_QUERIES):
        assert client.get(session_url(session)).status_code == 200
    with django_assert_max_num_queries(SPEAKER_INDEX_MAX_QUERIES):
        response = client.get(SPEAKERS)
    assert len(response.context["people"]) == len(programme.people)
    with django_assert_max_num_queries(SPEAKER_MAX_QUERIES):
        response = client.get(person_url(person))
    assert response.context["person"] == person


# (c) Filters


@pytest.mark.parametrize(
    ("query", "keep"),
    [
        ("day=2020-11-05", lambda s: s.local_date == dt.date(2020, 11, 5)),
        ("day=2020-11-06", lambda s: s.local_date == dt.date(2020, 11, 6)),
        ("track=informationssicherheit", lambda s: s.track.title == "Informationssicherheit"),
        ("type=podiumsdiskussion", lambda s: s.session_type.slug == "podiumsdiskussion"),
        ("q=beitrag+007", lambda s: s.title == "Beitrag 007"),
        ("q=OFFENE+DATEN", lambda s: s.track.title == "Offene Daten"),
        (
            "day=2020-11-06&track=hauptbuehne",
            lambda s: s.local_date == dt.date(2020, 11, 6) and s.track.slug == "hauptbuehne",
        ),
    ],
)
def test_programme_filters_narrow_the_sessions(programme, client, query, keep):
    expected = [s for s in programme.sessions if keep(s)]
    left_out = [s for s in programme.sessions if not keep(s)]
    assert expected
    assert left_out

    response = client.get(f"{PROGRAMME}?{query}")
    content = response.content.decode()

    assert response.status_code == 200
    assert response.context["form"].errors == {}
    assert sorted(shown_titles(response)) == titles(expected)
    assert f">{expected[0].title}</a>" in content
    assert f">{left_out[0].title}</a>" not in content


def test_programme_filter_by_person(programme, client):
    person = programme.speakers[4]
    expected = [s for s in programme.sessions if person in s.speakers()]

    response = client.get(f"{PROGRAMME}?person={person.slug}")

    assert len(expected) == 3
    assert sorted(shown_titles(response)) == titles(expected)


def test_programme_filter_without_match_says_so(programme, client):
    response = client.get(f"{PROGRAMME}?q=Quantencomputer")

    assert shown_titles(response) == []
    assert "Kein Programmpunkt passt zu diesen Filtern." in response.content.decode()


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        (
            "day=notaday",
            "day",
            "Bitte eine gültige Auswahl treffen. notaday ist keine gültige Auswahl.",
        ),
        (
            "day=2020-11-07",
            "day",
            "Bitte eine gültige Auswahl treffen. 2020-11-07 ist keine gültige Auswahl.",
        ),
        (
            "track=%3Cscript%3Ealert(1)%3C/script%3E",
            "track",
            "Bitte eine gültige Auswahl treffen. &lt;script&gt;alert(1)&lt;/script&gt; "
            "ist keine gültige Auswahl.",
        ),
        (
            "type=x&type=y",
            "type",
            "Bitte eine gültige Auswahl treffen. y ist keine gültige Auswahl.",
        ),
        (
            "q=" + "x" * 2000,
            "q",
            "Bitte sicherstellen, dass der Wert aus höchstens 100 Zeichen besteht. "
            "(Er besteht aus 2000 Zeichen.)",
        ),
        # "q=a%00b" is refused before the page: tests/test_security_input.py.
        (
            "person=unknown",
            "person",
            "Bitte eine gültige Auswahl treffen. unknown ist keine gültige Auswahl.",
        ),
    ],
)
def test_malformed_filters_are_ignored_with_a_message(programme, client, query, field, message):
    response = client.get(f"{PROGRAMME}?{query}")
    content = response.content.decode()

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert "Einige Filter wurden nicht angewendet" in content
    assert message in content
    assert "<script>alert(1)</script>" not in content
    assert sorted(shown_titles(response)) == titles(programme.sessions)


def test_a_malformed_filter_leaves_the_valid_ones_applied(programme, client):
    expected = [s for s in programme.sessions if s.track.slug == "registermodernisierung"]

    response = client.get(f"{PROGRAMME}?day=notaday&track=registermodernisierung")

    assert list(response.context["form"].errors) == ["day"]
    assert sorted(shown_titles(response)) == titles(expected)


# (d) Unknown addresses give the site's 404 page


@pytest.mark.parametrize(
    "path",
    [
        "/kein-kongress/",
        "/e-nrw/1999/",
        "/e-nrw/2020/gibt-es-nicht/",
        f"{PROGRAMME}kein-forum/",
        f"{PROGRAMME}informationssicherheit/kein-programmpunkt/",
        # a session addressed through another forum
        f"{PROGRAMME}digitale-schule/beitrag-004/",
        f"{SPEAKERS}niemand/",
        f"{PROGRAMME}%3Cscript%3E/",
    ],
)
def test_unknown_addresses_give_the_sites_404_page(programme, client, path):
    response = client.get(path)
    content = response.content.decode()

    assert response.status_code == 404
    assert "<h1>Seite nicht gefunden</h1>" in content
    assert NOT_FOUND_TEXT in content


def test_person_of_another_edition_has_no_page_here(programme, client):
    other = make_programme(EditionFactory(), 1, moderators=False)
    stranger = other.speakers[0]

    assert client.get(person_url(stranger)).status_code == 404
    assert stranger.full_name not in get_ok(client, SPEAKERS)


# (e) Only published content is public


def test_unpublished_session_and_track_are_not_public(programme, client):
    forum = programme.forums[0]
    ghost = PersonFactory(first_name="Gerda", last_name="Geheim")
    draft = SessionFactory(
        track=forum, title="Noch geheim", day=0, slot=10, live=False, speakers=[ghost]
    )
    hidden_track = TrackFactory(edition=programme.edition, title="Verborgenes Forum", live=False)
    hidden = SessionFactory(track=hidden_track, title="Im verborgenen Forum", day=0, slot=2)

    for url in (PROGRAMME, forum_url(forum), SPEAKERS, EDITION):
        content = get_ok(client, url)
        assert "Noch geheim" not in content
        assert "Im verborgenen Forum" not in content
        assert "Verborgenes Forum" not in content
        assert "Gerda Geheim" not in content
    for url in (
        session_url(draft),
        session_url(hidden),
        forum_url(hidden_track),
        person_url(ghost),
    ):
        assert client.get(url).status_code == 404, url
    assert client.get(f"{PROGRAMME}?track={hidden_track.slug}").context["form"].errors


def test_published_session_of_a_cancelled_kind_stays_visible_marked(programme, client):
    session = programme.sessions[5]
    Session.objects.filter(pk=session.pk).update(status=SessionStatus.CANCELLED)

    content = get_ok(client, session_url(session))

    assert '<span class="badge badge--cancelled">Abgesagt</span>' in content


def test_unpublished_programme_page_is_not_public(programme, site_tree, client):
    site_tree.programme_page.unpublish()

    assert client.get(PROGRAMME).status_code == 404
    assert client.get(session_url(programme.sessions[0])).status_code == 404


# (f) Now and next while the congress runs


def test_programme_marks_running_and_next_sessions(build_programme, client, monkeypatch):
    # 85 sessions; on 5 November every track has 09:00, 10:00 and 11:00, the main stage also
    # 12:00; on 6 November 09:00, 10:00 and 11:00.
    programme = build_programme(85)
    sessions = programme.sessions
    running, coming = sessions[28:42], [*sessions[57:70], sessions[84]]
    cancelled = [running[3], sessions[56]]  # one running now, and the main stage's 11:00
    Session.objects.filter(pk__in=[s.pk for s in cancelled]).update(status=SessionStatus.CANCELLED)
    now = berlin(dt.date(2020, 11, 5), 10, 15)
    monkeypatch.setattr(timezone, "now", lambda: now)

    response = client.get(PROGRAMME)
    content = response.content.decode()

    shown = [s for day in response.context["days"] for s in day.sessions]
    assert titles(s for s in shown if s.is_now) == titles(r for r in running if r != cancelled[0])
    assert titles(s for s in shown if s.is_next) == titles(coming)
    assert response.context["is_running"] is True
    assert content.count('<span class="badge badge--now">Jetzt</span>') == 13
    assert content.count('<span class="badge badge--next">Als Nächstes</span>') == 14
    assert "Der Kongress läuft gerade" in content

    forum = client.get(forum_url(programme.main_stage))
    marked = [(s.title, s.is_now, s.is_next) for day in forum.context["days"] for s in day.sessions]
    assert [m for m in marked if m[1] or m[2]] == [
        (sessions[28].title, True, False),
        (sessions[84].title, False, True),
    ]


def test_programme_marks_nothing_before_the_congress(programme, client, monkeypatch):
    """Before the congress no session is "next": the markers belong to the running congress.

    Regression: the first session of every track was marked "Als Nächstes" weeks ahead.
    """
    now = berlin(dt.date(2020, 10, 1), 10)
    monkeypatch.setattr(timezone, "now", lambda: now)

    response = client.get(PROGRAMME)

    shown = [s for day in response.context["days"] for s in day.sessions]
    assert response.context["is_running"] is False
    assert [s.title for s in shown if s.is_now or s.is_next] == []
    assert "badge--next" not in response.content.decode()


def test_programme_without_running_congress_marks_nothing(programme, client):
    response = client.get(PROGRAMME)

    sessions = [s for day in response.context["days"] for s in day.sessions]
    assert response.context["is_running"] is False
    assert [s for s in sessions if s.is_now or s.is_next] == []
    assert "badge--now" not in response.content.decode()


# (g) The English interface


def test_english_interface(programme, client):
    response = client.get(f"/en{PROGRAMME}")
    content = response.content.decode()

    assert response.status_code == 200
    assert '<html lang="en">' in content
    # the content is German, and marked so
    assert '<h1 lang="de">Programm</h1>' in content
    assert len(shown_titles(response)) == 60


def test_english_404(site_tree, client):
    response = client.get("/en/e-nrw/1999/")

    assert response.status_code == 404
    assert '<html lang="en">' in response.content.decode()
