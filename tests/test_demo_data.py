"""The demo (``load_demo``) and benchmark (``load_bench_data``) management commands."""

import datetime as dt
import io
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, Revision, Site

from cms.models import ContentPage, HomePage, ProgrammePage, SiteSettings, SpeakerIndexPage
from congress.enums import EditionMode
from congress.models import Congress, Edition, LogEntry, OutboxMessage
from demo.data import digitaler_staat, people
from demo.data import registrations as demo_registrations
from programme.enums import TrackKind
from programme.models import Person, Session, SessionSpeaker, Track
from programme.services import programme_conflicts
from registrations import access, checkin, services
from registrations.models import (
    AccessUse,
    CheckIn,
    ForumChoice,
    Invoice,
    ModeSwitch,
    Question,
    Registration,
    TicketCategory,
    Voucher,
)
from registrations.services import free_onsite_seats
from registrations.tickets import ticket_payload
from registrations.xrechnung import xrechnung_xml

pytestmark = pytest.mark.django_db

SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", verbosity=0, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    models = (
        *(Session, SessionSpeaker, Person, Track, Edition, Page, Revision),
        *(TicketCategory, Question, Voucher, Registration, LogEntry, Invoice),
        *(CheckIn, AccessUse, ForumChoice, ModeSwitch, OutboxMessage),
        get_user_model(),
    )
    return {model.__name__: model.objects.count() for model in models}


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
    # 001 announces an online event; the demo holds it in Neuss and online (demo.data.congresses).
    assert announced.mode == EditionMode.HYBRID
    assert announced.venue.name == "Stadthalle Neuss"
    assert announced.onsite_capacity == 120
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
    registrations = sorted(
        Registration.objects.values_list("email", "state", "attendance", "updated_at")
    )
    output = load_demo()
    assert counts() == before
    assert "Demodaten unverändert" in output
    assert (
        sorted(Registration.objects.values_list("email", "state", "attendance", "updated_at"))
        == registrations
    )
    assert "Einlass:  http://127.0.0.1:8000/anmeldung/einlass/e-nrw/2021/" in output
    assert "Benutzer: einlass (einlass@example.org)" in output
    assert "forumsleitung (forumsleitung@example.org), Passwort wie beim Admin" in output

    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "anderes-passwort")
    load_demo()
    assert counts() == before
    assert authenticate(username="admin", password="anderes-passwort") is not None
    assert authenticate(username="einlass", password="anderes-passwort") is not None


