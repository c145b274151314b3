"""The timed-text rules as data: rows loaded from ``rules/general.json`` and ``rules/<language>.json``.

Each row carries ``id``, an optional ``key`` (a variant: ``reading_speed``/``adult``, ``forbidden_markup``/
``italic``, ``chars_per_line``/``vertical``), ``value``, ``unit``, ``severity`` (``error``, ``warning``, or
``info`` for rows that configure rather than check), ``status`` (``V`` verified, ``S`` secondary source, ``U``
unverified), ``source`` and ``last_checked``. A language row replaces the general row with the same id and key.
As rules.md section 7 requires, the loader refuses an unverified (``U``) row marked ``error``: someone must record
a source and flip its status first.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from .errors import RuleDataError

LANGUAGES: tuple[str, ...] = ("en", "ko", "ja", "th", "id", "zh-Hant")
_ALIASES = {
    "zh-hant": "zh-Hant",
    "zh-tw": "zh-Hant",
    "zh-hant-tw": "zh-Hant",
    "zh-hk": "zh-Hant",
    "zh-hant-hk": "zh-Hant",
    "en-us": "en",
    "en-gb": "en",
    "en-au": "en",
    "ko-kr": "ko",
    "ja-jp": "ja",
    "th-th": "th",
    "id-id": "id",
    "in": "id",
}
SEVERITIES = ("error", "warning", "info")
STATUSES = ("V", "S", "U")
_FIELDS = ("id", "value", "severity", "status", "source", "last_checked")


def normalize_language(language: str) -> str:
    """``zh-TW``/``zh-hant`` -> ``zh-Hant``, ``en-US`` -> ``en``; raises ``RuleDataError`` for others."""
    code = language.strip().replace("_", "-")
    if code in LANGUAGES:
        return code
    lowered = code.lower()
    if lowered in _ALIASES:
        return _ALIASES[lowered]
    if lowered in LANGUAGES:
        return lowered
    raise RuleDataError(f"no timed-text rules for language {language[:20]!r} (known: {', '.join(LANGUAGES)})")


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    key: str
    value: Any
    unit: str | None
    severity: str
    status: str
    source: str
    last_checked: str
    note: str | None = None


def rule_from_row(row: Mapping[str, Any], origin: str = "rule data") -> Rule:
    missing = [name for name in _FIELDS if name not in row]
    if missing:
        raise RuleDataError(f"{origin}: row {row.get('id', '?')!r} lacks {', '.join(missing)}")
    rule = Rule(
        id=str(row["id"]),
        key=str(row.get("key", "")),
        value=row["value"],
        unit=row.get("unit"),
        severity=str(row["severity"]),
        status=str(row["status"]),
        source=str(row["source"]),
        last_checked=str(row["last_checked"]),
        note=row.get("note"),
    )
    if rule.severity not in SEVERITIES:
        raise RuleDataError(f"{origin}: {rule.id}: severity {rule.severity!r} is not one of {SEVERITIES}")
    if rule.status not in STATUSES:
        raise RuleDataError(f"{origin}: {rule.id}: status {rule.status!r} is not one of {STATUSES}")
    if rule.status == "U" and rule.severity == "error":
        raise RuleDataError(
            f"{origin}: {rule.id}{'/' + rule.key if rule.key else ''} is unverified [U] and cannot be an error; "
            "record a source and set its status first"
        )
    return rule


@dataclass(frozen=True, slots=True)
class RuleSet:
    """The rules that apply to one language (general rows overlaid by the language's own)."""

    language: str
    rules: tuple[Rule, ...]
    _index: dict[tuple[str, str], Rule] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def __post_init__(self) -> None:
        for rule in self.rules:
            self._index[(rule.id, rule.key)] = rule

    def get(self, rule_id: str, key: str = "") -> Rule | None:
        return self._index.get((rule_id, key))

    def require(self, rule_id: str, key: str = "") -> Rule:
        rule = self._index.get((rule_id, key))
        if rule is None:
            raise RuleDataError(f"no {rule_id}{'/' + key if key else ''} rule for {self.language}")
        return rule

    def variants(self, rule_id: str) -> tuple[Rule, ...]:
        return tuple(rule for rule in self.rules if rule.id == rule_id)

    def override(self, rows: Iterable[Mapping[str, Any]]) -> RuleSet:
        """A copy with rows replaced or added (e.g. a production's configured defaults), validated likewise."""
        merged = dict(self._index)
        for row in rows:
            rule = rule_from_row(row, "override")
            merged[(rule.id, rule.key)] = rule
        return RuleSet(self.language, tuple(merged.values()))


def _rows(name: str) -> list[Rule]:
    text = resources.files("setwise.engines.timedtext.rules").joinpath(f"{name}.json").read_text("utf-8")
    data = json.loads(text)
    return [rule_from_row(row, f"rules/{name}.json") for row in data["rules"]]


@cache
def load_rules(language: str) -> RuleSet:
    """The shipped rules for ``language`` (any spelling ``normalize_language`` accepts)."""
    code = normalize_language(language)
    merged: dict[tuple[str, str], Rule] = {}
    for rule in _rows("general") + _rows(code):
        merged[(rule.id, rule.key)] = rule
    return RuleSet(code, tuple(merged.values()))
