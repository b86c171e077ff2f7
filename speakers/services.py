"""Business rules of speakers' participation. Views call one of these and render.

Every function raises ``SpeakerError`` with a message fit for the user when a rule forbids the
change, and writes an entry in the one audit log (congress.audit) about the speaker.
"""

from __future__ import annotations

import datetime as dt
import io
import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import FilteredRelation, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from congress import audit
from congress.enums import EmailLanguage
from congress.models import Edition, LogEntry
from programme.models import Person, Session
from programme.signals import SpeakerConfirmationRefused, speaker_confirmed

from .emails import queue_invitation, queue_reminder
from .enums import ChangeRequestState, ConsentKind, InvitationState, LogAction, ReminderKind
from .models import (
    ChangeRequest,
    Consent,
    Invitation,
    ReminderSent,
    SlideVersion,
    SpeakerProfile,
)
from .tokens import INVITATION_SALT, invitation_token  # noqa: F401 (public here, as before)
from .validators import SLIDE_EXTENSIONS, validate_photo, validate_slides


class SpeakerError(Exception):
    """A rule forbids the change; ``message`` is shown to the user."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def log_action(*, actor, action: str, obj, **data) -> LogEntry:
    """An entry in the one audit log about the speaker (the person) whom ``obj`` concerns (an
    invitation, profile, consent, slide version, change request or reminder): the person's
    history shows it, and the session's when ``obj`` belongs to one; ``data`` names ``obj``."""
    person, session = _log_subject(obj)
    data = {obj._meta.model_name: obj.pk, "person": person.pk, **data}
    edition = None
    if session is not None:
        data.setdefault("session", session.pk)
        edition = session.log_edition_id
    elif isinstance(obj, Invitation):
        sessions = obj.sessions.order_by("pk").values_list("pk", "track__edition_id")
        data.setdefault("sessions", [pk for pk, _edition in sessions])
        edition = next((edition for _pk, edition in sessions), None)
    return audit.log_action(person, action, actor=actor, edition=edition, data=data)


def _log_subject(obj) -> tuple[Person, Session | None]:
    if isinstance(obj, (SpeakerProfile, Invitation)):
        return obj.person, None
    return obj.profile.person, getattr(obj, "session", None)


# --- invitations ---------------------------------------------------------------------------


def invitation_for_token(token: str) -> Invitation:
    """The invitation of a link, or SpeakerError saying why the link does not work."""
    try:
        pk, nonce = signing.loads(token, salt=INVITATION_SALT)
    except (signing.BadSignature, TypeError, ValueError):
        raise SpeakerError(_("Dieser Einladungslink ist ungültig.")) from None
    invitation = Invitation.objects.select_related("person").filter(pk=pk).first()
    if invitation is None or invitation.nonce != nonce:
        raise SpeakerError(
            _("Dieser Einladungslink gilt nicht mehr: Sie haben inzwischen einen neueren erhalten.")
        )
    if invitation.state == InvitationState.WITHDRAWN:
        raise SpeakerError(_("Diese Einladung wurde zurückgezogen."))
    if invitation.expires_at <= timezone.now():
        raise SpeakerError(
            _(
                "Dieser Einladungslink ist abgelaufen. Bitte wenden Sie sich an das Organisationsteam."
            )
        )
    return invitation


def _expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=settings.SPEAKER_INVITATION_DAYS)


def _send_invitation_on_commit(invitation: Invitation) -> None:
    """Queue the email in the outbox, in the caller's transaction (congress.outbox)."""
    queue_invitation(invitation)


ALLOWED_TRANSITIONS = {
    InvitationState.INVITED: {
        InvitationState.ACCEPTED,
        InvitationState.DECLINED,
        InvitationState.WITHDRAWN,
    },
    InvitationState.ACCEPTED: {
        InvitationState.DECLINED,
        InvitationState.CONFIRMED,
        InvitationState.WITHDRAWN,
    },
    InvitationState.DECLINED: {InvitationState.ACCEPTED, InvitationState.WITHDRAWN},
    InvitationState.CONFIRMED: {InvitationState.WITHDRAWN},
    InvitationState.WITHDRAWN: set(),
}