def test_e_nrw_2021_registrations(demo):
    edition = Edition.objects.get(congress__slug="e-nrw", year=2021)
    categories = {c.kind: c for c in TicketCategory.objects.for_edition(edition)}
    assert [c.name for c in TicketCategory.objects.for_edition(edition)] == [
        "Öffentliche Verwaltung",
        "Wirtschaft",
        "Presse",
        "Partner/Aussteller",
        "Referent/in",
    ]
    public, business = categories["public_sector"], categories["business"]
    assert public.is_free and public.requires_authority and public.email_domains == ""
    assert (business.price_net, business.vat_rate) == (Decimal("290.00"), Decimal("19.00"))
    assert business.allows_invoice and business.price_gross == Decimal("345.10")
    assert not categories["press"].is_public and not categories["speaker"].is_public
    assert categories["partner"].requires_voucher
    voucher = Voucher.objects.get(edition=edition, code="PARTNER2021")
    assert voucher.category == categories["partner"]
    # History: 2021 has ended, nothing is on sale (the next e-nrw takes registrations).
    on_sale = TicketCategory.objects.for_edition(edition).on_sale().filter(is_public=True)
    assert on_sale.count() == 0
    assert not public.requires_confirmation  # registered before addresses were confirmed
    assert [q.label for q in edition.registration_questions.all()] == [
        "Benötigen Sie eine barrierefreie Anreise?",
        "Verpflegung",
    ]

    registrations = Registration.objects.for_edition(edition)
    assert registrations.count() == 150
    assert Counter(registrations.values_list("state", flat=True)) == {
        "confirmed": 144,
        "waitlisted": 4,
        "offered": 1,
        "cancelled": 1,
    }
    confirmed = registrations.filter(state="confirmed")
    assert confirmed.filter(attendance="online").count() == 25
    # Every seat on site is taken (hence the waiting list), the offer holds the freed one.
    assert registrations.holding_seat().count() == edition.onsite_capacity
    assert free_onsite_seats(edition) == 0
    offered = registrations.get(state="offered")
    assert offered.offer_expires_at > timezone.now()
    assert all(
        r.authority and r.declaration_accepted for r in registrations.filter(category=public)
    )
    # Every public-sector attendee gave the level of their authority: the dashboard groups by it.
    levels = Counter(
        registrations.filter(category=public).values_list("authority_level", flat=True)
    )
    assert set(levels) == {"federal", "state", "municipal", "other_public"}
    assert levels["municipal"] > levels["state"] > levels["federal"]
    assert registrations.filter(voucher=voucher).count() == 16
    assert all(r.email.endswith(".example.org") for r in registrations)

    # Built through the services: each wrote its own audit entries.
    log = LogEntry.objects.get_for_model(Registration).filter(edition=edition)
    assert Counter(log.values_list("action", flat=True)) == {
        "registration.created": 150,
        "invoice.issued": 14,
        "invoice.paid": 12,
        "registration.cancelled": 1,
        "registration.offered": 1,  # the seat the cancellation freed
        "registration.checked_in": 17,
    }
    press = registrations.filter(category=categories["press"])
    admin = get_user_model().objects.get(username="admin")
    assert press.count() == 6
    press_ids = [str(pk) for pk in press.values_list("pk", flat=True)]
    assert {e.user for e in log.filter(action="registration.created", object_id__in=press_ids)} == {
        admin
    }
    cancelled = registrations.get(state="cancelled")
    assert cancelled.created_at < offered.created_at
    states = log.filter(action__in=["registration.cancelled", "registration.offered"])
    assert [e.data for e in states.order_by("pk")] == [
        {"old": "confirmed", "new": "cancelled"},
        {"old": "waitlisted", "new": "offered"},
    ]

    invoices = Invoice.objects.filter(registration__edition=edition).order_by("number")
    assert [i.number for i in invoices] == [f"RE-2021-{n:05d}" for n in range(1, 15)]
    assert all(i.gross == Decimal("345.10") for i in invoices)
    # Issued when the registration was confirmed, paid 18 days later; the seller copied on.
    assert all(i.issued_at == i.registration.created_at for i in invoices)
    paid = invoices.filter(state="paid")
    assert paid.count() == 12
    assert all(i.paid_at - i.issued_at == dt.timedelta(days=18) for i in paid)
    assert all(i.seller["iban"] == "DE02120300000000202051" for i in invoices)
    leitweg = invoices.get(leitweg_id=demo_registrations.LEITWEG_ID)
    assert leitweg.order_reference and leitweg.state == "paid"
    # The organiser's invoice data (Füllwerte) is valid and enough for the XRechnung.
    edition.congress.full_clean()
    xml = xrechnung_xml(leitweg).decode()
    assert f"<cbc:BuyerReference>{demo_registrations.LEITWEG_ID}</cbc:BuyerReference>" in xml
    assert "<cbc:ID>DE02120300000000202051</cbc:ID>" in xml
    assert invoices.filter(state="open").count() == 2

    assert not Track.objects.live().for_edition(edition).filter(kind=TrackKind.FORUM).exists()
    assert not ForumChoice.objects.filter(registration__edition=edition).exists()

    check_ins = CheckIn.objects.filter(registration__edition=edition)
    assert check_ins.filter(room__isnull=True).count() == 12
    in_room = check_ins.filter(room__isnull=False)
    assert in_room.count() == 5
    assert {c.room.venue_id for c in in_room} == {edition.venue_id}
    assert all(c.registration.attendance == "onsite" for c in check_ins)
    assert {timezone.localtime(c.scanned_at).date() for c in check_ins} == {edition.start_date}
    assert LogEntry.objects.filter(edition=edition, action="registration.checked_in").count() == 17
    uses = AccessUse.objects.filter(registration__edition=edition)
    assert uses.count() == 2
    for use in uses:
        attended = access.attendance_of(use.registration)
        assert attended.online and attended.days == [edition.start_date]

    assert mail.outbox == []


