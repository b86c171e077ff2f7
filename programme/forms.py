"""Public forms of the programme: the filters of the programme page."""

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProgrammeFilterForm(forms.Form):
    """Filters by day, forum, format and person, and a text search.

    Choices come from the published programme, so a value that is not offered is reported as
    invalid and that filter is ignored.
    """

    day = forms.ChoiceField(label=pgettext_lazy("Kongresstag", "Tag"), required=False)
    track = forms.ChoiceField(label=_("Forum"), required=False)
    type = forms.ChoiceField(label=_("Format"), required=False)
    person = forms.ChoiceField(label=_("Person"), required=False)
    q = forms.CharField(label=_("Suche"), required=False, max_length=100, strip=True)

    def __init__(self, data, *, days, tracks, session_types, people):
        super().__init__(data)
        every = [("", _("alle"))]
        self.fields["day"].choices = every + [
            (day.isoformat(), formats.date_format(day, "l, d.m.Y")) for day in days
        ]
        self.fields["track"].choices = every + [(t.slug, t.label) for t in tracks]
        self.fields["type"].choices = every + [(t.slug, t.name) for t in session_types]
        self.fields["person"].choices = every + [(p.slug, p.full_name) for p in people]

    def valid_filters(self) -> dict:
        """The values that are valid; invalid ones are dropped (and shown as errors)."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: value for name, value in cleaned.items() if value and name not in self.errors}

    @property
    def is_filtered(self) -> bool:
        return bool(self.valid_filters())
