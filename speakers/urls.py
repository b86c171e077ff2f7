from django.urls import path

from .views import portal

app_name = "speakers"

urlpatterns = [
    path("", portal.PortalView.as_view(), name="portal"),
    path("einladung/<str:token>/", portal.InvitationView.as_view(), name="invitation"),
    path(
        "einladung/<str:token>/verknuepfen/",
        portal.InvitationClaimView.as_view(),
        name="invitation_claim",
    ),
    path("profil/", portal.ProfileView.as_view(), name="profile"),
    path("einwilligungen/", portal.ConsentView.as_view(), name="consents"),
    path("termine.ics", portal.SessionsCalendarView.as_view(), name="sessions_ics"),
    path("beitraege/<int:session_id>/", portal.SessionView.as_view(), name="session"),
    path(
        "beitraege/<int:session_id>/folien/",
        portal.SlidesUploadView.as_view(),
        name="slides_upload",
    ),
    path(
        "beitraege/<int:session_id>/aenderung/",
        portal.ChangeRequestView.as_view(),
        name="change_request",
    ),
    path("folien/<int:pk>/", portal.slide_download, name="slide_download"),
    path("fotos/<int:pk>/", portal.photo, name="photo"),
]