@transaction.atomic
def set_invitation_state(*, invitation: Invitation, state: str, actor, note: str | None = None):
    """The one place an invitation's state changes."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if state not in ALLOWED_TRANSITIONS[invitation.state]:
        raise SpeakerError(
            _("Eine Einladung im Status „%(old)s“ kann nicht „%(new)s“ werden.")
            % {
                "old": InvitationState(invitation.state).label,
                "new": InvitationState(state).label,
            }
        )
    previous = invitation.state
    invitation.state = state
    if note is not None:
        invitation.note = note
    if state in (InvitationState.ACCEPTED, InvitationState.DECLINED):
        invitation.responded_at = timezone.now()
    invitation.save()
    log_action(actor=actor, action=f"invitation.{state}", obj=invitation, old=previous, new=state)
    return invitation


@transaction.atomic
def invite_person(*, person: Person, sessions, role: str, email: str, actor) -> Invitation:
    sessions = list(sessions)
    if not sessions:
        raise SpeakerError(_("Bitte wählen Sie mindestens einen Programmpunkt."))
    invitation = Invitation.objects.create(
        person=person, role=role, email=email, invited_by=actor, expires_at=_expiry()
    )
    invitation.sessions.set(sessions)
    profile, _created = SpeakerProfile.objects.get_or_create(person=person)
    if not profile.email:
        profile.email = email
        profile.save(update_fields=["email"])
    log_action(actor=actor, action=LogAction.INVITATION_CREATED, obj=invitation, email=email)
    _send_invitation_on_commit(invitation)
    return invitation


@transaction.atomic
def resend_invitation(*, invitation: Invitation, actor) -> Invitation:
    """A new link (earlier ones stop working) with a new expiry, mailed again."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.state == InvitationState.WITHDRAWN:
        raise SpeakerError(_("Eine zurückgezogene Einladung kann nicht erneut versandt werden."))
    invitation.nonce = Invitation._meta.get_field("nonce").default()
    invitation.expires_at = _expiry()
    invitation.save(update_fields=["nonce", "expires_at"])
    log_action(actor=actor, action=LogAction.INVITATION_RESENT, obj=invitation)
    _send_invitation_on_commit(invitation)
    return invitation


def withdraw_invitation(*, invitation: Invitation, actor) -> Invitation:
    return set_invitation_state(invitation=invitation, state=InvitationState.WITHDRAWN, actor=actor)


@transaction.atomic
def confirm_invitation(*, invitation: Invitation, actor) -> Invitation:
    """Confirm the speaker and announce it per edition of their sessions
    (programme.signals.speaker_confirmed, inside this transaction): registrations issues a
    "Referent/in" ticket where the edition has such a category. A refusal by the receiver is
    logged and the confirmation stands; any other error rolls it back."""
    invitation = set_invitation_state(
        invitation=invitation, state=InvitationState.CONFIRMED, actor=actor
    )
    person = invitation.person
    editions = Edition.objects.filter(tracks__sessions__in=invitation.sessions.all()).distinct()
    for edition in editions:
        try:
            responses = speaker_confirmed.send(
                sender=Invitation,
                invitation=invitation,
                edition=edition,
                first_name=person.first_name,
                last_name=person.last_name,
                email=invitation.email,
                actor=actor,
            )
        except SpeakerConfirmationRefused as error:
            log_action(
                actor=actor, action=LogAction.TICKET_REFUSED, obj=invitation, reason=str(error)
            )
        else:
            for _receiver, registration in responses:
                if registration is not None:
                    log_action(
                        actor=actor,
                        action=LogAction.TICKET_ISSUED,
                        obj=invitation,
                        registration=registration.pk,
                    )
    return invitation


def respond_to_invitation(*, invitation: Invitation, accept: bool, note: str, actor) -> Invitation:
    state = InvitationState.ACCEPTED if accept else InvitationState.DECLINED
    if invitation.state == InvitationState.CONFIRMED and accept:
        return invitation
    return set_invitation_state(invitation=invitation, state=state, actor=actor, note=note)


def _verified_emails(user) -> set[str]:
    return {
        e.lower()
        for e in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    }


