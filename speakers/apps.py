from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpeakersConfig(AppConfig):
    name = "speakers"
    verbose_name = _("Referierende")

    def ready(self):
        # Imported here: models only once the app registry is ready.
        from programme.notices import register_audience

        from .notices import speaker_recipients

        # Speakers and moderators are told when their session changes (programme/notices.py).
        register_audience("speakers", speaker_recipients)
