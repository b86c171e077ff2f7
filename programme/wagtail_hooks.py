from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.ui.tables import LiveStatusTagColumn
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from congress.audit import register_log_actions
from congress.models import LogEntry
from congress.permissions import PermissionMenuItem, RulesPermissionPolicy, ScopedViewSetMixin

from .enums import LogAction
from .models import Person, Session, SessionType, Track
from .panels import ConflictPanel, NoticeHoldPanel
from .rules import session_filter, track_filter
from .views import transfer
from .views.history import PersonHistoryView, SessionHistoryView
from .views.manage import PersonEditView, ProgrammeCreateView, ProgrammeEditView
from .views.notices import notice_hold

# Sessions and forums are scoped (programme/rules.py): a forum lead lists and edits only the
# sessions of their forum, an organiser those of their congress's editions.
register_permission_policy(Session, RulesPermissionPolicy(Session, scope_filter=session_filter))
register_permission_policy(Track, RulesPermissionPolicy(Track, scope_filter=track_filter))


class SessionViewSet(ScopedViewSetMixin, SnippetViewSet):
    model = Session
    icon = "date"
    menu_label = gettext_lazy("Programmpunkte")
    list_display = ["title", "track", "starts_at", "session_type", LiveStatusTagColumn()]
    list_filter = ["track__edition", "track", "session_type", "live"]
    list_per_page = 50
    ordering = ["starts_at", "track__sort_order"]
    add_view_class = ProgrammeCreateView
    edit_view_class = ProgrammeEditView
    history_view_class = SessionHistoryView
    panels = [
        ConflictPanel(heading=gettext_lazy("Konflikte")),
        FieldPanel("track"),
        FieldPanel("session_type"),
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldRowPanel([FieldPanel("room"), FieldPanel("status")]),
        FieldPanel("abstract"),
        FieldPanel("recording_url"),
        InlinePanel(
            "speaker_links",
            heading=gettext_lazy("Mitwirkende"),
            panels=[
                FieldPanel("person"),
                FieldPanel("role"),
            ],
        ),
    ]

    def get_queryset(self, request):
        return (
            Session.objects.select_related("track__edition", "session_type")
            .annotate_approved_schedule()
            .prefetch_workflow_states()
        )


class TrackViewSet(ScopedViewSetMixin, SnippetViewSet):
    model = Track
    icon = "list-ul"
    menu_label = gettext_lazy("Hauptbühne und Foren")
    list_display = ["title", "edition", "number", "room", "notices_held", LiveStatusTagColumn()]
    list_filter = ["edition", "kind", "live"]
    add_view_class = ProgrammeCreateView
    edit_view_class = ProgrammeEditView
    panels = [
        ConflictPanel(heading=gettext_lazy("Konflikte")),
        NoticeHoldPanel(heading=gettext_lazy("Änderungsmitteilungen")),
        FieldPanel("edition"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("number"), FieldPanel("sort_order")]),
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("room"),
        FieldPanel("topic"),
        FieldPanel("stream_url"),
        FieldPanel("chat_url"),
        InlinePanel(
            "moderator_links",
            heading=gettext_lazy("Moderation"),
            panels=[
                FieldPanel("person"),
            ],
        ),
    ]

    def get_queryset(self, request):
        return Track.objects.select_related("edition", "room__venue").annotate_approved_schedule()


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    edit_view_class = PersonEditView
    history_view_class = PersonHistoryView
    menu_label = gettext_lazy("Personen")
    list_display = ["last_name", "first_name", "organisation", "position"]
    search_fields = ["last_name", "first_name", "organisation"]
    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("academic_title"),
                        FieldPanel("first_name"),
                        FieldPanel("last_name"),
                    ]
                ),
                FieldPanel("slug"),
            ],
            heading=gettext_lazy("Name"),
        ),
        FieldPanel("position"),
        FieldPanel("organisation"),
        FieldPanel("photo"),
        FieldPanel("bio"),
    ]


class SessionTypeViewSet(SnippetViewSet):
    model = SessionType
    icon = "tag"
    menu_label = gettext_lazy("Sitzungsformate")
    list_display = ["name", "is_break", "sort_order"]


class ProgrammeGroup(SnippetViewSetGroup):
    menu_label = gettext_lazy("Programm")
    menu_icon = "date"
    menu_order = 200
    items = (SessionViewSet, TrackViewSet, PersonViewSet, SessionTypeViewSet)


register_snippet(ProgrammeGroup)


@hooks.register("register_log_actions")
def register_programme_log_actions(actions):
    # Wagtail's own actions (edit, publish, ...) of the programme's snippets go to the one audit
    # log in congress, where the edition of each entry is kept.
    for model in (Track, Session, Person, SessionType):
        actions.register_model(model, LogEntry)
    # The programme's own: change notices held and released (notices.py), imports.
    register_log_actions(actions, choices=LogAction)


@hooks.register("register_admin_urls")
def register_programme_admin_urls():
    return [
        path(
            "programm/foren/<int:pk>/aenderungsmitteilungen/",
            notice_hold,
            name="programme_notice_hold",
        )
    ]


# Import and export of an edition's programme (views/transfer.py) ------------------------------


@hooks.register("register_admin_urls")
def register_transfer_urls():
    return [
        path("programm/", transfer.TransferIndexView.as_view(), name="programme_transfer"),
        path(
            "programm/<int:edition_id>/import/",
            transfer.ImportView.as_view(),
            name="programme_import",
        ),
        path(
            "programm/<int:edition_id>/export.<str:export_format>",
            transfer.ExportView.as_view(),
            name="programme_export",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_transfer_menu_item():
    return PermissionMenuItem(
        gettext_lazy("Programm-Import/Export"),
        reverse("programme_transfer"),
        icon_name="table",
        order=210,
        permission=transfer.EXPORT,
    )
