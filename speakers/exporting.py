"""Export of an edition's speakers with their consents (CSV and XLSX, congress/spreadsheets.py).

One row per person who takes part in a session of the edition (speaker, moderator or panel
guest) or is invited to one: name, function and organisation, contact data, participation, their
roles and sessions (with the programme's keys), the state of their latest invitation, each
consent (recording, streaming, publication of slides, photo and bio: "ja" or "nein") and the
slides uploaded. A fixed number of queries, whatever the number of speakers.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count
from django.utils.translation import gettext as _

from programme.models import Person, SessionSpeaker

from .enums import ConsentKind, InvitationState
from .models import Consent, Invitation, SlideVersion


def speaker_headers() -> list[str]:
    return [
        _("Name"),
        _("Akademischer Titel"),
        _("Vorname"),
        _("Nachname"),
        _("Funktion"),
        _("Organisation"),
        _("E-Mail-Adresse"),
        _("Telefon"),
        _("Art der Teilnahme"),
        _("Rollen"),
        _("Programmpunkte"),
        _("Einladung"),
        *[str(label) for label in ConsentKind.labels],
        _("Folien hochgeladen"),
    ]


def speaker_rows(edition) -> list[list]:
    links = SessionSpeaker.objects.filter(session__track__edition=edition).select_related("session")
    roles, sessions = defaultdict(list), defaultdict(list)
    for link in links.order_by("session__starts_at", "session_id", "sort_order"):
        label = link.get_role_display()
        if label not in roles[link.person_id]:
            roles[link.person_id].append(label)
        sessions[link.person_id].append(f"{link.session.title} [{link.session.import_key}]")
    states = {}
    invitations = (
        Invitation.objects.filter(sessions__track__edition=edition)
        .order_by("created_at", "pk")
        .values_list("person_id", "state")
    )
    for person_id, state in invitations:  # the latest invitation last
        states[person_id] = InvitationState(state).label
    people = (
        Person.objects.filter(pk__in=set(roles) | set(states))
        .select_related("speaker_profile")
        .order_by("last_name", "first_name", "pk")
    )
    consents = defaultdict(set)
    for person_id, kind in (
        Consent.objects.active()
        .filter(profile__person__in=people)
        .values_list("profile__person_id", "kind")
    ):
        consents[person_id].add(kind)
    slides = dict(
        SlideVersion.objects.filter(session__track__edition=edition)
        .values_list("profile__person_id")
        .annotate(n=Count("pk"))
        .values_list("profile__person_id", "n")
    )
    yes, no = _("ja"), _("nein")
    rows = []
    for person in people:
        profile = getattr(person, "speaker_profile", None)
        rows.append(
            [
                person.full_name,
                person.academic_title,
                person.first_name,
                person.last_name,
                person.position,
                person.organisation,
                profile.email if profile else "",
                profile.phone if profile else "",
                profile.get_participation_display() if profile else "",
                ", ".join(str(r) for r in roles.get(person.pk, [])),
                "; ".join(sessions.get(person.pk, [])),
                str(states.get(person.pk, "")),
                *[yes if kind in consents[person.pk] else no for kind in ConsentKind.values],
                slides.get(person.pk, 0),
            ]
        )
    return rows
