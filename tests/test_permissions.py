"""Roles and the rules: what each role may and may not do in its own and in another congress,
edition or forum (status codes and page content of real requests), and the scopes of
RoleAssignment."""

import json

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from congress.enums import Role
from congress.models import RoleAssignment
from congress.rules import roles_of
from programme.models import Session
from registrations import checkin
from registrations.models import CheckIn, Registration
from registrations.tickets import ticket_payload
from registrations.wagtail_hooks import operations_menu_items
from tests.factories import (
    CongressFactory,
    EditionFactory,
    InvitationFactory,
    RegistrationFactory,
    SessionFactory,
    TicketCategoryFactory,
    TrackFactory,
    UserFactory,
    checkin_staff_of,
    forum_lead_of,
    organiser_of,
    speaker_manager_of,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

DASHBOARD = reverse("wagtailadmin_home")


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # check-in caches editions and device users for a minute


class Side:
    """One congress with an edition, a registration, a forum and a session in it."""

    def __init__(self, name):
        self.congress = CongressFactory(name=f"Kongress {name}", slug=f"kongress-{name}")
        self.edition = EditionFactory(congress=self.congress, title=f"Ausgabe {name}")
        self.category = TicketCategoryFactory(edition=self.edition)
        self.registration = RegistrationFactory(
            category=self.category,
            first_name="Erika",
            last_name=f"Muster{name}",
            email=f"erika.{name}@example.org",
        )
        self.forum = TrackFactory(edition=self.edition, title=f"Forum {name}")
        self.session = SessionFactory(track=self.forum, title=f"Sitzung {name}")


@pytest.fixture
def a():
    return Side("a")


@pytest.fixture
def b():
    return Side("b")


def refused(response):
    """Wagtail answers a refusal of an admin URL with a redirect to the dashboard."""
    return (response.status_code, response.get("Location")) == (302, DASHBOARD)


def api_url(side, name="scan"):
    return reverse(
        f"registrations:checkin_api_{name}", args=[side.congress.slug, side.edition.year]
    )


def page_url(side):
    return reverse("registrations:checkin", args=[side.congress.slug, side.edition.year])


def post_json(client, url, data, **headers):
    return client.post(url, json.dumps(data), content_type="application/json", headers=headers)


# RoleAssignment: the scope fits the role -----------------------------------------------------


@pytest.mark.parametrize(
    ("role", "scope", "valid"),
    [
        (Role.ORGANISER, {"congress"}, True),
        (Role.ORGANISER, {"edition"}, False),
        (Role.ORGANISER, {"congress", "edition"}, False),
        (Role.CHECKIN, {"edition"}, True),
        (Role.CHECKIN, {"congress"}, False),
        (Role.CHECKIN, set(), False),
        (Role.FORUM_LEAD, {"forum"}, True),
        (Role.FORUM_LEAD, {"edition"}, False),
        (Role.SPEAKER_MANAGER, {"congress"}, True),
        (Role.SPEAKER_MANAGER, {"edition"}, True),
        (Role.SPEAKER_MANAGER, {"congress", "edition"}, False),
        (Role.SPEAKER_MANAGER, {"forum"}, False),
    ],
)
def test_role_assignment_validates_its_scope(a, role, scope, valid):
    objects = {"congress": a.congress, "edition": a.edition, "forum": a.forum}
    assignment = RoleAssignment(
        user=UserFactory(), role=role, **{name: objects[name] for name in scope}
    )
    if valid:
        assignment.full_clean()
    else:
        with pytest.raises(ValidationError):
            assignment.full_clean()


def test_forum_lead_gets_the_forums_edition(a, b):
    assignment = RoleAssignment(user=UserFactory(), role=Role.FORUM_LEAD, forum=a.forum)
    assignment.full_clean()
    assert assignment.edition == a.edition

    wrong = RoleAssignment(
        user=UserFactory(), role=Role.FORUM_LEAD, forum=a.forum, edition=b.edition
    )
    with pytest.raises(ValidationError) as info:
        wrong.full_clean()
    assert "edition" in info.value.message_dict


def test_role_assignment_constraint_refuses_a_wrong_scope(a):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=UserFactory(), role=Role.ORGANISER, edition=a.edition)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=UserFactory(), role=Role.CHECKIN, congress=a.congress)
    RoleAssignment.objects.create(user=UserFactory(), role=Role.CHECKIN, edition=a.edition)
    assert RoleAssignment.objects.count() == 1


