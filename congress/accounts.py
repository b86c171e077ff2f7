"""django-allauth adapter: after signing in, speakers land in their portal and everyone else in
"Meine Anmeldungen", in the language of the page they signed in from (a ``next`` parameter still
wins; allauth checks it before asking the adapter)."""

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        from speakers.models import SpeakerProfile

        if SpeakerProfile.objects.filter(user_id=request.user.pk).exists():
            return reverse("speakers:portal")
        return reverse("registrations:mine")
