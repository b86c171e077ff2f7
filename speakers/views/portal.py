"""'Mein Bereich': the speaker's own profile, consents, sessions, slides and change requests.

Every object is looked up through the signed-in speaker's own profile, so another speaker's ids
give 404.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from programme.calendar import PRODID, calendar_for_sessions
from programme.models import SessionSpeaker

from .. import rules, services
from ..enums import InvitationState
from ..forms import (
    ChangeRequestForm,
    ConsentForm,
    InvitationResponseForm,
    PersonProfileForm,
    SlidesForm,
    SpeakerProfileForm,
)
from ..models import Consent, SlideVersion, SpeakerProfile

SESSION_TOKEN_KEY = "speakers_invitation_token"  # noqa: S105 (a session key, no secret)


class SpeakerRequiredMixin(LoginRequiredMixin):
    """Signed in and bound to a speaker profile; ``self.profile`` is that profile."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.profile = rules.profile_of(request.user)
        if self.profile is None:
            self.profile = _claim_pending_invitation(request)
        if self.profile is None:
            return render(request, "speakers/no_profile.html", status=403)
        return super().dispatch(request, *args, **kwargs)

    def own_session(self, session_id):
        sessions = services.sessions_of(self.profile).select_related("track", "room", "track__room")
        return get_object_or_404(sessions, pk=session_id)


def _claim_pending_invitation(request):
    token = request.session.get(SESSION_TOKEN_KEY)
    if not token:
        return None
    try:
        invitation = services.invitation_for_token(token)
        profile = services.claim_invitation(
            invitation=invitation, user=request.user, language=translation.get_language()
        )
    except services.SpeakerError as error:
        messages.error(request, error.message)
        return None
    finally:
        request.session.pop(SESSION_TOKEN_KEY, None)
    messages.success(request, _("Ihr Konto ist jetzt mit Ihrem Profil verbunden."))
    return profile


# --- invitations ---------------------------------------------------------------------------