def test_roles_are_loaded_once_per_user_object(a, b, django_assert_num_queries):
    user = organiser_of(a.congress)
    checkin_staff_of(b.edition, user=user)
    registrations = list(Registration.objects.all()) * 10
    with django_assert_num_queries(1):
        allowed = [user.has_perm("registrations.view_registration", r) for r in registrations]
        assert user.has_perm("registrations.check_in", b.edition)
    assert allowed == [r.edition_id == a.edition.pk for r in registrations]
    assert roles_of(user).edition_ids(Role.ORGANISER) == {a.edition.pk}


def test_superuser_may_do_everything_without_roles(a, django_assert_num_queries):
    admin = UserFactory(is_superuser=True)
    with django_assert_num_queries(0):
        assert admin.has_perm("registrations.check_in", a.edition)
        assert admin.has_perm("programme.change_session", a.session)


# Check-in staff ------------------------------------------------------------------------------


def test_checkin_staff_page_and_api_only_for_their_edition(client, a, b):
    client.force_login(checkin_staff_of(a.edition))

    assert client.get(page_url(a)).status_code == 200
    assert client.get(page_url(b)).status_code == 403
    index = client.get(reverse("registrations:checkin_index"))
    assert index.status_code == 200
    assert "Ausgabe a" in index.content.decode()
    assert "Ausgabe b" not in index.content.decode()

    client.get(page_url(a))
    csrf = {"X-CSRFToken": client.cookies["csrftoken"].value}
    scan_a = post_json(client, api_url(a), {"code": ticket_payload(a.registration)}, **csrf)
    assert (scan_a.status_code, scan_a.json()["code"]) == (200, "admitted")
    scan_b = post_json(client, api_url(b), {"code": ticket_payload(b.registration)}, **csrf)
    assert scan_b.status_code == 403
    assert scan_b.json() == {
        "ok": False,
        "code": "error",
        "message": "Sie haben keine Berechtigung für den Einlass.",
    }
    assert client.get(api_url(a, "search"), {"q": "Muster"}).status_code == 200
    search_b = client.get(api_url(b, "search"), {"q": "Muster"})
    assert search_b.status_code == 403
    assert "erika.b@example.org" not in search_b.content.decode()
    for name in ("status", "offline"):
        assert client.get(api_url(b, name)).status_code == 403
    assert post_json(client, api_url(b, "sync"), {"scans": []}, **csrf).status_code == 403
    assert list(CheckIn.objects.values_list("registration_id", flat=True)) == [a.registration.pk]


def test_checkin_device_token_only_for_its_users_edition(client, a, b):
    staff = checkin_staff_of(a.edition)
    token_a = checkin.issue_device_token(user=staff, edition=a.edition)
    bearer_a = {"Authorization": f"Bearer {token_a}"}

    assert client.get(api_url(a, "status"), headers=bearer_a).status_code == 200
    other = client.get(api_url(b, "search"), {"q": "Muster"}, headers=bearer_a)
    assert other.status_code == 403
    assert other.json()["message"] == "Das Token gilt für eine andere Veranstaltung."

    # A token for edition B (signed, but the user is staff of A only) opens nothing in B.
    token_b = checkin.issue_device_token(user=staff, edition=b.edition)
    bearer_b = {"Authorization": f"Bearer {token_b}"}
    for name in ("status", "offline", "search"):
        response = client.get(api_url(b, name), headers=bearer_b)
        assert response.status_code == 403
        assert response.json()["message"] == "Sie haben keine Berechtigung für den Einlass."
    scan = post_json(client, api_url(b), {"code": ticket_payload(b.registration)}, **bearer_b)
    assert scan.status_code == 403
    assert post_json(client, api_url(b, "sync"), {"scans": []}, **bearer_b).status_code == 403
    assert CheckIn.objects.count() == 0


