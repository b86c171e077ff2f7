"""Speakers and moderators as an audience of programme change notices (programme.notices): the
people of a changed session and the moderators of its forum, reached as speakers.contacts says
(address, language, the portal or their invitation's page). Registered in
SpeakersConfig.ready()."""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext_lazy

from programme.models import Person, SessionSpeaker, TrackModerator
from programme.notices import Recipient

from .contacts import speaker_contacts

PORTAL_LINK_LABEL = gettext_lazy("Ihr Portal für Referierende")


def _sessions_per_person(changes) -> dict[int, set[int]]:
    session_ids = [c.session_id for c in changes]
    by_forum: dict[int, set[int]] = defaultdict(set)
    for change in changes:
        by_forum[change.track_id].add(change.session_id)
    people: dict[int, set[int]] = defaultdict(set)
    links = SessionSpeaker.objects.filter(session_id__in=session_ids)
    for person_id, session_id in links.values_list("person_id", "session_id"):
        people[person_id].add(session_id)
    moderators = TrackModerator.objects.filter(track_id__in=list(by_forum))
    for person_id, track_id in moderators.values_list("person_id", "track_id"):
        people[person_id] |= by_forum[track_id]
    return people


def speaker_recipients(*, edition, changes) -> list[Recipient]:
    """Speakers and moderators of ``changes`` (programme.notices.ChangedSession), in four
    queries."""
    people = _sessions_per_person(changes)
    if not people:
        return []
    persons = Person.objects.filter(pk__in=list(people)).select_related("speaker_profile__user")
    contacts = speaker_contacts(persons)
    recipients = []
    for person in sorted(persons, key=lambda person: person.pk):
        contact = contacts.get(person.pk)
        if contact is None:
            continue
        recipients.append(
            Recipient(
                email=contact.email,
                name=person.full_name,
                language=contact.language,
                session_ids=set(people[person.pk]),
                links=[(PORTAL_LINK_LABEL, contact.link)],
            )
        )
    return recipients
