"""``setwise script parse FILE [--format fountain|fdx|pdf] --json``: read a script and print what was found.

With ``--json`` the output is the engine's stable contract (``setwise.engines.screenplay.to_json``); without
it, a short human summary. Input that cannot be read exits with status 1 and a one-line error on stderr.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from setwise.engines.screenplay import ScriptError, parse, to_json


class Command(BaseCommand):
    help = "Read a screenplay (Fountain, Final Draft or PDF) and print its scenes and characters."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        p = sub.add_parser("parse", help="parse a script file")
        p.add_argument("file")
        p.add_argument("--format", choices=["fountain", "fdx", "pdf"], default=None)
        p.add_argument("--json", action="store_true", help="print the JSON contract")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise ScriptError(f"cannot read {path}: {exc.strerror or exc}") from None
            script = parse(data, path.name, options.get("format"))
        except ScriptError as exc:
            sys.stderr.write(f"error: {exc}\n")
            sys.stderr.flush()
            raise SystemExit(1) from None
        if options.get("json"):
            self.stdout.write(json.dumps(to_json(script), ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{script.title or '(untitled)'}: {len(script.scenes)} scenes, {script.page_count} pages")
        for scene in script.scenes:
            eighths = f"{scene.eighths // 8} {scene.eighths % 8}/8".strip()
            self.stdout.write(f"{scene.number or '-':>5}  {eighths:>7}  {scene.heading}")
        self.stdout.write(f"{len(script.characters)} characters: " + ", ".join(c.name for c in script.characters))
