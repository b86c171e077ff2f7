from django.db.models import Q
from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.widgets.button import MenuItem as ButtonMenuItem
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .audit import register_log_actions
from .enums import LogAction, Role
from .forms import EditionAdminForm, RoleAssignmentForm
from .log_views import VIEW_PERMISSION, LogEntryReportView
from .models import Congress, Edition, OutboxMessage, RoleAssignment, Venue
from .outbox_views import OutboxReportView, ResendView
from .permissions import (
    PermissionMenuItem,
    RulesPermissionPolicy,
    ScopedViewSetMixin,
    has_perm,
)

# Congresses, editions and roles are scoped (congress/rules.py): an organiser lists and edits only
# their congress, its editions and its roles; creating a congress or an edition stays with
# superusers.
register_permission_policy(
    Congress,
    RulesPermissionPolicy(
        Congress, scope_filter=lambda roles, action: Q(pk__in=roles.congress_ids(Role.ORGANISER))
    ),
)
register_permission_policy(
    Edition,
    RulesPermissionPolicy(
        Edition,
        scope_filter=lambda roles, action: Q(congress_id__in=roles.congress_ids(Role.ORGANISER)),
    ),
)
register_permission_policy(
    RoleAssignment,
    RulesPermissionPolicy(
        RoleAssignment,
        scope_filter=lambda roles, action: (
            Q(congress_id__in=roles.congress_ids(Role.ORGANISER))
            | Q(edition_id__in=roles.edition_ids(Role.ORGANISER))
        ),
    ),
)


class CongressViewSet(ScopedViewSetMixin, SnippetViewSet):
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


class EditionViewSet(ScopedViewSetMixin, SnippetViewSet):
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


class RoleAssignmentViewSet(ScopedViewSetMixin, SnippetViewSet):
    """Who has which role where (docs/permissions.md): superusers and the organisers of a
    congress, who see and give only the roles of their congress."""

    model = RoleAssignment
    icon = "key"
    menu_label = gettext_lazy("Rollen")
    list_display = ["user", "role", "scope_label", "created_at"]
    list_filter = ["role", "congress", "edition"]
    copy_view_enabled = False
    panels = [
        FieldPanel("user"),
        FieldPanel("role"),
        FieldPanel("congress"),
        FieldPanel("edition"),
        FieldPanel("forum"),
    ]
    edit_handler = ObjectList(panels, base_form_class=RoleAssignmentForm)

    def get_queryset(self, request):
        return RoleAssignment.objects.select_related("user", "congress", "edition", "forum")


class CongressGroup(SnippetViewSetGroup):
    menu_label = gettext_lazy("Kongresse")
    menu_icon = "site"
    menu_order = 190
    items = (CongressViewSet, EditionViewSet, VenueViewSet, RoleAssignmentViewSet)


register_snippet(CongressGroup)


@hooks.register("register_log_actions")
def register_core_log_actions(actions):
    # Giving, changing and taking back roles (Wagtail's create, edit, delete) go into the audit
    # log too, with who did it.
    register_log_actions(
        actions,
        choices=LogAction,
        models_=(Congress, Edition, Venue, RoleAssignment, OutboxMessage),
    )


@hooks.register("register_admin_urls")
def register_log_urls():
    return [
        path("protokoll/", LogEntryReportView.as_view(), name="congress_log"),
        path(
            "protokoll/ergebnisse/",
            LogEntryReportView.as_view(results_only=True),
            name="congress_log_results",
        ),
        path("postausgang/", OutboxReportView.as_view(), name="congress_outbox"),
        path(
            "postausgang/ergebnisse/",
            OutboxReportView.as_view(results_only=True),
            name="congress_outbox_results",
        ),
        path(
            "postausgang/<int:pk>/erneut-senden/",
            ResendView.as_view(),
            name="congress_outbox_resend",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_outbox_menu_item():
    return PermissionMenuItem(
        gettext_lazy("Postausgang"),
        reverse("congress_outbox"),
        icon_name="mail",
        order=60,
        permission=VIEW_PERMISSION,
    )


@hooks.register("register_reports_menu_item")
def register_log_menu_item():
    return PermissionMenuItem(
        gettext_lazy("Protokoll"),
        reverse("congress_log"),
        icon_name="history",
        order=50,
        permission=VIEW_PERMISSION,
    )


@hooks.register("register_snippet_listing_buttons")
def edition_log_button(snippet, user, next_url=None):
    if isinstance(snippet, Edition) and has_perm(user, VIEW_PERMISSION, snippet):
        yield ButtonMenuItem(
            gettext_lazy("Protokoll"),
            url=f"{reverse('congress_log')}?edition={snippet.pk}",
            icon_name="history",
            priority=70,
        )
