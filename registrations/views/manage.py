"""Organisers' views in the Wagtail admin: manual registration, marking an invoice paid, and the
counts per category, attendance and state (the actions on a registration are in actions.py). Permissions: "registrations.*" of
registrations/rules.py, for the registration's edition (its congress's organisers)."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic import CreateView

from congress.admin_pages import AdminPageMixin
from congress.models import Edition
from congress.permissions import PermissionRequiredMixin, has_perm

from .. import services
from ..enums import RegistrationState
from ..models import Invoice, Registration


class ManualRegistrationCreateView(CreateView):
    """Organisers register someone through the service: capacity and waiting list apply, the
    public sales rules (window, voucher, domains, payment) do not. The categories offered are
    those of the editions the user may add registrations to."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        user = self.request.user
        if "category" in form.fields and not user.is_superuser:
            field = form.fields["category"]
            field.queryset = field.queryset.filter(
                edition__in=editions_with_perm(user, "registrations.add_registration")
            )
        return form

    def save_instance(self):
        data = self.form.cleaned_data
        return services.register_attendee(
            category=data["category"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            attendance=data["attendance"],
            organisation=data.get("organisation", ""),
            authority=data.get("authority", ""),
            authority_level=data.get("authority_level", ""),
            declaration_accepted=bool(data.get("authority")),
            terms_accepted=True,
            skip_sales_checks=True,
            by_user=self.request.user,
        )

    def get_success_buttons(self):
        return []

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except services.RegistrationError as error:
            form.add_error(None, error.message)
            self.produced_error_message = error.message
            return self.form_invalid(form)


def editions_with_perm(user, perm: str) -> list[int]:
    """The ids of the editions ``user`` has ``perm`` for (per edition, by the rules)."""
    return [
        edition.pk
        for edition in Edition.objects.only("pk", "congress_id")
        if has_perm(user, perm, edition)
    ]


class RegistrationCountsView(PermissionRequiredMixin, AdminPageMixin, TemplateView):
    """Counts per edition: by category, attendance and state (of the editions the user may see
    the registrations of)."""

    permission_required = "registrations.view_registration"
    template_name = "registrations/admin/counts.html"
    page_title = gettext_lazy("Anmeldezahlen")
    header_icon = "table"

    def get_context_data(self, **kwargs):
        labels = dict(RegistrationState.choices)
        registrations, editions = Registration.objects.all(), Edition.objects.all()
        if not self.request.user.is_superuser:
            allowed = editions_with_perm(self.request.user, self.permission_required)
            registrations = registrations.filter(edition__in=allowed)
            editions = editions.filter(pk__in=allowed)
        rows = (
            registrations.values("edition__title", "category__name", "attendance", "state")
            .annotate(count=Count("pk"))
            .order_by("edition__title", "category__name", "attendance", "state")
        )
        editions = editions.filter(onsite_capacity__isnull=False).order_by("-year")
        seats = [(e, services.free_onsite_seats(e)) for e in editions]
        return super().get_context_data(
            rows=[{**row, "state_label": labels[row["state"]]} for row in rows],
            seats=seats,
            **kwargs,
        )


class MarkInvoicePaidView(PermissionRequiredMixin, AdminPageMixin, TemplateView):
    permission_required = "registrations.change_invoice"
    template_name = "registrations/admin/confirm_invoice_paid.html"
    page_title = gettext_lazy("Rechnung als bezahlt markieren")
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        self.invoice = get_object_or_404(
            Invoice.objects.select_related("registration"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_permission_object(self):
        return self.invoice

    def get_context_data(self, **kwargs):
        return super().get_context_data(invoice=self.invoice, **kwargs)

    def post(self, request, pk):
        try:
            services.mark_invoice_paid(invoice=self.invoice, by_user=request.user)
        except services.RegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Die Rechnung ist als bezahlt markiert."))
        return redirect("invoices:index")