def test_checkin_token_stops_when_the_role_is_taken_back(client, a):
    staff = checkin_staff_of(a.edition)
    bearer = {
        "Authorization": f"Bearer {checkin.issue_device_token(user=staff, edition=a.edition)}"
    }
    assert client.get(api_url(a, "status"), headers=bearer).status_code == 200

    RoleAssignment.objects.filter(user=staff).delete()
    cache.clear()  # the device user is cached for a minute

    assert client.get(api_url(a, "status"), headers=bearer).status_code == 403


def test_global_django_permission_alone_grants_no_check_in(client, a):
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="check_in"))
    client.force_login(user)

    assert client.get(page_url(a)).status_code == 403
    assert client.get(reverse("registrations:checkin_index")).status_code == 403
    assert client.get(api_url(a, "status")).status_code == 403
    token = checkin.issue_device_token(user=user, edition=a.edition)
    bearer = {"Authorization": f"Bearer {token}"}
    assert client.get(api_url(a, "status"), headers=bearer).status_code == 403


def test_checkin_staff_prints_badges_of_their_edition_only(client, a, b):
    client.force_login(checkin_staff_of(a.edition))

    index = client.get(reverse("registrations_badges"))
    assert index.status_code == 200
    assert "Ausgabe a" in index.content.decode()
    assert "Ausgabe b" not in index.content.decode()
    assert client.get(reverse("registrations_badges_pdf", args=[a.edition.pk])).status_code == 200
    assert refused(client.get(reverse("registrations_badges_pdf", args=[b.edition.pk])))
    # Nothing else: registrations, the mode switch, the speakers.
    assert refused(client.get(reverse("registration_admin:index")))
    assert refused(client.get(reverse("registrations_mode_switch", args=[a.edition.pk])))
    assert refused(client.get(reverse("speakers_admin:overview")))


def test_operations_menu_per_role(rf, a):
    def shown(user):
        request = rf.get("/admin/")
        request.user = user
        return [str(item.label) for item in operations_menu_items() if item.is_shown(request)]

    assert shown(checkin_staff_of(a.edition)) == ["Einlass", "Einlass-Geräte", "Namensschilder"]
    assert shown(organiser_of(a.congress)) == [
        "Anmeldezahlen",
        "Freigaben",
        "Format wechseln",
        "Einlass",
        "Einlass-Geräte",
        "Namensschilder",
        "Auffällige Online-Zugänge",
    ]
    assert shown(forum_lead_of(a.forum)) == []
    assert shown(UserFactory()) == []


# Organisers ------------------------------------------------------------------------------------


def test_organiser_switches_the_mode_of_their_congress_only(client, a, b):
    client.force_login(organiser_of(a.congress))

    assert client.get(reverse("registrations_mode_switch", args=[a.edition.pk])).status_code == 200
    assert refused(client.get(reverse("registrations_mode_switch", args=[b.edition.pk])))
    assert refused(
        client.post(
            reverse("registrations_mode_switch", args=[b.edition.pk]),
            {"mode": "online", "action": "confirm"},
        )
    )
    index = client.get(reverse("registrations_mode_switch_index")).content.decode()
    assert "Ausgabe a" in index
    assert "Ausgabe b" not in index


