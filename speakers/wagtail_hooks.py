from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from congress.audit import register_log_actions
from congress.permissions import PermissionMenuItem

from .enums import LogAction
from .models import ChangeRequest, Consent, Invitation, SlideVersion, SpeakerProfile
from .views import export, manage

admin_urls = (
    [
        path("", manage.overview, name="overview"),
        path("einladen/", manage.invite, name="invite"),
        path(
            "einladungen/<int:pk>/<slug:action>/",
            manage.invitation_action,
            name="invitation_action",
        ),
        path("erinnern/", manage.send_reminders, name="send_reminders"),
        path(
            "export/<int:edition_id>.<str:export_format>",
            export.SpeakersExportView.as_view(),
            name="export",
        ),
        path("aenderungswuensche/", manage.change_requests, name="change_requests"),
        path(
            "aenderungswuensche/<int:pk>/",
            manage.decide_change_request,
            name="decide_change_request",
        ),
    ],
    "speakers_admin",
)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("referierende/", include(admin_urls))]


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return PermissionMenuItem(
        _("Referierende"),
        reverse("speakers_admin:overview"),
        icon_name="group",
        order=250,
        permission="speakers.manage_speakers",
    )


class SpeakerProfileViewSet(SnippetViewSet):
    """Contact data and needs of speakers: for organisers only, never on public pages."""

    model = SpeakerProfile
    icon = "user"
    menu_label = _("Kontaktdaten der Referierenden")
    add_to_admin_menu = False
    list_display = ["person", "email", "phone", "participation"]
    list_filter = ["participation"]
    panels = [
        FieldPanel("person", read_only=True),
        FieldPanel("email"),
        FieldPanel("phone"),
        FieldPanel("participation"),
        FieldPanel("technical_needs"),
        FieldPanel("travel_notes"),
    ]

    def get_queryset(self, request):
        return SpeakerProfile.objects.select_related("person")


register_snippet(SpeakerProfileViewSet)


@hooks.register("register_log_actions")
def register_speaker_log_actions(actions):
    register_log_actions(
        actions,
        choices=LogAction,
        models_=(SpeakerProfile, Invitation, Consent, SlideVersion, ChangeRequest),
    )
