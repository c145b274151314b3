"""``setwise partners import FILE`` and ``setwise partners export``: the partner spreadsheet on the command line.

Import runs the same checks and writes as the web import, as the system (no user) or ``--as USERNAME``
(whose import permission is checked). Exit status 0 and "Imported N partners."; or exit status 1, one line
per problem ("row 3, country: 'XX' is not an ISO 3166 country code") and nothing written.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Import partners from a CSV/XLSX file, or export the partner directory as CSV/XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{import,export}")
        imp = sub.add_parser(
            "import",
            help="import a CSV or XLSX file: all rows, or none and the list of problems",
            description="Import partners from a CSV or XLSX file with a header row (columns: name, name_local, "
            "country, city, kinds, capabilities, languages, size, website, email, phone, status, notes). Every "
            "row is checked first; if any row has a problem nothing is written, each problem is printed on its "
            "own line on standard error and the exit status is 1.",
        )
        imp.add_argument("file", help="the CSV or XLSX file ('-' reads standard input)")
        imp.add_argument(
            "--encoding",
            help="text encoding of a CSV file (default: detected among UTF-8, CP949/EUC-KR, Shift_JIS, Big5)",
        )
        imp.add_argument(
            "--as",
            dest="username",
            metavar="USERNAME",
            help="import as this user (needs the import permission; recorded in the history); "
            "default: the system, with no user",
        )
        exp = sub.add_parser(
            "export",
            help="export partners as CSV (default) or XLSX",
            description="Export all partners, ordered by name. CSV (UTF-8, header row) goes to standard output "
            "unless -o is given. XLSX is binary: give -o FILE, or redirect standard output to a file or pipe "
            "(it is not written to a terminal).",
        )
        exp.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        exp.add_argument("-o", "--output", help="write to this file instead of standard output")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "import":
            self._import(options["file"], options.get("encoding"), options.get("username"))
        else:
            self._export(options["format"], options.get("output"))

    def _import(self, file: str, encoding: str | None, username: str | None) -> None:
        from setwise.partners import services

        if file == "-":
            data = sys.stdin.buffer.read()
            name = "stdin"
        else:
            path = Path(file)
            if not path.is_file():
                raise CommandError(f"No such file: {file}")
            data = path.read_bytes()
            name = path.name
        if username:
            from django.contrib.auth import get_user_model

            user = get_user_model().objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"No such user: {username}")
            from setwise.accounts.permissions import has_global_perm
            from setwise.accounts.roles import Perm

            if not has_global_perm(user, Perm.IMPORT_PARTNERS):
                raise CommandError(f"{username} may not import partners")
            result = services.import_partners(user, data, name, encoding=encoding)
        else:
            result = services.import_partners(None, data, name, encoding=encoding, as_system=True)
        if result.errors:
            for error in result.errors:
                self.stderr.write(str(error))
            count = len(result.errors)
            self.stderr.write(f"Nothing was imported ({count} {'problem' if count == 1 else 'problems'}).")
            sys.exit(1)
        noun = "partner" if result.created == 1 else "partners"
        self.stdout.write(f"Imported {result.created} {noun}.")

    def _export(self, fmt: str, output: str | None) -> None:
        from setwise.partners import io
        from setwise.partners.models import Partner

        qs = Partner.objects.all()
        if fmt == "csv":
            text = io.export_csv(qs)
            if output:
                Path(output).write_text(text, encoding="utf-8", newline="")
                self.stderr.write(f"Wrote {output}")
            else:
                self.stdout.write(text, ending="")
            return
        data = io.export_xlsx(qs)
        if output:
            Path(output).write_bytes(data)
            self.stderr.write(f"Wrote {output}")
            return
        stream = getattr(self.stdout, "_out", sys.stdout)
        if stream.isatty():
            raise CommandError("XLSX is binary: give -o FILE or redirect standard output to a file.")
        buffer = getattr(stream, "buffer", None)
        if buffer is None:
            raise CommandError("XLSX is binary: give -o FILE.")
        buffer.write(data)
        buffer.flush()
