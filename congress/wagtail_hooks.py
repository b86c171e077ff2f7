from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.widgets.button import MenuItem as ButtonMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .audit import register_log_actions
from .enums import LogAction
from .forms import EditionAdminForm
from .log_views import VIEW_PERMISSION, LogEntryReportView
from .models import Congress, Edition, Venue


class CongressViewSet(SnippetViewSet):
    model = Congress
    icon = "site"
    menu_label = gettext_lazy("Kongresse")
    list_display = ["name", "slug", "organiser"]
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("organiser"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("organiser_street"),
                FieldRowPanel(
                    [
                        FieldPanel("organiser_postal_code"),
                        FieldPanel("organiser_city"),
                        FieldPanel("organiser_country"),
                    ]
                ),
                FieldRowPanel([FieldPanel("vat_id"), FieldPanel("tax_number")]),
                FieldRowPanel([FieldPanel("invoice_email"), FieldPanel("invoice_phone")]),
                FieldPanel("iban"),
                FieldRowPanel([FieldPanel("bic"), FieldPanel("bank_name")]),
            ],
            heading=gettext_lazy("Rechnungsangaben"),
            help_text=gettext_lazy(
                "Der Veranstalter als Rechnungssteller: Anschrift, Steuernummer oder USt-IdNr., "
                "Kontakt und Bankverbindung stehen auf den Rechnungen; die E-Rechnung "
                "(XRechnung) braucht Anschrift, USt-IdNr. oder Steuernummer, E-Mail, Telefon "
                "und IBAN."
            ),
        ),
    ]


class EditionViewSet(SnippetViewSet):
    model = Edition
    icon = "calendar"
    menu_label = gettext_lazy("Ausgaben")
    list_display = ["title", "congress", "year", "start_date", "mode"]
    list_filter = ["congress", "mode"]
    edit_handler_panels = [
        FieldRowPanel([FieldPanel("congress"), FieldPanel("year")]),
        FieldPanel("title"),
        FieldPanel("motto"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldPanel("venue"),
        MultiFieldPanel(
            [
                FieldPanel("mode"),
                FieldPanel("onsite_capacity"),
                FieldPanel("online_url"),
                FieldPanel("mode_notice"),
            ],
            heading=gettext_lazy("Format"),
        ),
        InlinePanel(
            "partners",
            heading=gettext_lazy("Partner und Aussteller"),
            panels=[
                FieldPanel("name"),
                FieldPanel("tier"),
                FieldPanel("url"),
                FieldPanel("logo"),
                FieldPanel("description"),
            ],
        ),
    ]
    edit_handler = ObjectList(edit_handler_panels, base_form_class=EditionAdminForm)

    def get_queryset(self, request):
        return Edition.objects.select_related("congress")


class VenueViewSet(SnippetViewSet):
    model = Venue
    icon = "home"
    menu_label = gettext_lazy("Veranstaltungsorte")
    list_display = ["name", "city"]
    panels = [
        FieldPanel("name"),
        FieldPanel("street"),
        FieldRowPanel([FieldPanel("postal_code"), FieldPanel("city")]),
        FieldPanel("directions"),
        InlinePanel(
            "rooms",
            heading=gettext_lazy("Räume"),
            panels=[
                FieldPanel("name"),
                FieldPanel("capacity"),
            ],
        ),
    ]


class CongressGroup(SnippetViewSetGroup):
    menu_label = gettext_lazy("Kongresse")
    menu_icon = "site"
    menu_order = 190
    items = (CongressViewSet, EditionViewSet, VenueViewSet)


register_snippet(CongressGroup)


@hooks.register("register_log_actions")
def register_core_log_actions(actions):
    register_log_actions(actions, choices=LogAction, models_=(Congress, Edition, Venue))


@hooks.register("register_admin_urls")
def register_log_urls():
    return [
        path("protokoll/", LogEntryReportView.as_view(), name="congress_log"),
        path(
            "protokoll/ergebnisse/",
            LogEntryReportView.as_view(results_only=True),
            name="congress_log_results",
        ),
    ]


class LogMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW_PERMISSION)


@hooks.register("register_reports_menu_item")
def register_log_menu_item():
    return LogMenuItem(
        gettext_lazy("Protokoll"), reverse("congress_log"), icon_name="history", order=50
    )


@hooks.register("register_snippet_listing_buttons")
def edition_log_button(snippet, user, next_url=None):
    if isinstance(snippet, Edition) and user.has_perm(VIEW_PERMISSION):
        yield ButtonMenuItem(
            gettext_lazy("Protokoll"),
            url=f"{reverse('congress_log')}?edition={snippet.pk}",
            icon_name="history",
            priority=70,
        )