def test_registration_listing_shows_only_the_organisers_editions(client, a, b):
    client.force_login(organiser_of(a.congress))

    listing = client.get(reverse("registration_admin:index"))
    assert listing.status_code == 200
    assert "erika.a@example.org" in listing.content.decode()
    assert "erika.b@example.org" not in listing.content.decode()
    assert client.get(
        reverse("registration_admin:inspect", args=[a.registration.pk])
    ).status_code == (200)
    assert refused(client.get(reverse("registration_admin:inspect", args=[b.registration.pk])))
    assert refused(client.get(reverse("registrations_admin_refund", args=[b.registration.pk])))
    assert refused(client.get(reverse("registrations_admin_cancel", args=[b.registration.pk])))
    assert refused(client.get(reverse("registrations_admin_certificate", args=[b.registration.pk])))
    counts = client.get(reverse("registrations_counts")).content.decode()
    assert "Ausgabe a" in counts
    assert "Ausgabe b" not in counts


def test_organiser_checks_in_at_every_edition_of_their_congress(client, a, b):
    later = EditionFactory(congress=a.congress, year=a.edition.year + 1)
    client.force_login(organiser_of(a.congress))

    assert client.get(page_url(a)).status_code == 200
    assert (
        client.get(reverse("registrations:checkin", args=[a.congress.slug, later.year])).status_code
        == 200
    )
    assert client.get(page_url(b)).status_code == 403


def test_organiser_manages_only_the_roles_of_their_congress(client, a, b):
    organiser = organiser_of(a.congress)
    checkin_staff_of(a.edition, user=UserFactory(username="einlass-a"))
    checkin_staff_of(b.edition, user=UserFactory(username="einlass-b"))
    client.force_login(organiser)

    listing = client.get(reverse("wagtailsnippets_congress_roleassignment:list"))
    assert listing.status_code == 200
    assert "einlass-a" in listing.content.decode()
    assert "einlass-b" not in listing.content.decode()
    other = RoleAssignment.objects.get(user__username="einlass-b")
    assert refused(
        client.get(reverse("wagtailsnippets_congress_roleassignment:edit", args=[other.pk]))
    )
    # Without a role nobody sees the roles.
    client.force_login(checkin_staff_of(a.edition))
    assert refused(client.get(reverse("wagtailsnippets_congress_roleassignment:list")))


def test_organiser_cannot_give_a_role_in_another_congress(client, a, b):
    client.force_login(organiser_of(a.congress))
    newcomer = UserFactory()
    url = reverse("wagtailsnippets_congress_roleassignment:add")

    response = client.post(
        url, {"user": newcomer.pk, "role": Role.CHECKIN, "edition": b.edition.pk}
    )
    assert response.status_code == 200  # the form again, with its error
    assert not RoleAssignment.objects.filter(user=newcomer).exists()

    client.post(url, {"user": newcomer.pk, "role": Role.CHECKIN, "edition": a.edition.pk})
    assignment = RoleAssignment.objects.get(user=newcomer)
    assert (assignment.edition, assignment.created_by.pk) == (
        a.edition,
        RoleAssignment.objects.get(role=Role.ORGANISER).user_id,
    )


# Forum leads -----------------------------------------------------------------------------------


def session_url(name, *args):
    return reverse(Session.snippet_viewset.get_url_name(name), args=args)


def test_forum_lead_edits_the_sessions_of_their_forum_only(client, a, b):
    other_forum = TrackFactory(edition=a.edition, title="Anderes Forum")
    other_session = SessionFactory(track=other_forum, title="Sitzung anderes Forum")
    client.force_login(forum_lead_of(a.forum))

    listing = client.get(session_url("list"))
    assert listing.status_code == 200
    body = listing.content.decode()
    assert "Sitzung a" in body
    assert "Sitzung anderes Forum" not in body and "Sitzung b" not in body

    edit = client.get(session_url("edit", a.session.pk))
    assert edit.status_code == 200
    choices = [str(track) for track in edit.context["form"].fields["track"].queryset]
    assert choices == [str(a.forum)]
    assert refused(client.get(session_url("edit", other_session.pk)))
    assert refused(client.get(session_url("edit", b.session.pk)))
    assert refused(client.get(session_url("delete", b.session.pk)))


