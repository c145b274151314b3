"""``setwise intimacy purge-concerns [--dry-run] [--json]``: delete closed concerns past their retention period.

``status SLUG [--json]`` prints the board-safe status of a production's intimate scenes (blocked scenes and their
neutral reasons, the intimacy coordinator's booked dates): no content, no names. ``setwise serve`` has the purge
run daily; this command runs it on demand (or from cron, where Setwise is served otherwise). A production that does
not exist exits with status 1 and a one-line error on stderr.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from setwise.intimacy import services
from setwise.productions.models import Production


class Command(BaseCommand):
    help = "Intimacy coordination and safeguarding: purge closed concerns past retention; board-safe status."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        purge = sub.add_parser("purge-concerns", help="delete closed concerns past their retention period")
        purge.add_argument("--dry-run", action="store_true", help="only say what would be purged")
        purge.add_argument("--json", action="store_true", help="print the JSON contract")
        status = sub.add_parser("status", help="blocked intimate scenes and booked dates of a production")
        status.add_argument("slug")
        status.add_argument("--json", action="store_true", help="print the JSON contract")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "purge-concerns":
            self._purge(options)
        else:
            self._status(options)

    def _purge(self, options: dict[str, Any]) -> None:
        result = services.purge_closed_concerns(dry_run=options["dry_run"])
        if options["json"]:
            out = {"purged": result.purged, "dry_run": options["dry_run"], "references": list(result.references)}
            self.stdout.write(json.dumps(out))
            return
        verb = "would purge" if options["dry_run"] else "purged"
        self.stdout.write(f"{verb} {result.purged} closed concern(s)")

    def _status(self, options: dict[str, Any]) -> None:
        production = Production.objects.filter(slug=options["slug"]).first()
        if production is None:
            sys.stderr.write(f"error: no production {options['slug']!r}\n")
            sys.stderr.flush()
            raise SystemExit(1)
        blocked = services.blocked_scene_ids(production)
        dates = sorted(services.ic_booked_dates(production))
        if options["json"]:
            out = {
                "production": production.slug,
                "blocked": [{"scene": k, "reason": v} for k, v in sorted(blocked.items())],
                "ic_booked_dates": [d.isoformat() for d in dates],
            }
            self.stdout.write(json.dumps(out, ensure_ascii=False))
            return
        self.stdout.write(f"{production.slug}: {len(blocked)} blocked intimate scene(s), {len(dates)} booked date(s)")
        for scene_id, reason in sorted(blocked.items()):
            self.stdout.write(f"  scene {scene_id}: {reason}")
