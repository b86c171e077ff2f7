"""Registrations of attendees: ticket categories, custom questions, vouchers, registrations and
their audit log.

A registration's state changes only through ``services.set_registration_state``.
"""

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from congress.enums import EmailLanguage
from congress.models import Edition

from ..enums import (
    BUSINESS_CATEGORY_KINDS,
    HOLDING_STATES,
    Attendance,
    AuthorityLevel,
    CategoryAttendance,
    CategoryKind,
    OrganisationKind,
    PaymentMethod,
    QuestionKind,
    RegistrationState,
)


def new_manage_token() -> str:
    return secrets.token_urlsafe(32)


class TicketCategoryQuerySet(models.QuerySet):
    def for_edition(self, edition):
        return self.filter(edition=edition)

    def on_sale(self, now=None):
        """On sale now: within the category's sales window and never after the edition's last
        day (``Edition.ends_at``: midnight after it, in the congress's time zone)."""
        now = now or timezone.now()
        return self.filter(
            models.Q(sales_start__isnull=True) | models.Q(sales_start__lte=now),
            models.Q(sales_end__isnull=True) | models.Q(sales_end__gt=now),
            edition__end_date__gte=timezone.localdate(now),
        )


class TicketCategory(index.Indexed, models.Model):
    edition = models.ForeignKey(
        Edition,
        verbose_name=_("Ausgabe"),
        on_delete=models.CASCADE,
        related_name="ticket_categories",
    )
    name = models.CharField(_("Name"), max_length=200)
    kind = models.CharField(_("Art"), max_length=20, choices=CategoryKind.choices)
    description = models.TextField(_("Beschreibung"), blank=True)
    price_net = models.DecimalField(
        _("Preis netto (EUR)"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    vat_rate = models.DecimalField(
        _("Umsatzsteuer (%)"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("19.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    attendance = models.CharField(
        _("Teilnahme"),
        max_length=10,
        choices=CategoryAttendance.choices,
        default=CategoryAttendance.BOTH,
    )
    sales_start = models.DateTimeField(_("Verkauf ab"), null=True, blank=True)
    sales_end = models.DateTimeField(_("Verkauf bis"), null=True, blank=True)
    quota = models.PositiveIntegerField(
        _("Kontingent"), null=True, blank=True, help_text=_("leer = unbegrenzt")
    )
    requires_authority = models.BooleanField(
        _("Fragt Behörde und Erklärung ab"),
        default=False,
        help_text=_("Für Beschäftigte der öffentlichen Verwaltung."),
    )
    email_domains = models.TextField(
        _("Erlaubte E-Mail-Domains"),
        blank=True,
        help_text=_("Eine Domain je Zeile, z. B. nrw.de; leer = alle Adressen."),
    )
    refundable_until = models.DateTimeField(
        _("Erstattung bei Stornierung bis"),
        null=True,
        blank=True,
        help_text=_("Leer = bei Stornierung vor der Veranstaltung immer erstatten."),
    )
    allows_invoice = models.BooleanField(
        _("Zahlung auf Rechnung möglich"),
        default=False,
        help_text=_("Für Behörden: Rechnung mit Bestellnummer oder Leitweg-ID."),
    )
    requires_voucher = models.BooleanField(_("Nur mit Gutscheincode"), default=False)
    requires_confirmation = models.BooleanField(
        _("Adresse bestätigen"),
        default=False,
        help_text=_(
            "Der Platz wird gehalten und ein Bestätigungslink gemailt; das Ticket kommt erst "
            "nach dem Klick. Vorgabe für kostenlose Kategorien der öffentlichen Verwaltung und "
            "für Kategorien mit erlaubten E-Mail-Domains."
        ),
    )
    requires_approval = models.BooleanField(
        _("Freigabe erforderlich"),
        default=False,
        help_text=_(
            "Anmeldungen warten in der Freigabe-Liste, bis das Organisationsteam sie "
            "freigibt oder ablehnt."
        ),
    )
    is_public = models.BooleanField(
        _("Öffentlich buchbar"),
        default=True,
        help_text=_("Nicht öffentliche Kategorien vergibt das Organisationsteam."),
    )
    sort_order = models.PositiveIntegerField(_("Reihenfolge"), default=0)

    objects = TicketCategoryQuerySet.as_manager()

    search_fields = [index.SearchField("name"), index.FilterField("edition")]

    class Meta:
        verbose_name = _("Ticketkategorie")
        verbose_name_plural = _("Ticketkategorien")
        ordering = ["edition", "sort_order", "name"]

    def __str__(self):
        return f"{self.name} ({self.edition})"

    @property
    def is_free(self) -> bool:
        return self.price_net == 0

    @property
    def vat_amount(self) -> Decimal:
        return (self.price_net * self.vat_rate / 100).quantize(Decimal("0.01"))

    @property
    def price_gross(self) -> Decimal:
        return self.price_net + self.vat_amount

    @property
    def allowed_domains(self) -> list[str]:
        return [
            line.strip().lower().lstrip("@")
            for line in self.email_domains.splitlines()
            if line.strip()
        ]

    @property
    def attendance_options(self) -> list[str]:
        if self.attendance == CategoryAttendance.BOTH:
            return [Attendance.ONSITE, Attendance.ONLINE]
        return [self.attendance]

    @property
    def confirmation_by_default(self) -> bool:
        """Whether "Adresse bestätigen" is on when the category is created: free categories of
        the public sector and categories restricted to email domains."""
        return bool(self.allowed_domains) or (
            self.kind == CategoryKind.PUBLIC_SECTOR and self.is_free
        )

    def is_on_sale(self, now=None) -> bool:
        """Within the sales window and never after the edition's last day."""
        now = now or timezone.now()
        return (
            (self.sales_start is None or self.sales_start <= now)
            and (self.sales_end is None or now < self.sales_end)
            and now < self.edition.ends_at
        )


class Question(models.Model):
    edition = models.ForeignKey(
        Edition,
        verbose_name=_("Ausgabe"),
        on_delete=models.CASCADE,
        related_name="registration_questions",
    )
    label = models.CharField(_("Frage"), max_length=300)
    kind = models.CharField(
        _("Art"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.TEXT
    )
    choices = models.TextField(
        _("Antwortmöglichkeiten"), blank=True, help_text=_("Eine Antwort je Zeile (bei Auswahl).")
    )
    required = models.BooleanField(_("Pflichtfeld"), default=False)
    sort_order = models.PositiveIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Anmeldefrage")
        verbose_name_plural = _("Anmeldefragen")
        ordering = ["edition", "sort_order", "pk"]

    def __str__(self):
        return self.label

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class Voucher(models.Model):
    edition = models.ForeignKey(
        Edition, verbose_name=_("Ausgabe"), on_delete=models.CASCADE, related_name="vouchers"
    )
    code = models.CharField(_("Code"), max_length=40)
    category = models.ForeignKey(
        TicketCategory,
        verbose_name=_("Ticketkategorie"),
        on_delete=models.CASCADE,
        related_name="vouchers",
    )
    max_uses = models.PositiveIntegerField(_("Einlösungen höchstens"), default=1)
    note = models.CharField(_("Notiz"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Gutschein")
        verbose_name_plural = _("Gutscheine")
        ordering = ["edition", "code"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="voucher_unique_code")
        ]

    def __str__(self):
        return self.code


class RegistrationQuerySet(models.QuerySet):
    def for_edition(self, edition):
        return self.filter(edition=edition)

    def holding_seat(self):
        """Registrations that occupy an on-site seat."""
        return self.filter(attendance=Attendance.ONSITE, state__in=HOLDING_STATES)

    def holding_quota(self):
        return self.filter(state__in=HOLDING_STATES)

    def waiting(self):
        return self.filter(state=RegistrationState.WAITLISTED).order_by("created_at", "pk")


class Registration(models.Model):
    """Not in Wagtail's search or reference index: the admin searches with the ORM, and index
    updates on every registration would cost more than the registration itself."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("Ausgabe"), on_delete=models.PROTECT, related_name="registrations"
    )
    category = models.ForeignKey(
        TicketCategory,
        verbose_name=_("Ticketkategorie"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    state = models.CharField(
        _("Status"), max_length=30, choices=RegistrationState.choices, db_index=True
    )
    attendance = models.CharField(_("Teilnahme"), max_length=10, choices=Attendance.choices)
    accepts_online = models.BooleanField(
        _("Online-Teilnahme, falls vor Ort ausgebucht"), default=False
    )
    first_name = models.CharField(_("Vorname"), max_length=100)
    last_name = models.CharField(_("Nachname"), max_length=100)
    email = models.EmailField(_("E-Mail-Adresse"))
    organisation = models.CharField(_("Organisation"), max_length=200, blank=True)
    authority = models.CharField(_("Behörde"), max_length=200, blank=True)
    authority_level = models.CharField(
        _("Ebene der Behörde"), max_length=20, choices=AuthorityLevel.choices, blank=True
    )
    declaration_accepted = models.BooleanField(
        _("Erklärung zur Tätigkeit in der Verwaltung"), default=False
    )
    terms_accepted_at = models.DateTimeField(_("AGB und Datenschutz akzeptiert am"))
    answers = models.JSONField(_("Antworten"), default=dict, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Konto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    voucher = models.ForeignKey(
        Voucher,
        verbose_name=_("Gutschein"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    payment_method = models.CharField(
        _("Zahlungsart"), max_length=10, choices=PaymentMethod.choices, blank=True
    )
    billing_address = models.TextField(_("Rechnungsanschrift"), blank=True)
    order_reference = models.CharField(_("Bestellnummer"), max_length=100, blank=True)
    leitweg_id = models.CharField(_("Leitweg-ID"), max_length=46, blank=True)
    # The language of the emails written to the attendee (the site's language when they
    # registered): "de" or "en".
    language = models.CharField(
        _("Sprache"), max_length=5, choices=EmailLanguage.choices, default=EmailLanguage.DE
    )
    manage_token = models.CharField(max_length=64, unique=True, default=new_manage_token)
    calendar_token = models.CharField(max_length=64, unique=True, default=new_manage_token)
    # What the attendee chose before an edition mode switch converted the registration; a
    # switch back restores it where seats allow (services.switch_edition_mode).
    preferred_attendance = models.CharField(
        _("Gewünschte Teilnahme"), max_length=10, choices=Attendance.choices, blank=True
    )
    # Raising it revokes every personal online access link issued before (access.py).
    access_version = models.PositiveIntegerField(_("Stand des Online-Zugangs"), default=0)
    reserved_until = models.DateTimeField(_("Reserviert bis"), null=True, blank=True)
    # The organisers' message with an approval or rejection (services.decide_registration).
    decision_note = models.TextField(_("Nachricht zur Freigabe"), blank=True)
    offer_expires_at = models.DateTimeField(_("Angebot gültig bis"), null=True, blank=True)
    created_at = models.DateTimeField(_("Angemeldet am"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("Geändert am"), auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Anmeldung")
        verbose_name_plural = _("Anmeldungen")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["edition", "state", "attendance"]),
        ]
        constraints = [
            # One active registration per address and edition (case-insensitive).
            models.UniqueConstraint(
                Upper("email"),
                "edition",
                condition=models.Q(state__in=[*HOLDING_STATES, RegistrationState.WAITLISTED]),
                name="registration_unique_active_email",
                violation_error_message=_(
                    "Mit dieser E-Mail-Adresse besteht bereits eine Anmeldung."
                ),
            )
        ]

    def __str__(self):
        return f"{self.full_name} ({self.get_state_display()})"

    @property
    def log_label(self) -> str:
        return f"{self.full_name} <{self.email}>"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def organisation_kind(self) -> str:
        """Bund, Land, Kommune, other public, business or other (``OrganisationKind``; the
        database's version is ``queries.organisation_kind``)."""
        if self.category.kind == CategoryKind.PUBLIC_SECTOR and self.authority_level:
            return self.authority_level
        if self.category.kind in BUSINESS_CATEGORY_KINDS:
            return OrganisationKind.BUSINESS
        return OrganisationKind.OTHER

    @property
    def organisation_kind_label(self) -> str:
        return OrganisationKind(self.organisation_kind).label

    @property
    def has_ticket(self) -> bool:
        return self.state == RegistrationState.CONFIRMED
