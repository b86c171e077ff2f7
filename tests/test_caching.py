"""Public pages and exports come from the cache and follow every publication."""

import pytest
from django.contrib.auth import get_user_model

from programme.models import Session

pytestmark = pytest.mark.django_db

PROGRAMME = "/e-nrw/2020/programm/"


def warm(client, url):
    """Fill the cache. The very first page view creates the site's settings row, which counts as
    a content change, so the body is stored again on the second view."""
    client.get(url)
    return client.get(url)


def publish_title(session, title):
    session.title = title
    session.save_revision().publish()


def test_programme_page_is_served_from_the_cache(build_programme, client):
    programme = build_programme(10)
    session = programme.sessions[0]
    assert session.title in warm(client, PROGRAMME).content.decode()

    # A change behind the CMS's back (no publication) is not seen: the page came from the cache.
    Session.objects.filter(pk=session.pk).update(title="Heimlich geändert")
    assert "Heimlich geändert" not in client.get(PROGRAMME).content.decode()


def test_publishing_a_session_refreshes_the_cached_pages_and_exports(build_programme, client):
    programme = build_programme(10)
    session = programme.sessions[0]
    forum = f"{PROGRAMME}{session.track.slug}/"
    ics = f"{PROGRAMME}programm.ics"
    for url in (PROGRAMME, forum, ics):
        assert session.title in client.get(url).content.decode()

    publish_title(Session.objects.get(pk=session.pk), "Neuer Titel nach Veröffentlichung")

    for url in (PROGRAMME, forum, ics):
        body = client.get(url).content.decode()
        assert "Neuer Titel nach Veröffentlichung" in body, url
        assert session.title not in body, url


def test_a_draft_does_not_refresh_the_page(build_programme, client):
    programme = build_programme(10)
    session = Session.objects.get(pk=programme.sessions[0].pk)
    client.get(PROGRAMME)
    session.title = "Nur ein Entwurf"
    session.save_revision()
    assert "Nur ein Entwurf" not in client.get(PROGRAMME).content.decode()


def test_programme_page_answers_conditional_gets(build_programme, client):
    build_programme(10)
    first = client.get(PROGRAMME)
    assert first.status_code == 200
    etag, last_modified = first["ETag"], first["Last-Modified"]

    assert client.get(PROGRAMME, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(PROGRAMME, headers={"If-Modified-Since": last_modified}).status_code == 304
    assert client.get(PROGRAMME, headers={"If-None-Match": '"other"'}).status_code == 200


def test_etag_changes_when_the_programme_changes(build_programme, client):
    programme = build_programme(10)
    etag = client.get(PROGRAMME)["ETag"]
    publish_title(Session.objects.get(pk=programme.sessions[0].pk), "Geänderter Titel")
    response = client.get(PROGRAMME, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_signed_in_visitors_and_filters_are_not_served_from_the_cache(build_programme, client):
    programme = build_programme(10)
    session = programme.sessions[0]
    warm(client, PROGRAMME)
    Session.objects.filter(pk=session.pk).update(title="Frisch aus der Datenbank")

    assert "Frisch aus der Datenbank" in client.get(PROGRAMME, {"q": "Frisch"}).content.decode()
    client.force_login(get_user_model().objects.create_user("editor", "e@example.org", "x"))
    assert "Frisch aus der Datenbank" in client.get(PROGRAMME).content.decode()


def test_pages_carry_no_csrf_token_so_they_can_be_shared(build_programme, client):
    build_programme(3)
    response = client.get(PROGRAMME)
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert "csrftoken" not in response.cookies


def test_cache_hits_skip_the_database_and_keep_the_headers(
    build_programme, client, django_assert_num_queries
):
    build_programme(10)
    first = warm(client, PROGRAMME)
    with django_assert_num_queries(0):
        hit = client.get(PROGRAMME)
    assert hit.content == first.content
    assert hit["X-Frame-Options"] == "DENY"
    assert hit["Content-Language"] == "de"
    assert hit["ETag"] == first["ETag"]
    client.get("/en" + PROGRAMME)
    with django_assert_num_queries(0):
        english = client.get("/en" + PROGRAMME)
    assert english.status_code == 200
    assert english["Content-Language"] == "en"
    assert 'lang="en"' in english.content.decode()
