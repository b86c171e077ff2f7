from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "programme"
    verbose_name = _("Programm")

    def ready(self):
        # Imported here: models and services only once the app registry is ready. The models'
        # publish() applies the services' rules, which import the models (PublicationRules).
        from .models import Session, Track
        from .services import SESSION_PUBLICATION, TRACK_PUBLICATION

        Track.publication = TRACK_PUBLICATION
        Session.publication = SESSION_PUBLICATION