def test_forum_lead_may_do_nothing_else(client, a):
    client.force_login(forum_lead_of(a.forum))

    assert client.get(DASHBOARD).status_code == 200
    assert refused(client.get(reverse("registration_admin:index")))
    assert refused(client.get(reverse("registrations_mode_switch", args=[a.edition.pk])))
    assert refused(client.get(reverse("speakers_admin:overview")))
    assert refused(client.get(reverse(a.forum.snippet_viewset.get_url_name("list"))))
    assert client.get(page_url(a)).status_code == 403


def test_forum_lead_acts_on_invitations_to_their_forum_only(client, a):
    other_session = SessionFactory(track=TrackFactory(edition=a.edition))
    own = InvitationFactory(sessions=[a.session])
    foreign = InvitationFactory(sessions=[other_session])
    client.force_login(forum_lead_of(a.forum))

    def withdraw(invitation):
        url = reverse("speakers_admin:invitation_action", args=[invitation.pk, "withdraw"])
        return client.post(url)

    assert refused(withdraw(foreign))
    assert withdraw(own).status_code == 302
    own.refresh_from_db()
    foreign.refresh_from_db()
    assert (own.state, foreign.state) == ("withdrawn", "invited")


# Speaker managers ------------------------------------------------------------------------------


def test_speaker_manager_sees_the_overview_of_their_congress_only(client, a, b):
    client.force_login(speaker_manager_of(congress=a.congress))

    overview = client.get(reverse("speakers_admin:overview"))
    assert overview.status_code == 200
    assert "Sitzung a" in overview.content.decode()
    other = client.get(reverse("speakers_admin:overview"), {"edition": b.edition.pk})
    assert "Sitzung b" not in other.content.decode()
    assert "Ausgabe b" not in other.content.decode()
    foreign = InvitationFactory(sessions=[b.session])
    url = reverse("speakers_admin:invitation_action", args=[foreign.pk, "withdraw"])
    assert refused(client.post(url))
    # Nothing of registrations or check-in.
    assert refused(client.get(reverse("registration_admin:index")))
    assert client.get(page_url(a)).status_code == 403


def test_speaker_manager_of_an_edition_and_users_without_roles(client, a, b):
    client.force_login(speaker_manager_of(edition=b.edition))
    overview = client.get(reverse("speakers_admin:overview"))
    assert overview.status_code == 200
    assert "Sitzung b" in overview.content.decode()
    assert "Sitzung a" not in overview.content.decode()

    client.force_login(UserFactory())
    response = client.get(reverse("speakers_admin:overview"))
    assert response.status_code == 302  # no admin access at all: to the login
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_organiser_cannot_create_in_another_congresss_edition(client, a, b):
    client.force_login(organiser_of(a.congress))
    url = reverse("ticket_categories:add")
    page = client.get(url)
    assert page.status_code == 200

    def add(edition, name):
        data = {
            "edition": edition.pk,
            "name": name,
            "kind": a.category.kind,
            "price_net": "0",
            "attendance": a.category.attendance,
            "vat_rate": a.category.vat_rate,
            "sort_order": 0,
        }
        return client.post(url, data)

    response = add(b.edition, "Fremde Kategorie")
    assert response.status_code == 200
    assert "Das liegt außerhalb Ihrer Berechtigung." in response.content.decode()
    assert not a.category.__class__.objects.filter(name="Fremde Kategorie").exists()
    assert add(a.edition, "Eigene Kategorie").status_code == 302
    assert a.category.__class__.objects.get(name="Eigene Kategorie").edition == a.edition


def test_forum_lead_cannot_move_a_session_into_another_forum(client, a):
    from programme.models import Track

    other = TrackFactory(edition=a.edition, title="Anderes Forum")
    client.force_login(forum_lead_of(a.forum))
    policy = Session.snippet_viewset.permission_policy
    lead = RoleAssignment.objects.get(role=Role.FORUM_LEAD).user
    moved = Session.objects.get(pk=a.session.pk)
    moved.track = Track.objects.get(pk=other.pk)
    assert not policy.user_has_permission_for_instance(lead, "change", moved)
    assert policy.user_has_permission_for_instance(lead, "change", a.session)
