"""``manage.py load_bench_data``: a large synthetic data set for benchmarks."""

import time

from django.core.management.base import BaseCommand, CommandError

from demo.bench import build_bench


class Command(BaseCommand):
    help = (
        "Erzeugt synthetische Kongresse bench-1 … bench-N mit Ausgaben, Foren, Programmpunkten, "
        "Personen und Seiten für Lasttests. Bestehende bench-Kongresse werden übersprungen."
    )

    def add_arguments(self, parser):
        parser.add_argument("--congresses", type=int, default=10, help="Kongresse (10)")
        parser.add_argument("--editions", type=int, default=5, help="Ausgaben je Kongress (5)")
        parser.add_argument("--tracks", type=int, default=14, help="Hauptbühne + Foren (14)")
        parser.add_argument("--sessions", type=int, default=10, help="Programmpunkte je Forum (10)")
        parser.add_argument(
            "--no-revisions",
            action="store_true",
            help="keine Revisionen für Foren und Programmpunkte anlegen (schneller)",
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            result = build_bench(
                congresses=options["congresses"],
                editions=options["editions"],
                tracks=options["tracks"],
                sessions=options["sessions"],
                revisions=not options["no_revisions"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"Kongresse: {result.congresses_created} neu, {result.congresses_skipped} "
            f"übersprungen; Ausgaben: {result.editions}, Foren: {result.tracks}, "
            f"Programmpunkte: {result.sessions}, Personen: {result.people}, "
            f"Seiten: {result.pages}, Revisionen: {result.revisions}"
        )
        self.stdout.write(self.style.SUCCESS(f"Benchmark-Daten fertig ({elapsed:.1f} s)."))
