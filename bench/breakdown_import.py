"""Import benchmark: a 16-episode series (16 x ~70 pages, Korean, made by the screenplay engine's generator)
imported end to end into the database through the breakdown service (parse, scenes, characters, suggested
elements), then a revised draft of every episode; prints seconds per episode and the totals (target: the
season under 10 s).

    .venv/bin/python bench/breakdown_import.py [--language ko] [--episodes 16] [--pages 70]

Runs in a temporary SQLite database (set DATABASE_URL to a PostgreSQL URL of an empty database to measure
PostgreSQL instead).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

TARGET_S = 10.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--language", default="ko")
    parser.add_argument("--episodes", type=int, default=16)
    parser.add_argument("--pages", type=int, default=70)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="setwise-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "setwise.config.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from setwise.accounts.models import User
        from setwise.accounts.roles import StaffRole
        from setwise.breakdown import services
        from setwise.breakdown.models import Scene, SceneElement
        from setwise.engines.screenplay import generator
        from setwise.productions.models import Production

        user = User.objects.create_user("bench", staff_role=StaffRole.STUDIO_ADMIN)
        production = Production.objects.create(
            slug="bench-series", title="Bench series", country="KR", episodes=args.episodes
        )
        drafts = generator.generate_series(args.language, episodes=args.episodes, pages=args.pages)
        files = [generator.to_fountain(d).encode() for d in drafts]
        revised = [f.replace(b".\n", b". \xeb\x8b\xa4\xec\x8b\x9c.\n", 3) for f in files]  # a few lines longer
        for label, batch in (("first drafts", files), ("revised drafts", revised)):
            started = time.perf_counter()
            for episode, data in enumerate(batch, start=1):
                result = services.import_script(user, production, data, f"ep{episode}.fountain", episode=episode)
                assert not result.errors, result.errors
            seconds = time.perf_counter() - started
            print(
                f"{label}: {len(batch)} episodes in {seconds:.2f} s ({seconds / len(batch) * 1000:.0f} ms/episode)"
                f"{'' if seconds < TARGET_S else f'  ABOVE the {TARGET_S:.0f} s target'}"
            )
        print(
            f"{Scene.objects.filter(omitted=False).count()} scenes, "
            f"{SceneElement.objects.count()} scene elements, database {os.environ['DATABASE_URL'].split(':')[0]}"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
