"""Reads of budgets: the top sheet (per account and group: working and approved budget, actuals, estimate at
completion and variance, with US dollars at the latest rate) and the variance summary for health pages (one
production, or many at once in a fixed number of queries)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from setwise.budgets.models import Account, AccountGroup, Actual, BudgetLine, BudgetVersion, VersionStatus
from setwise.budgets.services import usd_rate
from setwise.engines import money
from setwise.productions.models import Production

ZERO = Decimal(0)


def working_version(production: Production) -> BudgetVersion | None:
    return BudgetVersion.objects.filter(production=production, status=VersionStatus.WORKING).order_by("-number").first()


def approved_version(production: Production) -> BudgetVersion | None:
    return BudgetVersion.objects.filter(production=production, status=VersionStatus.APPROVED).first()


@dataclass
class Row:
    account: Account | None
    label: str
    working: Decimal = ZERO
    approved: Decimal = ZERO
    actual: Decimal = ZERO
    eac: Decimal = ZERO

    @property
    def variance(self) -> Decimal:
        """Approved budget minus estimate at completion: positive is under budget."""
        return self.approved - self.eac

    @property
    def spent_percent(self) -> float | None:
        return float(self.actual / self.approved * 100) if self.approved else None


@dataclass
class Group:
    group: str
    label: str
    rows: list[Row] = field(default_factory=list)
    total: Row = field(default_factory=lambda: Row(None, ""))


@dataclass
class TopSheet:
    production: Production
    working: BudgetVersion | None
    approved: BudgetVersion | None
    groups: list[Group]
    total: Row
    usd_per_unit: Decimal | None

    def usd(self, amount: Decimal) -> Decimal | None:
        return money.convert(amount, self.usd_per_unit, "USD") if self.usd_per_unit is not None else None

    @property
    def total_usd(self) -> Decimal | None:
        return self.usd(self.total.eac)


def _sums(version: BudgetVersion | None) -> dict[int, Decimal]:
    if version is None:
        return {}
    return {
        row["account_id"]: row["s"] or ZERO
        for row in BudgetLine.objects.filter(version=version).values("account_id").annotate(s=Sum("amount"))
    }


def top_sheet(production: Production, on: dt.date | None = None) -> TopSheet:
    working, approved = working_version(production), approved_version(production)
    w, a = _sums(working), _sums(approved)
    actual = {
        row["account_id"]: row["s"] or ZERO
        for row in Actual.objects.filter(production=production).values("account_id").annotate(s=Sum("amount"))
    }
    groups = {g: Group(g, str(label)) for g, label in AccountGroup.choices}
    total = Row(None, "")
    for account in Account.objects.filter(production=production).order_by("code"):
        budget = a.get(account.pk, ZERO) if approved else w.get(account.pk, ZERO)
        spent = actual.get(account.pk, ZERO)
        row = Row(
            account,
            f"{account.code} {account.name}",
            working=w.get(account.pk, ZERO),
            approved=a.get(account.pk, ZERO),
            actual=spent,
            eac=money.estimate_at_completion(budget, spent, account.estimate_to_complete),
        )
        group = groups[account.group]
        group.rows.append(row)
        for target in (group.total, total):
            target.working += row.working
            target.approved += row.approved
            target.actual += row.actual
            target.eac += row.eac
    rate = usd_rate(production.currency, on or dt.date.today())
    return TopSheet(production, working, approved, [g for g in groups.values() if g.rows], total, rate)


def variance(production: Production) -> dict[str, Decimal | float | None] | None:
    """Approved budget, estimate at completion and their difference (and as a percentage of the budget), for the
    production health page; None without an approved budget."""
    if approved_version(production) is None:
        return None
    sheet = top_sheet(production)
    t = sheet.total
    return {
        "approved": t.approved,
        "actual": t.actual,
        "eac": t.eac,
        "variance": t.variance,
        "variance_percent": float(t.variance / t.approved * 100) if t.approved else None,
    }


def variances(productions: Sequence[Production]) -> dict[int, dict[str, Decimal | float | None] | None]:
    """``variance`` of several productions in four queries whatever their number (None: no approved budget)."""
    out: dict[int, dict[str, Decimal | float | None] | None] = {p.pk: None for p in productions}
    approved = dict(
        BudgetVersion.objects.filter(production_id__in=list(out), status=VersionStatus.APPROVED).values_list(
            "pk", "production_id"
        )
    )
    if not approved:
        return out
    budget: dict[int, Decimal] = {}
    for account_id, total in (
        BudgetLine.objects.filter(version_id__in=list(approved)).values("account_id").annotate(s=Sum("amount"))
    ).values_list("account_id", "s"):
        budget[account_id] = total or ZERO
    producing = list(set(approved.values()))
    spent: dict[int, Decimal] = {
        account_id: total or ZERO
        for account_id, total in Actual.objects.filter(production_id__in=producing)
        .values("account_id")
        .annotate(s=Sum("amount"))
        .values_list("account_id", "s")
    }
    totals: dict[int, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO, ZERO])
    for account_id, production_id, to_complete in Account.objects.filter(production_id__in=producing).values_list(
        "pk", "production_id", "estimate_to_complete"
    ):
        a, actual = budget.get(account_id, ZERO), spent.get(account_id, ZERO)
        t = totals[production_id]
        t[0] += a
        t[1] += actual
        t[2] += money.estimate_at_completion(a, actual, to_complete)
    for production_id in producing:
        a, actual, eac = totals[production_id]
        out[production_id] = {
            "approved": a,
            "actual": actual,
            "eac": eac,
            "variance": a - eac,
            "variance_percent": float((a - eac) / a * 100) if a else None,
        }
    return out
