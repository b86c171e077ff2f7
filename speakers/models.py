"""Speakers' own participation: invitations, profiles, consents, slides and change requests.

The public profile (name, title, position, organisation, bio) stays on programme.Person;
a SpeakerProfile binds a person to an account and holds what only organisers see, and the photo
uploaded in the portal (private storage, public only with the speaker's consent).
"""

import secrets

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress.enums import EmailLanguage
from programme.models import Person, Session

from .enums import (
    ChangeRequestState,
    ConsentKind,
    InvitationRole,
    InvitationState,
    ParticipationMode,
    ReminderKind,
    SlideLicence,
)


def private_storage():
    """Uploads that are not public by their URL: served by speakers.views.portal.slide_download
    and speakers.views.portal.photo, after their permission checks."""
    return storages["private"]


def new_nonce() -> str:
    return secrets.token_urlsafe(24)


class SpeakerProfileQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user) if user.is_authenticated else self.none()


class SpeakerProfile(models.Model):
    person = models.OneToOneField(
        Person,
        verbose_name=_("Person"),
        on_delete=models.CASCADE,
        related_name="speaker_profile",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Benutzerkonto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="speaker_profile",
    )
    email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    participation = models.CharField(
        _("Art der Teilnahme"),
        max_length=20,
        choices=ParticipationMode.choices,
        default=ParticipationMode.ON_SITE,
    )
    language = models.CharField(
        _("Sprache der E-Mails"),
        max_length=5,
        choices=EmailLanguage.choices,
        default=EmailLanguage.DE,
    )
    technical_needs = models.TextField(_("Technischer Bedarf"), blank=True)
    travel_notes = models.TextField(_("Hinweise zur Anreise"), blank=True)
    # The photo the speaker uploads in the portal: private storage, served by
    # speakers.views.portal.photo to the public only while the photo consent is active.
    photo = models.FileField(
        _("Foto"), upload_to="speaker-photos/", storage=private_storage, blank=True
    )
    photo_updated_at = models.DateTimeField(_("Foto hochgeladen"), null=True, blank=True)
    created_at = models.DateTimeField(_("Angelegt"), default=timezone.now)

    objects = SpeakerProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("Profil von Referierenden")
        verbose_name_plural = _("Profile von Referierenden")

    def __str__(self):
        return str(self.person)

    def active_consents(self) -> set[str]:
        return {c.kind for c in self.consents.all() if c.revoked_at is None}


class Invitation(models.Model):
    person = models.ForeignKey(
        Person, verbose_name=_("Person"), on_delete=models.CASCADE, related_name="invitations"
    )
    sessions = models.ManyToManyField(
        Session, verbose_name=_("Programmpunkte"), related_name="invitations"
    )
    role = models.CharField(
        _("Rolle"), max_length=20, choices=InvitationRole.choices, default=InvitationRole.SPEAKER
    )
    email = models.EmailField(_("E-Mail-Adresse"))
    state = models.CharField(
        _("Status"),
        max_length=20,
        choices=InvitationState.choices,
        default=InvitationState.INVITED,
    )
    # Part of the signed link: a new nonce (resend) makes every earlier link void.
    nonce = models.CharField(max_length=64, default=new_nonce, editable=False)
    expires_at = models.DateTimeField(_("Gültig bis"))
    sent_at = models.DateTimeField(_("Zuletzt versandt"), null=True, blank=True)
    responded_at = models.DateTimeField(_("Beantwortet"), null=True, blank=True)
    note = models.TextField(_("Anmerkung der Person"), blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Eingeladen von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("Angelegt"), default=timezone.now)

    class Meta:
        verbose_name = _("Einladung")
        verbose_name_plural = _("Einladungen")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.person} ({self.get_state_display()})"

    @property
    def is_open(self) -> bool:
        return self.state != InvitationState.WITHDRAWN and self.expires_at > timezone.now()


class ConsentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class Consent(models.Model):
    """One consent from giving to revoking; giving it again adds a new row (the history)."""

    profile = models.ForeignKey(SpeakerProfile, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(_("Einwilligung"), max_length=30, choices=ConsentKind.choices)
    given_at = models.DateTimeField(_("Erteilt"), default=timezone.now)
    revoked_at = models.DateTimeField(_("Widerrufen"), null=True, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("Einwilligung")
        verbose_name_plural = _("Einwilligungen")
        ordering = ["profile", "kind", "-given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "kind"],
                condition=models.Q(revoked_at__isnull=True),
                name="consent_one_active_per_kind",
            )
        ]

    def __str__(self):
        return self.get_kind_display()


class SlideVersion(models.Model):
    """An uploaded slide deck; uploads never replace earlier versions."""

    profile = models.ForeignKey(SpeakerProfile, on_delete=models.CASCADE, related_name="slides")
    session = models.ForeignKey(
        Session, verbose_name=_("Programmpunkt"), on_delete=models.CASCADE, related_name="slides"
    )
    file = models.FileField(_("Datei"), upload_to="slides/%Y/", storage=private_storage)
    original_name = models.CharField(_("Dateiname"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("Größe in Bytes"))
    licence = models.CharField(_("Lizenz"), max_length=30, choices=SlideLicence.choices)
    version = models.PositiveIntegerField(_("Version"))
    uploaded_at = models.DateTimeField(_("Hochgeladen"), default=timezone.now)

    class Meta:
        verbose_name = _("Folien")
        verbose_name_plural = _("Folien")
        ordering = ["session", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "session", "version"], name="slides_unique_version"
            )
        ]

    def __str__(self):
        return f"{self.original_name} (v{self.version})"


class ChangeRequest(models.Model):
    profile = models.ForeignKey(
        SpeakerProfile, on_delete=models.CASCADE, related_name="change_requests"
    )
    session = models.ForeignKey(
        Session,
        verbose_name=_("Programmpunkt"),
        on_delete=models.CASCADE,
        related_name="change_requests",
    )
    message = models.TextField(_("Anliegen"))
    state = models.CharField(
        _("Status"),
        max_length=20,
        choices=ChangeRequestState.choices,
        default=ChangeRequestState.OPEN,
    )
    reply = models.TextField(_("Antwort"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("Entschieden"), null=True, blank=True)
    created_at = models.DateTimeField(_("Gestellt"), default=timezone.now)

    class Meta:
        verbose_name = _("Änderungswunsch")
        verbose_name_plural = _("Änderungswünsche")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.session}: {self.get_state_display()}"


class ReminderSent(models.Model):
    """A reminder, due once per (profile, edition, kind, deadline): the unique constraint keeps it
    from being queued twice. ``sent_at``: when its email was queued in the outbox, which delivers
    it (speakers.emails.queue_reminder)."""

    profile = models.ForeignKey(SpeakerProfile, on_delete=models.CASCADE, related_name="+")
    edition = models.ForeignKey("congress.Edition", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    deadline = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "edition", "kind", "deadline"], name="reminder_once"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.deadline:%d.%m.%Y})"
