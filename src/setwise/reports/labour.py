"""Labour costs of a daily report, for the budget's actuals: each person's worked day priced at their rate.

- Cast: the daily rate of their deal (``CastTerms.daily_rate`` of the characters they play, by the cast numbers on
  the report; a performer playing two characters is paid once, at the higher rate), charged to the cast account.
- Crew: the day rate the approved budget carries for their department's account (the lines of that account counted
  in days, fringes included, averaged over their quantity), plus overtime: worked hours beyond ``CONTRACT_HOURS``
  (meal breaks excluded) at ``OVERTIME_FACTOR`` times the hourly share of the day rate.

A person without a rate (no deal, no day line in the approved budget) is left out and listed, so the line producer
sees what is missing. Reads only: ``services.approve_report`` posts the result, summed per account, with
``budgets.services.post_labour_actuals``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from setwise.budgets.models import BudgetLine, VersionStatus
from setwise.engines import money
from setwise.reports.models import DailyReport, PersonKind, ReportTime, parse_meals
from setwise.scheduling.models import CastTerms

CAST_ACCOUNT = "1500"
DEFAULT_CREW_ACCOUNT = "2000"
CONTRACT_HOURS = Decimal(12)  # a crew day rate covers 12 worked hours (meal breaks excluded)
OVERTIME_FACTOR = Decimal("1.5")
# Department words (the start of a word, lower case) -> account of the standard chart; the first match wins.
DEPARTMENT_ACCOUNTS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("assistant", "production", "script", "continuity", "조연출", "제작", "연출부", "스크립터"), "2000"),
    (("director", "감독"), "1400"),
    (("producer", "프로듀서"), "1300"),
    (("extra", "stand", "보조"), "2100"),
    (("intimacy", "safety", "medic", "인티머시", "안전"), "3600"),
    (("art", "design", "미술"), "2200"),
    (("construction", "carpent", "세트"), "2300"),
    (("grip", "rigging", "그립"), "2400"),
    (("camera", "focus", "dit", "촬영"), "2500"),
    (("electric", "lighting", "gaffer", "spark", "조명"), "2600"),
    (("wardrobe", "costume", "의상"), "2700"),
    (("make", "hair", "분장", "미용"), "2800"),
    (("sound", "boom", "audio", "동시녹음", "음향"), "2900"),
    (("location", "장소", "로케이션"), "3000"),
    (("transport", "driver", "차량"), "3100"),
    (("prop", "소품"), "3200"),
    (("effects", "sfx", "특수효과"), "3300"),
    (("stunt", "무술"), "3400"),
    (("catering", "craft", "밥차", "케이터링"), "3700"),
    (("data", "dailies", "데이터"), "3800"),
)
_DAY_UNITS = ("day", "days", "d", "일", "日", "วัน", "hari")
_WORDS = re.compile(r"\w+")


def account_for(department: str) -> str:
    """The account of a crew department (``DEFAULT_CREW_ACCOUNT`` when no word matches)."""
    words = [w.casefold() for w in _WORDS.findall(department.split(",")[0])]
    for keys, code in DEPARTMENT_ACCOUNTS:
        if any(w.startswith(k) for w in words for k in keys):
            return code
    return DEFAULT_CREW_ACCOUNT


def day_rates(production_id: int) -> dict[str, Decimal]:
    """Account code -> the approved budget's day rate with fringes (quantity-weighted over its day lines)."""
    totals: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for code, unit, quantity, rate, fringe in BudgetLine.objects.filter(
        version__production_id=production_id, version__status=VersionStatus.APPROVED
    ).values_list("account__code", "unit_label", "quantity", "rate", "fringe_percent"):
        if unit.strip().casefold() not in _DAY_UNITS or rate <= 0:
            continue
        weight = quantity if quantity > 0 else Decimal(1)
        totals[code][0] += rate * (1 + fringe / 100) * weight
        totals[code][1] += weight
    return {code: total / weight for code, (total, weight) in totals.items() if weight}


def cast_rates(production_id: int) -> dict[int, Decimal]:
    """Cast number -> daily rate of the performer's deal."""
    return {
        number: rate
        for number, rate in CastTerms.objects.filter(
            character__production_id=production_id, cast_number__isnull=False
        ).values_list("cast_number", "daily_rate")
        if number is not None and rate > 0
    }


def _numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", text)]


def worked_hours(person: ReportTime, day_meals: list[tuple[dt.datetime, dt.datetime]]) -> Decimal | None:
    """Hours from the person's actual call to their wrap, less their meal breaks (else the day's) within it."""
    call, wrap = person.actual_call, person.actual_wrap
    if call is None or wrap is None or wrap <= call:
        return None
    meals = parse_meals(person.meals) if person.meals is not None else day_meals
    seconds = (wrap - call).total_seconds()
    for start, end in meals:
        a, b = max(start, call), min(end, wrap)
        if b > a:
            seconds -= (b - a).total_seconds()
    return (Decimal(int(max(0.0, seconds))) / 3600).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class LabourCost:
    person: ReportTime
    account: str
    hours: Decimal
    day_rate: Decimal
    overtime_hours: Decimal
    amount: Decimal


@dataclass(frozen=True)
class AccountLabour:
    """A report's labour on one account: what is posted to the budget's actuals."""

    report: DailyReport
    code: str
    people: int
    overtime_hours: Decimal
    amount: Decimal

    @property
    def reference(self) -> str:
        return f"dpr:{self.report.pk}:{self.code}"

    @property
    def description(self) -> str:
        text = f"D{self.report.day_number} {self.report.date.isoformat()} · {self.people} × {self.code}"
        if self.overtime_hours:
            text += f" · OT {self.overtime_hours.normalize():f} h"
        return text[:200]


@dataclass
class Labour:
    report: DailyReport
    costs: list[LabourCost] = field(default_factory=list)
    without_rate: list[ReportTime] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((c.amount for c in self.costs), Decimal(0))

    def by_account(self) -> list[AccountLabour]:
        sums: dict[str, list[Any]] = {}
        for c in self.costs:
            row = sums.setdefault(c.account, [0, Decimal(0), Decimal(0)])
            row[0] += 1
            row[1] += c.overtime_hours
            row[2] += c.amount
        return [AccountLabour(self.report, code, n, ot, amount) for code, (n, ot, amount) in sorted(sums.items())]


def labour_costs(report: DailyReport) -> Labour:
    """The report's labour priced person by person (a fixed number of queries)."""
    currency = report.production.currency
    crew_rates = day_rates(report.production_id)
    performers = cast_rates(report.production_id)
    day_meals = parse_meals(report.meals)
    out = Labour(report)
    for person in report.times.select_related("report").order_by("kind", "position", "pk"):
        hours = worked_hours(person, day_meals)
        if hours is None:
            continue
        if person.kind == PersonKind.CAST:
            rates = [performers[n] for n in _numbers(person.cast_numbers) if n in performers]
            if not rates:
                out.without_rate.append(person)
                continue
            rate = max(rates)
            out.costs.append(
                LabourCost(person, CAST_ACCOUNT, hours, rate, Decimal(0), money.round_money(rate, currency))
            )
            continue
        account = account_for(person.department)
        day_rate = crew_rates.get(account)
        if day_rate is None:
            out.without_rate.append(person)
            continue
        overtime = max(Decimal(0), hours - CONTRACT_HOURS)
        amount = day_rate + overtime * day_rate / CONTRACT_HOURS * OVERTIME_FACTOR
        out.costs.append(LabourCost(person, account, hours, day_rate, overtime, money.round_money(amount, currency)))
    return out
