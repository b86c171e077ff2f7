"""Who may do what with speakers' data: organisers and the speaker managers
(Referierendenbetreuung) of a congress or edition manage invitations, reminders and change
requests; forum leads the invitations to the sessions of their forum; every speaker their own
data. See congress/rules.py for the roles."""

import rules
from django.db.models import Q

from congress.enums import Role
from congress.rules import (
    Scope,
    is_forum_lead,
    is_organiser,
    is_speaker_manager,
    is_superuser,
    register_scope,
    roles_of,
)

from .models import ChangeRequest, Invitation, SlideVersion, SpeakerProfile
from .services import is_public_slide


def _session_scope(session) -> Scope:
    return Scope(
        edition_ids=frozenset([session.track.edition_id]), forum_ids=frozenset([session.track_id])
    )


def _invitation_scope(invitation) -> Scope:
    """All editions and forums of the invitation's sessions (prefetch ``sessions__track``)."""
    sessions = list(invitation.sessions.all())
    return Scope(
        edition_ids=frozenset(s.track.edition_id for s in sessions),
        forum_ids=frozenset(s.track_id for s in sessions),
    )


register_scope(Invitation, _invitation_scope)
register_scope(ChangeRequest, lambda change: _session_scope(change.session))
register_scope(SlideVersion, lambda slide: _session_scope(slide.session))


@rules.predicate
def manages_speakers_somewhere(user):
    """Organisation or Referierendenbetreuung anywhere: speakers' profiles (not scoped to a
    congress, as a person may speak at several)."""
    return roles_of(user).has(Role.ORGANISER, Role.SPEAKER_MANAGER)


@rules.predicate
def is_own_profile(user, profile):
    return bool(user.is_authenticated and profile is not None and profile.user_id == user.pk)


@rules.predicate
def is_own_slide(user, slide):
    return bool(user.is_authenticated and slide is not None and slide.profile.user_id == user.pk)


manages_speakers = is_superuser | is_organiser | is_speaker_manager

# The overview, reminders and change requests of an edition or congress.
rules.add_perm("speakers.manage_speakers", manages_speakers)
rules.add_perm("speakers.change_changerequest", manages_speakers)
# Invitations (invite, resend, withdraw, confirm): forum leads for their forum's sessions too.
rules.add_perm("speakers.change_invitation", manages_speakers | is_forum_lead)
# Contact data and needs of speakers (the admin's snippet), and their portal photos.
for action in ("view", "change"):
    rules.add_perm(f"speakers.{action}_speakerprofile", is_superuser | manages_speakers_somewhere)
rules.add_perm("speakers.view_photo", is_own_profile | is_superuser | manages_speakers_somewhere)
# Slides before they are public: their speaker and who manages the session's speakers.
rules.add_perm("speakers.download_slide", is_own_slide | manages_speakers | is_forum_lead)


def profile_of(user) -> SpeakerProfile | None:
    if not user.is_authenticated:
        return None
    return SpeakerProfile.objects.select_related("person").filter(user=user).first()


def can_download_slide(user, slide: SlideVersion) -> bool:
    """The speaker themself and who manages the session's speakers always; everyone once the
    slides are public."""
    if user.is_active and user.has_perm("speakers.download_slide", slide):
        return True
    return is_public_slide(slide)


def can_view_photo(user, profile: SpeakerProfile, *, public: bool) -> bool:
    """The speaker themself and speaker managers always; everyone while the photo is public
    (uploaded, and the consent to publish it active)."""
    return public or (user.is_active and user.has_perm("speakers.view_photo", profile))


def sessions_for_invitations(user, queryset):
    """The sessions ``user`` may invite speakers to: those of the editions they organise or
    manage speakers for, and of the forums they lead."""
    if user.is_active and user.is_superuser:
        return queryset
    roles = roles_of(user)
    return queryset.filter(
        Q(track__edition_id__in=roles.edition_ids(Role.ORGANISER, Role.SPEAKER_MANAGER))
        | Q(track_id__in=roles.forum_ids(Role.FORUM_LEAD))
    )
