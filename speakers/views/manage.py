"""Organisers' views in the Wagtail admin: invitations, the overview per edition and session,
reminders and change requests. Permissions (speakers/rules.py): "speakers.manage_speakers" for
the edition (organisers and speaker managers), "speakers.change_invitation" for an invitation
(forum leads too, for their forum's sessions); each page shows only what the user may manage."""

import datetime as dt
from collections import Counter

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from congress.models import Edition
from congress.permissions import has_perm
from programme.models import Session, SessionSpeaker

from .. import rules, services
from ..enums import ChangeRequestState, InvitationState, ReminderKind
from ..forms import DecisionForm, InviteForm
from ..models import ChangeRequest, Consent, Invitation, SlideVersion
from ..tasks import send_due_reminders

MANAGE = "speakers.manage_speakers"
INVITE = "speakers.change_invitation"


def permission_required(perm: str):
    """The view needs ``perm`` for at least one object; it then shows or acts only on those
    (each object is checked again)."""

    def decorate(view):
        def wrapped(request, *args, **kwargs):
            if not has_perm(request.user, perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.__name__ = view.__name__
        wrapped.__doc__ = view.__doc__
        return wrapped

    return decorate


def managed_editions(user) -> list[Edition]:
    return [e for e in Edition.objects.select_related("congress") if has_perm(user, MANAGE, e)]


@permission_required(MANAGE)
def overview(request):
    """Per session: invitations and their state, consents and slides; per edition: who has not
    confirmed or uploaded, and reminders."""
    editions = managed_editions(request.user)
    edition = None
    if request.GET.get("edition", "").isdigit():
        edition = next((e for e in editions if e.pk == int(request.GET["edition"])), None)
    edition = edition or (editions[0] if editions else None)
    sessions, pending_confirm, pending_slides = [], [], []
    if edition is not None:
        sessions = list(
            Session.objects.for_edition(edition)
            .select_related("track")
            .prefetch_related(
                Prefetch(
                    "invitations",
                    queryset=Invitation.objects.select_related(
                        "person__speaker_profile"
                    ).prefetch_related(
                        Prefetch(
                            "person__speaker_profile__consents",
                            queryset=Consent.objects.active(),
                        )
                    ),
                ),
                Prefetch("slides", queryset=SlideVersion.objects.order_by("-version")),
                Prefetch("speaker_links", queryset=SessionSpeaker.objects.select_related("person")),
            )
            .order_by("starts_at", "pk")
        )
        pending_confirm = list(
            services.pending_speakers(edition=edition, kind=ReminderKind.CONFIRM)
        )
        pending_slides = list(services.pending_speakers(edition=edition, kind=ReminderKind.SLIDES))
    return render(
        request,
        "speakers/manage/overview.html",
        {
            "states": InvitationState.choices,
            "per_track": _states_per_track(sessions),
            "editions": editions,
            "edition": edition,
            "sessions": sessions,
            "pending_confirm": pending_confirm,
            "pending_slides": pending_slides,
            "reminder_kinds": ReminderKind.choices,
            "open_requests": ChangeRequest.objects.filter(
                state=ChangeRequestState.OPEN, session__track__edition__in=editions
            ).count(),
        },
    )


def _states_per_track(sessions) -> list[tuple[str, list[int]]]:
    """Per forum (in session order): how many of its invitations are in each state."""
    counts: dict[int, tuple[str, Counter]] = {}
    seen: dict[int, set[int]] = {}
    for session in sessions:
        label, counter = counts.setdefault(session.track_id, (session.track.label, Counter()))
        for invitation in session.invitations.all():
            if invitation.pk not in seen.setdefault(session.track_id, set()):
                seen[session.track_id].add(invitation.pk)
                counter[invitation.state] += 1
    return [
        (label, [counter[state] for state in InvitationState.values])
        for label, counter in counts.values()
    ]


@permission_required(INVITE)
def invite(request):
    form = InviteForm(request.POST or None, initial={"sessions": request.GET.getlist("session")})
    form.fields["sessions"].queryset = rules.sessions_for_invitations(
        request.user, form.fields["sessions"].queryset
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_person(
                person=form.cleaned_data["person"],
                sessions=form.cleaned_data["sessions"],
                role=form.cleaned_data["role"],
                email=form.cleaned_data["email"],
                actor=request.user,
            )
        except services.SpeakerError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Die Einladung ist versandt."))
            return redirect("speakers_admin:overview")
    return render(request, "speakers/manage/invite.html", {"form": form})


INVITATION_ACTIONS = {
    "resend": (services.resend_invitation, _("Die Einladung ist erneut versandt.")),
    "withdraw": (services.withdraw_invitation, _("Die Einladung ist zurückgezogen.")),
    "confirm": (services.confirm_invitation, _("Die Teilnahme ist bestätigt.")),
}


@require_POST
@permission_required(INVITE)
def invitation_action(request, pk, action):
    invitation = get_object_or_404(
        Invitation.objects.prefetch_related(
            Prefetch("sessions", queryset=Session.objects.select_related("track"))
        ),
        pk=pk,
    )
    if action not in INVITATION_ACTIONS or not has_perm(request.user, INVITE, invitation):
        raise PermissionDenied
    service, message = INVITATION_ACTIONS[action]
    try:
        service(invitation=invitation, actor=request.user)
    except services.SpeakerError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, message)
    return redirect("speakers_admin:overview")


@require_POST
@permission_required(MANAGE)
def send_reminders(request):
    edition = get_object_or_404(Edition, pk=request.POST.get("edition"))
    if not has_perm(request.user, MANAGE, edition):
        raise PermissionDenied
    kind = request.POST.get("kind")
    try:
        ReminderKind(kind)
        deadline = dt.date.fromisoformat(request.POST.get("deadline", ""))
    except ValueError:
        messages.error(request, _("Bitte wählen Sie eine Art der Erinnerung und eine Frist."))
    else:
        send_due_reminders.enqueue(edition.pk, kind, deadline.isoformat())
        messages.success(request, _("Die Erinnerungen werden versandt."))
    return redirect(f"{reverse('speakers_admin:overview')}?edition={edition.pk}")


@permission_required(MANAGE)
def change_requests(request):
    requests = (
        ChangeRequest.objects.filter(session__track__edition__in=managed_editions(request.user))
        .select_related("profile__person", "session")
        .order_by("state", "-created_at")
    )
    return render(request, "speakers/manage/change_requests.html", {"requests": requests})


@permission_required(MANAGE)
def decide_change_request(request, pk):
    change = get_object_or_404(
        ChangeRequest.objects.select_related("profile__person", "session__track"), pk=pk
    )
    if not has_perm(request.user, "speakers.change_changerequest", change):
        raise PermissionDenied
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_change_request(
                change_request=change,
                accept=form.cleaned_data["decision"] == "accept",
                reply=form.cleaned_data["reply"],
                actor=request.user,
            )
        except services.SpeakerError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Die Entscheidung ist gespeichert."))
        return redirect("speakers_admin:change_requests")
    return render(request, "speakers/manage/decide.html", {"change": change, "form": form})
