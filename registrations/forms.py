from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from .enums import Attendance, AuthorityLevel, PaymentMethod, QuestionKind
from .models import TicketCategory


class CategoryChoiceField(forms.ChoiceField):
    """A choice among ticket categories already loaded (queries.registration_setup): unlike
    ModelChoiceField it validates the choice without a query and returns the loaded instance."""

    widget = forms.RadioSelect

    def set_categories(self, categories, label_from_instance) -> None:
        self.by_pk = {category.pk: category for category in categories}
        self.choices = [(category.pk, label_from_instance(category)) for category in categories]

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.by_pk[int(value)]
        except (KeyError, TypeError, ValueError):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            ) from None

    def validate(self, value):
        forms.Field.validate(self, value)


class RegistrationForm(forms.Form):
    """The public registration form; the rules themselves live in services.register_attendee."""

    category = CategoryChoiceField(label=_("Ticketkategorie"))
    attendance = forms.ChoiceField(
        label=_("Teilnahme"), choices=Attendance.choices, widget=forms.RadioSelect
    )
    accepts_online = forms.BooleanField(
        label=_("Falls vor Ort kein Platz mehr frei ist, nehme ich online teil."), required=False
    )
    first_name = forms.CharField(label=_("Vorname"), max_length=100)
    last_name = forms.CharField(label=_("Nachname"), max_length=100)
    email = forms.EmailField(label=_("E-Mail-Adresse"), max_length=254)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    authority = forms.CharField(
        label=_("Behörde"),
        max_length=200,
        required=False,
        help_text=_("Pflicht für Tickets der öffentlichen Verwaltung."),
    )
    authority_level = forms.ChoiceField(
        label=_("Ebene Ihrer Behörde"),
        choices=AuthorityLevel.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Pflicht für Tickets der öffentlichen Verwaltung."),
    )
    declaration_accepted = forms.BooleanField(
        label=_("Ich erkläre, dass ich in der öffentlichen Verwaltung tätig bin."), required=False
    )
    voucher_code = forms.CharField(label=_("Gutscheincode"), max_length=40, required=False)
    payment_method = forms.ChoiceField(
        label=_("Zahlungsart (bei kostenpflichtigen Tickets)"),
        choices=PaymentMethod.choices,
        initial=PaymentMethod.ONLINE,
        widget=forms.RadioSelect,
        required=False,
    )
    billing_address = forms.CharField(
        label=_("Rechnungsanschrift"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000,
        required=False,
        help_text=_("Nur bei Zahlung auf Rechnung."),
    )
    order_reference = forms.CharField(label=_("Bestellnummer"), max_length=100, required=False)
    leitweg_id = forms.CharField(
        label=_("Leitweg-ID"), max_length=46, required=False, help_text=_("z. B. 991-12345-67")
    )
    terms = forms.BooleanField(
        label=_("Ich stimme den Teilnahmebedingungen und der Datenschutzerklärung zu."),
        error_messages={"required": _("Bitte stimmen Sie den Bedingungen zu.")},
    )

    def __init__(self, *args, categories, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = list(categories)
        self.fields["category"].set_categories(self.categories, self._category_label)
        self.questions = list(questions)
        for question in self.questions:
            name = f"question_{question.pk}"
            if question.kind == QuestionKind.CHOICE:
                field = forms.ChoiceField(
                    choices=[("", "–")] + [(c, c) for c in question.choice_list]
                )
            elif question.kind == QuestionKind.CHECKBOX:
                field = forms.BooleanField()
            else:
                field = forms.CharField(max_length=1000)
            field.label = question.label
            field.required = question.required
            self.fields[name] = field

    @staticmethod
    def _category_label(category):
        if category.is_free:
            return _("%(name)s (kostenlos)") % {"name": category.name}
        return _("%(name)s (%(price)s EUR inkl. %(vat)s %% USt.)") % {
            "name": category.name,
            "price": formats.number_format(category.price_gross, 2, use_l10n=True),
            "vat": formats.number_format(category.vat_rate.normalize(), use_l10n=True),
        }

    def answers(self) -> dict:
        return {q.label: self.cleaned_data.get(f"question_{q.pk}") for q in self.questions}

    def offers_onsite(self) -> bool:
        return any(Attendance.ONSITE in c.attendance_options for c in self.categories)

    def offers_online(self) -> bool:
        return any(Attendance.ONLINE in c.attendance_options for c in self.categories)

    def service_arguments(self) -> dict:
        """The valid form as the arguments of services.register_attendee."""
        data = self.cleaned_data
        return {
            "category": data["category"],
            "first_name": data["first_name"],
            "last_name": data["last_name"],
            "email": data["email"],
            "attendance": data["attendance"],
            "terms_accepted": data["terms"],
            "organisation": data["organisation"],
            "authority": data["authority"],
            "authority_level": data["authority_level"],
            "declaration_accepted": data["declaration_accepted"],
            "answers": self.answers(),
            "accepts_online": data["accepts_online"],
            "voucher_code": data["voucher_code"],
            "payment_method": data["payment_method"] or PaymentMethod.ONLINE,
            "billing_address": data["billing_address"],
            "order_reference": data["order_reference"],
            "leitweg_id": data["leitweg_id"],
        }


class AttendanceForm(forms.Form):
    attendance = forms.ChoiceField(label=_("Teilnahme"), choices=Attendance.choices)


class TicketCategoryFormMixin(forms.ModelForm):
    """The admin's ticket category form: a new free public-sector category or one restricted
    to email domains confirms addresses ("Adresse bestätigen"); editing may switch it off."""

    def clean(self):
        cleaned = super().clean()
        if self.instance._state.adding:
            probe = TicketCategory(
                kind=cleaned.get("kind") or "",
                price_net=cleaned.get("price_net") or 0,
                email_domains=cleaned.get("email_domains") or "",
            )
            if probe.confirmation_by_default:
                cleaned["requires_confirmation"] = True
        return cleaned
