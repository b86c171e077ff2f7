"""``manage.py load_demo``: the e-nrw demo (editions 2020 and 2021), pages and an admin user."""

import os
import time

from django.core.management.base import BaseCommand, CommandError

from cms.demo import DemoError, build_demo
from cms.demo_data import ADMIN_DEFAULT_PASSWORD, ADMIN_EMAIL, ADMIN_USERNAME
from programme.models import Session, Track


class Command(BaseCommand):
    help = (
        "Legt die Demodaten an (e-nrw 2020 und 2021, das zweitägige Forum „Strategie und "
        "Steuerung“, Seitenbaum, Admin-Benutzer). Mehrfach ausführbar."
    )

    def handle(self, *args, **options):
        password = os.environ.get("DEMO_ADMIN_PASSWORD") or ADMIN_DEFAULT_PASSWORD
        started = time.monotonic()
        try:
            summary = build_demo(password=password)
        except DemoError as error:
            raise CommandError(str(error)) from error
        elapsed = time.monotonic() - started

        if options["verbosity"] >= 2:
            for line in summary.lines():
                self.stdout.write(f"  {line}")
        for edition in summary.editions:
            tracks = Track.objects.live().for_edition(edition).count()
            sessions = Session.objects.live().for_edition(edition).count()
            self.stdout.write(f"{edition}: {tracks} Hauptbühne/Foren, {sessions} Programmpunkte")
        state = "aktualisiert" if summary.changed_anything else "unverändert"
        self.stdout.write(self.style.SUCCESS(f"Demodaten {state} ({elapsed:.1f} s)."))

        port = os.environ.get("PORT") or "8000"
        self.stdout.write(f"Website:  http://127.0.0.1:{port}/")
        self.stdout.write(f"Admin:    http://127.0.0.1:{port}/admin/")
        self.stdout.write(f"Benutzer: {ADMIN_USERNAME} ({ADMIN_EMAIL})")
        if os.environ.get("DEMO_ADMIN_PASSWORD"):
            self.stdout.write("Passwort: aus DEMO_ADMIN_PASSWORD")
        else:
            self.stdout.write(f"Passwort: {password}")
