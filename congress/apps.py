import warnings

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class CongressConfig(AppConfig):
    name = "congress"
    verbose_name = _("Kongresse")

    def ready(self):
        # The second guard behind the pixel check of uploads (speakers/validators.py): Pillow
        # refuses to open an image beyond the limit instead of only warning below twice of it.
        from PIL import Image

        Image.MAX_IMAGE_PIXELS = settings.MAX_IMAGE_PIXELS
        warnings.simplefilter("error", Image.DecompressionBombWarning)
