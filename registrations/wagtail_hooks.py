import django_filters
from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import Menu, SubmenuMenuItem
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import MenuItem as ButtonMenuItem
from wagtail.permissions import register_permission_policy

from congress.audit import register_log_actions
from congress.models import Edition, LogEntry
from congress.permissions import (
    PermissionMenuItem,
    ReadOnlyPolicy,
    ReadOnlyViewSetMixin,
    RulesPermissionPolicy,
    ScopedViewSetMixin,
    has_perm,
)
from congress.spreadsheets import SafeSpreadsheetExportMixin

from .access import flagged_registration_ids, has_online_access
from .enums import LogAction
from .forms import TicketCategoryFormMixin
from .models import (
    CheckInDevice,
    CreditNote,
    Invoice,
    Payment,
    Question,
    Registration,
    TicketCategory,
    Voucher,
)
from .panels import ForumLeadPanel
from .rules import edition_filter
from .services import offer_free_seats
from .views import approval, mode_switch
from .views.actions import REGISTRATION_ACTIONS
from .views.billing import CreditNoteViewSet, InvoiceViewSet, PaymentViewSet
from .views.devices import CheckInDevicePermissionPolicy, CheckInDeviceViewSet, RevokeDeviceView
from .views.documents import (
    BadgeIndexView,
    BadgeSheetView,
    CertificateAdminView,
    CreditNotePdfAdminView,
    CreditNoteXmlAdminView,
    InvoicePdfAdminView,
    InvoiceXmlAdminView,
)
from .views.manage import (
    ManualRegistrationCreateView,
    MarkInvoicePaidView,
    RegistrationCountsView,
)
from .views.online import FlaggedAccessView, RevokeAccessView

# Wagtail's listings and edit views ask the rules (registrations/rules.py) and show only the
# editions the user's roles cover; registered before the viewsets, as Wagtail requires.
# Registrations, invoices, credit notes and payments are read-only in the generic views (changes
# go through the actions of views/actions.py); organisers still register someone by the service.
for _model, _lookup, _add in (
    (Registration, "edition_id", True),
    (Invoice, "registration__edition_id", False),
    (CreditNote, "invoice__registration__edition_id", False),
    (Payment, "registration__edition_id", False),
):
    register_permission_policy(
        _model, ReadOnlyPolicy(_model, scope_filter=edition_filter(_lookup), allows_add=_add)
    )
for _model, _lookup in (
    (TicketCategory, "edition_id"),
    (Question, "edition_id"),
    (Voucher, "edition_id"),
):
    register_permission_policy(
        _model, RulesPermissionPolicy(_model, scope_filter=edition_filter(_lookup))
    )
# Devices: the organisers' editions and the user's own devices.
register_permission_policy(CheckInDevice, CheckInDevicePermissionPolicy())


class TicketCategoryViewSet(ScopedViewSetMixin, ModelViewSet):
    name = "ticket_categories"
    model = TicketCategory
    icon = "tag"
    menu_label = gettext_lazy("Ticketkategorien")
    list_display = ["name", "edition", "kind", "price_net", "attendance", "quota"]
    list_filter = ["edition", "kind", "attendance"]
    search_fields = ["name"]
    search_backend_name = None
    exclude_form_fields = []

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update)
        return type("TicketCategoryForm", (TicketCategoryFormMixin, form_class), {})


class QuestionViewSet(ScopedViewSetMixin, ModelViewSet):
    name = "registration_questions"
    model = Question
    icon = "help"
    menu_label = gettext_lazy("Anmeldefragen")
    list_display = ["label", "edition", "kind", "required"]
    list_filter = ["edition"]
    exclude_form_fields = []


class VoucherViewSet(ScopedViewSetMixin, ModelViewSet):
    name = "vouchers"
    model = Voucher
    icon = "key"
    menu_label = gettext_lazy("Gutscheine")
    list_display = ["code", "edition", "category", "max_uses"]
    list_filter = ["edition", "category"]
    search_fields = ["code", "note"]
    search_backend_name = None
    exclude_form_fields = []


class RegistrationFilterSet(WagtailFilterSet):
    category = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Ticketkategorie"),
        queryset=TicketCategory.objects.select_related("edition"),
    )

    online_access_flagged = django_filters.BooleanFilter(
        label=gettext_lazy("Online-Zugang auffällig"), method="filter_online_access_flagged"
    )

    class Meta:
        model = Registration
        fields = ["edition", "category", "state", "attendance"]

    def filter_online_access_flagged(self, queryset, name, value):
        if value is None:
            return queryset
        ids = flagged_registration_ids()
        return queryset.filter(pk__in=ids) if value else queryset.exclude(pk__in=ids)


def action_buttons(user, registration) -> list[ButtonMenuItem]:
    """The admin actions (views/actions.py) offered for ``registration`` to ``user``."""
    return [
        ButtonMenuItem(
            action.label,
            url=reverse(action.url_name, args=[registration.pk]),
            icon_name=action.icon,
            priority=action.priority,
        )
        for action in REGISTRATION_ACTIONS
        if action.offered(user, registration)
    ]