def test_demo_attendees_are_invented():
    """No attendee shares a name with a person of the demo programme."""
    names = {(p["first_name"], p["last_name"]) for p in people.PEOPLE.values()}
    attendees = demo_registrations.attendees()
    assert len({a.email.lower() for a in attendees}) == len(attendees) == 150
    assert not names & {(a.first_name, a.last_name) for a in attendees}
    switched = demo_registrations.switch_attendees()
    assert len({a.email.lower() for a in switched}) == len(switched) == 467
    assert not {a.email.lower() for a in attendees} & {a.email.lower() for a in switched}


def test_checkin_user(demo, client):
    from congress.models import Edition

    user = authenticate(username="einlass", password="kongress-demo")
    assert user is not None and not user.is_superuser
    e_nrw_2021 = Edition.objects.get(congress__slug="e-nrw", year=2021)
    assert user.has_perm("registrations.check_in", e_nrw_2021)
    assert not user.has_perm("registrations.switch_mode", e_nrw_2021)
    assert user.has_perm("wagtailadmin.access_admin")

    client.force_login(user)
    response = client.get("/anmeldung/einlass/e-nrw/2021/")
    assert response.status_code == 200
    assert "Großer Saal" in response.content.decode()
    assert client.get("/anmeldung/einlass/e-nrw/2020/").status_code == 403
    assert client.get("/admin/").status_code == 200


def test_forum_lead_user(demo, client):
    from programme.models import Session, Track

    user = authenticate(username="forumsleitung", password="kongress-demo")
    assert user is not None and not user.is_superuser
    forum = Track.objects.get(edition__congress__slug="e-nrw", edition__year=2020, number=1)
    own = Session.objects.filter(track=forum).first()
    other = Session.objects.filter(track__edition=forum.edition).exclude(track=forum).first()
    assert user.has_perm("programme.change_session", own)
    assert not user.has_perm("programme.publish_session", own)
    assert not user.has_perm("programme.change_session", other)
    client.force_login(user)
    dashboard = client.get("/admin/").content.decode()
    assert "Ihre Foren" in dashboard and forum.title in dashboard


def test_registration_page_of_2021_is_closed(demo, client):
    response = client.get("/anmeldung/e-nrw/2021/")
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "Die Anmeldung für e-nrw 2021 ist geschlossen; der Kongress fand am 10.11.2021 statt."
        in html
    )
    assert 'href="/e-nrw/2021/programm/"' in html
    assert "Verbindlich anmelden" not in html


def test_next_e_nrw_is_open_for_registration(demo, client):
    """Next year's e-nrw, dated from the day of loading: found from the home page, a newcomer
    registers (public sector: confirms the address), a company pays on invoice, and both are
    checked in by the demo's check-in user."""
    year = timezone.localdate().year + 1
    edition = Edition.objects.get(congress__slug="e-nrw", year=year)
    assert edition.start_date == edition.end_date == dt.date(year, 11, 10)
    assert edition.title == f"e-nrw {year}"
    assert Session.objects.live().for_edition(edition).count() == 5
    assert programme_conflicts(edition) == []
    register_url = f"/anmeldung/e-nrw/{year}/"
    for page_url in ("/", f"/e-nrw/{year}/", f"/e-nrw/{year}/programm/"):
        assert f'href="{register_url}"' in client.get(page_url).content.decode(), page_url
    html = client.get(register_url).content.decode()
    for name in ["Öffentliche Verwaltung", "Wirtschaft", "Partner/Aussteller", "Verpflegung"]:
        assert name in html
    assert "Presse" not in html and "Referent/in" not in html

    categories = {c.kind: c for c in TicketCategory.objects.for_edition(edition)}
    public, business = categories["public_sector"], categories["business"]
    assert public.requires_confirmation and not business.requires_confirmation
    official = services.register_attendee(
        category=public,
        first_name="Neu",
        last_name="Ling",
        email="neu.ling@stadt-neuss.example.org",
        attendance="onsite",
        authority="Stadt Neuss",
        authority_level="municipal",
        declaration_accepted=True,
        terms_accepted=True,
    )
    assert official.state == "awaiting_confirmation"
    official = services.confirm_address(registration=official)
    buyer = services.register_attendee(
        category=business,
        first_name="Fir",
        last_name="Ma",
        email="einkauf@beispiel-consulting.example.org",
        attendance="onsite",
        payment_method="invoice",
        billing_address="Beispiel Consulting GmbH\nMusterweg 1\n40210 Düsseldorf",
        terms_accepted=True,
    )
    assert (official.state, buyer.state) == ("confirmed", "confirmed")
    assert Invoice.objects.get(registration=buyer).number.startswith(f"RE-{year - 1}-")

    door = get_user_model().objects.get(username="einlass")
    assert door.has_perm("registrations.check_in", edition)
    for registration in (official, buyer):
        checkin.check_in_ticket(payload=ticket_payload(registration), edition=edition, user=door)
    assert CheckIn.objects.filter(registration__edition=edition).count() == 2


