from django.utils.translation import gettext_lazy
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .forms import EditionAdminForm
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
