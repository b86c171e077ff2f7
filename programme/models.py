"""Programme content: tracks (main stage and forums), sessions, session types and people.

Tracks and sessions carry Wagtail's draft state and revisions: the database row holds the published
version, drafts live in revisions, and only rows with ``live=True`` are public.
"""

import datetime as dt
import secrets
from typing import ClassVar, Protocol

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    Orderable,
    PreviewableMixin,
    Revision,
    RevisionMixin,
    Task,
    TaskState,
    WorkflowMixin,
    WorkflowState,
)
from wagtail.search import index

from congress.enums import Role
from congress.models import Edition, Room
from congress.permissions import has_perm
from congress.rules import roles_of

from .emails import queue_approval_requests
from .enums import SessionStatus, SpeakerRole, TrackKind

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class SessionType(models.Model):
    name = models.CharField(_("Name"), max_length=100, unique=True)
    slug = models.SlugField(_("Kurzname"), max_length=100, unique=True)
    is_break = models.BooleanField(
        _("Pause"), default=False, help_text=_("Pausen haben keine Referierenden.")
    )
    sort_order = models.PositiveIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Sitzungsformat")
        verbose_name_plural = _("Sitzungsformate")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class PersonQuerySet(models.QuerySet):
    def appearing_in(self, edition):
        """People with a live session in the edition, or moderating one of its live tracks."""
        return self.filter(
            models.Q(
                session_links__session__track__edition=edition,
                session_links__session__live=True,
                session_links__session__track__live=True,
            )
            | models.Q(moderated_tracks__track__edition=edition, moderated_tracks__track__live=True)
        ).distinct()


class Person(index.Indexed, RevisionMixin, PreviewableMixin, models.Model):
    academic_title = models.CharField(
        _("Akademischer Titel"), max_length=50, blank=True, help_text=_("z. B. Dr. oder Prof. Dr.")
    )
    first_name = models.CharField(_("Vorname"), max_length=100)
    last_name = models.CharField(_("Nachname"), max_length=100)
    slug = models.SlugField(
        _("Kurzname"),
        max_length=120,
        unique=True,
        blank=True,
        help_text=_("Teil der Adresse; leer lassen, um ihn aus dem Namen zu bilden."),
    )
    position = models.CharField(_("Funktion"), max_length=300, blank=True)
    organisation = models.CharField(_("Organisation"), max_length=300, blank=True)
    bio = RichTextField(_("Kurzbiografie"), blank=True, features=RICH_TEXT_FEATURES)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Foto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = PersonQuerySet.as_manager()

    search_fields = [
        index.SearchField("last_name"),
        index.SearchField("first_name"),
        index.SearchField("organisation"),
        index.AutocompleteField("last_name"),
        index.FilterField("slug"),
    ]

    class Meta:
        verbose_name = _("Person")
        verbose_name_plural = _("Personen")
        ordering = ["last_name", "first_name"]

    def __str__(self):
        return self.full_name

    def clean(self):
        if not self.slug:
            self.slug = slugify(f"{self.first_name} {self.last_name}")[:120]

    @property
    def full_name(self) -> str:
        return " ".join(p for p in [self.academic_title, self.first_name, self.last_name] if p)

    @property
    def affiliation(self) -> str:
        return ", ".join(p for p in [self.position, self.organisation] if p)

    def get_preview_template(self, request, mode_name):
        return "programme/previews/person.html"


class DraftStateQuerySet(models.QuerySet):
    def annotate_approved_schedule(self):
        """Annotate whether a publication is scheduled, for the admin listings' status column."""
        scheduled = Revision.objects.filter(
            base_content_type=ContentType.objects.get_for_model(self.model),
            object_id=Cast(models.OuterRef("pk"), models.CharField()),
            approved_go_live_at__isnull=False,
        )
        return self.annotate(_approved_schedule=models.Exists(scheduled))


class ApprovedScheduleMixin:
    """Use the annotation of ``annotate_approved_schedule`` instead of a query per object."""

    @property
    def approved_schedule(self):
        if hasattr(self, "_approved_schedule"):
            return self._approved_schedule
        return super().approved_schedule


class TrackQuerySet(DraftStateQuerySet):
    def live(self):
        return self.filter(live=True)

    def for_edition(self, edition):
        return self.filter(edition=edition)


