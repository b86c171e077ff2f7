"""Switching an edition between in person, hybrid and online, and taking everyone along."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.audit import log_actions, log_entry
from congress.content_version import bump_content_version
from congress.enums import EditionMode
from congress.enums import LogAction as EditionLogAction
from congress.models import Edition
from programme.models import Person, Session
from programme.services import record_edition_mode_change

from ..emails import queue_mode_switch_emails
from ..enums import HOLDING_STATES, Attendance, CategoryAttendance, LogAction
from ..exceptions import RegistrationError
from ..models import ModeSwitch, Registration
from ..queries import forget_registration_setups
from .states import ACTIVE_STATES, TRANSITIONS, S, _lock_edition

# State changes only a mode switch makes, besides TRANSITIONS: going back in person puts online
# registrations that find no seat on the waiting list (nobody is cancelled), and going online
# confirms free registrations from the waiting list at once.
MODE_SWITCH_TRANSITIONS: set[tuple[str, str]] = {
    (S.CONFIRMED, S.WAITLISTED),
    (S.PENDING_PAYMENT, S.WAITLISTED),
    (S.OFFERED, S.WAITLISTED),
    (S.AWAITING_CONFIRMATION, S.WAITLISTED),
    (S.AWAITING_APPROVAL, S.WAITLISTED),
    (S.WAITLISTED, S.CONFIRMED),
}
MODE_SWITCH_EFFECT_KEYS = (
    "onsite_to_online",
    "waitlist_admitted_online",
    "waitlist_offered_online",
    "online_to_onsite",
    "stay_online",
    "to_waitlist",
    "waitlist_offered_onsite",
    "sessions",
    "attendees_notified",
    "speakers_notified",
    "emails",
)
_MODE_SWITCH_ROW_FIELDS = (
    "pk",
    "state",
    "attendance",
    "preferred_attendance",
    "accepts_online",
    "email",
    "first_name",
    "last_name",
    "category__price_net",
    "category__attendance",
    "category__requires_confirmation",
    "category__requires_approval",
)
_ID_CHUNK = 2000  # ids per UPDATE ... WHERE pk IN (...); SQLite limits the parameters


class _ModeSwitchPlan:
    """What a switch does to the edition's active registrations, computed from one query: the
    moves (rows changed alike: new values per field), who stays online, and the recipients."""

    def __init__(self, edition: Edition, mode: str):
        self.rows = list(
            Registration.objects.for_edition(edition)
            .filter(state__in=ACTIVE_STATES)
            .order_by("created_at", "pk")
            .values(*_MODE_SWITCH_ROW_FIELDS)
        )
        self.moves: list[tuple[str, list[dict], dict]] = []
        self.stay_online: list[dict] = []
        self.seats = edition.onsite_capacity
        self.taken = sum(
            1 for r in self.rows if r["state"] in HOLDING_STATES and r["attendance"] == "onsite"
        )
        if mode == EditionMode.ONLINE:
            self._to_online()
        elif mode == EditionMode.HYBRID:
            self._to_hybrid()
        else:
            self._to_in_person()

    def _free(self) -> int | None:
        return None if self.seats is None else max(self.seats - self.taken, 0)

    def _holding(self, attendance: str) -> list[dict]:
        return [
            r for r in self.rows if r["state"] in HOLDING_STATES and r["attendance"] == attendance
        ]

    def _add(self, key: str, rows: list[dict], values: dict, *, remember: str) -> None:
        """Add a move. Rows that get the attendance they had chosen before an earlier switch
        forget it (``preferred_attendance`` cleared); the others remember ``remember``."""
        attendance = values["attendance"]
        back = [r for r in rows if r["preferred_attendance"] == attendance]
        moved = [r for r in rows if r["preferred_attendance"] != attendance]
        self.moves.append((key, back, {**values, "preferred_attendance": ""}))
        self.moves.append((key, moved, {**values, "preferred_attendance": remember}))

    def _admit_online(self, waiting: list[dict]) -> None:
        # Paid tickets, unconfirmed addresses and approvals need the attendee's (or the
        # organisers') step: an offer, whose acceptance through the emailed link does the rest.
        def at_once(r):
            return not (
                r["category__price_net"]
                or r["category__requires_confirmation"]
                or r["category__requires_approval"]
            )

        free = [r for r in waiting if at_once(r)]
        paid = [r for r in waiting if not at_once(r)]
        online = {"attendance": Attendance.ONLINE}
        self._add(
            "waitlist_admitted_online", free, {**online, "state": S.CONFIRMED}, remember="onsite"
        )
        self._add(
            "waitlist_offered_online", paid, {**online, "state": S.OFFERED}, remember="onsite"
        )

    def _to_online(self) -> None:
        self._add(
            "onsite_to_online",
            self._holding(Attendance.ONSITE),
            {"attendance": Attendance.ONLINE},
            remember="onsite",
        )
        self._admit_online([r for r in self.rows if r["state"] == S.WAITLISTED])

    def _to_hybrid(self) -> None:
        # Who a switch moved on site against their choice goes back online (freeing seats) ...
        back_online = [
            r for r in self._holding(Attendance.ONSITE) if r["preferred_attendance"] == "online"
        ]
        self._add("onsite_to_online", back_online, {"attendance": Attendance.ONLINE}, remember="")
        self.taken -= len(back_online)
        # ... who a switch moved online comes back on site in order while seats allow ...
        wanting = [
            r for r in self._holding(Attendance.ONLINE) if r["preferred_attendance"] == "onsite"
        ]
        free = self._free()
        onsite = wanting if free is None else wanting[:free]
        self.stay_online = wanting[len(onsite) :]
        self.taken += len(onsite)
        self._add("online_to_onsite", onsite, {"attendance": Attendance.ONSITE}, remember="")
        # ... and from the waiting list, who takes part online is admitted online ...
        admitted = [
            r
            for r in self.rows
            if r["state"] == S.WAITLISTED
            and (
                r["preferred_attendance"] == "online"
                or r["accepts_online"]
                and r["category__attendance"] != CategoryAttendance.ONSITE
            )
        ]
        self._admit_online(admitted)
        # ... and seats still free are offered to the others on the waiting list.
        self._offer_free_seats(exclude={r["pk"] for r in admitted})

    def _to_in_person(self) -> None:
        online = self._holding(Attendance.ONLINE)
        free = self._free()
        onsite = online if free is None else online[:free]
        waiting = online[len(onsite) :]
        self.taken += len(onsite)
        # Who had chosen online remembers it; a switch back to hybrid restores it.
        self._add("online_to_onsite", onsite, {"attendance": Attendance.ONSITE}, remember="online")
        self._add(
            "to_waitlist",
            waiting,
            {"attendance": Attendance.ONSITE, "state": S.WAITLISTED},
            remember="online",
        )
        self._offer_free_seats(exclude=set())

    def _offer_free_seats(self, *, exclude: set[int]) -> None:
        """Seats left free after the moves go to the waiting list in its order, as offers with
        the usual deadline (promote_waiting_list's rule; the switch email is the offer)."""
        free = self._free()
        waiting = [r for r in self.rows if r["state"] == S.WAITLISTED and r["pk"] not in exclude]
        offered = waiting if free is None else waiting[:free]
        self.taken += len(offered)
        self.moves.append(
            (
                "waitlist_offered_onsite",
                offered,
                {"attendance": Attendance.ONSITE, "state": S.OFFERED, "preferred_attendance": ""},
            )
        )

    def counts(self) -> dict[str, int]:
        effects = dict.fromkeys(MODE_SWITCH_EFFECT_KEYS, 0)
        for key, rows, _values in self.moves:
            effects[key] += len(rows)
        # The offers count among the admitted, and are named on their own as well.
        effects["waitlist_admitted_online"] += effects["waitlist_offered_online"]
        effects["stay_online"] = len(self.stay_online)
        return effects


def _mode_switch_speakers(edition: Edition) -> list[dict]:
    """Speakers and moderators of the edition's published programme with an email address
    (their speaker profile's, else their account's), one per address."""
    rows = (
        Person.objects.appearing_in(edition)
        .filter(speaker_profile__isnull=False)
        .order_by("pk")
        .values(
            "pk",
            "academic_title",
            "first_name",
            "last_name",
            "speaker_profile__email",
            "speaker_profile__user__email",
        )
    )
    speakers, seen = [], set()
    for row in rows:
        email = (row["speaker_profile__email"] or row["speaker_profile__user__email"] or "").strip()
        if email and email.lower() not in seen:
            seen.add(email.lower())
            name = " ".join(
                p for p in (row["academic_title"], row["first_name"], row["last_name"]) if p
            )
            speakers.append({"pk": row["pk"], "email": email, "name": name})
    return speakers


def _check_mode(edition: Edition, mode: str) -> None:
    if mode not in EditionMode.values:
        raise RegistrationError(
            _("Bitte wählen Sie ein gültiges Format: Präsenz, Hybrid oder Online."), field="mode"
        )
    if mode == edition.mode:
        raise RegistrationError(
            _("„%(edition)s“ hat bereits das Format „%(mode)s“.")
            % {"edition": edition.title, "mode": EditionMode(mode).label},
            field="mode",
        )


def _mode_switch_effects(edition: Edition, plan: _ModeSwitchPlan, speakers: list[dict]) -> dict:
    effects = plan.counts()
    effects["sessions"] = Session.objects.live().for_edition(edition).count()
    attendee_emails = {r["email"].lower() for r in plan.rows}
    effects["attendees_notified"] = len(attendee_emails)
    effects["speakers_notified"] = sum(
        1 for s in speakers if s["email"].lower() not in attendee_emails
    )
    effects["emails"] = effects["attendees_notified"] + effects["speakers_notified"]
    return effects


def preview_mode_switch(*, edition: Edition, mode: str) -> dict[str, int]:
    """What ``switch_edition_mode`` would do now, counted without writing anything: the keys of
    ``MODE_SWITCH_EFFECT_KEYS`` (``waitlist_admitted_online`` includes the paid registrations
    that get an offer, ``waitlist_offered_online``). A fixed number of queries, however many
    registrations. Raises ``RegistrationError`` for an unknown or the current mode."""
    _check_mode(edition, mode)
    plan = _ModeSwitchPlan(edition, mode)
    return _mode_switch_effects(edition, plan, _mode_switch_speakers(edition))


def _chunks(items: list, size: int = _ID_CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def switch_edition_mode(
    *, edition: Edition, mode: str, by_user=None, notice: str = "", now: dt.datetime | None = None
):
    """Switch the edition between in person, hybrid and online, and take everyone along.

    Active registrations (confirmed, awaiting payment, offered, on the waiting list) change so:

    - **to online**: every active registration on site goes online and remembers
      ``preferred_attendance="onsite"``; everyone on the waiting list is admitted online (a free
      category: confirmed; a paid one: offered with the usual deadline, to pay or to take on
      invoice). Nobody stays on the waiting list.
    - **to hybrid**: registrations a switch moved on site against their choice (preferred
      "online") go back online; then those a switch moved online (preferred "onsite") go back
      on site in order of registration while ``edition.onsite_capacity`` allows, the rest stay
      online and registered (their email says so). From the waiting list, who accepts online
      participation (``accepts_online``) in a category that allows it is admitted online as
      above; the others keep their place on the waiting list.
    - **to in person**: online registrations go on site in order of registration while seats
      allow, the rest go on the waiting list (nobody is cancelled; payments stay, a later
      cancellation refunds by the category's rules). Who had chosen online remembers
      ``preferred_attendance="online"``.

    Cancelled and expired registrations are not touched. Tickets are reissued: the QR payload
    carries the attendance, and the email of each confirmed registration attaches the new PDF.

    In one transaction with the edition's row locked: bulk updates of the registrations, a
    audit entry ("registration.mode_switched") for each changed one, the edition's mode,
    ``mode_changed_at`` and ``mode_notice``, ``sequence`` + 1 of every published session (the
    calendars' LOCATION and DESCRIPTION follow the mode), and a ``ModeSwitch`` row with the
    effects (the audit entry of the switch). One email per address in the outbox (attendees
    first; a speaker who is also registered gets the attendee email, which mentions the
    programme), batch "mode-switch:<pk>" (emails.queue_mode_switch_emails). The public page
    cache is invalidated.

    Raises ``RegistrationError`` for an unknown mode or the edition's current mode.
    """
    now = now or timezone.now()
    user = by_user if by_user is not None and by_user.is_authenticated else None
    with transaction.atomic():
        edition = _lock_edition(edition.pk)
        _check_mode(edition, mode)
        plan = _ModeSwitchPlan(edition, mode)
        speakers = _mode_switch_speakers(edition)
        effects = _mode_switch_effects(edition, plan, speakers)
        old_mode = edition.mode
        switch = ModeSwitch.objects.create(
            edition=edition,
            old_mode=old_mode,
            new_mode=mode,
            effects=effects,
            user=user,
            created_at=now,
        )
        _apply_moves(plan, switch=switch, user=user, now=now)
        _set_edition_mode(edition, mode=mode, notice=notice, now=now)
        _create_notifications(plan, switch=switch, speakers=speakers)

        bump_content_version()  # a new version with the switch, in the cache after the commit
        transaction.on_commit(forget_registration_setups)
    return switch


def _check_move_states(rows: list[dict], new_state: str | None) -> None:
    for row in rows:
        old_state = row["state"]
        if (
            new_state
            and new_state != old_state
            and new_state not in TRANSITIONS[old_state]
            and (old_state, new_state) not in MODE_SWITCH_TRANSITIONS
        ):
            raise RegistrationError(
                _("Eine Anmeldung im Status „%(old)s“ kann nicht „%(new)s“ werden.")
                % {"old": S(old_state).label, "new": S(new_state).label}
            )


def _apply_moves(plan: _ModeSwitchPlan, *, switch: ModeSwitch, user, now) -> None:
    """Bulk updates of the moved registrations and an audit entry ("registration.mode_switched") for each."""
    log_entries = []
    for _key, rows, values in plan.moves:
        if not rows:
            continue
        new_state = values.get("state")
        _check_move_states(rows, new_state)
        update = {**values, "updated_at": now}
        if new_state:  # the deadlines of set_registration_state
            update["offer_expires_at"] = (
                now + dt.timedelta(hours=settings.REGISTRATION_OFFER_HOURS)
                if new_state == S.OFFERED
                else None
            )
            update["reserved_until"] = None
        for chunk in _chunks([r["pk"] for r in rows]):
            Registration.objects.filter(pk__in=chunk).update(**update)
        for row in rows:
            data = {"switch": switch.pk, "old_mode": switch.old_mode, "new_mode": switch.new_mode}
            if new_state and new_state != row["state"]:
                data.update(old=row["state"], new=new_state)
            data.update(
                old_attendance=row["attendance"],
                new_attendance=values.get("attendance", row["attendance"]),
            )
            moved = Registration(
                pk=row["pk"],
                edition_id=switch.edition_id,
                first_name=row["first_name"],
                last_name=row["last_name"],
                email=row["email"],
            )
            log_entries.append(
                log_entry(moved, LogAction.MODE_SWITCHED, actor=user, data=data, timestamp=now)
            )
    # The switch's own entry goes in the same INSERT as those of the registrations it moved.
    data = {
        "switch": switch.pk,
        "old_mode": switch.old_mode,
        "new_mode": switch.new_mode,
        "effects": switch.effects,
    }
    log_entries.append(
        log_entry(
            switch.edition, EditionLogAction.MODE_SWITCHED, actor=user, data=data, timestamp=now
        )
    )
    log_actions(log_entries)


def _set_edition_mode(edition: Edition, *, mode: str, notice: str, now) -> None:
    # An UPDATE, not save(): neither the search nor the reference index shows these fields;
    # the page cache is invalidated on commit (switch_edition_mode).
    edition.mode = mode
    edition.mode_changed_at = now
    edition.mode_notice = notice.strip()
    Edition.objects.filter(pk=edition.pk).update(
        mode=mode, mode_changed_at=now, mode_notice=edition.mode_notice
    )
    record_edition_mode_change(edition=edition, now=now)


def _create_notifications(
    plan: _ModeSwitchPlan, *, switch: ModeSwitch, speakers: list[dict]
) -> None:
    """One email per address: attendees first (a speaker who is registered gets the attendee
    email), then the other speakers."""
    speaker_by_email = {s["email"].lower(): s for s in speakers}
    attendees = []
    for row in plan.rows:
        speaker = speaker_by_email.pop(row["email"].lower(), None)
        attendees.append((row["pk"], speaker["pk"] if speaker else None))
    queue_mode_switch_emails(switch, attendees=attendees, speakers=list(speaker_by_email.values()))
