"""Web benchmark: the partner pages and API on a world ten times the demo's (~2,800 partners, ~23,000
collaborations), timed in-process with Django's test client; p50/p95/max per endpoint against a 100 ms p95.

    .venv/bin/python bench/web.py [--database-url URL] [--scale 10] [-n 50] [--warmup 5]

The world is built in a fresh database: a temporary SQLite file by default; for a PostgreSQL URL a new database
``<name>_bench_<pid>`` is created on that server and dropped afterwards (``--keep`` keeps it).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

TARGET_MS = 100.0


def _fresh_database(url: str) -> tuple[str, Callable[[], None]]:
    """A URL for a new, empty database and a function that removes it."""
    if not url:
        folder = tempfile.mkdtemp(prefix="setwise-bench-")
        path = Path(folder) / "bench.sqlite3"
        return f"sqlite:///{path}", lambda: shutil.rmtree(folder, ignore_errors=True)
    if not url.startswith(("postgres://", "postgresql://")):
        return url, lambda: None
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'setwise'}_bench_{os.getpid()}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urlunsplit(parts._replace(path=f"/{name}")), drop


def _time(call: Callable[[], Any], n: int, warmup: int) -> tuple[list[float], int, int]:
    """Milliseconds of n calls after the warm-ups, the status code and the query count of the last call."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        call()
    times = []
    for _ in range(n):
        start = time.perf_counter()
        response = call()
        times.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as ctx:
        response = call()
    return times, response.status_code, len(ctx.captured_queries)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    ap.add_argument("--scale", type=int, default=10)
    ap.add_argument("-n", type=int, default=50)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = ap.parse_args()

    url, remove = _fresh_database(args.database_url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "setwise.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from setwise.accounts.models import ApiToken, User
    from setwise.demo import world
    from setwise.partners.models import Collaboration, Partner

    try:
        call_command("migrate", verbosity=0)
        start = time.perf_counter()
        world.build(scale=args.scale)
        print(
            f"database: {connection.vendor} ({url.split('@')[-1]}); built {Partner.objects.count()} partners, "
            f"{Collaboration.objects.count()} collaborations in {time.perf_counter() - start:.1f} s"
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        user = User.objects.get(username="demo-partners")
        client = Client()
        client.force_login(user)
        _token, raw = ApiToken.issue(user, "bench")
        api = Client(headers={"Authorization": f"Bearer {raw}"})
        ids = list(Partner.objects.order_by("?").values_list("pk", flat=True)[:5])
        big = Partner.objects.order_by("-size", "pk").filter(size="large").values_list("pk", flat=True).first()
        endpoints: list[tuple[str, Client, str]] = [
            ("list page 1", client, "/partners/"),
            ("list page 20", client, "/partners/?page=20"),
            ("list sort collaborations", client, "/partners/?sort=-collaborations"),
            ("list sort since", client, "/partners/?sort=since&page=3"),
            ("list filter KR + post", client, "/partners/?country=KR&kind=post"),
            ("list filter capability", client, "/partners/?capability=dolby-atmos-certified-stage"),
            ("list filter since 2018", client, "/partners/?since=2018&status=active"),
            ("list htmx table", client, "/partners/?country=JP&sort=city"),
            ("search Latin 'post'", client, "/partners/?q=post"),
            ("search Latin 'hanbit'", client, "/partners/?q=hanbit"),
            ("search Korean '픽처스'", client, "/partners/?q=픽처스"),
            ("search Japanese 'スタジオ'", client, "/partners/?q=スタジオ"),
            ("search Thai 'ฟิล์ม'", client, "/partners/?q=ฟิล์ม"),
            *[(f"detail {pk}", client, f"/partners/{pk}/") for pk in ids[:3]],
            (f"detail {big} (large)", client, f"/partners/{big}/"),
            ("network", client, "/partners/network/"),
            ("API /api/partners/", api, "/api/partners/"),
            ("API /api/partners/?q=スタジオ", api, "/api/partners/?q=スタジオ"),
            ("API /api/partners/?country=TH", api, "/api/partners/?country=TH&sort=-collaborations"),
            (f"API /api/partners/{ids[0]}", api, f"/api/partners/{ids[0]}"),
            ("API /api/productions/", api, "/api/productions/"),
        ]
        rows = []
        for label, c, path in endpoints:
            htmx = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "table"} if label == "list htmx table" else {}
            times, status, queries = _time(lambda c=c, path=path, htmx=htmx: c.get(path, **htmx), args.n, args.warmup)
            if status == 404:
                rows.append((label, "-", "-", "-", queries, "skipped: 404"))
                continue
            times.sort()
            p50 = statistics.median(times)
            p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
            verdict = ("PASS" if p95 <= TARGET_MS else "MISS") + ("" if status == 200 else f" (HTTP {status})")
            rows.append((label, f"{p50:.1f}", f"{p95:.1f}", f"{times[-1]:.1f}", queries, verdict))
        header = ("endpoint", "p50 ms", "p95 ms", "max ms", "queries", f"p95 <= {TARGET_MS:.0f} ms")
        widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
        print(f"{args.n} requests each after {args.warmup} warm-ups")
        for n, row in enumerate([header, *rows]):
            print("  ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=True)))
            if n == 0:
                print("  ".join("-" * w for w in widths))
    finally:
        if args.keep:
            print(f"kept {url}")
        else:
            remove()


if __name__ == "__main__":
    sys.exit(main())