@transaction.atomic
def claim_invitation(*, invitation: Invitation, user, language: str = "") -> SpeakerProfile:
    """Bind the account to the invited person. Only the address the invitation went to (verified)
    may do so, and a person and an account are bound at most once. A new profile's emails are
    in ``language`` (the request's; German unless English)."""
    if invitation.state not in (InvitationState.ACCEPTED, InvitationState.CONFIRMED):
        raise SpeakerError(_("Bitte sagen Sie zuerst zu."))
    if invitation.email.lower() not in _verified_emails(user):
        raise SpeakerError(
            _(
                "Diese Einladung ging an eine andere E-Mail-Adresse. Bitte melden Sie sich mit "
                "der Adresse an, an die die Einladung geschickt wurde."
            )
        )
    profile, _created = SpeakerProfile.objects.select_for_update().get_or_create(
        person=invitation.person,
        defaults={"email": invitation.email, "language": EmailLanguage.of(language)},
    )
    if profile.user_id == user.pk:
        return profile
    if profile.user_id is not None:
        raise SpeakerError(_("Dieses Profil ist bereits mit einem anderen Konto verbunden."))
    if SpeakerProfile.objects.filter(user=user).exists():
        raise SpeakerError(_("Ihr Konto ist bereits mit einem anderen Profil verbunden."))
    profile.user = user
    profile.save(update_fields=["user"])
    log_action(actor=user, action=LogAction.PROFILE_BOUND, obj=profile)
    return profile


# --- the portal ----------------------------------------------------------------------------


def sessions_of(profile: SpeakerProfile):
    """Sessions the person speaks in, moderates, or accepted an invitation to."""
    person = profile.person
    return (
        Session.objects.filter(
            Q(speaker_links__person=person)
            | Q(track__moderator_links__person=person)
            | Q(
                invitations__person=person,
                invitations__state__in=[InvitationState.ACCEPTED, InvitationState.CONFIRMED],
            )
        )
        .distinct()
        .order_by("starts_at", "pk")
    )


def _ensure_own_session(profile: SpeakerProfile, session: Session) -> None:
    if not sessions_of(profile).filter(pk=session.pk).exists():
        raise SpeakerError(_("Dieser Programmpunkt gehört nicht zu Ihren Beiträgen."))


PHOTO_SIZE = (480, 480)
PHOTO_CONTENT_TYPE = "image/jpeg"


