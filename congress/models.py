"""The core: congresses, their yearly editions, venues and rooms, partners."""

import datetime as dt
import zoneinfo

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import Orderable
from wagtail.models.audit_log import BaseLogEntry, BaseLogEntryManager
from wagtail.search import index

from .enums import EditionMode, PartnerTier, Role
from .validators import compact, validate_bic, validate_iban


class Congress(index.Indexed, models.Model):
    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname"), max_length=60, unique=True)
    organiser = models.CharField(_("Veranstalter"), max_length=200, blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    # The seller on the invoices of the congress (§ 14 Abs. 4 UStG, XRechnung): the organiser.
    organiser_street = models.CharField(
        _("Straße und Hausnummer des Veranstalters"), max_length=200, blank=True
    )
    organiser_postal_code = models.CharField(_("PLZ des Veranstalters"), max_length=10, blank=True)
    organiser_city = models.CharField(_("Ort des Veranstalters"), max_length=100, blank=True)
    organiser_country = models.CharField(
        _("Land des Veranstalters"),
        max_length=2,
        blank=True,
        default="DE",
        help_text=_("Ländercode nach ISO 3166-1, z. B. DE"),
    )
    vat_id = models.CharField(
        _("USt-IdNr."), max_length=20, blank=True, help_text=_("z. B. DE123456789")
    )
    tax_number = models.CharField(
        _("Steuernummer"),
        max_length=30,
        blank=True,
        help_text=_("Nötig, wenn keine USt-IdNr. angegeben ist."),
    )
    invoice_email = models.EmailField(
        _("E-Mail für Rechnungsfragen"),
        blank=True,
        help_text=_("Steht auf den Rechnungen; die E-Rechnung (XRechnung) braucht sie."),
    )
    invoice_phone = models.CharField(
        _("Telefon für Rechnungsfragen"),
        max_length=40,
        blank=True,
        help_text=_("Die E-Rechnung (XRechnung) braucht eine Telefonnummer."),
    )
    # Room for the spaces of the printed form; clean() stores the IBAN without them.
    iban = models.CharField(_("IBAN"), max_length=42, blank=True)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    bank_name = models.CharField(_("Bank"), max_length=100, blank=True)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("Kongress")
        verbose_name_plural = _("Kongresse")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        self.organiser_country = self.organiser_country.strip().upper()
        self.vat_id = compact(self.vat_id)
        if self.iban:
            self.iban = compact(self.iban)
            try:
                validate_iban(self.iban)
            except ValidationError as error:
                errors["iban"] = error
        if self.bic:
            self.bic = compact(self.bic)
            try:
                validate_bic(self.bic)
            except ValidationError as error:
                errors["bic"] = error
        if errors:
            raise ValidationError(errors)

    @property
    def seller_name(self) -> str:
        """Who issues the invoices: the organiser, else the congress itself."""
        return self.organiser or self.name

    @property
    def organiser_address_lines(self) -> list[str]:
        """The organiser's postal address, street and "PLZ Ort" (the country only when it is
        not Germany); empty when nothing is filled in."""
        place = f"{self.organiser_postal_code} {self.organiser_city}".strip()
        lines = [line for line in [self.organiser_street, place] if line]
        if lines and self.organiser_country and self.organiser_country != "DE":
            lines.append(self.organiser_country)
        return lines


# What an invoice names of its seller; copied onto each invoice when it is issued
# (registrations.models.Invoice.seller), so a later change of the congress never alters it.
SELLER_FIELDS = (
    "name",
    "organiser",
    "organiser_street",
    "organiser_postal_code",
    "organiser_city",
    "organiser_country",
    "vat_id",
    "tax_number",
    "invoice_email",
    "invoice_phone",
    "iban",
    "bic",
    "bank_name",
)


def seller_snapshot(congress: Congress) -> dict[str, str]:
    return {field: getattr(congress, field) for field in SELLER_FIELDS}


def seller_from_snapshot(snapshot: dict) -> Congress:
    """An unsaved congress carrying the seller data of ``snapshot`` (its properties, such as
    ``seller_name`` and ``organiser_address_lines``, work as on the real one)."""
    return Congress(**{field: snapshot.get(field, "") for field in SELLER_FIELDS})


class Venue(index.Indexed, ClusterableModel):
    name = models.CharField(_("Name"), max_length=200)
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postal_code = models.CharField(_("PLZ"), max_length=10, blank=True)
    city = models.CharField(_("Ort"), max_length=100, blank=True)
    directions = models.TextField(_("Anfahrt"), blank=True)

    search_fields = [index.SearchField("name"), index.SearchField("city")]

    class Meta:
        verbose_name = _("Veranstaltungsort")
        verbose_name_plural = _("Veranstaltungsorte")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.city}" if self.city else self.name

    @property
    def address(self) -> str:
        return ", ".join(p for p in [self.street, f"{self.postal_code} {self.city}".strip()] if p)


