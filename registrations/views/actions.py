"""Organisers' actions on a registration in the Wagtail admin. The admin shows registrations,
payments and invoices read-only; every change is one of these actions, and each calls the same
service as the public pages (capacity, waiting list and audit log included), refused with the
service's German message. Permissions: the rules of registrations/rules.py for the
registration's edition.

An action is a ``RegistrationAction`` in ``REGISTRATION_ACTIONS``: wagtail_hooks gives each its
admin URL (``registrations_admin_<name>``) and a button in the listing and on the inspect page
where ``available(registration)`` holds (from the registration's own fields: no query per row).
More actions (approve, reject) are added with ``register_registration_action``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from congress.admin_pages import AdminPageMixin
from congress.permissions import PermissionRequiredMixin, has_perm

from .. import services
from ..enums import Attendance, RegistrationState
from ..models import Registration, TicketCategory

S = RegistrationState
CHANGE = "registrations.change_registration"
REFUND = "registrations.refund_registration"


class RegistrationActionView(PermissionRequiredMixin, AdminPageMixin, FormView):
    """A confirmation page (with the action's form, if any) whose POST calls ``act()``."""

    permission_required = CHANGE
    template_name = "registrations/admin/confirm_action.html"
    header_icon = "user"
    form_class = forms.Form
    question = ""
    success_message = ""
    index_url_name = "registration_admin:index"

    def dispatch(self, request, *args, **kwargs):
        self.registration = get_object_or_404(
            Registration.objects.select_related("edition", "category"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_permission_object(self):
        return self.registration

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), **self.form_extra_kwargs()}

    def form_extra_kwargs(self) -> dict:
        return {}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            registration=self.registration,
            question=self.question,
            index_url_name=self.index_url_name,
            **kwargs,
        )

    def form_valid(self, form):
        try:
            self.act(form.cleaned_data)
        except services.RegistrationError as error:
            messages.error(self.request, error.message)
            form.add_error(None, error.message)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return self.success_redirect()

    def success_redirect(self):
        return redirect("registration_admin:inspect", self.registration.pk)

    def act(self, data: dict) -> None:
        raise NotImplementedError


class CancelRegistrationView(RegistrationActionView):
    page_title = gettext_lazy("Anmeldung stornieren")
    question = gettext_lazy(
        "Anmeldung stornieren? Bezahlte Tickets werden nach den Regeln der Kategorie erstattet, "
        "ein frei werdender Platz geht an die Warteliste."
    )
    success_message = gettext_lazy("Die Anmeldung ist storniert.")

    def act(self, data):
        services.cancel_registration(registration=self.registration, by_user=self.request.user)


class ResendTicketView(RegistrationActionView):
    page_title = gettext_lazy("Ticket erneut senden")
    question = gettext_lazy("Ticket erneut an die angemeldete Person senden?")
    success_message = gettext_lazy("Das Ticket wird erneut gesendet.")

    def act(self, data):
        services.resend_ticket(registration=self.registration, by_user=self.request.user)