def photo_content(upload) -> ContentFile:
    """The uploaded photo as a square JPEG of PHOTO_SIZE: decoded and encoded afresh by Pillow,
    so only pixels are kept (no EXIF location, no other embedded data)."""
    upload.seek(0)
    with Image.open(upload) as image:
        image = ImageOps.exif_transpose(image)
        if image.mode not in ("RGB", "L"):
            background = Image.new("RGB", image.size, "white")
            rgba = image.convert("RGBA")
            background.paste(rgba, mask=rgba.getchannel("A"))
            image = background
        square = ImageOps.fit(image.convert("RGB"), PHOTO_SIZE, Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    square.save(buffer, "JPEG", quality=85, optimize=True)
    return ContentFile(buffer.getvalue())


@transaction.atomic
def update_profile(*, profile: SpeakerProfile, person_form, profile_form, photo, actor):
    """Save the public profile (on the person) and the organisers-only data. A photo goes to the
    private storage (SpeakerProfile.photo); the public sees it only with the photo consent."""
    person_form.save()
    profile = profile_form.save(commit=False)
    if photo is not None:
        try:
            validate_photo(photo)
            content = photo_content(photo)
        except ValidationError as error:
            raise SpeakerError(error.messages[0]) from None
        except (OSError, ValueError, SyntaxError):
            raise SpeakerError(_("Das Foto muss ein JPEG-, PNG- oder WebP-Bild sein.")) from None
        previous = profile.photo.name
        # A new name per upload: a URL seen before never shows the new photo from a cache.
        profile.photo.save(f"profile-{profile.pk}-{secrets.token_hex(8)}.jpg", content, save=False)
        profile.photo_updated_at = timezone.now()
        if previous:
            storage = profile.photo.storage
            transaction.on_commit(lambda: storage.delete(previous))
    profile.save()
    log_action(actor=actor, action=LogAction.PROFILE_UPDATED, obj=profile, photo=photo is not None)
    return profile


@transaction.atomic
def give_consent(*, profile: SpeakerProfile, kind: str, actor) -> Consent:
    ConsentKind(kind)
    existing = Consent.objects.active().filter(profile=profile, kind=kind).first()
    if existing:
        return existing
    consent = Consent.objects.create(profile=profile, kind=kind)
    log_action(actor=actor, action=LogAction.CONSENT_GIVEN, obj=consent, kind=kind)
    return consent


@transaction.atomic
def revoke_consent(*, profile: SpeakerProfile, kind: str, actor) -> Consent | None:
    consent = Consent.objects.active().filter(profile=profile, kind=kind).first()
    if consent is None:
        return None
    consent.revoked_at = timezone.now()
    consent.save(update_fields=["revoked_at"])
    log_action(actor=actor, action=LogAction.CONSENT_REVOKED, obj=consent, kind=kind)
    return consent


def set_consents(*, profile: SpeakerProfile, kinds, actor) -> None:
    """Give the consents in ``kinds``, revoke the others."""
    kinds = set(kinds)
    for kind in ConsentKind.values:
        if kind in kinds:
            give_consent(profile=profile, kind=kind, actor=actor)
        else:
            revoke_consent(profile=profile, kind=kind, actor=actor)


@transaction.atomic
def upload_slides(*, profile: SpeakerProfile, session: Session, upload, licence: str, actor):
    """A new version of the slides; earlier versions stay."""
    _ensure_own_session(profile, session)
    try:
        content_type = validate_slides(upload)
    except ValidationError as error:
        raise SpeakerError(error.messages[0]) from None
    # Lock the profile so that two uploads at once do not take the same version number.
    SpeakerProfile.objects.select_for_update().get(pk=profile.pk)
    last = (
        SlideVersion.objects.filter(profile=profile, session=session)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    version = (last or 0) + 1
    slide = SlideVersion(
        profile=profile,
        session=session,
        original_name=upload.name[:255],
        content_type=content_type,
        size=upload.size,
        licence=licence,
        version=version,
    )
    extension = SLIDE_EXTENSIONS[content_type]
    slide.file.save(f"session-{session.pk}-v{version}.{extension}", upload, save=False)
    slide.save()
    log_action(actor=actor, action=LogAction.SLIDES_UPLOADED, obj=slide, session=session.pk)
    return slide


@transaction.atomic
def request_change(*, profile: SpeakerProfile, session: Session, message: str, actor):
    _ensure_own_session(profile, session)
    if not message.strip():
        raise SpeakerError(_("Bitte beschreiben Sie Ihren Änderungswunsch."))
    change = ChangeRequest.objects.create(profile=profile, session=session, message=message)
    log_action(actor=actor, action=LogAction.CHANGE_REQUEST_CREATED, obj=change)
    return change


@transaction.atomic
def decide_change_request(*, change_request: ChangeRequest, accept: bool, reply: str, actor):
    change_request = ChangeRequest.objects.select_for_update().get(pk=change_request.pk)
    if change_request.state != ChangeRequestState.OPEN:
        raise SpeakerError(_("Über diesen Änderungswunsch wurde bereits entschieden."))
    change_request.state = ChangeRequestState.ACCEPTED if accept else ChangeRequestState.REJECTED
    change_request.reply = reply
    change_request.decided_by = actor
    change_request.decided_at = timezone.now()
    change_request.save()
    log_action(
        actor=actor, action=LogAction.CHANGE_REQUEST_DECIDED, obj=change_request, accept=accept
    )
    return change_request


# --- public pages and organisers -----------------------------------------------------------


def public_slides(session_ids=None, person_ids=None):
    """The latest slides of live sessions whose speaker consents to publishing them."""
    slides = SlideVersion.objects.filter(
        session__live=True,
        session__track__live=True,
        profile__consents__kind=ConsentKind.PUBLISH_SLIDES,
        profile__consents__revoked_at__isnull=True,
    ).select_related("session", "profile")
    if session_ids is not None:
        slides = slides.filter(session_id__in=session_ids)
    if person_ids is not None:
        slides = slides.filter(profile__person_id__in=person_ids)
    latest = {}
    for slide in slides.order_by("session_id", "profile_id", "-version"):
        latest.setdefault((slide.session_id, slide.profile_id), slide)
    return list(latest.values())


def is_public_slide(slide: SlideVersion) -> bool:
    return any(s.pk == slide.pk for s in public_slides(session_ids=[slide.session_id]))


def photo_url(profile_id: int, updated_at: dt.datetime | None) -> str:
    """The URL of a portal photo (speakers.views.portal.photo); the upload time busts caches."""
    stamp = int(updated_at.timestamp()) if updated_at else 0
    return f"{reverse('speakers:photo', args=[profile_id])}?v={stamp}"


def has_public_photo(profile: SpeakerProfile) -> bool:
    return bool(profile.photo) and (
        Consent.objects.active().filter(profile=profile, kind=ConsentKind.PUBLISH_PHOTO).exists()
    )


def hide_unconsented(people) -> dict[int, set[str]]:
    """Prepare people (in memory, for rendering) whose speaker profile governs what is public:
    without the photo consent no photo, without the bio consent no bio, and with the photo
    consent the photo uploaded in the portal (``person.portal_photo_url``, served from the
    private storage) in place of ``person.photo``. People without a profile are curated by
    organisers and keep their Wagtail image. One query for all of them; returns the active
    consents of those with a profile."""
    people = [p for p in people if p is not None]
    if not people:
        return {}
    rows = (
        SpeakerProfile.objects.filter(person_id__in={p.pk for p in people})
        .annotate(
            active=FilteredRelation("consents", condition=Q(consents__revoked_at__isnull=True))
        )
        .values_list("person_id", "pk", "photo", "photo_updated_at", "active__kind")
    )
    consents: dict[int, set[str]] = {}
    photos: dict[int, str] = {}
    for person_id, profile_id, photo, updated_at, kind in rows:
        consents.setdefault(person_id, set())
        if kind:
            consents[person_id].add(kind)
        if photo:
            photos[person_id] = photo_url(profile_id, updated_at)
    for person in people:
        person.portal_photo_url = ""
        if person.pk not in consents:
            continue
        if ConsentKind.PUBLISH_PHOTO not in consents[person.pk]:
            person.photo = None
        elif person.pk in photos:
            person.photo = None
            person.portal_photo_url = photos[person.pk]
        if ConsentKind.PUBLISH_BIO not in consents[person.pk]:
            person.bio = ""
    return consents


def pending_speakers(*, edition, kind: str):
    """Profiles of the edition's invited people who have not confirmed (kind "confirm") or not
    uploaded slides (kind "slides")."""
    invitations = Invitation.objects.filter(sessions__track__edition=edition).exclude(
        state__in=[InvitationState.WITHDRAWN, InvitationState.DECLINED]
    )
    profiles = SpeakerProfile.objects.filter(person__invitations__in=invitations).distinct()
    if kind == ReminderKind.CONFIRM:
        profiles = profiles.filter(
            person__invitations__in=invitations.filter(state=InvitationState.INVITED)
        )
    else:
        profiles = profiles.exclude(slides__session__track__edition=edition)
    return profiles.select_related("person", "user").order_by("person__last_name")


def send_reminders(*, edition, kind: str, deadline: dt.date) -> int:
    """Mail each pending speaker once per (edition, kind, deadline); returns how many were queued.

    The ReminderSent row (its unique constraint: once) and the email in the outbox are written
    in one transaction; the outbox delivers it, retrying failed deliveries, so none is lost and
    none goes out twice.
    """
    queued = 0
    for profile in pending_speakers(edition=edition, kind=kind):
        with transaction.atomic():
            reminder, _created = ReminderSent.objects.select_for_update().get_or_create(
                profile=profile, edition=edition, kind=kind, deadline=deadline
            )
            if reminder.sent_at is None:
                reminder.profile = profile
                reminder.edition = edition
                queued += queue_reminder(reminder)
    return queued