def test_e_nrw_2020_switched_online_three_days_before(demo, client):
    edition = demo
    changed = timezone.localtime(edition.mode_changed_at)
    assert changed.date() == edition.start_date - dt.timedelta(days=3)
    assert "02.11.2020" in edition.mode_notice and "WebKongress" in edition.mode_notice

    # Registered while in person (the seats on site all taken, a waiting list, some online),
    # then switched through the service: everyone online, the waiting list admitted.
    switch = ModeSwitch.objects.get(edition=edition)
    assert (switch.old_mode, switch.new_mode) == (EditionMode.IN_PERSON, EditionMode.ONLINE)
    assert switch.created_at == edition.mode_changed_at
    assert switch.user.username == "admin"
    assert switch.effects["sessions"] == Session.objects.live().for_edition(edition).count()
    assert (
        switch.effects["onsite_to_online"],
        switch.effects["waitlist_admitted_online"],
        switch.effects["attendees_notified"],
        switch.effects["emails"],
    ) == (386, 24, 467, 467)
    registrations = Registration.objects.for_edition(edition)
    assert Counter(registrations.values_list("state", "attendance")) == {
        ("confirmed", "online"): 467
    }
    assert registrations.filter(preferred_attendance="onsite").count() == 386 + 24
    assert (
        LogEntry.objects.filter(edition=edition, action="registration.mode_switched").count()
        == 386 + 24
    )
    # One email per address, recorded by the switch; the demo sends none (demo.build).
    notifications = OutboxMessage.objects.in_batch(f"mode-switch:{switch.pk}")
    assert notifications.count() == 467
    assert notifications.filter(edition=edition).count() == 467
    assert not notifications.filter(sent_at__isnull=False).exists()

    html = client.get("/e-nrw/2020/").content.decode()
    assert "mode-banner" in html and "WebKongress" in html
    assert "mode-banner" not in client.get("/e-nrw/2021/").content.decode()

    for track in Track.objects.live().for_edition(edition):
        assert track.stream_url.startswith("https://stream.example.org/e-nrw-2020/")
        assert track.chat_url.startswith("https://chat.example.org/e-nrw-2020/")
    assert Track.objects.get(edition=edition, number=3).stream_url == (
        "https://stream.example.org/e-nrw-2020/forum-3"
    )


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


def test_people_and_times_match_the_seed_texts():
    """Names and titles of people from the seeds appear in their seed text, and the forum
    "Strategie und Steuerung" keeps the seed's times."""
    assert SEEDS.is_dir(), f"{SEEDS} is missing: ../shared must lie beside the project"
    texts = {path.name[:3]: path.read_text(encoding="utf-8") for path in SEEDS.glob("*.txt")}
    for slug, person in people.PEOPLE.items():
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
    data_times = {(s.start, s.end) for s in digitaler_staat.STRATEGIE_UND_STEUERUNG["sessions"]}
    assert len(seed_times) == 7
    assert seed_times <= data_times
