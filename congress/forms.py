from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm


class EditionAdminForm(WagtailAdminModelForm):
    """The format of an existing edition changes only through "Format wechseln"
    (registrations.services.switch_edition_mode), which takes the registrations, tickets,
    calendars and emails along; a plain edit would change the format and nothing else."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "mode" in self.fields:
            self.fields["mode"].disabled = True
            self.fields["mode"].help_text = _(
                "Ändern Sie das Format über „Format wechseln“: Anmeldungen, Tickets, Kalender "
                "und E-Mails folgen dann dem Wechsel."
            )