class Room(models.Model):
    venue = ParentalKey(
        Venue, verbose_name=_("Veranstaltungsort"), on_delete=models.CASCADE, related_name="rooms"
    )
    name = models.CharField(_("Name"), max_length=200)
    capacity = models.PositiveIntegerField(
        _("Kapazität"), null=True, blank=True, help_text=_("Plätze vor Ort; leer = unbegrenzt")
    )

    class Meta:
        verbose_name = _("Raum")
        verbose_name_plural = _("Räume")
        ordering = ["venue__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["venue", "name"], name="room_unique_name_per_venue")
        ]

    def __str__(self):
        return f"{self.name} ({self.venue.name})"


class EditionQuerySet(models.QuerySet):
    def for_congress(self, congress):
        return self.filter(congress=congress)

    def upcoming(self, today=None):
        return self.filter(end_date__gte=today or timezone.localdate())

    def past(self, today=None):
        return self.filter(end_date__lt=today or timezone.localdate())


class Edition(index.Indexed, ClusterableModel):
    congress = models.ForeignKey(
        Congress, verbose_name=_("Kongress"), on_delete=models.PROTECT, related_name="editions"
    )
    year = models.PositiveIntegerField(
        _("Jahr"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    title = models.CharField(_("Titel"), max_length=200)
    motto = models.CharField(_("Motto"), max_length=300, blank=True)
    start_date = models.DateField(_("Erster Tag"))
    end_date = models.DateField(_("Letzter Tag"))
    venue = models.ForeignKey(
        Venue,
        verbose_name=_("Veranstaltungsort"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="editions",
    )
    mode = models.CharField(
        _("Format"), max_length=20, choices=EditionMode.choices, default=EditionMode.IN_PERSON
    )
    onsite_capacity = models.PositiveIntegerField(
        _("Kapazität vor Ort"), null=True, blank=True, help_text=_("leer = unbegrenzt")
    )
    online_url = models.URLField(_("Link zur Online-Teilnahme"), blank=True)
    # Set by registrations.services.switch_edition_mode; pages show a banner while it is set.
    mode_changed_at = models.DateTimeField(
        _("Format zuletzt geändert"), null=True, blank=True, editable=False
    )
    mode_notice = models.TextField(
        _("Hinweis zum Format"),
        blank=True,
        help_text=_(
            "Erscheint als Hinweis auf allen Seiten der Ausgabe, z. B. nach einem Wechsel."
        ),
    )

    objects = EditionQuerySet.as_manager()

    search_fields = [index.SearchField("title"), index.SearchField("motto")]

    class Meta:
        verbose_name = _("Ausgabe")
        verbose_name_plural = _("Ausgaben")
        ordering = ["congress__name", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "year"], name="edition_unique_year"),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="edition_end_not_before_start",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("Der letzte Tag darf nicht vor dem ersten Tag liegen.")}
            )

    @property
    def days(self) -> list[dt.date]:
        count = (self.end_date - self.start_date).days + 1
        return [self.start_date + dt.timedelta(days=i) for i in range(count)]

    @property
    def tz(self):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)

    @property
    def starts_at(self) -> dt.datetime:
        return dt.datetime.combine(self.start_date, dt.time.min, tzinfo=self.tz)

    @property
    def ends_at(self) -> dt.datetime:
        return dt.datetime.combine(
            self.end_date + dt.timedelta(days=1), dt.time.min, tzinfo=self.tz
        )

    def is_running(self, now=None) -> bool:
        now = now or timezone.now()
        return self.starts_at <= now < self.ends_at

    @property
    def is_past(self) -> bool:
        return self.end_date < timezone.localdate()