class PublicationRules(Protocol):
    """What publishing a track or session checks and records: the programme services, which
    import these models, so ProgrammeConfig.ready() sets them as ``publication`` on the models
    (programme.services.TRACK_PUBLICATION and SESSION_PUBLICATION)."""

    def ensure_publishable(self, obj) -> None: ...

    def state(self, obj): ...

    def record(self, obj, previous) -> object: ...


class Track(
    ApprovedScheduleMixin,
    DraftStateMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    ClusterableModel,
):
    # Set by ProgrammeConfig.ready() (see PublicationRules).
    publication: ClassVar[PublicationRules]

    edition = models.ForeignKey(
        Edition, verbose_name=_("Ausgabe"), on_delete=models.CASCADE, related_name="tracks"
    )
    kind = models.CharField(
        _("Art"), max_length=20, choices=TrackKind.choices, default=TrackKind.FORUM
    )
    number = models.PositiveSmallIntegerField(
        _("Nummer"), null=True, blank=True, help_text=_("Nummer des Fachforums, z. B. 3")
    )
    title = models.CharField(_("Titel"), max_length=300)
    slug = models.SlugField(
        _("Kurzname"),
        max_length=120,
        blank=True,
        help_text=_("Teil der Adresse; leer lassen, um ihn aus dem Titel zu bilden."),
    )
    topic = RichTextField(_("Thema"), blank=True, features=RICH_TEXT_FEATURES)
    room = models.ForeignKey(
        Room,
        verbose_name=_("Raum"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tracks",
    )
    stream_url = models.URLField(
        _("Link zum Livestream"), blank=True, help_text=_("Für die Online-Teilnahme.")
    )
    chat_url = models.URLField(
        _("Link zum Chat"), blank=True, help_text=_("Fragen und Diskussion online.")
    )
    sort_order = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    # Set by programme.notices.hold_change_notices / release_change_notices, never edited: while
    # held, the forum's change notices wait (programme.notice_digest).
    notices_held = models.BooleanField(
        _("Änderungsmitteilungen zurückgehalten"), default=False, editable=False
    )

    objects = TrackQuerySet.as_manager()

    search_fields = [index.SearchField("title"), index.FilterField("edition")]

    class Meta:
        verbose_name = _("Hauptbühne oder Forum")
        verbose_name_plural = _("Hauptbühne und Foren")
        ordering = ["edition", "sort_order", "number", "title"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "slug"], name="track_unique_slug")
        ]

    def __str__(self):
        return f"{self.label} ({self.edition})"

    def clean(self):
        if not self.slug:
            self.slug = slugify(self.title)[:120]

    @property
    def label(self) -> str:
        if self.kind == TrackKind.FORUM and self.number:
            return _("Forum %(number)s: %(title)s") % {"number": self.number, "title": self.title}
        return self.title

    @property
    def is_main_stage(self) -> bool:
        return self.kind == TrackKind.MAIN_STAGE

    def get_preview_template(self, request, mode_name):
        return "programme/previews/track.html"

    def with_content_json(self, content):
        """Holding change notices belongs to the forum, not to a revision: keep the row's."""
        obj = super().with_content_json(content)
        obj.notices_held = self.notices_held
        return obj

    def publish(self, revision, *args, **kwargs):
        """Refuse to publish a track whose room would double-book published sessions, and let
        calendars know when its sessions change with it (``publication``)."""
        rules = self.publication
        with transaction.atomic():
            rules.ensure_publishable(revision.as_object())
            previous = rules.state(self)
            result = super().publish(revision, *args, **kwargs)
            rules.record(self, previous)
        return result


class TrackModerator(Orderable):
    track = ParentalKey(Track, on_delete=models.CASCADE, related_name="moderator_links")
    person = models.ForeignKey(
        Person, verbose_name=_("Person"), on_delete=models.PROTECT, related_name="moderated_tracks"
    )

    class Meta(Orderable.Meta):
        verbose_name = _("Moderation")
        verbose_name_plural = _("Moderation")
        constraints = [
            models.UniqueConstraint(fields=["track", "person"], name="moderator_unique_per_track")
        ]


def new_import_key() -> str:
    """A stable key for a new session, written by the programme export and matched by its
    re-import (programme/importing.py); imported rows may bring keys of their own."""
    return "P-" + secrets.token_hex(5).upper()