class InvitationView(View):
    """The link in the invitation email: accept or decline with a note."""

    def load(self, request, token):
        try:
            return services.invitation_for_token(token), None
        except services.SpeakerError as error:
            response = render(
                request, "speakers/invitation_invalid.html", {"message": error.message}, status=410
            )
            return None, response

    def render_page(self, request, invitation, token, form):
        return render(
            request,
            "speakers/invitation.html",
            {
                "invitation": invitation,
                "sessions": invitation.sessions.select_related("track", "room", "track__room"),
                "form": form,
                "token": token,
                "claim_url": reverse("speakers:invitation_claim", args=[token]),
                "accepted": invitation.state
                in (InvitationState.ACCEPTED, InvitationState.CONFIRMED),
                "declined": invitation.state == InvitationState.DECLINED,
            },
        )

    def get(self, request, token):
        invitation, error = self.load(request, token)
        if error:
            return error
        return self.render_page(request, invitation, token, InvitationResponseForm())

    def post(self, request, token):
        invitation, error = self.load(request, token)
        if error:
            return error
        form = InvitationResponseForm(request.POST)
        if not form.is_valid():
            return self.render_page(request, invitation, token, form)
        accept = form.cleaned_data["answer"] == "accept"
        try:
            services.respond_to_invitation(
                invitation=invitation,
                accept=accept,
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except services.SpeakerError as error:
            messages.error(request, error.message)
            return redirect("speakers:invitation", token=token)
        if accept:
            messages.success(request, _("Vielen Dank für Ihre Zusage!"))
            if request.user.is_authenticated:
                return redirect("speakers:invitation_claim", token=token)
            request.session[SESSION_TOKEN_KEY] = token
        else:
            messages.success(
                request, _("Ihre Absage ist angekommen. Vielen Dank für Ihre Rückmeldung.")
            )
        return redirect("speakers:invitation", token=token)


class InvitationClaimView(LoginRequiredMixin, View):
    """Bind the signed-in account to the invited person."""

    def get(self, request, token):
        try:
            invitation = services.invitation_for_token(token)
            services.claim_invitation(
                invitation=invitation, user=request.user, language=translation.get_language()
            )
        except services.SpeakerError as error:
            return render(
                request, "speakers/invitation_invalid.html", {"message": error.message}, status=403
            )
        request.session.pop(SESSION_TOKEN_KEY, None)
        messages.success(request, _("Ihr Konto ist jetzt mit Ihrem Profil verbunden."))
        return redirect("speakers:portal")


# --- the portal ----------------------------------------------------------------------------


class PortalView(SpeakerRequiredMixin, TemplateView):
    template_name = "speakers/portal.html"

    def get_context_data(self, **kwargs):
        sessions = list(
            services.sessions_of(self.profile)
            .select_related("track", "room", "track__room")
            .prefetch_related(
                Prefetch(
                    "speaker_links",
                    queryset=SessionSpeaker.objects.select_related("person").order_by(
                        "sort_order", "pk"
                    ),
                ),
                "track__moderator_links__person",
            )
        )
        return super().get_context_data(
            profile=self.profile,
            sessions=sessions,
            consents=self.profile.consents.active(),
            change_requests=self.profile.change_requests.select_related("session"),
            **kwargs,
        )


class ProfileView(SpeakerRequiredMixin, View):
    template_name = "speakers/profile.html"

    def forms(self, data=None, files=None):
        return (
            PersonProfileForm(data, files, instance=self.profile.person, prefix="person"),
            SpeakerProfileForm(data, instance=self.profile, prefix="contact"),
        )

    def render_forms(self, request, person_form, profile_form):
        return render(
            request,
            self.template_name,
            {
                "profile": self.profile,
                "person_form": person_form,
                "profile_form": profile_form,
                "has_errors": bool(person_form.errors or profile_form.errors),
            },
        )

    def get(self, request):
        return self.render_forms(request, *self.forms())

    def post(self, request):
        person_form, profile_form = self.forms(request.POST, request.FILES)
        if not (person_form.is_valid() and profile_form.is_valid()):
            return self.render_forms(request, person_form, profile_form)
        try:
            services.update_profile(
                profile=self.profile,
                person_form=person_form,
                profile_form=profile_form,
                photo=person_form.cleaned_data.get("photo_upload"),
                actor=request.user,
            )
        except services.SpeakerError as error:
            person_form.add_error("photo_upload", error.message)
            return self.render_forms(request, person_form, profile_form)
        messages.success(request, _("Ihr Profil ist gespeichert."))
        return redirect("speakers:profile")


class ConsentView(SpeakerRequiredMixin, View):
    template_name = "speakers/consents.html"

    def render_form(self, request, form):
        history = Consent.objects.filter(profile=self.profile).order_by("-given_at")
        return render(
            request, self.template_name, {"form": form, "history": history, "profile": self.profile}
        )

    def get(self, request):
        form = ConsentForm(initial={"kinds": sorted(self.profile.active_consents())})
        return self.render_form(request, form)

    def post(self, request):
        form = ConsentForm(request.POST)
        if not form.is_valid():
            return self.render_form(request, form)
        services.set_consents(
            profile=self.profile, kinds=form.cleaned_data["kinds"], actor=request.user
        )
        messages.success(request, _("Ihre Einwilligungen sind gespeichert."))
        return redirect("speakers:consents")


class SessionView(SpeakerRequiredMixin, View):
    """One of the speaker's sessions: people, slides (all versions) and change requests."""

    template_name = "speakers/session.html"

    def render_page(self, request, session, slides_form=None, change_form=None, status=200):
        links = SessionSpeaker.objects.filter(session=session).select_related("person")
        return render(
            request,
            self.template_name,
            {
                "session": session,
                "links": links.order_by("sort_order", "pk"),
                "moderators": [
                    m.person for m in session.track.moderator_links.select_related("person")
                ],
                "slides": SlideVersion.objects.filter(profile=self.profile, session=session),
                "change_requests": self.profile.change_requests.filter(session=session),
                "slides_form": slides_form or SlidesForm(),
                "change_form": change_form or ChangeRequestForm(),
            },
            status=status,
        )

    def get(self, request, session_id):
        return self.render_page(request, self.own_session(session_id))


class SlidesUploadView(SessionView):
    def get(self, request, session_id):
        return redirect("speakers:session", session_id=session_id)

    def post(self, request, session_id):
        session = self.own_session(session_id)
        form = SlidesForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_page(request, session, slides_form=form, status=400)
        try:
            services.upload_slides(
                profile=self.profile,
                session=session,
                upload=form.cleaned_data["file"],
                licence=form.cleaned_data["licence"],
                actor=request.user,
            )
        except services.SpeakerError as error:
            form.add_error("file", error.message)
            return self.render_page(request, session, slides_form=form, status=400)
        messages.success(request, _("Ihre Folien sind hochgeladen."))
        return redirect("speakers:session", session_id=session.pk)


class ChangeRequestView(SessionView):
    def get(self, request, session_id):
        return redirect("speakers:session", session_id=session_id)

    def post(self, request, session_id):
        session = self.own_session(session_id)
        form = ChangeRequestForm(request.POST)
        if not form.is_valid():
            return self.render_page(request, session, change_form=form, status=400)
        services.request_change(
            profile=self.profile,
            session=session,
            message=form.cleaned_data["message"],
            actor=request.user,
        )
        messages.success(request, _("Ihr Änderungswunsch ist beim Organisationsteam angekommen."))
        return redirect("speakers:session", session_id=session.pk)


class SessionsCalendarView(SpeakerRequiredMixin, View):
    """The speaker's sessions as an iCalendar file."""

    def get(self, request):
        sessions = list(
            services.sessions_of(self.profile)
            .select_related("track__edition__venue", "session_type", "room", "track__room")
            .prefetch_related("speaker_links__person")
        )
        body = b""
        if sessions:
            body = calendar_for_sessions(
                sessions,
                edition=sessions[0].track.edition,
                name=_("Meine Termine"),
                url_for_session=lambda session: None,
            )
        else:
            body = (
                f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:{PRODID}\r\nEND:VCALENDAR\r\n".encode()
            )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="meine-termine.ics"'
        response["Cache-Control"] = "private, no-store"
        return response


def slide_download(request, pk):
    """Slides from the private storage, after the permission check (404 when refused)."""
    slide = get_object_or_404(SlideVersion.objects.select_related("profile", "session"), pk=pk)
    if not rules.can_download_slide(request.user, slide):
        raise Http404
    extension = slide.file.name.rsplit(".", 1)[-1]
    response = FileResponse(
        slide.file.open("rb"),
        as_attachment=True,
        filename=f"folien-{slide.session.slug or slide.session_id}-v{slide.version}.{extension}",
        content_type=slide.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


def photo(request, pk):
    """A portal photo from the private storage: to the speaker and organisers always, to everyone
    else only while the photo consent is active (404 otherwise, as if there were none)."""
    profile = get_object_or_404(SpeakerProfile, pk=pk)
    if not profile.photo:
        raise Http404
    public = services.has_public_photo(profile)
    if not rules.can_view_photo(request.user, profile, public=public):
        raise Http404
    etag = f'"{profile.photo.name.rsplit("/", 1)[-1]}"'
    if public and (not_modified := get_conditional_response(request, etag=etag)) is not None:
        response = not_modified
    else:
        response = FileResponse(profile.photo.open("rb"), content_type=services.PHOTO_CONTENT_TYPE)
        response["X-Content-Type-Options"] = "nosniff"
    if public:
        # Anyone may keep it, but must ask again before reuse: a revoked consent takes effect.
        response["ETag"] = etag
        patch_cache_control(response, public=True, no_cache=True)
    else:
        # Only the speaker and organisers see it now: no shared cache may keep it (nor
        # cms.caching.PageCacheMiddleware, which answers only what serve_cached stored).
        patch_cache_control(response, private=True, no_store=True)
    return response
