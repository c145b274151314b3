"""``setwise qc timedtext FILE --language L [--fps FPS] --json`` and ``setwise qc audio FILE --json``: check a
subtitle or audio file against the delivery specs and print the findings.

The ``--json`` outputs are stable contracts (see ``setwise.post.qc_cli``). A file that cannot be read exits with
status 1 and a one-line error on stderr; a file that was read exits 0, findings or not.
"""

from __future__ import annotations

from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandParser

from setwise.post import qc_cli


class Command(BaseCommand):
    help = "Check subtitle (SRT, WebVTT, TTML) and audio (WAV/BWF) files against the delivery specs."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="kind", required=True)
        qc_cli.add_timedtext_arguments(sub.add_parser("timedtext", help="check a subtitle file"))
        qc_cli.add_audio_arguments(sub.add_parser("audio", help="measure and check a WAV/BWF file"))

    def handle(self, *args: Any, **options: Any) -> None:
        run = qc_cli.run_timedtext if options["kind"] == "timedtext" else qc_cli.run_audio
        status = run(options, cast(TextIO, self.stdout))  # OutputWrapper is a TextIOBase
        if status:
            raise SystemExit(status)
