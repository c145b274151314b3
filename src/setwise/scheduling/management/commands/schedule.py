"""``setwise schedule talent FILE.json [--time-limit SECONDS] --json``.

Solves a classic talent-scheduling instance (the format of the shared benchmark: ``scenes`` with durations,
``actors`` with costs per day, ``plays``): the order of the scenes that pays the actors the least, with a proven
lower bound. With ``--json`` it prints the stable contract ``{"order": [0-based scene indices], "cost": int,
"bound": int, "optimal": bool, "seconds": float}``, where ``optimal`` is true only when the bound equals the cost;
without it, a short summary. A malformed instance or an unreadable file exits 1 with one line ``error: ...`` on
stderr. ``FILE.json`` may be ``-`` for stdin.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from setwise.engines.scheduling import ProblemError
from setwise.engines.scheduling.talent import DEFAULT_TIME_LIMIT, TalentInstance, TalentResult, solve


class Command(BaseCommand):
    help = "Scheduling problems solved from the command line (talent: the classic talent-scheduling problem)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        p = sub.add_parser("talent", help="order scenes to pay the actors the least (talent scheduling)")
        p.add_argument("instance", metavar="FILE.json", help="the instance as JSON ('-' reads stdin)")
        p.add_argument(
            "--time-limit",
            type=_seconds,
            default=DEFAULT_TIME_LIMIT,
            metavar="SECONDS",
            help=f"stop with the best order and bound found by then (default {DEFAULT_TIME_LIMIT:g})",
        )
        p.add_argument("--json", action="store_true", help="print the JSON contract")

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["instance"]
        try:
            data = _read_json(name)
            try:
                instance = TalentInstance.from_json(data)
            except ProblemError as exc:
                raise ProblemError(f"malformed instance {'(stdin)' if name == '-' else name}: {exc}") from None
        except ProblemError as exc:
            sys.stderr.write(f"error: {exc}\n")
            sys.stderr.flush()
            raise SystemExit(1) from None
        result = solve(instance, time_limit=options["time_limit"])
        if options.get("json"):
            self.stdout.write(json.dumps(result.to_json()))
            return
        self._summary(instance, result)

    def _summary(self, instance: TalentInstance, result: TalentResult) -> None:
        name = instance.name or "instance"
        self.stdout.write(f"{name}: {instance.scenes} scenes, {instance.actors} actors")
        status = "optimal" if result.optimal else f"gap {100 * result.gap:.2f}%"
        self.stdout.write(f"cost {result.cost}, bound {result.bound} ({status}) in {result.seconds:.2f} s")
        self.stdout.write("order " + " ".join(str(s) for s in result.order))


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"the time limit must be a positive number of seconds, not {text}")
    return value


def _read_json(name: str) -> Any:
    try:
        text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
    except OSError as exc:
        raise ProblemError(f"cannot read instance {name}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ProblemError(f"instance {name} is not UTF-8 text") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        raise ProblemError(f"instance {name} is not valid JSON: {exc.msg} at {where}") from None
