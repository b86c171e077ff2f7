"""The organiser's mailing form: the segment of an edition and the text (German, optionally
English) with placeholders."""

import secrets

from django import forms
from django.utils.translation import gettext_lazy as _

from programme.models import Track
from registrations.enums import Attendance, RegistrationState
from registrations.models import TicketCategory

from .models import Mailing
from .segments import CHECKED_IN, NOT_CHECKED_IN, Segment
from .services import MailingError, check_placeholders

PLACEHOLDER_HELP = _(
    "Platzhalter: {name} (Name), {link} (persönlicher Link), {edition} (Ausgabe), "
    "{forum} (gewählte Foren)."
)


class MailingForm(forms.Form):
    registrants = forms.BooleanField(
        label=_("Angemeldete Teilnehmende"), required=False, initial=True
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("Ticketkategorie"),
        queryset=TicketCategory.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ohne Auswahl: alle Kategorien."),
    )
    attendance = forms.MultipleChoiceField(
        label=_("Teilnahme"),
        choices=Attendance.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ohne Auswahl: vor Ort und online."),
    )
    states = forms.MultipleChoiceField(
        label=_("Status der Anmeldung"),
        choices=RegistrationState.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ohne Auswahl: alle außer storniert, verfallen, abgelehnt und erstattet."),
    )
    checked_in = forms.ChoiceField(
        label=_("Eingecheckt"),
        choices=[
            ("", _("egal")),
            (CHECKED_IN, _("nur Eingecheckte")),
            (NOT_CHECKED_IN, _("nur nicht Eingecheckte")),
        ],
        required=False,
        widget=forms.RadioSelect,
    )
    speakers = forms.BooleanField(label=_("Referierende der Ausgabe"), required=False)
    moderators = forms.BooleanField(label=_("Moderierende der Ausgabe"), required=False)
    forums = forms.ModelMultipleChoiceField(
        label=_("Forum"),
        queryset=Track.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Ohne Auswahl: alle. Mit Auswahl: wer eines dieser Foren gewählt hat, dort spricht "
            "oder moderiert."
        ),
    )
    subject = forms.CharField(label=_("Betreff"), max_length=200)
    body = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 10}), help_text=PLACEHOLDER_HELP
    )
    subject_en = forms.CharField(
        label=_("Betreff (Englisch, optional)"), max_length=200, required=False
    )
    body_en = forms.CharField(
        label=_("Text (Englisch, optional)"),
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        help_text=_(
            "Für Empfänger mit der Sprache Englisch; ohne ihn erhalten sie den deutschen Text."
        ),
    )

    token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, edition, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("token", secrets.token_urlsafe(24))
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.fields["categories"].queryset = TicketCategory.objects.filter(
            edition=edition
        ).order_by("name", "pk")
        self.fields["forums"].queryset = Track.objects.filter(edition=edition).order_by(
            "sort_order", "pk"
        )

    def _clean_text(self, name):
        value = self.cleaned_data.get(name, "")
        try:
            check_placeholders(value, field=name)
        except MailingError as error:
            raise forms.ValidationError(error.message, code="placeholder") from error
        return value

    def clean_subject(self):
        return self._clean_text("subject")

    def clean_body(self):
        return self._clean_text("body")

    def clean_subject_en(self):
        return self._clean_text("subject_en")

    def clean_body_en(self):
        return self._clean_text("body_en")

    def clean(self):
        data = super().clean()
        if not (data.get("registrants") or data.get("speakers") or data.get("moderators")):
            raise forms.ValidationError(
                _("Bitte wählen Sie Angemeldete, Referierende oder Moderierende als Empfänger.")
            )
        return data

    def segment(self) -> Segment:
        data = self.cleaned_data
        return Segment(
            registrants=data["registrants"],
            categories=tuple(sorted(c.pk for c in data["categories"])),
            attendance=tuple(data["attendance"]),
            states=tuple(data["states"]),
            forums=tuple(sorted(t.pk for t in data["forums"])),
            checked_in=data["checked_in"],
            speakers=data["speakers"],
            moderators=data["moderators"],
        )

    def mailing(self) -> Mailing:
        """The unsaved mailing of the valid form."""
        data = self.cleaned_data
        return Mailing(
            edition=self.edition,
            segment=self.segment().to_json(),
            subject=data["subject"],
            body=data["body"],
            subject_en=data["subject_en"],
            body_en=data["body_en"],
            token=data["token"],
        )
