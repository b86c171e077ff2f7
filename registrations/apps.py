from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from programme.signals import speaker_confirmed


def _bump_content_version(**_signal_kwargs) -> None:
    from congress.content_version import bump_content_version

    bump_content_version()


class RegistrationsConfig(AppConfig):
    name = "registrations"
    verbose_name = _("Anmeldungen")

    def ready(self):
        # Imported here: models (and the modules using them) only once the app registry is ready.
        from congress.models import Congress, Edition, Venue
        from programme.notices import register_audience

        from .models import Question, TicketCategory
        from .notices import attendee_recipients
        from .queries import forget_registration_setups
        from .receivers import issue_ticket_for_confirmed_speaker

        # The cached set-up of the registration form (queries.registration_setup) is built from
        # these models; the admin edits them through Wagtail's generic views.
        for model in (Congress, Edition, Venue, TicketCategory, Question):
            for signal in (post_save, post_delete):
                signal.connect(
                    forget_registration_setups,
                    sender=model,
                    dispatch_uid=f"registrations-setup-{signal is post_save}-{model.__name__}",
                    weak=False,
                )
        # Public pages link to the registration while a category is on sale (cms caches them).
        for signal in (post_save, post_delete):
            signal.connect(
                _bump_content_version,
                sender=TicketCategory,
                dispatch_uid=f"registrations-pages-{signal is post_save}",
                weak=False,
            )
        # A confirmed speaker gets a ticket (programme/signals.py).
        speaker_confirmed.connect(
            issue_ticket_for_confirmed_speaker,
            dispatch_uid="registrations-speaker-ticket",
            weak=False,
        )
        # Attendees are told when a session of their programme changes (programme/notices.py).
        register_audience("registrations", attendee_recipients)
