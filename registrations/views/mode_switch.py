"""Organisers switch an edition between in person, hybrid and online in the Wagtail admin:
choose the mode and an optional notice, see what would happen ("Vorschau"), confirm, and follow
the emails going out. Permission: "registrations.switch_mode" for the edition (its congress's
organisers); the index lists only those editions."""

from __future__ import annotations

from django import forms
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy, ngettext_lazy
from django.views.generic import TemplateView

from congress.admin_pages import AdminPageMixin
from congress.enums import EditionMode, OutboxState
from congress.models import Edition, OutboxMessage
from congress.permissions import EditionPermissionMixin, PermissionRequiredMixin, has_perm

from .. import services
from ..emails import mode_switch_batch, mode_switch_progress
from ..models import ModeSwitch

PERMISSION = "registrations.switch_mode"


class ModeSwitchForm(forms.Form):
    mode = forms.ChoiceField(
        label=gettext_lazy("Neues Format"),
        choices=EditionMode.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Bitte wählen Sie das neue Format."),
            "invalid_choice": gettext_lazy(
                "Bitte wählen Sie ein gültiges Format: Präsenz, Hybrid oder Online."
            ),
        },
    )
    notice = forms.CharField(
        label=gettext_lazy("Hinweis auf den Seiten der Ausgabe (optional)"),
        help_text=gettext_lazy(
            "Erscheint unter der Meldung zum geänderten Format und in den E-Mails, z. B. "
            "„Die Stadthalle Neuss bleibt geschlossen; alle Foren finden im Livestream statt.“"
        ),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# The parts of the preview sentence in order: the effect, its text, and whether it is named
# when nothing happens (sessions and emails always are).
EFFECT_TEXTS = (
    (
        "onsite_to_online",
        ngettext_lazy(
            "%(n)d Anmeldung vor Ort wird online", "%(n)d Anmeldungen vor Ort werden online", "n"
        ),
        False,
    ),
    (
        "waitlist_admitted_online",
        ngettext_lazy(
            "%(n)d von der Warteliste wird online zugelassen",
            "%(n)d von der Warteliste werden online zugelassen",
            "n",
        ),
        False,
    ),
    (
        "online_to_onsite",
        ngettext_lazy(
            "%(n)d Online-Anmeldung erhält einen Platz vor Ort",
            "%(n)d Online-Anmeldungen erhalten einen Platz vor Ort",
            "n",
        ),
        False,
    ),
    (
        "stay_online",
        ngettext_lazy(
            "%(n)d bleibt online, weil vor Ort kein Platz frei ist",
            "%(n)d bleiben online, weil vor Ort kein Platz frei ist",
            "n",
        ),
        False,
    ),
    (
        "to_waitlist",
        ngettext_lazy(
            "%(n)d Anmeldung kommt auf die Warteliste",
            "%(n)d Anmeldungen kommen auf die Warteliste",
            "n",
        ),
        False,
    ),
    (
        "waitlist_offered_onsite",
        ngettext_lazy(
            "%(n)d Platz vor Ort wird der Warteliste angeboten",
            "%(n)d Plätze vor Ort werden der Warteliste angeboten",
            "n",
        ),
        False,
    ),
    (
        "sessions",
        ngettext_lazy(
            "%(n)d Programmpunkt ändert seinen Ort", "%(n)d Programmpunkte ändern ihren Ort", "n"
        ),
        True,
    ),
    (
        "emails",
        ngettext_lazy("%(n)d E-Mail wird verschickt", "%(n)d E-Mails werden verschickt", "n"),
        True,
    ),
)
OFFERS_TEXT = ngettext_lazy(
    "(%(n)d davon mit Angebot zum Bezahlen)", "(%(n)d davon mit Angebot zum Bezahlen)", "n"
)


def describe_effects(effects: dict) -> str:
    """The preview as one German sentence, e.g. "412 Anmeldungen vor Ort werden online, ...,
    530 E-Mails werden verschickt."."""
    parts = []
    for key, text, always in EFFECT_TEXTS:
        n = effects.get(key, 0)
        if not (n or always):
            continue
        part = text % {"n": n}
        offers = effects.get("waitlist_offered_online", 0)
        if key == "waitlist_admitted_online" and offers:
            part += " " + OFFERS_TEXT % {"n": offers}
        parts.append(part)
    return ", ".join(parts) + "."


class _EditionPermissionMixin(PermissionRequiredMixin):
    permission_required = PERMISSION


class ModeSwitchIndexView(_EditionPermissionMixin, AdminPageMixin, TemplateView):
    """The editions with their format and their latest switch."""

    template_name = "registrations/admin/mode_switch_index.html"
    page_title = gettext_lazy("Format wechseln")
    header_icon = "calendar"

    def get_context_data(self, **kwargs):
        editions = [
            edition
            for edition in Edition.objects.select_related("congress").order_by("-start_date")
            if has_perm(self.request.user, PERMISSION, edition)
        ]
        latest = {}
        for switch in ModeSwitch.objects.filter(edition__in=editions).order_by(
            "edition_id", "-created_at", "-pk"
        ):
            latest.setdefault(switch.edition_id, switch)
        rows = [(edition, latest.get(edition.pk)) for edition in editions]
        return super().get_context_data(rows=rows, **kwargs)


class ModeSwitchView(EditionPermissionMixin, AdminPageMixin, TemplateView):
    """GET: the form. POST "preview": the counts, nothing written. POST "confirm": the switch,
    then the progress page."""

    permission_required = PERMISSION
    template_name = "registrations/admin/mode_switch.html"
    page_title = gettext_lazy("Format wechseln")
    header_icon = "calendar"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", ModeSwitchForm(initial={"notice": self.edition.mode_notice}))
        return super().get_context_data(edition=self.edition, **kwargs)

    def post(self, request, edition_id):
        form = ModeSwitchForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        mode, notice = form.cleaned_data["mode"], form.cleaned_data["notice"]
        try:
            if request.POST.get("action") == "confirm":
                switch = services.switch_edition_mode(
                    edition=self.edition, mode=mode, notice=notice, by_user=request.user
                )
                return redirect("registrations_mode_switch_progress", switch_id=switch.pk)
            effects = services.preview_mode_switch(edition=self.edition, mode=mode)
        except services.RegistrationError as error:
            form.add_error("mode" if error.field == "mode" else None, error.message)
            return self.render_to_response(self.get_context_data(form=form))
        return self.render_to_response(
            self.get_context_data(
                form=form,
                preview=describe_effects(effects),
                effects=effects,
                new_mode_label=EditionMode(mode).label,
                notice=notice,
                mode=mode,
            )
        )


class ModeSwitchProgressView(_EditionPermissionMixin, AdminPageMixin, TemplateView):
    """Sent, waiting and failed emails of one switch; reload with the link to follow."""

    template_name = "registrations/admin/mode_switch_progress.html"
    page_title = gettext_lazy("Formatwechsel: E-Mails")
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        self.switch = get_object_or_404(
            ModeSwitch.objects.select_related("edition", "user"), pk=kwargs["switch_id"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_permission_object(self):
        return self.switch.edition

    def get_context_data(self, **kwargs):
        switch = self.switch
        # The addresses are personal data: only for who may see the edition's registrations.
        failed = (
            OutboxMessage.objects.in_batch(mode_switch_batch(switch))
            .filter(state=OutboxState.FAILED)
            .order_by("pk")[:50]
            if has_perm(self.request.user, "registrations.view_registration", switch.edition)
            else []
        )
        return super().get_context_data(
            switch=switch,
            old_mode_label=_mode_label(switch.old_mode),
            new_mode_label=_mode_label(switch.new_mode),
            summary=describe_effects(switch.effects),
            progress=mode_switch_progress(switch),
            failed=list(failed),
            **kwargs,
        )


def _mode_label(mode: str) -> str:
    return EditionMode(mode).label if mode in EditionMode.values else mode
