from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks

from programme.services import ProgrammeConflictError, ensure_publishable_programme

from .models import ProgrammePage


@hooks.register("before_publish_page")
def refuse_programme_with_conflicts(request, page):
    """Publishing a programme page is refused while its published programme has conflicts."""
    page = page.specific
    if not isinstance(page, ProgrammePage):
        return None
    try:
        ensure_publishable_programme(page.programme_edition)
    except ProgrammeConflictError as error:
        messages.error(
            request,
            _("Das Programm wurde nicht veröffentlicht: %(count)s Konflikt(e).")
            % {"count": len(error.conflicts)},
        )
        for conflict in error.conflicts:
            messages.error(request, conflict.message)
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None
