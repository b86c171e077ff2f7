"""The content version of the page cache (congress/content_version.py): new in the transaction of
a change, in the cache only after its commit, authoritative in the database; the embedded
default's file cache is shared with other processes (congress/settings/base.py)."""

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection, connections, transaction
from django.utils import timezone

from congress.content_version import (
    CONTENT_VERSION_KEY,
    bump_content_version,
    content_version,
    forget_content_version_check,
    stored_content_version,
)
from congress.models import ContentVersion
from programme.models import Session

PROGRAMME = "/e-nrw/2020/programm/"
ROOT = Path(__file__).resolve().parent.parent

needs_postgres = [
    pytest.mark.postgres,
    pytest.mark.integration,
    # serialized_rollback: restore the rows of the migrations that an earlier transactional test
    # flushed (as tests/test_registration_concurrency.py).
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="two connections at once need PostgreSQL"
    ),
]


@pytest.mark.django_db
def test_a_change_sets_a_new_version_in_the_database_and_the_cache_after_the_commit(
    django_capture_on_commit_callbacks,
):
    before = content_version()
    assert cache.get(CONTENT_VERSION_KEY) == before == stored_content_version()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        bump_content_version()
        bump_content_version()
        new = ContentVersion.objects.get().value
        # Before the commit: the transaction sees its own version, the cache the old one.
        assert content_version() == new != before
        assert cache.get(CONTENT_VERSION_KEY) == before

    assert len(callbacks) == 1  # one copy per transaction
    assert cache.get(CONTENT_VERSION_KEY) == new == content_version()


@pytest.mark.django_db
def test_a_rolled_back_change_leaves_the_version(django_capture_on_commit_callbacks):
    before = content_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                bump_content_version()
                raise RuntimeError
        except RuntimeError:
            pass
    assert callbacks == []
    assert stored_content_version() == before == content_version()


@pytest.mark.django_db
def test_the_cache_copy_is_compared_with_the_database_every_few_seconds(
    settings, django_assert_num_queries, monkeypatch
):
    settings.CONTENT_VERSION_CHECK_SECONDS = 2
    current = content_version()
    cache.set(CONTENT_VERSION_KEY, "aus einem alten Schnappschuss")
    clock = [time.monotonic()]
    monkeypatch.setattr("congress.content_version.time.monotonic", lambda: clock[0])
    forget_content_version_check()
    assert content_version() == current  # compared at once after forgetting
    cache.set(CONTENT_VERSION_KEY, "aus einem alten Schnappschuss")

    with django_assert_num_queries(0):
        assert content_version() == "aus einem alten Schnappschuss"
    clock[0] += 2
    with django_assert_num_queries(1):
        assert content_version() == current
    assert cache.get(CONTENT_VERSION_KEY) == current


@pytest.mark.django_db
def test_content_that_no_page_shows_keeps_the_version(site_tree):
    from congress.audit import log_action
    from registrations.enums import LogAction
    from tests.factories import organiser_of

    before = stored_content_version()
    organiser_of(site_tree.congress)
    log_action(site_tree.edition, LogAction.DEVICE_ISSUED, data={})
    assert stored_content_version() == before


class TestAcrossConnections:
    pytestmark = needs_postgres

    def test_a_page_rendered_while_a_change_is_uncommitted_is_not_served_after_it(
        self, site_tree, build_programme, client
    ):
        """The editor's transaction changed a session and is still open when a visitor asks for
        the programme: the page shows the old title and is cached under the old version, so the
        first request after the commit renders the new title (the version reaches the cache only
        then)."""
        session = build_programme(5).sessions[0]
        old_title = session.title
        client.get("/")  # the first page view creates the site's settings (content) row
        changed, commit = threading.Event(), threading.Event()

        def editor():
            try:
                with transaction.atomic():
                    locked = Session.objects.get(pk=session.pk)
                    locked.title = "Während der Anfrage geändert"
                    locked.save_revision().publish()
                    changed.set()
                    assert commit.wait(10)
            finally:
                connections.close_all()

        thread = threading.Thread(target=editor)
        thread.start()
        assert changed.wait(10)
        during = client.get(PROGRAMME).content.decode()
        commit.set()
        thread.join(10)

        assert old_title in during
        after = client.get(PROGRAMME).content.decode()
        assert "Während der Anfrage geändert" in after
        assert old_title not in after

    def test_publish_scheduled_in_another_process_shows_at_once(
        self, site_tree, build_programme, client, settings, tmp_path
    ):
        """The embedded default (no REDIS_URL): the server's processes and a command share the
        file cache, so a scheduled publication by ``manage.py publish_scheduled`` shows at the
        next request, although this process would compare with the database only in an hour."""
        settings.CACHES = {
            "default": {
                "BACKEND": "congress.cache.DegradingFileBasedCache",
                "LOCATION": str(tmp_path / "cache"),
            }
        }
        settings.CONTENT_VERSION_CHECK_SECONDS = 3600
        session = Session.objects.get(pk=build_programme(5).sessions[0].pk)
        session.title = "Zeitgesteuert veröffentlicht"
        session.save_revision(approved_go_live_at=timezone.now() - timezone.timedelta(minutes=1))
        old = client.get(PROGRAMME).content.decode()
        assert session.title not in old
        assert client.get(PROGRAMME).content.decode() == old  # from the cache

        database = connection.settings_dict
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "congress.settings.dev",
            "DATABASE_URL": (
                f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
                f"{database['NAME']}"
            ),
            "CACHE_DIR": str(tmp_path / "cache"),
            "REDIS_URL": "",
        }
        result = subprocess.run(  # noqa: S603 - fixed arguments
            [sys.executable, "manage.py", "publish_scheduled"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr

        assert "Zeitgesteuert veröffentlicht" in client.get(PROGRAMME).content.decode()


def test_the_embedded_default_is_a_file_cache_per_database():
    assert django_settings.CONTENT_VERSION_CHECK_SECONDS > 0
    script = (
        "from django.conf import settings; c = settings.CACHES['default'];"
        "print(c['BACKEND']); print(c['LOCATION'])"
    )

    def cache_of(database_url):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "congress.settings.dev",
            "DATABASE_URL": database_url,
            "REDIS_URL": "",
        }
        env.pop("CACHE_DIR", None)
        result = subprocess.run(  # noqa: S603 - fixed arguments
            [sys.executable, "-c", script],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return result.stdout.split()

    backend, location = cache_of("postgres://u@db:5432/kongress")
    assert backend == "congress.cache.DegradingFileBasedCache"
    assert cache_of("postgres://u@db:5432/kongress") == [backend, location]
    assert cache_of("postgres://u@db:5432/anderer")[1] != location
