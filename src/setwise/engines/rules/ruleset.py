"""Layered rule sets and the effective limits they give (law -> opted-in agreements -> studio policy).

Strictest wins per limit: the lowest cap (hours, overtime, consecutive days, meal interval, wrap-by time) and the
highest floor (turnaround, days off, meal length, minimum age). On a tie the lower layer keeps the limit (law
before agreement before policy), so a violation cites the law when the law and the policy say the same. Hours
caps that count meals (``includes_meals``) and caps that do not are kept apart (``*_with_meals``, ``*_net``):
both bind. Inside one document a row for a role group (e.g. Japan's child performers) replaces the general row
with the same id and band for people of that group.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .documents import COUNTRIES, Overrides, _norm_role, documents_for
from .model import (
    ClockWindow,
    EffectiveLimit,
    MealBreak,
    MealTier,
    NightBan,
    Rule,
    RuleDocument,
    RulesDataError,
    TierLimit,
    WorkLimits,
)

# A break counts as a meal break from this length when no layer says otherwise.
DEFAULT_MEAL_MIN_MINUTES = 30.0

_CAPS = {  # rule id -> WorkLimits field (lower is stricter); hours caps pick their field by includes_meals
    "max_hours_day_ordinary": "ordinary_day",
    "max_hours_week_ordinary": "ordinary_week",
    "max_overtime_day": "max_overtime_day",
    "max_overtime_week": "max_overtime_week",
    "max_overtime_month": "max_overtime_month",
    "max_overtime_year": "max_overtime_year",
    "meal_break_max_minutes": "meal_break_max_minutes",
    "max_consecutive_days": "max_consecutive_days",
}
_FLOORS = {  # rule id -> WorkLimits field (higher is stricter)
    "min_turnaround": "min_turnaround",
    "min_days_off_per_week": "min_days_off_per_week",
    "min_days_off_per_14": "min_days_off_per_14",
    "min_2_consecutive_days_off_per_14": "min_consecutive_days_off_per_14",
    "minor_min_age": "min_age",
}
_DAY_CAPS = frozenset({"max_hours_day", "minor_max_hours_day"})
_WEEK_CAPS = frozenset({"max_hours_week", "minor_max_hours_week"})
_INT_FIELDS = frozenset(
    {"min_days_off_per_week", "max_consecutive_days", "min_days_off_per_14", "min_consecutive_days_off_per_14"}
    | {"min_age"}
)


def effective(rule: Rule, value: float) -> EffectiveLimit:
    return EffectiveLimit(
        value=value,
        rule=rule.id,
        layer=rule.layer,
        origin=rule.origin,
        source=rule.source,
        status=rule.status,
        severity=rule.severity,
        includes_meals=rule.includes_meals,
    )


@dataclass(frozen=True)
class RuleSet:
    """The documents layered for one production, in order: law, agreements, policy."""

    country: str
    documents: tuple[RuleDocument, ...]
    week_start: int = 0  # 0 = Monday
    role_groups: Mapping[str, frozenset[str]] = field(default_factory=dict)
    _cache: dict[tuple[frozenset[str], frozenset[str]], WorkLimits] = field(
        default_factory=dict, compare=False, repr=False
    )

    @property
    def rules(self) -> tuple[Rule, ...]:
        return tuple(r for d in self.documents for r in d.rules)

    @property
    def agreements(self) -> tuple[str, ...]:
        return tuple(d.origin for d in self.documents if d.layer == "agreement")

    @property
    def has_policy(self) -> bool:
        return any(d.layer == "policy" for d in self.documents)

    def groups_of(self, role: str | None) -> frozenset[str]:
        """The role groups (e.g. ``performers``) a person's role belongs to."""
        if not role:
            return frozenset()
        norm = _norm_role(role)
        return frozenset(name for name, members in self.role_groups.items() if norm in members)

    def limits(self, bands: Iterable[str] = (), role: str | None = None) -> WorkLimits:
        """Effective limits for a person of these minor bands (empty: an adult) and role."""
        return self.limits_for_groups(frozenset(bands), self.groups_of(role))

    def limits_for_groups(self, bands: frozenset[str], groups: frozenset[str]) -> WorkLimits:
        key = (bands, groups)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._cache[key] = _resolve(self.documents, bands, groups)
        return hit


def load_ruleset(
    country: str,
    agreements: Iterable[str | Mapping[str, Any]] | None = (),
    policy: str | Mapping[str, Any] | None = "studio",
    overrides: Overrides | None = None,
) -> RuleSet:
    """Layer the shipped law of ``country`` (``KR``, ``JP``, ``TH``, ``ID``, ``TW``, ``AU``), the opted-in
    agreements (``EITEKI``, ``MPPA``, or custom documents) and the policy (``"studio"``, a custom document, or
    None for the law alone), after applying ``overrides`` ({origin: {rule key: patch or None}}).
    """
    agreements = tuple(agreements or ())
    if overrides is None and all(isinstance(a, str) for a in agreements) and (policy is None or policy == "studio"):
        return _shipped_ruleset(country, tuple(str(a).upper() for a in agreements), policy)
    return _build(country, documents_for(country, agreements, policy, overrides))


@lru_cache(maxsize=64)
def _shipped_ruleset(country: str, agreements: tuple[str, ...], policy: str | None) -> RuleSet:
    return _build(country, documents_for(country, agreements, policy))


