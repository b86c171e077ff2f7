"""Organisers hold the change notices of a forum while they rework it, and release them
(programme.notices). Needs "programme.change_track" for the forum (organisers of its congress)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin.auth import permission_denied

from congress.permissions import has_perm

from ..models import ScheduleChange, Track
from ..notices import ChangeNoticeError, hold_change_notices, release_change_notices


def notice_hold(request, pk: int):
    """GET: the forum's state and waiting changes with one button; POST: hold or release."""
    track = get_object_or_404(Track.objects.select_related("edition"), pk=pk)
    if not has_perm(request.user, "programme.change_track", track):
        return permission_denied(request)
    edit_url = reverse("wagtailsnippets_programme_track:edit", args=[track.pk])
    if request.method == "POST":
        try:
            if request.POST.get("action") == "release":
                release_change_notices(track=track, by_user=request.user)
                messages.success(
                    request,
                    _("Die Änderungsmitteilungen von „%(forum)s“ sind freigegeben.")
                    % {"forum": track.label},
                )
            else:
                hold_change_notices(track=track, by_user=request.user)
                messages.success(
                    request,
                    _("Die Änderungsmitteilungen von „%(forum)s“ werden zurückgehalten.")
                    % {"forum": track.label},
                )
        except ChangeNoticeError as error:
            messages.error(request, str(error))
        return redirect(edit_url)
    waiting = ScheduleChange.objects.filter(
        session__track_id=track.pk, digest_sent_at__isnull=True
    ).count()
    return render(
        request,
        "programme/admin/notice_hold.html",
        {"track": track, "waiting": waiting, "edit_url": edit_url},
    )