class Partner(Orderable):
    edition = ParentalKey(
        Edition, verbose_name=_("Ausgabe"), on_delete=models.CASCADE, related_name="partners"
    )
    name = models.CharField(_("Name"), max_length=200)
    tier = models.CharField(
        _("Stufe"), max_length=20, choices=PartnerTier.choices, default=PartnerTier.PARTNER
    )
    url = models.URLField(_("Website"), blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta(Orderable.Meta):
        verbose_name = _("Partner oder Aussteller")
        verbose_name_plural = _("Partner und Aussteller")

    def __str__(self):
        return f"{self.name} ({self.get_tier_display()})"


class LogEntryManager(BaseLogEntryManager):
    """Writes and reads the audit log. Wagtail's own history (snippet edits, publishing) goes
    through ``log_action`` as well, for every model an app registers with ``register_model``."""

    def log_action(self, instance, action, **kwargs):
        if "edition" not in kwargs and "edition_id" not in kwargs:
            kwargs["edition_id"] = edition_id_of(instance)
        kwargs["object_id"] = str(instance.pk)
        return super().log_action(instance, action, **kwargs)

    def get_instance_title(self, instance):
        # A registration's str() carries its state, which changes; ``log_label`` does not.
        return getattr(instance, "log_label", None) or super().get_instance_title(instance)

    def for_instance(self, instance):
        return self.filter(
            content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
            object_id=str(instance.pk),
        )

    def for_edition(self, edition):
        return self.filter(edition=edition)

    def viewable_by_user(self, user):
        """Superusers read the whole log; organisers the entries of their congresses' editions
        (Wagtail's site history report and our log per edition ask this). Entries without an
        edition (people, venues) and every other role stay out: the log names attendees."""
        if user.is_active and user.is_superuser:
            return self.all()
        if not user.is_active:
            return self.none()
        congresses = RoleAssignment.objects.filter(
            user=user, role=Role.ORGANISER, congress__isnull=False
        ).values("congress_id")
        return self.filter(edition__congress_id__in=congresses)


def edition_id_of(instance) -> int | None:
    """The edition a logged object belongs to: its ``log_edition_id`` (a property a model may
    define), its ``edition_id``, or the edition itself."""
    if isinstance(instance, Edition):
        return instance.pk
    for attribute in ("log_edition_id", "edition_id"):
        value = getattr(instance, attribute, None)
        if value is not None:
            return value
    return None


class LogEntry(BaseLogEntry):
    """The audit log: who (``user``) did what (``action``, a dotted name such as
    "registration.cancelled") to which object (content type and id), in which edition, when
    (``timestamp``), with details in ``data``. Written by ``congress.audit.log_action`` from every
    state-changing service, and by Wagtail for the models registered with it (edits, publishing),
    so that one table holds the whole history. Entries are never changed or deleted."""

    object_id = models.CharField(max_length=255, db_index=True)
    edition = models.ForeignKey(
        Edition,
        verbose_name=_("Ausgabe"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="log_entries",
    )

    objects = LogEntryManager()

    class Meta:
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Protokoll")
        ordering = ["-timestamp", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "timestamp"]),
            models.Index(fields=["edition", "timestamp"]),
            models.Index(fields=["uuid", "action", "-timestamp"], name="congress_log_uuid_idx"),
        ]

    def save(self, *args, **kwargs):
        # Wagtail's BaseLogEntry.save runs full_clean, which looks up every foreign key (a query
        # each); the only rule that matters here is a registered action.
        if not log_action_registry.action_exists(self.action):
            raise ValueError(f"The log action {self.action!r} has not been registered.")
        return models.Model.save(self, *args, **kwargs)

    @property
    def actor(self):
        return self.user


