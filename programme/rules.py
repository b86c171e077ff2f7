"""Who may do what with the programme: organisers everything of their congress's editions, forum
leads (Forumsleitung) the sessions of their forum only. See congress/rules.py for the roles."""

import rules
from django.db.models import Q

from congress.enums import Role
from congress.rules import (
    Scope,
    is_forum_lead,
    is_organiser,
    is_organiser_somewhere,
    is_superuser,
    register_scope,
    roles_of,
)

from .models import Session, Track

register_scope(
    Track,
    lambda track: Scope(edition_ids=frozenset([track.edition_id]), forum_ids=frozenset([track.pk])),
)
# A session's edition is its forum's: listings select_related("track") for it.
register_scope(
    Session,
    lambda session: Scope(
        edition_ids=frozenset([session.track.edition_id]), forum_ids=frozenset([session.track_id])
    ),
)


@rules.predicate
def is_unpublished(user, session=None):
    """A session that was never published (a forum lead's draft); without one: any."""
    return session is None or (not session.live and session.first_published_at is None)


# Sessions: organisers; forum leads edit the sessions of their forum and submit them to the
# workflow "Programmfreigabe" (programme.models.OrganiserApprovalTask): the organisers approve
# and publish. A forum lead deletes only drafts that were never published.
for action in ("view", "add", "change", "lock", "unlock"):
    rules.add_perm(f"programme.{action}_session", is_superuser | is_organiser | is_forum_lead)
rules.add_perm("programme.publish_session", is_superuser | is_organiser)
rules.add_perm(
    "programme.delete_session", is_superuser | is_organiser | (is_forum_lead & is_unpublished)
)

# Forums and the main stage: organisers of the edition's congress.
for action in ("view", "add", "change", "delete", "publish", "lock", "unlock"):
    rules.add_perm(f"programme.{action}_track", is_superuser | is_organiser)


# People and session types belong to no congress: organisers of any congress.
for model_name in ("person", "sessiontype"):
    for action in ("view", "add", "change", "delete", "publish", "lock", "unlock"):
        rules.add_perm(f"programme.{action}_{model_name}", is_superuser | is_organiser_somewhere)


def session_filter(roles, action):
    return Q(track__edition_id__in=roles.edition_ids(Role.ORGANISER)) | Q(
        track_id__in=roles.forum_ids(Role.FORUM_LEAD)
    )


def track_filter(roles, action):
    return Q(edition_id__in=roles.edition_ids(Role.ORGANISER))


def tracks_for_sessions(user, queryset=None):
    """The forums ``user`` may put sessions into (the choices of the session form)."""
    queryset = queryset if queryset is not None else Track.objects.all()
    if user.is_active and user.is_superuser:
        return queryset
    return queryset.filter(
        Q(edition_id__in=roles_of(user).edition_ids(Role.ORGANISER))
        | Q(pk__in=roles_of(user).forum_ids(Role.FORUM_LEAD))
    )


# Importing and exporting an edition's programme (programme/views/transfer.py): organisers of
# the edition's congress.
rules.add_perm("programme.import_programme", is_superuser | is_organiser)
rules.add_perm("programme.export_programme", is_superuser | is_organiser)