class RegistrationIndexView(SafeSpreadsheetExportMixin, IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("edition", "category__edition")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons += action_buttons(self.request.user, instance)
        if instance.has_ticket:
            buttons.append(
                ButtonMenuItem(
                    gettext_lazy("Teilnahmebescheinigung (PDF)"),
                    url=reverse("registrations_admin_certificate", args=[instance.pk]),
                    icon_name="doc-full",
                    priority=42,
                )
            )
        if has_online_access(instance):
            buttons.append(
                ButtonMenuItem(
                    gettext_lazy("Online-Zugang widerrufen"),
                    url=reverse("registrations_online_revoke", args=[instance.pk]),
                    icon_name="cross",
                    priority=43,
                )
            )
        return buttons


class RegistrationInspectView(InspectView):
    """The registration's fields and its history panel: the last entries of the audit log
    (congress.LogEntry) with a link to the full, filterable history."""

    template_name = "registrations/admin/registration_inspect.html"
    history_entries = 20

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entries = LogEntry.objects.for_instance(self.object).select_related("user")
        context["log_entries"] = entries[: self.history_entries]
        context["history_url"] = reverse("registration_admin:history", args=[self.object.pk])
        context["actions"] = action_buttons(self.request.user, self.object)
        return context


class RegistrationViewSet(ReadOnlyViewSetMixin, ScopedViewSetMixin, ModelViewSet):
    name = "registration_admin"
    add_to_reference_index = False
    model = Registration
    icon = "user"
    menu_label = gettext_lazy("Anmeldungen")
    index_view_class = RegistrationIndexView
    add_view_enabled = True  # through the service (views/manage.py)
    add_view_class = ManualRegistrationCreateView
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = RegistrationInspectView
    list_display = [
        "last_name",
        "first_name",
        "email",
        "category",
        "attendance",
        "state",
        "created_at",
    ]
    filterset_class = RegistrationFilterSet
    search_fields = ["last_name", "first_name", "email", "organisation", "authority"]
    search_backend_name = None
    list_per_page = 50
    list_export = [
        "pk",
        "edition",
        "category",
        "state",
        "attendance",
        "first_name",
        "last_name",
        "email",
        "organisation",
        "authority",
        "get_authority_level_display",
        "organisation_kind_label",
        "created_at",
    ]
    export_filename = "anmeldungen"
    export_headings = {
        "get_authority_level_display": gettext_lazy("Ebene der Behörde"),
        "organisation_kind_label": gettext_lazy("Art der Organisation"),
    }
    form_fields = [
        "category",
        "attendance",
        "first_name",
        "last_name",
        "email",
        "organisation",
        "authority",
        "authority_level",
    ]


class RegistrationsGroup(ViewSetGroup):
    menu_label = gettext_lazy("Anmeldungen")
    menu_icon = "group"
    menu_order = 300
    items = (
        RegistrationViewSet,
        InvoiceViewSet,
        CreditNoteViewSet,
        PaymentViewSet,
        TicketCategoryViewSet,
        QuestionViewSet,
        VoucherViewSet,
    )


@hooks.register("register_admin_viewset")
def register_viewsets():
    return RegistrationsGroup()


@hooks.register("register_admin_viewset")
def register_checkin_device_viewset():
    return CheckInDeviceViewSet()


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        *(
            path(
                f"anmeldungen/<int:pk>/{action.segment}/",
                action.view.as_view(),
                name=action.url_name,
            )
            for action in REGISTRATION_ACTIONS
        ),
        path(
            "anmeldungen/rechnung/<int:pk>/bezahlt/",
            MarkInvoicePaidView.as_view(),
            name="registrations_admin_invoice_paid",
        ),
        path("anmeldungen/zahlen/", RegistrationCountsView.as_view(), name="registrations_counts"),
        path(
            "einlass-geraete/<int:pk>/sperren/",
            RevokeDeviceView.as_view(),
            name="registrations_checkin_device_revoke",
        ),
    ]


@hooks.register("register_admin_urls")
def register_online_and_document_urls():
    return [
        path(
            "anmeldungen/online-zugaenge/",
            FlaggedAccessView.as_view(),
            name="registrations_online_flagged",
        ),
        path(
            "anmeldungen/<int:pk>/online-zugang-widerrufen/",
            RevokeAccessView.as_view(),
            name="registrations_online_revoke",
        ),
        path("anmeldungen/namensschilder/", BadgeIndexView.as_view(), name="registrations_badges"),
        path(
            "anmeldungen/namensschilder/<int:pk>/namensschilder.pdf",
            BadgeSheetView.as_view(),
            name="registrations_badges_pdf",
        ),
        path(
            "anmeldungen/<int:pk>/teilnahmebescheinigung.pdf",
            CertificateAdminView.as_view(),
            name="registrations_admin_certificate",
        ),
        path(
            "anmeldungen/rechnung/<int:pk>/rechnung.pdf",
            InvoicePdfAdminView.as_view(),
            name="registrations_admin_invoice_pdf",
        ),
        path(
            "anmeldungen/rechnung/<int:pk>/rechnung.xml",
            InvoiceXmlAdminView.as_view(),
            name="registrations_admin_invoice_xml",
        ),
        path(
            "anmeldungen/korrektur/<int:pk>/korrektur.pdf",
            CreditNotePdfAdminView.as_view(),
            name="registrations_admin_credit_note_pdf",
        ),
        path(
            "anmeldungen/korrektur/<int:pk>/korrektur.xml",
            CreditNoteXmlAdminView.as_view(),
            name="registrations_admin_credit_note_xml",
        ),
    ]


