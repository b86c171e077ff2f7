from django.urls import path

from .views import checkin, documents, online, public

app_name = "registrations"

urlpatterns = [
    path("ticket-schluessel.pem", public.ticket_public_key, name="public_key"),
    path("meine/", public.MyRegistrationsView.as_view(), name="mine"),
    path("verwalten/<str:token>/", public.ManageView.as_view(), name="manage"),
    path("verwalten/<str:token>/stornieren/", public.CancelView.as_view(), name="cancel"),
    path(
        "verwalten/<str:token>/teilnahme/",
        public.SwitchAttendanceView.as_view(),
        name="switch_attendance",
    ),
    path(
        "verwalten/<str:token>/nachruecken/", public.AcceptOfferView.as_view(), name="accept_offer"
    ),
    path("verwalten/<str:token>/bezahlen/", public.PayView.as_view(), name="pay"),
    path("verwalten/<str:token>/rechnung.pdf", public.invoice_download, name="invoice"),
    path("verwalten/<str:token>/rechnung.xml", public.xrechnung_download, name="xrechnung"),
    path(
        "verwalten/<str:token>/korrektur/<int:pk>.pdf",
        public.credit_note_download,
        name="credit_note",
    ),
    path(
        "verwalten/<str:token>/korrektur/<int:pk>.xml",
        public.credit_note_xml_download,
        name="credit_note_xml",
    ),
    path("verwalten/<str:token>/foren/", public.ChooseForumsView.as_view(), name="choose_forums"),
    path("kalender/<str:token>/mein-programm.ics", public.agenda_feed, name="agenda_feed"),
    path("stripe/webhook/", public.stripe_webhook, name="stripe_webhook"),
    path("verwalten/<str:token>/ticket.pdf", public.ticket_download, name="ticket"),
    path("online/<str:token>/", online.access_page, name="online_access"),
    path(
        "verwalten/<str:token>/teilnahmebescheinigung.pdf",
        documents.certificate_download,
        name="certificate",
    ),
    path("einlass/", checkin.CheckInIndexView.as_view(), name="checkin_index"),
    path("einlass/<slug:congress>/<int:year>/", checkin.CheckInPageView.as_view(), name="checkin"),
    path("api/einlass/<slug:congress>/<int:year>/scan/", checkin.api_scan, name="checkin_api_scan"),
    path(
        "api/einlass/<slug:congress>/<int:year>/status/",
        checkin.api_status,
        name="checkin_api_status",
    ),
    path(
        "api/einlass/<slug:congress>/<int:year>/offline/",
        checkin.api_offline,
        name="checkin_api_offline",
    ),
    path("api/einlass/<slug:congress>/<int:year>/sync/", checkin.api_sync, name="checkin_api_sync"),
    path(
        "api/einlass/<slug:congress>/<int:year>/suche/",
        checkin.api_search,
        name="checkin_api_search",
    ),
    path(
        "bestaetigen/<str:token>/",
        public.ConfirmAddressView.as_view(),
        name="confirm_address",
    ),
    path("<slug:congress>/<int:year>/", public.RegisterView.as_view(), name="register"),
    path(
        "<slug:congress>/<int:year>/gesendet/",
        public.RegisterSentView.as_view(),
        name="register_sent",
    ),
]
