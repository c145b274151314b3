"""``setwise demo``: build the demo world (once) and print its logins; ``--reset`` rebuilds it from scratch;
``--today`` dates it for another day than today."""

from __future__ import annotations

import datetime as dt
import time
import unicodedata
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Build the demo world (partners across Asia-Pacific, a slate of productions, a login for every role) if "
        "it is not built yet, then print the demo logins. --reset deletes every partner, production, membership, "
        "collaboration and job and the demo users, and builds it again. The world is dated for today (in Seoul): "
        "the flagship series is two weeks into its shoot; --today YYYY-MM-DD dates it for another day."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reset", action="store_true", help="delete the demo data and build it again")
        parser.add_argument("--seed", type=int, default=None, help="random seed (default: the demo's own)")
        parser.add_argument(
            "--today", default=None, metavar="YYYY-MM-DD", help="the day the world is dated for (default: today)"
        )

    def handle(
        self, *args: Any, reset: bool = False, seed: int | None = None, today: str | None = None, **options: Any
    ) -> None:
        from setwise.demo import world

        try:
            day = dt.date.fromisoformat(today) if today else None
        except ValueError as error:
            raise CommandError(f"--today: not a date (YYYY-MM-DD): {today}") from error

        if reset:
            world.reset()
            self.stdout.write("Deleted the demo data.")
        if world.is_built():
            self.stdout.write("The demo world is already built.")
            if day is not None:
                self.stdout.write("--today dates a new world: add --reset to build it again for that day.")
        else:
            start = time.perf_counter()
            summary = world.build(world.DEFAULT_SEED if seed is None else seed, today=day)
            self.stdout.write(
                f"Built the demo world in {time.perf_counter() - start:.1f} s: {summary.partners} partners, "
                f"{summary.contacts} contacts, {summary.collaborations} collaborations, "
                f"{summary.productions} productions, {summary.users} users."
            )
            self.stdout.write(f"Dated for {summary.today.isoformat()}.")
        rows = [("username", "name", "role", "password"), *world.logins()]
        widths = [max(_width(r[i]) for r in rows) for i in range(4)]
        self.stdout.write("")
        for n, row in enumerate(rows):
            self.stdout.write(
                "  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(row, widths, strict=True)).rstrip()
            )
            if n == 0:
                self.stdout.write("  ".join("-" * w for w in widths))


def _width(text: str) -> int:
    """Columns the text takes in a terminal (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