class SessionQuerySet(DraftStateQuerySet):
    def live(self):
        """Published sessions in published tracks."""
        return self.filter(live=True, track__live=True)

    def for_edition(self, edition):
        return self.filter(track__edition=edition)

    def prefetch_workflow_states(self):
        """The running "Programmfreigabe" of each session in one query (the admin listing's
        status column asks ``workflow_in_progress`` of every row)."""
        return self.prefetch_related(
            models.Prefetch(
                "_workflow_states",
                queryset=WorkflowState.objects.active().select_related("current_task_state__task"),
                to_attr="_current_workflow_states",
            )
        )

    def with_room(self):
        """Annotate ``effective_room_id``: the session's own room, else its track's."""
        return self.annotate(effective_room_id=Coalesce("room_id", "track__room_id"))

    def with_details(self):
        return self.select_related("track", "track__room", "room", "session_type").prefetch_related(
            models.Prefetch(
                "speaker_links",
                queryset=SessionSpeaker.objects.select_related("person", "person__photo").order_by(
                    "sort_order", "pk"
                ),
            )
        )


class Session(
    ApprovedScheduleMixin,
    WorkflowMixin,
    DraftStateMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    ClusterableModel,
):
    # Set by ProgrammeConfig.ready() (see PublicationRules).
    publication: ClassVar[PublicationRules]

    track = models.ForeignKey(
        Track,
        verbose_name=_("Hauptbühne oder Forum"),
        on_delete=models.CASCADE,
        related_name="sessions",
    )
    session_type = models.ForeignKey(
        SessionType, verbose_name=_("Format"), on_delete=models.PROTECT, related_name="sessions"
    )
    title = models.CharField(_("Titel"), max_length=300)
    slug = models.SlugField(
        _("Kurzname"),
        max_length=120,
        blank=True,
        help_text=_("Teil der Adresse; leer lassen, um ihn aus dem Titel zu bilden."),
    )
    abstract = RichTextField(_("Beschreibung"), blank=True, features=RICH_TEXT_FEATURES)
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    room = models.ForeignKey(
        Room,
        verbose_name=_("Raum"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
        help_text=_("Leer lassen für den Raum des Forums."),
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=SessionStatus.choices, default=SessionStatus.CONFIRMED
    )
    recording_url = models.URLField(
        _("Link zur Aufzeichnung"),
        blank=True,
        help_text=_(
            "Erscheint nach dem Kongress auf der Seite, wenn alle Mitwirkenden der Aufzeichnung "
            "zugestimmt haben."
        ),
    )
    # Kept by services.record_publication, never edited: calendars (programme/calendar.py) take
    # them as SEQUENCE and LAST-MODIFIED so subscribers pick up changed sessions.
    sequence = models.PositiveIntegerField(
        _("Änderungsstand"),
        default=0,
        editable=False,
        help_text=_("Steigt mit jeder veröffentlichten Änderung, die ein Kalender zeigt."),
    )
    changed_at = models.DateTimeField(
        _("Zuletzt inhaltlich geändert"), null=True, blank=True, editable=False
    )
    # The key of the session in programme spreadsheets (column "Schlüssel"): the export writes
    # it, a re-import updates the session with it instead of adding another. Unique within the
    # edition (checked by the import; the constraint holds it within a forum).
    import_key = models.CharField(
        _("Schlüssel für Import und Export"),
        max_length=64,
        default=new_import_key,
        editable=False,
        db_index=True,
    )

    objects = SessionQuerySet.as_manager()

    search_fields = [
        index.SearchField("title"),
        index.SearchField("abstract"),
        index.AutocompleteField("title"),
        index.FilterField("track"),
    ]

    class Meta:
        verbose_name = _("Programmpunkt")
        verbose_name_plural = _("Programmpunkte")
        ordering = ["starts_at", "track__sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["track", "slug"], name="session_unique_slug"),
            models.UniqueConstraint(
                fields=["track", "import_key"], name="session_unique_import_key"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["starts_at"])]

    def __str__(self):
        return self.title

    @property
    def log_edition_id(self) -> int | None:
        """The edition of the audit log's entries about this session (congress.LogEntry)."""
        return self.track.edition_id if self.track_id else None

    def clean(self):
        if not self.slug:
            self.slug = slugify(self.title)[:120]
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("Das Ende muss nach dem Beginn liegen.")
        if self.track_id and self.starts_at and self.ends_at and not errors:
            edition = self.track.edition
            first = timezone.localtime(self.starts_at).date()
            last = timezone.localtime(self.ends_at - dt.timedelta(microseconds=1)).date()
            if first < edition.start_date or last > edition.end_date:
                errors["starts_at"] = _(
                    "Der Programmpunkt muss an den Kongresstagen liegen (%(start)s bis %(end)s)."
                ) % {
                    "start": edition.start_date.strftime("%d.%m.%Y"),
                    "end": edition.end_date.strftime("%d.%m.%Y"),
                }
        if errors:
            raise ValidationError(errors)

    @property
    def effective_room(self):
        return self.room or self.track.room

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED

    @property
    def is_break(self) -> bool:
        return self.session_type.is_break

    @property
    def local_date(self) -> dt.date:
        return timezone.localtime(self.starts_at).date()

    def speakers(self):
        """People in order; uses the prefetched links when present."""
        return [link.person for link in self.speaker_links.all()]

    def get_preview_template(self, request, mode_name):
        return "programme/previews/session.html"

    def with_content_json(self, content):
        """The calendar change state and the import key belong to the session, not to a
        revision: keep the row's."""
        obj = super().with_content_json(content)
        obj.sequence = self.sequence
        obj.changed_at = self.changed_at
        obj.import_key = self.import_key
        return obj

    def publish(self, revision, *args, **kwargs):
        """Refuse to publish a session that overlaps another in its room or for a person, and
        record whether the publication changes what calendars show (``publication``)."""
        rules = self.publication
        with transaction.atomic():
            rules.ensure_publishable(revision.as_object())
            previous = rules.state(self)
            result = super().publish(revision, *args, **kwargs)
            rules.record(self, previous)
        return result


class SessionSpeaker(Orderable):
    session = ParentalKey(Session, on_delete=models.CASCADE, related_name="speaker_links")
    person = models.ForeignKey(
        Person, verbose_name=_("Person"), on_delete=models.PROTECT, related_name="session_links"
    )
    role = models.CharField(
        _("Rolle"), max_length=20, choices=SpeakerRole.choices, default=SpeakerRole.SPEAKER
    )

    class Meta(Orderable.Meta):
        verbose_name = _("Mitwirkende Person")
        verbose_name_plural = _("Mitwirkende")
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="speaker_unique_per_session")
        ]

    def __str__(self):
        return f"{self.person} – {self.get_role_display()}"


