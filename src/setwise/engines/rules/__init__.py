"""Working-hour rules engine: rules as data, layered, and one check for plans and actuals alike. No Django here.

- Rules are JSON documents in ``tables/`` (one per country's law: KR, JP, TH, ID, TW, AU; the agreements EITEKI
  and MPPA a production opts into; the studio policy), each row with its ``id``, ``value``, ``unit``,
  ``source``, ``status`` ([V]/[S]/[U]), ``last_checked`` and ``includes_meals`` (see ``documents``).
- ``load_ruleset(country, agreements, policy, overrides)`` layers law -> agreements -> policy; the strictest
  value wins per limit and each effective limit knows its rule, layer and source (see ``ruleset``).
- ``check(plan, rules)`` returns the ``Violation``s of a ``Plan`` of people and shifts (see ``check`` for how
  days, weeks, meals, daylight saving and minors are measured).
- ``limits_for(country, agreements, policy, minor_band)`` gives a scheduler the same limits as plain numbers.
- ``plan_from_json`` / ``violations_to_json``: the ``setwise rules check`` contract (see ``jsonio``).
"""

from __future__ import annotations

from .bands import age_on, minor_band, minor_bands
from .check import check, zone
from .documents import AGREEMENTS, CHECK_RULES, COUNTRIES, parse_document, shipped_document
from .jsonio import PlanDocument, plan_from_json, violations_to_json
from .model import (
    ClockWindow,
    EffectiveLimit,
    Layer,
    MealBreak,
    MealTier,
    NightBan,
    Person,
    Plan,
    PlanError,
    Rule,
    RuleDocument,
    RulesDataError,
    RulesError,
    Shift,
    Status,
    TierLimit,
    Violation,
    WorkLimits,
)
from .ruleset import DEFAULT_MEAL_MIN_MINUTES, RuleSet, limits_for, load_ruleset

__all__ = [
    "AGREEMENTS",
    "CHECK_RULES",
    "COUNTRIES",
    "DEFAULT_MEAL_MIN_MINUTES",
    "ClockWindow",
    "EffectiveLimit",
    "Layer",
    "MealBreak",
    "MealTier",
    "NightBan",
    "Person",
    "Plan",
    "PlanDocument",
    "PlanError",
    "Rule",
    "RuleDocument",
    "RuleSet",
    "RulesDataError",
    "RulesError",
    "Shift",
    "Status",
    "TierLimit",
    "Violation",
    "WorkLimits",
    "age_on",
    "check",
    "limits_for",
    "load_ruleset",
    "minor_band",
    "minor_bands",
    "parse_document",
    "plan_from_json",
    "shipped_document",
    "violations_to_json",
    "zone",
]
