"""Fixtures shared by the test suite.

``site_tree`` builds the public page tree (/ -> /e-nrw/ -> /e-nrw/2020/ -> programm/ and
referierende/); ``build_programme(n)`` fills its edition with a main stage, 13 forums and n
sessions without conflicts. The factories live in tests/factories/.
"""

import datetime as dt

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from cms.models import EditionPage, ProgrammePage
from congress.cache import reset_cache_health

from .factories import EditionFactory, make_programme, make_site_tree
from .redis_server import RedisServer, free_port, redis_cache_settings


@pytest.fixture(autouse=True)
def _core_clear_cache():
    """Cached pages and Wagtail's cached site root paths must not leak between tests, nor a
    cache failure seen by an earlier test (congress/cache.py)."""
    cache.clear()
    reset_cache_health()
    yield
    cache.clear()
    reset_cache_health()


@pytest.fixture
def redis_server(tmp_path):
    """A redis-server of the test's own (tests/redis_server.py), killed afterwards."""
    server = RedisServer(tmp_path)
    yield server
    server.kill()


@pytest.fixture
def cache_down(settings):
    """The Redis cache of production settings with no server behind it (connection refused)."""
    settings.CACHES = redis_cache_settings(f"redis://127.0.0.1:{free_port()}/0")


@pytest.fixture(autouse=True)
def _core_default_language():
    """Each test starts in German: a request to /en/ leaves English active in the thread."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture
def site_tree(db):
    """The published page tree of e-nrw 2020 (two days: 5 and 6 November 2020)."""
    return make_site_tree()


@pytest.fixture
def build_programme(site_tree):
    """``build_programme(n_sessions)`` -> Programme of the site tree's edition."""

    def build(n_sessions, **kwargs):
        return make_programme(site_tree.edition, n_sessions, **kwargs)

    return build


@pytest.fixture
def dst_edition(site_tree):
    """e-nrw 2021 on 30 and 31 October 2021 (the night of the October change) with its pages."""
    edition = EditionFactory(
        congress=site_tree.congress,
        year=2021,
        title="e-nrw 2021",
        start_date=dt.date(2021, 10, 30),
        end_date=dt.date(2021, 10, 31),
        venue=site_tree.edition.venue,
    )
    edition_page = site_tree.congress_page.add_child(
        instance=EditionPage(title="e-nrw 2021", slug="2021", edition=edition)
    )
    edition_page.save_revision().publish()
    programme_page = edition_page.add_child(
        instance=ProgrammePage(title="Programm", slug="programm")
    )
    programme_page.save_revision().publish()
    return edition
