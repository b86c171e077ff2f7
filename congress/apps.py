import warnings

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CongressConfig(AppConfig):
    name = "congress"
    verbose_name = _("Kongresse")

    def ready(self):
        # The second guard behind the pixel checks of uploads (speakers/validators.py, Wagtail's
        # WAGTAILIMAGES_MAX_IMAGE_PIXELS): Pillow refuses to open an image beyond its limit
        # instead of only warning up to twice of it (pyproject.toml does the same for tests).
        from PIL import Image

        warnings.simplefilter("error", Image.DecompressionBombWarning)