# The scope each role needs: the fields set, all others empty (RoleAssignment.clean and the
# check constraint). A forum lead's edition is the forum's, stored for the queries of the rules.
ROLE_SCOPES = {
    Role.ORGANISER: [("congress",)],
    Role.CHECKIN: [("edition",)],
    Role.FORUM_LEAD: [("edition", "forum")],
    Role.SPEAKER_MANAGER: [("congress",), ("edition",)],
}
SCOPE_FIELDS = ("congress", "edition", "forum")


def _scope_condition() -> models.Q:
    conditions = [
        models.Q(role=role, **{f"{name}__isnull": name not in scope for name in SCOPE_FIELDS})
        for role, scopes in ROLE_SCOPES.items()
        for scope in scopes
    ]
    condition = conditions[0]
    for other in conditions[1:]:
        condition |= other
    return condition


class RoleAssignmentQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)


class RoleAssignment(models.Model):
    """A user's role for a congress, an edition or a forum. Superusers need none: they may do
    everything. Which role allows what: the apps' rules.py."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Benutzer"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices)
    congress = models.ForeignKey(
        Congress,
        verbose_name=_("Kongress"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        help_text=_("Für Organisation und Referierendenbetreuung eines ganzen Kongresses."),
    )
    edition = models.ForeignKey(
        Edition,
        verbose_name=_("Ausgabe"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        help_text=_(
            "Für Einlass und Referierendenbetreuung einer Ausgabe; bei der Forumsleitung die "
            "Ausgabe des Forums (wird ergänzt)."
        ),
    )
    # A string reference: the core must not import programme (programme builds on congress, not
    # the other way round); the forum lead's scope is a forum (a Track) all the same.
    forum = models.ForeignKey(
        "programme.Track",
        verbose_name=_("Forum"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        help_text=_("Nur für die Forumsleitung."),
    )
    created_at = models.DateTimeField(_("Vergeben am"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Vergeben von"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("Rolle")
        verbose_name_plural = _("Rollen")
        ordering = ["user__username", "role", "pk"]
        constraints = [
            models.CheckConstraint(condition=_scope_condition(), name="role_assignment_scope")
        ]
        indexes = [models.Index(fields=["user", "role"])]

    def __str__(self):
        return f"{self.user}: {self.get_role_display()} ({self.scope_label})"

    @property
    def scope_label(self) -> str:
        scope = self.forum if self.forum_id else self.edition if self.edition_id else self.congress
        return str(scope) if scope is not None else "–"

    def clean(self):
        if self.role == Role.FORUM_LEAD and self.forum_id:
            if self.edition_id and self.edition_id != self.forum.edition_id:
                raise ValidationError(
                    {"edition": _("Die Ausgabe muss die des Forums sein (oder leer bleiben).")}
                )
            self.edition_id = self.forum.edition_id
        scopes = ROLE_SCOPES.get(self.role)
        if scopes is None:
            return  # the field's own validation names the unknown role
        given = tuple(name for name in SCOPE_FIELDS if getattr(self, f"{name}_id"))
        if given in scopes:
            return
        messages = {
            Role.ORGANISER: _("Die Organisation gilt für einen Kongress: bitte nur ihn wählen."),
            Role.CHECKIN: _("Der Einlass gilt für eine Ausgabe: bitte nur sie wählen."),
            Role.FORUM_LEAD: _("Die Forumsleitung gilt für ein Forum: bitte nur es wählen."),
            Role.SPEAKER_MANAGER: _(
                "Die Referierendenbetreuung gilt für einen Kongress oder eine Ausgabe: bitte "
                "genau eines davon wählen."
            ),
        }
        raise ValidationError(messages[self.role])


class ContentVersion(models.Model):
    """The authoritative version of the published content: one row, given a new value in the
    transaction of every change the public pages show (congress/content_version.py). The page
    cache keeps a copy and compares it with this row every few seconds, so a cache restored from
    an old snapshot cannot serve old pages for longer."""

    value = models.CharField(max_length=40)

    class Meta:
        verbose_name = _("Inhaltsstand")
        verbose_name_plural = _("Inhaltsstände")

    def __str__(self):
        return self.value


from .models_background import OutboxMessage, PeriodicJob, WorkerHeartbeat  # noqa: E402, F401
