"""Rule documents: the JSON files shipped in ``tables/``, their schema, validation and overrides.

A document is one layer for one origin::

    {"origin": "KR", "layer": "law", "title": "...", "countries": ["KR"], "week_starts": "monday",
     "role_groups": {"performers": ["cast", "actor", ...]},
     "rules": [{"id": "max_hours_week", "value": 52, "unit": "h", "includes_meals": false,
                "source": "Labor Standards Act art.50 + art.53", "status": "V", "last_checked": "2026-11-25",
                "bands": ["under_15"], "roles": "performers", "kind": "info", "check": false,
                "severity": "warning", "note": "..."}]}

``bands``, ``roles``, ``kind`` (``info`` rows are carried, never evaluated), ``check`` (false: documented but
enforced through another row), ``severity`` and ``note`` are optional. A check row's ``id`` must be one of
``CHECK_RULES`` with that rule's unit; its ``value`` may be ``null`` (this layer sets no limit). Following the
reference's rule for unverified values, a ``[U]`` row is a warning and may not be declared an error.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from typing import Any, Literal, cast

from .model import (
    BANDS,
    LAYERS,
    ClockWindow,
    Layer,
    MealBreak,
    MealTier,
    Rule,
    RuleDocument,
    RulesDataError,
    Severity,
    Status,
)

ValueType = Literal["hours", "minutes", "count", "bool", "meal", "tiers", "window", "clock"]

# id -> (unit, value type). Every id a check understands; rules.md §1 spells them.
CHECK_RULES: dict[str, tuple[str, ValueType]] = {
    "max_hours_day": ("h", "hours"),
    "max_hours_week": ("h", "hours"),
    "max_hours_day_ordinary": ("h", "hours"),
    "max_hours_week_ordinary": ("h", "hours"),
    "max_overtime_day": ("h", "hours"),
    "max_overtime_week": ("h", "hours"),
    "max_overtime_month": ("h", "hours"),
    "max_overtime_year": ("h", "hours"),
    "min_turnaround": ("h", "hours"),
    "meal_break": ("h/min", "meal"),
    "meal_break_total": ("h/min", "tiers"),
    "meal_break_max_minutes": ("min", "minutes"),
    "min_days_off_per_week": ("days", "count"),
    "max_consecutive_days": ("days", "count"),
    "min_days_off_per_14": ("days", "count"),
    "min_2_consecutive_days_off_per_14": ("days", "count"),
    "minor_min_age": ("years", "count"),
    "minor_max_hours_day": ("h", "hours"),
    "minor_max_hours_week": ("h", "hours"),
    "minor_no_overtime": ("bool", "bool"),
    "minor_night_ban": ("window", "window"),
    "minor_wrap_by": ("time", "clock"),
    "minor_break": ("h/min", "meal"),
}
# Rules about minors need the bands they apply to (minor_min_age applies to everyone with a birth date).
MINOR_RULES = frozenset(k for k in CHECK_RULES if k.startswith("minor_") and k != "minor_min_age")
# Hours that define overtime, and overtime caps, are counted without meal breaks.
NET_ONLY_RULES = frozenset(
    {"max_hours_day_ordinary", "max_hours_week_ordinary"} | {k for k in CHECK_RULES if k.startswith("max_overtime")}
)
COUNTRIES = ("KR", "JP", "TH", "ID", "TW", "AU")
AGREEMENTS: dict[str, str] = {"EITEKI": "eiteki.json", "MPPA": "mppa.json"}
_FILES: dict[str, str] = {c: f"{c.lower()}.json" for c in COUNTRIES} | AGREEMENTS | {"policy": "policy.json"}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ROW_KEYS = frozenset(
    {"id", "value", "unit", "source", "status", "last_checked", "includes_meals", "bands", "roles", "kind", "check"}
    | {"severity", "note"}
)
_DOC_KEYS = frozenset({"origin", "layer", "title", "countries", "week_starts", "role_groups", "rules"})
_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_KEY = re.compile(r"^([a-z0-9_]+)(?:\[([a-z0-9_,]+)\])?(?:@([a-z0-9_]+))?$")

Overrides = Mapping[str, Mapping[str, Mapping[str, Any] | None]]


@cache
def _shipped_text(origin: str) -> str:
    return resources.files("setwise.engines.rules.tables").joinpath(_FILES[origin]).read_text(encoding="utf-8")


def shipped_document(origin: str) -> dict[str, Any]:
    """A fresh copy of a shipped document as raw JSON data (``KR``..``AU``, ``EITEKI``, ``MPPA``, ``policy``)."""
    if origin not in _FILES:
        raise RulesDataError(f"no rule document named {origin!r}")
    return cast(dict[str, Any], json.loads(_shipped_text(origin)))


def apply_overrides(raw: Mapping[str, Any], patches: Mapping[str, Mapping[str, Any] | None]) -> dict[str, Any]:
    """Return ``raw`` with rows patched by key (``max_hours_day``, ``minor_max_hours_day[under_15]``, ...).

    A patch is a mapping of fields to replace (``value``, ``source``, ``status``, ``last_checked``, ``note``, ...);
    ``None`` removes the row; a key that matches no row adds one (it then needs every required field).
    """
    doc = dict(raw)
    rows = [dict(r) for r in _list(raw.get("rules"), "rules")]
    by_key = {_raw_key(r): i for i, r in enumerate(rows)}
    removed: set[int] = set()
    for key, patch in patches.items():
        m = _KEY.match(key)
        if not m:
            raise RulesDataError(f"override key {key!r} is not of the form id[band,...]@roles")
        if patch is not None and not isinstance(patch, Mapping):
            raise RulesDataError(f"override {key!r} must be an object or null")
        if patch is not None and (bad := set(patch) - (_ROW_KEYS - {"id", "bands", "roles"})):
            raise RulesDataError(f"override {key!r}: unknown or fixed field(s) {', '.join(sorted(bad))}")
        index = by_key.get(key)
        if index is None:
            if patch is None:
                raise RulesDataError(f"override removes {key!r}, which {raw.get('origin')} does not have")
            row: dict[str, Any] = {"id": m.group(1), **patch}
            if m.group(2):
                row["bands"] = m.group(2).split(",")
            if m.group(3):
                row["roles"] = m.group(3)
            if "unit" not in row and m.group(1) in CHECK_RULES:
                row["unit"] = CHECK_RULES[m.group(1)][0]
            by_key[key] = len(rows)
            rows.append(row)
        elif patch is None:
            removed.add(index)
        else:
            rows[index] = {**rows[index], **patch}
    doc["rules"] = [r for i, r in enumerate(rows) if i not in removed]
    return doc


def parse_document(raw: Mapping[str, Any]) -> RuleDocument:
    """Validate raw JSON data into a ``RuleDocument``; every problem is a one-line ``RulesDataError``."""
    if not isinstance(raw, Mapping):
        raise RulesDataError("a rule document must be a JSON object")
    origin = raw.get("origin")
    if not isinstance(origin, str) or not origin:
        raise RulesDataError("rule document without an origin")
    where = f"rules {origin}"
    if bad := set(raw) - _DOC_KEYS:
        raise RulesDataError(f"{where}: unknown field(s) {', '.join(sorted(bad))}")
    layer = raw.get("layer")
    if layer not in LAYERS:
        raise RulesDataError(f"{where}: layer must be one of {', '.join(LAYERS)}")
    countries = _list(raw.get("countries", list(COUNTRIES)), f"{where}: countries")
    if not all(isinstance(c, str) and c in COUNTRIES for c in countries):
        raise RulesDataError(f"{where}: countries must be among {', '.join(COUNTRIES)}")
    week_starts: int | None = None
    if raw.get("week_starts") is not None:
        ws = raw["week_starts"]
        if not isinstance(ws, str) or ws.lower() not in WEEKDAYS:
            raise RulesDataError(f"{where}: week_starts must be a weekday name")
        week_starts = WEEKDAYS.index(ws.lower())
    groups: dict[str, frozenset[str]] = {}
    for name, members in dict(raw.get("role_groups") or {}).items():
        items = _list(members, f"{where}: role_groups.{name}")
        if not all(isinstance(x, str) for x in items):
            raise RulesDataError(f"{where}: role_groups.{name} must list role names")
        groups[str(name)] = frozenset(_norm_role(x) for x in items)
    rules: list[Rule] = []
    seen: set[str] = set()
    for i, row in enumerate(_list(raw.get("rules"), f"{where}: rules")):
        rule = _parse_rule(row, cast(Layer, layer), origin, f"{where} #{i + 1}")
        if rule.key in seen:
            raise RulesDataError(f"{where}: {rule.key} appears twice")
        seen.add(rule.key)
        rules.append(rule)
    return RuleDocument(
        origin=origin,
        layer=cast(Layer, layer),
        title=str(raw.get("title") or origin),
        countries=frozenset(cast(list[str], countries)),
        rules=tuple(rules),
        role_groups=groups,
        week_starts=week_starts,
    )


def parse_window(text: str) -> ClockWindow:
    """``"22:00-06:00"`` -> ``ClockWindow(1320, 360)``."""
    parts = text.split("-") if isinstance(text, str) else []
    if len(parts) != 2:
        raise RulesDataError(f"window {text!r} must look like 22:00-06:00")
    start, end = (parse_clock(p.strip()) for p in parts)
    if start == end:
        raise RulesDataError(f"window {text!r} is empty")
    return ClockWindow(start, end)


def parse_clock(text: str) -> int:
    """``"20:00"`` -> minutes after midnight."""
    m = _CLOCK.match(text) if isinstance(text, str) else None
    if not m:
        raise RulesDataError(f"time {text!r} must look like 20:00")
    return int(m.group(1)) * 60 + int(m.group(2))


def _parse_rule(row: object, layer: Layer, origin: str, where: str) -> Rule:
    if not isinstance(row, Mapping):
        raise RulesDataError(f"{where}: a rule must be an object")
    rid = row.get("id")
    if not isinstance(rid, str) or not re.fullmatch(r"[a-z0-9_]+", rid):
        raise RulesDataError(f"{where}: id must be a lower-case identifier")
    where = f"{where} ({rid})"
    if bad := set(row) - _ROW_KEYS:
        raise RulesDataError(f"{where}: unknown field(s) {', '.join(sorted(bad))}")
    kind = row.get("kind", "check")
    if kind not in ("check", "info"):
        raise RulesDataError(f"{where}: kind must be check or info")
    if kind == "check" and rid not in CHECK_RULES:
        raise RulesDataError(f'{where}: unknown rule id (mark descriptive rows "kind": "info")')
    missing = [k for k in ("value", "unit", "source", "status", "last_checked", "includes_meals") if k not in row]
    if missing:
        raise RulesDataError(f"{where}: missing {', '.join(missing)}")
    status = row["status"]
    if status not in ("V", "S", "U"):
        raise RulesDataError(f"{where}: status must be V, S or U")
    severity = row.get("severity", "warning" if status == "U" else "error")
    if severity not in ("error", "warning"):
        raise RulesDataError(f"{where}: severity must be error or warning")
    if status == "U" and severity == "error":
        raise RulesDataError(f"{where}: an unverified [U] value cannot be an error; record a source and its status")
    try:
        checked = dt.date.fromisoformat(row["last_checked"])
    except (TypeError, ValueError):
        raise RulesDataError(f"{where}: last_checked must be YYYY-MM-DD") from None
    if not isinstance(row["includes_meals"], bool):
        raise RulesDataError(f"{where}: includes_meals must be true or false")
    if not isinstance(row["source"], str) or not row["source"].strip():
        raise RulesDataError(f"{where}: every rule needs its source")
    bands = _list(row.get("bands", []), f"{where}: bands")
    if not all(b in BANDS for b in bands):
        raise RulesDataError(f"{where}: bands must be among {', '.join(BANDS)}")
    roles = row.get("roles")
    if roles is not None and (not isinstance(roles, str) or not roles):
        raise RulesDataError(f"{where}: roles names a role group")
    enforced = row.get("check", True)
    if not isinstance(enforced, bool):
        raise RulesDataError(f"{where}: check must be true or false")
    unit = row["unit"]
    value: object = row["value"]
    if kind == "check":
        want_unit, vtype = CHECK_RULES[rid]
        if unit != want_unit:
            raise RulesDataError(f"{where}: unit must be {want_unit!r}, not {unit!r}")
        if rid in MINOR_RULES and not bands:
            raise RulesDataError(f"{where}: a minors' rule needs the bands it applies to")
        if rid in NET_ONLY_RULES and row["includes_meals"]:
            raise RulesDataError(f"{where}: ordinary hours and overtime are counted without meals")
        value = None if value is None else _parse_value(value, vtype, where)
    elif rid in CHECK_RULES:
        raise RulesDataError(f"{where}: {rid} is a check rule and cannot be info")
    return Rule(
        id=rid,
        value=value,
        unit=str(unit),
        source=row["source"].strip(),
        status=cast(Status, status),
        last_checked=checked,
        includes_meals=row["includes_meals"],
        layer=layer,
        origin=origin,
        kind=cast(Literal["check", "info"], kind),
        enforced=enforced,
        bands=frozenset(cast(list[str], bands)),
        roles=roles,
        severity=cast(Severity, severity),
        note=str(row.get("note") or ""),
    )


def _parse_value(value: object, vtype: ValueType, where: str) -> object:
    if vtype in ("hours", "minutes"):
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value < 10_000:
            raise RulesDataError(f"{where}: value must be a non-negative number")
        return float(value)
    if vtype == "count":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise RulesDataError(f"{where}: value must be a whole number")
        return value
    if vtype == "bool":
        if not isinstance(value, bool):
            raise RulesDataError(f"{where}: value must be true or false")
        return value
    if vtype == "window":
        return parse_window(cast(str, value))
    if vtype == "clock":
        return parse_clock(cast(str, value))
    if vtype == "meal":
        if not isinstance(value, Mapping) or not set(value) <= {"after_hours", "min_minutes"} or not value:
            raise RulesDataError(f"{where}: value must be {{after_hours, min_minutes}}")
        after, minutes = value.get("after_hours"), value.get("min_minutes")
        for v in (after, minutes):
            if v is not None and (isinstance(v, bool) or not isinstance(v, int | float) or v <= 0):
                raise RulesDataError(f"{where}: after_hours and min_minutes must be positive numbers")
        return MealBreak(_opt_float(after), _opt_float(minutes))
    tiers: list[MealTier] = []
    for t in _list(value, f"{where}: value"):
        if not isinstance(t, Mapping) or len(set(t) & {"from_hours", "over_hours"}) != 1 or "minutes" not in t:
            raise RulesDataError(f"{where}: each tier is {{from_hours|over_hours, minutes}}")
        hours = t.get("from_hours", t.get("over_hours"))
        minutes = t["minutes"]
        if any(isinstance(v, bool) or not isinstance(v, int | float) or v < 0 for v in (hours, minutes)):
            raise RulesDataError(f"{where}: tier hours and minutes must be numbers")
        tiers.append(MealTier(float(hours), float(minutes), inclusive="from_hours" in t))
    return tuple(tiers)


def _opt_float(value: object) -> float | None:
    return None if value is None else float(cast(float, value))


def _list(value: object, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise RulesDataError(f"{where} must be a list")
    return value


def _raw_key(row: Mapping[str, Any]) -> str:
    key = str(row.get("id"))
    if row.get("bands"):
        key += "[" + ",".join(sorted(row["bands"])) + "]"
    if row.get("roles"):
        key += "@" + str(row["roles"])
    return key


def _norm_role(role: str) -> str:
    return " ".join(role.lower().split())


def documents_for(
    country: str,
    agreements: Iterable[str | Mapping[str, Any]] | None = (),
    policy: str | Mapping[str, Any] | None = "studio",
    overrides: Overrides | None = None,
) -> list[RuleDocument]:
    """The documents of a rule set in layer order: the country's law, the opted-in agreements, the policy."""
    if country not in COUNTRIES:
        raise RulesDataError(f"unknown country {country!r} (expected one of {', '.join(COUNTRIES)})")
    raws: list[dict[str, Any]] = [shipped_document(country)]
    for agreement in agreements or ():
        if isinstance(agreement, str):
            name = agreement.upper()
            if name not in AGREEMENTS:
                raise RulesDataError(f"unknown agreement {agreement!r} (expected one of {', '.join(AGREEMENTS)})")
            raws.append(shipped_document(name))
        else:
            raws.append(dict(agreement))
    if policy == "studio":
        raws.append(shipped_document("policy"))
    elif isinstance(policy, Mapping):
        raws.append(dict(policy))
    elif policy is not None:
        raise RulesDataError(f"policy must be 'studio', a policy document or None, not {policy!r}")
    origins = [r.get("origin") for r in raws]
    if len(set(origins)) != len(origins):
        raise RulesDataError("a rule document is layered twice")
    for origin, patches in (overrides or {}).items():
        if origin not in origins:
            raise RulesDataError(f"override for {origin!r}, which is not layered here ({', '.join(map(str, origins))})")
        i = origins.index(origin)
        raws[i] = apply_overrides(raws[i], patches)
    docs = [parse_document(r) for r in raws]
    n_agreements = len(docs) - 1 - (policy is not None)
    agreement_layer: list[Layer] = ["agreement"]
    expected: list[Layer] = ["law", *(agreement_layer * n_agreements)]
    if policy is not None:
        expected.append("policy")
    for doc, layer in zip(docs, expected, strict=True):
        if doc.layer != layer:
            raise RulesDataError(f"rules {doc.origin}: layered as {layer} but declares layer {doc.layer}")
        if country not in doc.countries:
            raise RulesDataError(f"rules {doc.origin} apply to {', '.join(sorted(doc.countries))}, not {country}")
    return docs
