"""The demo (``load_demo``) and benchmark (``load_bench_data``) management commands."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, Revision, Site

from cms import demo_data
from cms.models import ContentPage, HomePage, ProgrammePage, SiteSettings, SpeakerIndexPage
from congress.enums import EditionMode
from congress.models import Congress, Edition
from programme.enums import TrackKind
from programme.models import Person, Session, SessionSpeaker, Track
from programme.services import programme_conflicts

pytestmark = pytest.mark.django_db

SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"


def load_demo():
    call_command("load_demo", verbosity=0)


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Session, SessionSpeaker, Person, Track, Edition, Page, Revision)
    }


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.delenv("DEMO_ADMIN_PASSWORD", raising=False)
    load_demo()
    return Edition.objects.get(congress__slug="e-nrw", year=2020)


def test_e_nrw_programmes(demo):
    edition = demo
    assert edition.mode == EditionMode.ONLINE
    assert edition.start_date == edition.end_date == dt.date(2020, 11, 5)
    assert edition.venue.name == "Stadthalle Neuss"
    assert edition.congress.organiser == "Behörden Spiegel"

    tracks = Track.objects.live().for_edition(edition)
    assert tracks.filter(kind=TrackKind.MAIN_STAGE).count() == 1
    forums = tracks.filter(kind=TrackKind.FORUM)
    assert sorted(forums.values_list("number", flat=True)) == list(range(1, 14))
    assert all(forum.moderator_links.exists() for forum in forums)

    sessions = Session.objects.live().for_edition(edition)
    assert 50 <= sessions.count() <= 75
    assert {timezone.localtime(s.starts_at).date() for s in sessions} == {dt.date(2020, 11, 5)}
    assert programme_conflicts(edition) == []

    # Everything is published through a revision, so the admin can edit it.
    for obj in [*tracks, *sessions]:
        assert obj.live and not obj.has_unpublished_changes
        assert obj.latest_revision_id is not None and obj.live_revision_id is not None

    assert edition.partners.count() >= 5

    # The two-day forum "Strategie und Steuerung" and the announced e-nrw 2021.
    forum = Track.objects.get(slug="strategie-und-steuerung")
    days = {s.local_date for s in Session.objects.live().filter(track=forum)}
    assert len(days) == 2
    assert forum.edition.start_date == min(days) and forum.edition.end_date == max(days)
    assert [link.person.last_name for link in forum.moderator_links.all()] == [
        "Schmidt",
        "Liffers",
    ]
    assert programme_conflicts(forum.edition) == []

    announced = Edition.objects.get(congress__slug="e-nrw", year=2021)
    assert announced.start_date == announced.end_date == dt.date(2021, 11, 10)
    assert announced.mode == EditionMode.ONLINE
    assert Session.objects.live().for_edition(announced).exists()
    assert programme_conflicts(announced) == []


def test_page_tree_admin_and_second_run(demo, monkeypatch):
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.site_name) == ("localhost", 80, "Kongressportal")
    home = site.root_page.specific
    assert isinstance(home, HomePage) and home.live
    assert not Page.objects.filter(depth=2).exclude(pk=home.pk).exists()  # welcome page is gone

    programme = Page.objects.get(url_path=f"{home.url_path}e-nrw/2020/programm/")
    assert isinstance(programme.specific, ProgrammePage)
    assert programme.live and programme.live_revision_id is not None
    assert programme.get_url() == "/e-nrw/2020/programm/"
    speakers = Page.objects.get(url_path=f"{home.url_path}e-nrw/2020/referierende/")
    assert isinstance(speakers.specific, SpeakerIndexPage)
    assert Page.objects.get(url_path=f"{home.url_path}e-nrw/2021/programm/").live

    anfahrt = ContentPage.objects.get(url_path=f"{home.url_path}e-nrw/2020/anfahrt/")
    assert {block.block_type for block in anfahrt.body} >= {"heading", "paragraph", "callout"}
    assert ContentPage.objects.get(url_path=f"{home.url_path}e-nrw/2020/hygienekonzept/").live

    settings_ = SiteSettings.for_site(site)
    assert settings_.imprint_page.slug == "impressum"
    assert settings_.privacy_page.slug == "datenschutz"
    assert settings_.accessibility_page.slug == "barrierefreiheit"
    assert not Page.objects.filter(live=False).exclude(depth=1).exists()

    user = authenticate(username="admin", password="kongress-demo")
    assert user is not None and user.is_superuser and user.email == "admin@example.org"

    before = counts()
    load_demo()
    assert counts() == before

    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "anderes-passwort")
    load_demo()
    assert counts() == before
    assert authenticate(username="admin", password="anderes-passwort") is not None


def test_load_demo_on_an_emptied_page_tree(monkeypatch):
    """A flushed database (as after a TransactionTestCase) has no root page and no site."""
    monkeypatch.delenv("DEMO_ADMIN_PASSWORD", raising=False)
    Site.objects.all().delete()
    Page.get_first_root_node().delete()
    assert not Page.objects.exists()

    load_demo()
    home = Site.objects.get(is_default_site=True).root_page
    assert Page.objects.get(url_path=f"{home.url_path}e-nrw/2020/programm/").live


def test_load_bench_data_small():
    args = ["--congresses", "1", "--editions", "1", "--tracks", "3", "--sessions", "4"]
    call_command("load_bench_data", *args, verbosity=0)

    edition = Edition.objects.get(congress__slug="bench-1")
    assert Track.objects.live().for_edition(edition).count() == 3
    sessions = Session.objects.live().for_edition(edition)
    assert sessions.count() == 12
    assert SessionSpeaker.objects.filter(session__in=sessions).count() == 24
    assert Person.objects.filter(slug__startswith="bench-1-").count() == 12
    assert all(s.latest_revision_id for s in sessions)
    assert programme_conflicts(edition) == []

    home = Site.objects.get(is_default_site=True).root_page.specific
    assert isinstance(home, HomePage)
    for path in [
        "bench-1/",
        "bench-1/2021/",
        "bench-1/2021/programm/",
        "bench-1/2021/referierende/",
    ]:
        assert Page.objects.get(url_path=f"{home.url_path}{path}").live

    before = counts()
    call_command("load_bench_data", *args, verbosity=0)
    assert counts() == before
    assert Congress.objects.filter(slug__startswith="bench-").count() == 1


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared/seeds is not next to the project")
def test_people_and_times_match_the_seed_texts():
    """Names and titles of people from the seeds appear in their seed text, and the forum
    "Strategie und Steuerung" keeps the seed's times."""
    texts = {path.name[:3]: path.read_text(encoding="utf-8") for path in SEEDS.glob("*.txt")}
    for slug, person in demo_data.PEOPLE.items():
        if person.get("filler"):
            continue
        text = texts[person["source"]].replace("Professor", "Prof.")
        name = " ".join(
            p
            for p in [person.get("academic_title"), person["first_name"], person["last_name"]]
            if p
        )
        assert name in text, f"{slug}: {name!r} not in seed {person['source']}"

    seed_times = {
        (f"{a}:{b}", f"{c}:{d}")
        for a, b, c, d in re.findall(r"// (\d\d)\.(\d\d)\s*[–-]\s*(\d\d)\.(\d\d) Uhr", texts["004"])
    }
    data_times = {(s.start, s.end) for s in demo_data.STRATEGIE_UND_STEUERUNG["sessions"]}
    assert len(seed_times) == 7
    assert seed_times <= data_times