class CategoryForm(forms.Form):
    category = forms.ModelChoiceField(
        label=gettext_lazy("Neue Ticketkategorie"), queryset=TicketCategory.objects.none()
    )

    def __init__(self, *args, registration, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = TicketCategory.objects.filter(
            edition_id=registration.edition_id
        ).exclude(pk=registration.category_id)


class ChangeCategoryView(RegistrationActionView):
    page_title = gettext_lazy("Ticketkategorie ändern")
    question = gettext_lazy(
        "In welche Ticketkategorie soll die Anmeldung wechseln? Möglich sind Kategorien gleichen "
        "Preises mit freiem Kontingent."
    )
    form_class = CategoryForm
    success_message = gettext_lazy("Die Ticketkategorie ist geändert.")

    def form_extra_kwargs(self):
        return {"registration": self.registration}

    def act(self, data):
        services.change_category(
            registration=self.registration, category=data["category"], by_user=self.request.user
        )


class DetailsForm(forms.Form):
    first_name = forms.CharField(label=gettext_lazy("Vorname"), max_length=100)
    last_name = forms.CharField(label=gettext_lazy("Nachname"), max_length=100)
    organisation = forms.CharField(
        label=gettext_lazy("Organisation"), max_length=200, required=False
    )
    authority = forms.CharField(label=gettext_lazy("Behörde"), max_length=200, required=False)

    def __init__(self, *args, registration, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.fields:
            self.fields[name].initial = getattr(registration, name)


class CorrectDetailsView(RegistrationActionView):
    page_title = gettext_lazy("Angaben korrigieren")
    question = gettext_lazy(
        "Name, Organisation oder Behörde korrigieren (etwa für das Namensschild). Die "
        "E-Mail-Adresse bleibt; bestätigte Personen erhalten ihr Ticket neu."
    )
    form_class = DetailsForm
    success_message = gettext_lazy("Die Angaben sind korrigiert.")

    def form_extra_kwargs(self):
        return {"registration": self.registration}

    def act(self, data):
        services.correct_registration_details(
            registration=self.registration, by_user=self.request.user, **data
        )


class AttendanceForm(forms.Form):
    attendance = forms.ChoiceField(label=gettext_lazy("Teilnahme"), choices=Attendance.choices)


class ChangeAttendanceView(RegistrationActionView):
    page_title = gettext_lazy("Teilnahmeform ändern")
    question = gettext_lazy(
        "Vor Ort nur, solange Plätze frei sind; ein frei werdender Platz vor "
        "Ort geht an die Warteliste."
    )
    form_class = AttendanceForm
    success_message = gettext_lazy("Die Teilnahmeform ist geändert.")

    def act(self, data):
        services.switch_attendance(
            registration=self.registration,
            attendance=data["attendance"],
            by_user=self.request.user,
        )


class RefundForm(forms.Form):
    amount = forms.DecimalField(
        label=gettext_lazy("Betrag (EUR)"),
        required=False,
        min_value=0,
        max_digits=8,
        decimal_places=2,
        help_text=gettext_lazy("Leer lassen für die volle Erstattung (storniert die Anmeldung)."),
    )


class RefundView(RegistrationActionView):
    permission_required = REFUND
    page_title = gettext_lazy("Erstatten")
    question = gettext_lazy(
        "Voll erstattet wird die Anmeldung storniert (Stornorechnung, Ticket ungültig, der Platz "
        "geht an die Warteliste); ein Teilbetrag ergibt eine Rechnungskorrektur. Online-Zahlungen "
        "erstattet Stripe, Zahlungen auf Rechnung überweisen Sie selbst zurück."
    )
    form_class = RefundForm
    success_message = gettext_lazy("Die Erstattung ist veranlasst.")

    def act(self, data):
        services.refund_registration(
            registration=self.registration, amount=data["amount"], by_user=self.request.user
        )


@dataclass(frozen=True)
class RegistrationAction:
    name: str
    segment: str  # of the URL: /admin/anmeldungen/<pk>/<segment>/
    label: str
    icon: str
    view: type[RegistrationActionView]
    available: Callable[[Registration], bool]
    priority: int = 50

    @property
    def url_name(self) -> str:
        return f"registrations_admin_{self.name}"

    def offered(self, user, registration: Registration) -> bool:
        return self.available(registration) and has_perm(
            user, self.view.permission_required, registration
        )


def _open(registration) -> bool:
    return registration.state not in services.ENDED_STATES


REGISTRATION_ACTIONS: list[RegistrationAction] = [
    RegistrationAction(
        "correct_details",
        "angaben",
        gettext_lazy("Angaben korrigieren"),
        "edit",
        CorrectDetailsView,
        _open,
        priority=35,
    ),
    RegistrationAction(
        "change_category",
        "kategorie",
        gettext_lazy("Ticketkategorie ändern"),
        "tag",
        ChangeCategoryView,
        _open,
        priority=36,
    ),
    RegistrationAction(
        "change_attendance",
        "teilnahme",
        gettext_lazy("Teilnahmeform ändern"),
        "globe",
        ChangeAttendanceView,
        lambda r: r.state == S.CONFIRMED,
        priority=37,
    ),
    RegistrationAction(
        "refund",
        "erstatten",
        gettext_lazy("Erstatten"),
        "undo",
        RefundView,
        lambda r: bool(r.payment_method) and r.state in (S.CONFIRMED, S.CANCELLED),
        priority=39,
    ),
    RegistrationAction(
        "cancel",
        "stornieren",
        gettext_lazy("Stornieren"),
        "cross",
        CancelRegistrationView,
        _open,
        priority=40,
    ),
    RegistrationAction(
        "resend",
        "ticket-senden",
        gettext_lazy("Ticket erneut senden"),
        "mail",
        ResendTicketView,
        lambda r: r.has_ticket,
        priority=41,
    ),
]


def register_registration_action(action: RegistrationAction) -> None:
    """Add an action (before the admin URLs are loaded, e.g. in an app's wagtail_hooks)."""
    REGISTRATION_ACTIONS.append(action)