# Edition mode switch (views/mode_switch.py) ---------------------------------------------------


@hooks.register("register_admin_urls")
def register_mode_switch_urls():
    return [
        path(
            "anmeldungen/format/",
            mode_switch.ModeSwitchIndexView.as_view(),
            name="registrations_mode_switch_index",
        ),
        path(
            "anmeldungen/format/<int:edition_id>/",
            mode_switch.ModeSwitchView.as_view(),
            name="registrations_mode_switch",
        ),
        path(
            "anmeldungen/format/wechsel/<int:switch_id>/",
            mode_switch.ModeSwitchProgressView.as_view(),
            name="registrations_mode_switch_progress",
        ),
    ]


@hooks.register("register_snippet_listing_buttons")
def edition_mode_switch_button(snippet, user, next_url=None):
    if isinstance(snippet, Edition) and has_perm(user, "registrations.switch_mode", snippet):
        yield ButtonMenuItem(
            gettext_lazy("Format wechseln"),
            url=reverse("registrations_mode_switch", args=[snippet.pk]),
            icon_name="calendar",
            priority=60,
        )


# The congress days: one submenu for what organisers and staff do around the event ----------


def operations_menu_items() -> list[PermissionMenuItem]:
    """The items of "Durchführung", each shown only to users with its permission for at least
    one edition (the page then offers only those)."""
    return [
        PermissionMenuItem(
            gettext_lazy("Anmeldezahlen"),
            reverse("registrations_counts"),
            icon_name="table",
            order=10,
            permission="registrations.view_registration",
        ),
        PermissionMenuItem(
            gettext_lazy("Freigaben"),
            reverse("registrations_approval_queue"),
            icon_name="tick",
            order=15,
            permission=approval.APPROVE_PERMISSION,
        ),
        PermissionMenuItem(
            gettext_lazy("Format wechseln"),
            reverse("registrations_mode_switch_index"),
            icon_name="calendar",
            order=20,
            permission="registrations.switch_mode",
        ),
        PermissionMenuItem(
            gettext_lazy("Einlass"),
            reverse("registrations:checkin_index"),
            icon_name="tick",
            order=30,
            permission="registrations.check_in",
        ),
        PermissionMenuItem(
            gettext_lazy("Einlass-Geräte"),
            reverse("checkin_devices:index"),
            icon_name="mobile-alt",
            order=35,
            permission="registrations.view_checkindevice",
        ),
        PermissionMenuItem(
            gettext_lazy("Namensschilder"),
            reverse("registrations_badges"),
            icon_name="user",
            order=40,
            permission="registrations.print_badges",
        ),
        PermissionMenuItem(
            gettext_lazy("Auffällige Online-Zugänge"),
            reverse("registrations_online_flagged"),
            icon_name="warning",
            order=50,
            permission="registrations.view_registration",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_operations_menu():
    return SubmenuMenuItem(
        gettext_lazy("Durchführung"),
        Menu(items=operations_menu_items()),
        icon_name="tasks",
        order=301,
    )


@hooks.register("register_log_actions")
def register_registration_log_actions(actions):
    register_log_actions(
        actions,
        choices=LogAction,
        models_=(
            Registration,
            Invoice,
            CreditNote,
            Payment,
            TicketCategory,
            Question,
            Voucher,
            CheckInDevice,
        ),
    )


# The approval queue (views/approval.py) and the waiting list after an edition's edit ----------


@hooks.register("register_admin_urls")
def register_approval_urls():
    return [
        path(
            "anmeldungen/freigaben/",
            approval.ApprovalQueueView.as_view(),
            name="registrations_approval_queue",
        ),
        path(
            "anmeldungen/<int:pk>/freigabe/",
            approval.DecideRegistrationView.as_view(),
            name="registrations_approval_decide",
        ),
    ]


@hooks.register("after_edit_snippet")
def offer_seats_after_edition_edit(request, instance):
    """An edition's capacity raised in the admin: the new seats go to its waiting list at once
    (services.offer_free_seats; nothing happens while nobody waits or no seat is free)."""
    if isinstance(instance, Edition):
        offer_free_seats(edition=instance)


@hooks.register("construct_homepage_panels")
def add_forum_lead_panel(request, panels):
    panel = ForumLeadPanel.for_user(request.user)
    if panel is not None:
        panels.append(panel)
