from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import escape, linebreaks, strip_tags
from django.utils.translation import gettext_lazy as _

from programme.models import Person, Session

from .enums import ConsentKind, InvitationRole, SlideLicence
from .models import SpeakerProfile
from .validators import validate_photo, validate_slides


class InvitationResponseForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Ihre Antwort"),
        choices=[("accept", _("Ich sage zu")), ("decline", _("Ich sage ab"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Anmerkung an das Organisationsteam"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class PersonProfileForm(forms.ModelForm):
    """The public part of the profile, stored on the person."""

    bio = forms.CharField(
        label=_("Kurzbiografie"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Absätze durch Leerzeilen trennen."),
    )
    photo_upload = forms.FileField(
        label=_("Foto"),
        required=False,
        help_text=_("JPEG, PNG oder WebP, höchstens 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    class Meta:
        model = Person
        fields = ["academic_title", "first_name", "last_name", "position", "organisation", "bio"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.bio:
            paragraphs = self.instance.bio.replace("</p>", "\n\n").replace("<br>", "\n")
            self.initial["bio"] = strip_tags(paragraphs).strip()

    def clean_bio(self):
        text = self.cleaned_data["bio"].strip()
        return linebreaks(escape(text)) if text else ""

    def clean_photo_upload(self):
        photo = self.cleaned_data.get("photo_upload")
        if photo:
            validate_photo(photo)
        return photo


class SpeakerProfileForm(forms.ModelForm):
    class Meta:
        model = SpeakerProfile
        fields = [
            "email",
            "phone",
            "language",
            "participation",
            "technical_needs",
            "travel_notes",
        ]
        widgets = {
            "participation": forms.RadioSelect,
            "technical_needs": forms.Textarea(attrs={"rows": 3}),
            "travel_notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "email": _("Nur für das Organisationsteam sichtbar."),
            "phone": _("Nur für das Organisationsteam sichtbar."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Optional: a form sent without it keeps the language the profile has.
        self.fields["language"].required = False

    def clean_language(self):
        return self.cleaned_data.get("language") or self.instance.language


class ConsentForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Ich willige ein in"),
        choices=ConsentKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Sie können jede Einwilligung jederzeit widerrufen."),
    )


class SlidesForm(forms.Form):
    file = forms.FileField(
        label=_("Datei"),
        help_text=_("PDF, PPTX oder ODP, höchstens 50 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.pptx,.odp"}),
    )
    licence = forms.ChoiceField(
        label=_("Lizenz"), choices=SlideLicence.choices, initial=SlideLicence.CC_BY_4
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_slides(upload)
        return upload


class ChangeRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Ihr Änderungswunsch"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("z. B. einen anderen Zeitpunkt oder eine andere Art der Teilnahme"),
    )


# --- admin ---------------------------------------------------------------------------------


class InviteForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.all())
    email = forms.EmailField(label=_("E-Mail-Adresse"))
    role = forms.ChoiceField(label=_("Rolle"), choices=InvitationRole.choices)
    sessions = forms.ModelMultipleChoiceField(
        label=_("Programmpunkte"),
        queryset=Session.objects.select_related("track").order_by("starts_at"),
        widget=forms.CheckboxSelectMultiple,
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Entscheidung"),
        choices=[("accept", _("Annehmen")), ("reject", _("Ablehnen"))],
        widget=forms.RadioSelect,
    )
    reply = forms.CharField(label=_("Antwort an die Person"), widget=forms.Textarea, required=False)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not data.get("reply", "").strip():
            raise ValidationError({"reply": _("Bitte begründen Sie die Ablehnung.")})
        return data
