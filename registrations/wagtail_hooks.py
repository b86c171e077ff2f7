import django_filters
from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import MenuItem as ButtonMenuItem

from .models import Invoice, Question, Registration, TicketCategory, Voucher
from .views.manage import (
    CancelRegistrationView,
    ManualRegistrationCreateView,
    MarkInvoicePaidView,
    RegistrationCountsView,
    ResendTicketView,
)


class TicketCategoryViewSet(ModelViewSet):
    name = "ticket_categories"
    model = TicketCategory
    icon = "tag"
    menu_label = gettext_lazy("Ticketkategorien")
    list_display = ["name", "edition", "kind", "price_net", "attendance", "quota"]
    list_filter = ["edition", "kind", "attendance"]
    search_fields = ["name"]
    search_backend_name = None
    exclude_form_fields = []


class QuestionViewSet(ModelViewSet):
    name = "registration_questions"
    model = Question
    icon = "help"
    menu_label = gettext_lazy("Anmeldefragen")
    list_display = ["label", "edition", "kind", "required"]
    list_filter = ["edition"]
    exclude_form_fields = []


class VoucherViewSet(ModelViewSet):
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

    class Meta:
        model = Registration
        fields = ["edition", "category", "state", "attendance"]


class RegistrationIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("edition", "category__edition")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.append(
            ButtonMenuItem(
                gettext_lazy("Stornieren"),
                url=reverse("registrations_admin_cancel", args=[instance.pk]),
                icon_name="cross",
                priority=40,
            )
        )
        if instance.has_ticket:
            buttons.append(
                ButtonMenuItem(
                    gettext_lazy("Ticket erneut senden"),
                    url=reverse("registrations_admin_resend", args=[instance.pk]),
                    icon_name="mail",
                    priority=41,
                )
            )
        return buttons


class RegistrationViewSet(ModelViewSet):
    name = "registration_admin"
    add_to_reference_index = False
    model = Registration
    icon = "user"
    menu_label = gettext_lazy("Anmeldungen")
    index_view_class = RegistrationIndexView
    add_view_class = ManualRegistrationCreateView
    copy_view_enabled = False
    inspect_view_enabled = True
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
        "created_at",
    ]
    export_filename = "anmeldungen"
    form_fields = [
        "category",
        "attendance",
        "first_name",
        "last_name",
        "email",
        "organisation",
        "authority",
    ]


class InvoiceIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("registration")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.state == "open":
            buttons.append(
                ButtonMenuItem(
                    gettext_lazy("Als bezahlt markieren"),
                    url=reverse("registrations_admin_invoice_paid", args=[instance.pk]),
                    icon_name="tick",
                    priority=40,
                )
            )
        return buttons


class InvoiceViewSet(ModelViewSet):
    name = "invoices"
    model = Invoice
    icon = "doc-full"
    menu_label = gettext_lazy("Rechnungen")
    index_view_class = InvoiceIndexView
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["number", "buyer_name", "order_reference", "leitweg_id", "gross", "state"]
    list_filter = ["state"]
    search_fields = ["number", "buyer_name", "order_reference", "leitweg_id"]
    search_backend_name = None
    list_export = [
        "number",
        "issued_at",
        "buyer_name",
        "order_reference",
        "leitweg_id",
        "net",
        "vat",
        "gross",
        "state",
        "paid_at",
    ]
    export_filename = "rechnungen"
    form_fields = ["buyer_name", "buyer_address", "order_reference", "leitweg_id"]


class RegistrationsGroup(ViewSetGroup):
    menu_label = gettext_lazy("Anmeldungen")
    menu_icon = "group"
    menu_order = 300
    items = (
        RegistrationViewSet,
        InvoiceViewSet,
        TicketCategoryViewSet,
        QuestionViewSet,
        VoucherViewSet,
    )


@hooks.register("register_admin_viewset")
def register_viewsets():
    return RegistrationsGroup()


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "anmeldungen/<int:pk>/stornieren/",
            CancelRegistrationView.as_view(),
            name="registrations_admin_cancel",
        ),
        path(
            "anmeldungen/<int:pk>/ticket-senden/",
            ResendTicketView.as_view(),
            name="registrations_admin_resend",
        ),
        path(
            "anmeldungen/rechnung/<int:pk>/bezahlt/",
            MarkInvoicePaidView.as_view(),
            name="registrations_admin_invoice_paid",
        ),
        path("anmeldungen/zahlen/", RegistrationCountsView.as_view(), name="registrations_counts"),
    ]


@hooks.register("register_admin_menu_item")
def register_counts_menu_item():
    return MenuItem(
        gettext_lazy("Anmeldezahlen"), reverse("registrations_counts"), icon_name="table", order=301
    )
