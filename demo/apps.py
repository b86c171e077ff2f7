from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo and benchmark data (``manage.py load_demo``, ``manage.py load_bench_data``); no
    models of its own."""

    name = "demo"
    verbose_name = _("Demodaten")