def _build(country: str, docs: list[RuleDocument]) -> RuleSet:
    groups: dict[str, frozenset[str]] = {}
    week_start = 0
    for doc in docs:
        for name, members in doc.role_groups.items():
            groups[name] = groups.get(name, frozenset()) | members
        if doc.week_starts is not None:
            week_start = doc.week_starts
    for doc in docs:
        for rule in doc.rules:
            if rule.roles and rule.roles not in groups:
                raise RulesDataError(f"rules {doc.origin}: {rule.key} names an undefined role group {rule.roles!r}")
    return RuleSet(country=country, documents=tuple(docs), week_start=week_start, role_groups=groups)


def limits_for(
    country: str,
    agreements: Iterable[str | Mapping[str, Any]] | None = (),
    policy: str | Mapping[str, Any] | None = "studio",
    minor_band: str | Iterable[str] | None = None,
    *,
    role: str | None = None,
    overrides: Overrides | None = None,
) -> WorkLimits:
    """The limits a scheduler needs, as plain numbers, from the same rules ``check`` uses.

    ``minor_band`` is ``under_15``, ``15_17`` or None (adult), or an exact set from ``minor_bands``. In Taiwan a
    single band is widened to include ``child_15`` (a 15-year-old may be a child worker), which can only make
    the limits stricter than the check's.
    """
    if country not in COUNTRIES:
        raise RulesDataError(f"unknown country {country!r} (expected one of {', '.join(COUNTRIES)})")
    rs = load_ruleset(country, agreements, policy, overrides)
    if minor_band is None:
        bands: frozenset[str] = frozenset()
    elif isinstance(minor_band, str):
        if minor_band not in ("under_15", "15_17"):
            raise RulesDataError(f"minor band must be under_15 or 15_17, not {minor_band!r}")
        bands = frozenset({minor_band, "child_15"} if country == "TW" else {minor_band})
    else:
        bands = frozenset(minor_band)
    return rs.limits(bands, role)


def _applicable(doc: RuleDocument, bands: frozenset[str], groups: frozenset[str]) -> list[Rule]:
    rows = [
        r
        for r in doc.rules
        if r.kind == "check"
        and r.enforced
        and (not r.bands or r.bands & bands)
        and (r.roles is None or r.roles in groups)
    ]
    specific = [r for r in rows if r.roles is not None]
    if not specific:
        return rows
    return [
        r
        for r in rows
        if r.roles is not None or not any(s.id == r.id and (s.bands & r.bands or not s.bands) for s in specific)
    ]


def _resolve(docs: Iterable[RuleDocument], bands: frozenset[str], groups: frozenset[str]) -> WorkLimits:
    best: dict[str, tuple[float, Rule]] = {}
    tiers: list[TierLimit] = []
    bans: list[NightBan] = []

    def offer(name: str, value: float, rule: Rule, lower_is_stricter: bool) -> None:
        cur = best.get(name)
        if cur is None or (value < cur[0] if lower_is_stricter else value > cur[0]):
            best[name] = (value, rule)

    for doc in docs:
        for r in _applicable(doc, bands, groups):
            v = r.value
            if v is None:
                continue
            if r.id in _DAY_CAPS:
                offer("max_day_with_meals" if r.includes_meals else "max_day_net", _num(v), r, True)
            elif r.id in _WEEK_CAPS:
                offer("max_week_with_meals" if r.includes_meals else "max_week_net", _num(v), r, True)
            elif r.id in _CAPS:
                offer(_CAPS[r.id], _num(v), r, True)
            elif r.id in _FLOORS:
                offer(_FLOORS[r.id], _num(v), r, False)
            elif r.id == "minor_no_overtime":
                if v is True:
                    offer("no_overtime", 0.0, r, True)
            elif isinstance(v, MealBreak):
                if v.after_hours is not None:
                    offer("meal_break_after_hours", v.after_hours, r, True)
                if v.min_minutes is not None:
                    offer("meal_break_min_minutes", v.min_minutes, r, False)
            elif isinstance(v, ClockWindow):
                if all(b.window != v for b in bans):
                    bans.append(NightBan(v, effective(r, 0.0)))
            elif r.id == "minor_wrap_by":
                offer("wrap_by_hour", _num(v) / 60, r, True)
            elif r.id == "meal_break_total" and isinstance(v, tuple):
                for t in v:
                    if isinstance(t, MealTier):
                        tiers.append(TierLimit(t, effective(r, t.minutes)))
    provenance = {name: effective(rule, value) for name, (value, rule) in best.items()}
    values: dict[str, Any] = {
        name: (int(value) if name in _INT_FIELDS else value)
        for name, (value, _) in best.items()
        if name != "no_overtime"
    }
    if "meal_break_after_hours" in values and "meal_break_min_minutes" not in values:
        values["meal_break_min_minutes"] = DEFAULT_MEAL_MIN_MINUTES
    return WorkLimits(
        **values,
        no_overtime="no_overtime" in best,
        meal_tiers=tuple(tiers),
        night_bans=tuple(bans),
        provenance=provenance,
    )


def _num(v: object) -> float:
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise RulesDataError(f"expected a number, got {v!r}")
    return float(v)
