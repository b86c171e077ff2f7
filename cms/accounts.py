"""django-allauth adapter: after signing in, speakers land in their portal and everyone else in
"Meine Anmeldungen", in the language of the page they signed in from (a ``next`` parameter still
wins; allauth checks it before asking the adapter).

In cms, the top layer, because it knows both speakers and registrations (settings.ACCOUNT_ADAPTER).
"""

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

from speakers.models import SpeakerProfile


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        if SpeakerProfile.objects.filter(user_id=request.user.pk).exists():
            return reverse("speakers:portal")
        return reverse("registrations:mine")
