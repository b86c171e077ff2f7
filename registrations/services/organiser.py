"""What organisers change on a registration in the admin (registrations.views.actions), beside
cancelling (registrations.cancel_registration), switching attendance (switch_attendance) and
refunding (payments.refund_registration), which the public pages share."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from ..enums import LogAction
from ..exceptions import RegistrationError
from ..log import log_registration_action
from ..models import Registration
from .registrations import _check_quota
from .states import ENDED_STATES, S, _enqueue_email, _locked


def change_category(*, registration: Registration, category, by_user=None) -> Registration:
    """The organisers move a registration to another category of its edition at the same price
    (its invoice stays valid), where the category admits its attendance and has quota left."""
    with transaction.atomic():
        registration = _locked(registration)
        if registration.state in ENDED_STATES:
            raise RegistrationError(_("Diese Anmeldung ist storniert."))
        if category.edition_id != registration.edition_id:
            raise RegistrationError(_("Diese Ticketkategorie gehört zu einer anderen Ausgabe."))
        old = registration.category
        if category.pk == old.pk:
            raise RegistrationError(_("Die Anmeldung hat bereits diese Ticketkategorie."))
        if registration.attendance not in category.attendance_options:
            raise RegistrationError(
                _("Die Ticketkategorie „%(category)s“ gilt nicht für die Teilnahme %(attendance)s.")
                % {"category": category.name, "attendance": registration.get_attendance_display()}
            )
        if category.price_gross != old.price_gross:
            raise RegistrationError(
                _(
                    "Wechseln lässt sich nur in eine Kategorie gleichen Preises (%(price)s EUR). "
                    "Sonst bitte stornieren und neu anmelden."
                )
                % {"price": old.price_gross}
            )
        _check_quota(category)
        registration.category = category
        registration.save(update_fields=["category", "updated_at"])
        log_registration_action(
            registration=registration,
            action=LogAction.CATEGORY_CHANGED,
            user=by_user,
            old=old.name,
            new=category.name,
        )
        if registration.state == S.CONFIRMED:
            _enqueue_email(registration, S.CONFIRMED)
    return registration


def resend_ticket(*, registration: Registration, by_user=None) -> Registration:
    """Send the confirmation with the ticket again."""
    if not registration.has_ticket:
        raise RegistrationError(_("Nur bestätigte Anmeldungen haben ein Ticket."))
    with transaction.atomic():
        log_registration_action(
            registration=registration, action=LogAction.TICKET_RESENT, user=by_user
        )
        _enqueue_email(registration, S.CONFIRMED)
    return registration


DETAIL_FIELDS = ("first_name", "last_name", "organisation", "authority")


def correct_registration_details(
    *, registration: Registration, by_user=None, **details
) -> Registration:
    """The organisers correct the name, organisation or authority (a typo on the badge); the
    address stays, as it identifies the registration. Logged with the old and new values; a
    confirmed attendee gets the ticket again."""
    unknown = set(details) - set(DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"Not correctable: {sorted(unknown)}")
    details = {name: value.strip() for name, value in details.items()}
    if not (details.get("first_name", "x") and details.get("last_name", "x")):
        raise RegistrationError(_("Bitte geben Sie Vorname und Nachname an."))
    with transaction.atomic():
        registration = _locked(registration)
        changed = {
            name: [getattr(registration, name), value]
            for name, value in details.items()
            if getattr(registration, name) != value
        }
        if not changed:
            raise RegistrationError(_("Es hat sich nichts geändert."))
        for name, (_old, new) in changed.items():
            setattr(registration, name, new)
        registration.save(update_fields=[*changed, "updated_at"])
        log_registration_action(
            registration=registration, action=LogAction.DETAILS_CORRECTED, user=by_user, **changed
        )
        if registration.state == S.CONFIRMED:
            _enqueue_email(registration, S.CONFIRMED)
    return registration