class OrganiserApprovalTask(Task):
    """A workflow step that the organisers of the object's congress approve: forum leads edit
    their forum's sessions and submit them ("Programmfreigabe"); whoever may publish the object
    (``programme.publish_<model>``, the organisers) approves, which publishes it, or asks for
    changes. Other users see the object locked while it waits."""

    def start(self, workflow_state, user=None):
        """Start the step and tell the organisers by email (through the outbox)."""
        task_state = super().start(workflow_state, user=user)
        submitted = task_state.revision.as_object() if task_state.revision else None
        queue_approval_requests(
            session=submitted or workflow_state.content_object,
            task_state=task_state,
            submitted_by=user,
        )
        return task_state

    def _may_publish(self, obj, user) -> bool:
        return has_perm(user, f"{obj._meta.app_label}.publish_{obj._meta.model_name}", obj)

    def user_can_access_editor(self, obj, user):
        return self._may_publish(obj, user)

    def locked_for_user(self, obj, user):
        return not self._may_publish(obj, user)

    def user_can_lock(self, obj, user):
        return self._may_publish(obj, user)

    def user_can_unlock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        if not self._may_publish(obj, user):
            return []
        return [
            ("reject", _("Änderungen anfordern"), True),
            ("approve", _("Freigeben und veröffentlichen"), False),
            ("approve", _("Mit Kommentar freigeben"), True),
        ]

    def get_task_states_user_can_moderate(self, user, **kwargs):
        """The waiting sessions of the editions ``user`` organises (one query when evaluated)."""
        waiting = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_active and user.is_superuser:
            return waiting
        sessions = (
            Session.objects.filter(track__edition_id__in=roles_of(user).edition_ids(Role.ORGANISER))
            .annotate(key=Cast("pk", models.CharField()))
            .values("key")
        )
        return waiting.filter(
            workflow_state__base_content_type=ContentType.objects.get_for_model(Session),
            workflow_state__object_id__in=sessions,
        )

    @classmethod
    def get_description(cls):
        return _("Die Organisation des Kongresses gibt frei und veröffentlicht.")

    class Meta:
        verbose_name = _("Freigabe durch die Organisation")
        verbose_name_plural = _("Freigaben durch die Organisation")


# The recorded changes of published sessions (change notices), in their own module.
from .models_notices import ScheduleChange  # noqa: E402, F401
