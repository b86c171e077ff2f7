"""``manage.py load_demo``: the e-nrw demo (editions 2020 and 2021 as history, next year's open
for registration), pages and an admin user."""

import os
import time

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils import timezone

from demo.build import build_demo
from demo.common import DemoError
from demo.data import (
    ADMIN_DEFAULT_PASSWORD,
    ADMIN_EMAIL,
    ADMIN_USERNAME,
    CHECKIN_EDITION,
    CHECKIN_EMAIL,
    CHECKIN_USERNAME,
    FORUM_LEAD_EMAIL,
    FORUM_LEAD_FORUM,
    FORUM_LEAD_USERNAME,
)
from programme.models import Session, Track
from registrations.enums import RegistrationState
from registrations.models import CheckIn, Registration


class Command(BaseCommand):
    help = (
        "Legt die Demodaten an (e-nrw 2020 und 2021, die Ausgabe des nächsten Jahres mit "
        "offener Anmeldung, das zweitägige Forum „Strategie und Steuerung“, Seitenbaum, "
        "Anmeldungen für e-nrw 2021, Admin- und Einlass-Benutzer). "
        "Mehrfach ausführbar."
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
            line = f"{edition}: {tracks} Hauptbühne/Foren, {sessions} Programmpunkte"
            registrations = Registration.objects.filter(edition=edition)
            if registrations.exists():
                confirmed = registrations.filter(state=RegistrationState.CONFIRMED).count()
                waiting = registrations.filter(state=RegistrationState.WAITLISTED).count()
                check_ins = CheckIn.objects.filter(registration__edition=edition).count()
                line += (
                    f", {registrations.count()} Anmeldungen ({confirmed} bestätigt, "
                    f"{waiting} auf der Warteliste), {check_ins} Check-ins"
                )
            self.stdout.write(line)
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
        open_year = timezone.localdate().year + 1  # demo/data/enrw_next.py: next year's e-nrw
        register_path = reverse("registrations:register", args=("e-nrw", open_year))
        self.stdout.write(f"Anmeldung (offen): http://127.0.0.1:{port}{register_path}")
        checkin_path = reverse("registrations:checkin", args=CHECKIN_EDITION)
        self.stdout.write(f"Einlass:  http://127.0.0.1:{port}{checkin_path}")
        self.stdout.write(
            f"Benutzer: {CHECKIN_USERNAME} ({CHECKIN_EMAIL}), Passwort wie beim Admin"
        )
        self.stdout.write(
            f"Forumsleitung (Forum {FORUM_LEAD_FORUM}, e-nrw 2020): {FORUM_LEAD_USERNAME} "
            f"({FORUM_LEAD_EMAIL}), Passwort wie beim Admin"
        )
