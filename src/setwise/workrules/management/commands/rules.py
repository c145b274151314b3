"""``setwise rules check PLAN.json [--policy studio|none|POLICY.json] [--agreement NAME] --json``.

Checks a plan (or actuals) against the working-hour rules of its country: the law, the agreements the
production opted into (``"agreements"`` in the plan or ``--agreement``), and the studio policy on top unless
``--policy none`` (law and agreements alone) or ``--policy FILE`` (a policy document of your own).

With ``--json`` it prints the stable contract ``{"violations": [{"person", "rule", "date", "value", "limit",
"source"}]}`` (see ``setwise.engines.rules.jsonio``); without it, a table. Violations found still exit 0; a
malformed plan or policy exits 1 with one line ``error: ...`` on stderr. ``PLAN.json`` may be ``-`` for stdin.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from setwise.engines.rules import (
    AGREEMENTS,
    RulesError,
    Violation,
    check,
    load_ruleset,
    plan_from_json,
    violations_to_json,
)


class Command(BaseCommand):
    help = "Check shifts against the working-hour and rest rules of the production's country."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        p = sub.add_parser("check", help="check a plan or actuals (PLAN.json) and list the violations")
        p.add_argument("plan", metavar="PLAN.json", help="the plan as JSON ('-' reads stdin)")
        p.add_argument(
            "--policy",
            default="studio",
            metavar="studio|none|FILE",
            help="studio policy on top of the law (default), none for the law alone, or a policy document",
        )
        p.add_argument(
            "--agreement",
            action="append",
            default=[],
            metavar="NAME",
            help=f"opt into an agreement ({', '.join(AGREEMENTS)}); repeatable",
        )
        p.add_argument("--json", action="store_true", help="print the JSON contract")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            violations = self._check(options)
        except RulesError as exc:
            sys.stderr.write(f"error: {exc}\n")
            sys.stderr.flush()
            raise SystemExit(1) from None
        if options.get("json"):
            self.stdout.write(json.dumps(violations_to_json(violations), ensure_ascii=False, indent=2))
            return
        self._table(violations)

    def _check(self, options: dict[str, Any]) -> list[Violation]:
        data = _read_json(options["plan"], "plan")
        doc = plan_from_json(data)
        policy: Any = options["policy"]
        if policy == "none":
            policy = None
        elif policy != "studio":
            policy = _read_json(policy, "policy")
            if not isinstance(policy, dict):
                raise RulesError("the policy file must hold a JSON object (a rule document)")
        agreements = list(dict.fromkeys([*doc.agreements, *(a.upper() for a in options["agreement"])]))
        rules = load_ruleset(doc.country, agreements, policy)
        return check(doc.plan, rules)

    def _table(self, violations: list[Violation]) -> None:
        if not violations:
            self.stdout.write("no violations")
            return
        header = ("date", "person", "rule", "value", "limit", "over by", "layer", "status", "source")
        rows = [
            (
                v.date.isoformat(),
                v.person,
                v.rule,
                f"{v.value:g} {v.unit}",
                f"{v.limit:g}",
                f"{v.excess:g}",
                v.origin if v.layer == "agreement" else v.layer,
                f"[{v.status}] {v.severity}",
                v.source,
            )
            for v in violations
        ]
        widths = [max(len(str(r[i])) for r in (header, *rows)) for i in range(len(header) - 1)]
        for row in (header, *rows):
            cells = [str(c).ljust(w) for c, w in zip(row, widths, strict=False)]
            self.stdout.write("  ".join([*cells, row[-1]]))
        self.stdout.write(f"{len(violations)} violation(s)")


def _read_json(name: str, what: str) -> Any:
    try:
        text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
    except OSError as exc:
        raise RulesError(f"cannot read {what} {name}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise RulesError(f"{what} {name} is not UTF-8 text") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        raise RulesError(f"{what} {name} is not valid JSON: {exc.msg} at {where}") from None
