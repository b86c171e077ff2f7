"""Throughput of the public pages and exports next to a bare Django view of the same body size.

One run: builds the bench data on PostgreSQL, serves the app with gunicorn (2 workers, Redis
cache), warms every URL, then measures each URL and a bare view returning a body of the same size
with the same load tool (wrk), and prints the ratios.

    .venv/bin/python bench/http_bench.py [--duration 10] [--connections 16] [--keep-data]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402
    app_env,
    bench_port,
    database_url,
    django_shell,
    local_url,
    manage,
    migrate,
    recreate_database,
    start_gunicorn,
    wrk,
    wrk_binary,
)

DB_NAME = "congress_bench"
DATABASE_URL = database_url(DB_NAME)
REDIS_URL = "redis://127.0.0.1:6379/7"
PORT = bench_port(8765)
BASE = local_url(PORT)


def env() -> dict:
    return app_env(DATABASE_URL, BASE, REDIS_URL=REDIS_URL)


def prepare_database(keep: bool) -> None:
    if not recreate_database(DB_NAME, keep_existing=keep):
        return
    e = env()
    migrate(e, collectstatic=False)
    manage("load_bench_data", env=e)
    manage("collectstatic", "--noinput", "-v0", env=e)


def fetch(path: str) -> tuple[int, str]:
    with urllib.request.urlopen(BASE + path, timeout=30) as response:
        body = response.read()
        return len(body), response.headers.get("Content-Type", "text/html")


def measure(path: str, duration: int, connections: int) -> float:
    rps, _out = wrk(BASE + path, duration=duration, connections=connections, latency=True)
    return rps


def bench_paths() -> dict[str, str]:
    """The public URLs of the first bench edition, read from the database."""
    script = (
        "from cms.models import ProgrammePage;"
        "p = ProgrammePage.objects.live().order_by('path').first();"
        "t = p.programme_edition.tracks.filter(live=True).order_by('sort_order').first();"
        "print(p.url); print(t.slug)"
    )
    out = django_shell(script, env(), quiet=True).split()
    programme, track = out[-2], out[-1]
    return {
        "programme page": programme,
        "forum page": f"{programme}{track}/",
        "full ICS": f"{programme}programm.ics",
        "frab XML": f"{programme}schedule.xml",
        "frab JSON": f"{programme}schedule.json",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per URL")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--keep-data", action="store_true", help="reuse the bench database")
    args = parser.parse_args()

    wrk_binary()  # installs wrk before the database is built if it is missing
    prepare_database(args.keep_data)
    paths = bench_paths()
    e = env()
    subprocess.run(["redis-cli", "-n", "7", "FLUSHDB"], check=False, capture_output=True)
    rows = []
    with start_gunicorn(e, PORT):
        for label, path in paths.items():
            size, content_type = fetch(path)  # warms the cache
            fetch(path)
            bare = f"/__bench__/bare/{size}/?type={urllib.request.quote(content_type)}"
            fetch(bare)
            app_rps = measure(path, args.duration, args.connections)
            bare_rps = measure(bare, args.duration, args.connections)
            rows.append((label, path, size, app_rps, bare_rps))

    print()
    print(f"wrk -t2 -c{args.connections} -d{args.duration}s, gunicorn 2 workers, PostgreSQL, Redis")
    print(f"{'URL':<16} {'bytes':>9} {'app req/s':>10} {'bare req/s':>11} {'ratio':>6}")
    for label, _path, size, app_rps, bare_rps in rows:
        print(
            f"{label:<16} {size:>9} {app_rps:>10.0f} {bare_rps:>11.0f} {app_rps / bare_rps:>6.2f}"
        )


if __name__ == "__main__":
    main()
