"""Writes of budgets: the chart of accounts, versions (approve locks one and opens the next working copy), lines,
actuals (entered, imported from cost reports, or posted from daily reports) and exchange rates.

Each write checks ``Perm.EDIT_BUDGET`` (rates: studio admins), runs in one transaction, and is recorded by the
models' history. A cost report with any bad row stores nothing and says which rows are wrong.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from setwise.accounts.permissions import has_production_perm
from setwise.accounts.roles import Perm, StaffRole
from setwise.budgets.models import (
    Account,
    Actual,
    ActualSource,
    BudgetLine,
    BudgetVersion,
    ExchangeRate,
    VersionStatus,
)
from setwise.engines import money
from setwise.productions.models import Production

CHART = Path(__file__).parent / "data" / "chart_of_accounts.json"
MAX_ROWS = 20_000


def can_view_budget(user: Any, production: Production) -> bool:
    return has_production_perm(user, Perm.VIEW_BUDGET, production)


def can_edit_budget(user: Any, production: Production) -> bool:
    return has_production_perm(user, Perm.EDIT_BUDGET, production)


def _require(user: Any, production: Production) -> None:
    if not can_edit_budget(user, production):
        raise PermissionDenied("You may not change this production's budget")


def ensure_accounts(production: Production) -> list[Account]:
    """The production's chart of accounts, created from the standard chart the first time."""
    accounts = list(Account.objects.filter(production=production))
    if accounts:
        return accounts
    chart = json.loads(CHART.read_text(encoding="utf-8"))
    Account.objects.bulk_create(
        Account(production=production, code=code, name=name, group=group) for code, name, group in chart["accounts"]
    )
    return list(Account.objects.filter(production=production))


def create_budget(user: Any, production: Production, name: str) -> BudgetVersion:
    """A new working version (the first budget of a production, or a fresh scenario)."""
    _require(user, production)
    name = name.strip()[:120] or _("Budget")
    with transaction.atomic():
        ensure_accounts(production)
        number = (BudgetVersion.objects.filter(production=production).aggregate(m=Max("number"))["m"] or 0) + 1
        return BudgetVersion.objects.create(production=production, number=number, name=name, created_by=_user(user))


def _user(user: Any) -> Any:
    return user if getattr(user, "pk", None) else None


def _editable(user: Any, version: BudgetVersion) -> None:
    _require(user, version.production)
    if version.locked:
        raise ValidationError(_("This version is approved and locked; change the working version instead."))


@dataclass(frozen=True)
class LineData:
    account: Account
    description: str
    units: Decimal = Decimal(1)
    unit_label: str = "allow"
    quantity: Decimal = Decimal(1)
    rate: Decimal = Decimal(0)
    fringe_percent: Decimal = Decimal(0)


def _fill(line: BudgetLine, data: LineData, currency: str) -> None:
    if data.account.production_id != line.version.production_id:
        raise ValidationError({"account": _("This account belongs to another production.")})
    if min(data.units, data.quantity, data.rate) < 0 or not 0 <= data.fringe_percent <= 100:
        raise ValidationError(_("Units, quantity and rate cannot be negative; fringes are 0 to 100%."))
    line.account = data.account
    line.description = data.description.strip()[:200]
    line.units, line.unit_label = data.units, data.unit_label.strip()[:20] or "allow"
    line.quantity, line.rate, line.fringe_percent = data.quantity, data.rate, data.fringe_percent
    line.amount = money.line_amount(data.units, data.quantity, data.rate, data.fringe_percent, currency)


def add_line(user: Any, version: BudgetVersion, data: LineData) -> BudgetLine:
    _editable(user, version)
    line = BudgetLine(version=version)
    _fill(line, data, version.production.currency)
    line.save()
    return line


def update_line(user: Any, line: BudgetLine, data: LineData) -> BudgetLine:
    _editable(user, line.version)
    _fill(line, data, line.version.production.currency)
    line.save()
    return line


def delete_line(user: Any, line: BudgetLine) -> None:
    _editable(user, line.version)
    line.delete()


def approve(user: Any, version: BudgetVersion) -> BudgetVersion:
    """Lock ``version`` as the approved budget (the one before it is superseded) and open the next working
    version as a copy of it. Returns the new working version."""
    _editable(user, version)
    with transaction.atomic():
        BudgetVersion.objects.filter(production=version.production, status=VersionStatus.APPROVED).update(
            status=VersionStatus.SUPERSEDED
        )
        version.status = VersionStatus.APPROVED
        version.approved_by = _user(user)
        version.approved_at = timezone.now()
        version.save()
        number = (BudgetVersion.objects.filter(production=version.production).aggregate(m=Max("number"))["m"] or 0) + 1
        working = BudgetVersion.objects.create(
            production=version.production,
            number=number,
            name=_("Working after v%(number)s") % {"number": version.number},
            created_by=_user(user),
        )
        BudgetLine.objects.bulk_create(
            BudgetLine(
                version=working,
                account_id=line.account_id,
                description=line.description,
                units=line.units,
                unit_label=line.unit_label,
                quantity=line.quantity,
                rate=line.rate,
                fringe_percent=line.fringe_percent,
                amount=line.amount,
            )
            for line in version.lines.all()
        )
    return working


def set_estimate_to_complete(user: Any, account: Account, value: Decimal | None) -> Account:
    _require(user, account.production)
    if value is not None and value < 0:
        raise ValidationError({"estimate_to_complete": _("An estimate cannot be negative.")})
    account.estimate_to_complete = money.round_money(value, account.production.currency) if value is not None else None
    account.save(update_fields=["estimate_to_complete"])
    return account


# --- exchange rates and actuals -------------------------------------------------------------------------------------


def set_rate(user: Any, currency: str, date: dt.date, usd_per_unit: Decimal) -> ExchangeRate:
    """Record a dated rate (studio-wide: studio administrators)."""
    if getattr(user, "staff_role", "") != StaffRole.STUDIO_ADMIN:
        raise PermissionDenied("Only studio administrators record exchange rates")
    currency = currency.strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        raise ValidationError({"currency": _("A currency is a three-letter ISO 4217 code.")})
    if usd_per_unit <= 0:
        raise ValidationError({"usd_per_unit": _("A rate must be positive.")})
    rate, _created = ExchangeRate.objects.update_or_create(
        currency=currency, date=date, defaults={"usd_per_unit": usd_per_unit}
    )
    return rate


def usd_rate(currency: str, on: dt.date) -> Decimal | None:
    """US dollars per unit of ``currency`` on ``on`` (the latest rate from that day or before)."""
    if currency.upper() == "USD":
        return Decimal(1)
    rate = ExchangeRate.objects.filter(currency=currency.upper(), date__lte=on).order_by("-date").first()
    return rate.usd_per_unit if rate else None


def _in_production_currency(production: Production, amount: Decimal, currency: str, on: dt.date) -> Decimal:
    currency = currency.upper() or production.currency
    if currency == production.currency.upper():
        return money.round_money(amount, currency)
    source, target = usd_rate(currency, on), usd_rate(production.currency, on)
    if source is None or target is None:
        missing = currency if source is None else production.currency
        raise ValidationError(_("No exchange rate for %(currency)s on or before %(date)s.") % {
            "currency": missing, "date": on.isoformat()
        })  # fmt: skip
    return money.convert(amount, source / target, production.currency)


def in_production_currency(production: Production, amount: Decimal, currency: str, on: dt.date) -> Decimal:
    """``amount`` in ``currency`` converted to the production's currency at the rates of ``on`` and rounded to it;
    ValidationError when a rate is missing (other apps' costs, e.g. VFX bids, go through this)."""
    return _in_production_currency(production, amount, currency, on)


@dataclass
class ActualRow:
    account: str
    date: dt.date
    description: str
    amount: Decimal
    currency: str = ""
    reference: str = ""


def record_actuals(user: Any, production: Production, rows: list[ActualRow], source: str = ActualSource.MANUAL) -> int:
    """Store actual costs (all or nothing). A row whose reference was already recorded for this source is
    updated, not added twice (re-importing a cost report, re-approving a daily report). Returns rows stored."""
    if user is not None:
        _require(user, production)
    if source not in ActualSource.values:
        raise ValueError(f"unknown source {source!r}")
    accounts = {a.code: a for a in ensure_accounts(production)}
    errors: list[str] = []
    prepared: list[tuple[ActualRow, Account, Decimal]] = []
    for i, row in enumerate(rows, start=1):
        account = accounts.get(row.account.strip())
        if account is None:
            errors.append(_("Row %(row)s: no account %(code)s.") % {"row": i, "code": row.account})
            continue
        try:
            amount = _in_production_currency(production, row.amount, row.currency, row.date)
        except ValidationError as exc:
            errors.append(_("Row %(row)s: %(error)s") % {"row": i, "error": " ".join(exc.messages)})
            continue
        prepared.append((row, account, amount))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for row, account, amount in prepared:
            values = {
                "account": account,
                "date": row.date,
                "description": row.description.strip()[:200],
                "amount": amount,
                "original_amount": row.amount,
                "original_currency": (row.currency or production.currency).upper(),
            }
            if row.reference:
                Actual.objects.update_or_create(
                    production=production, source=source, reference=row.reference[:120], defaults=values
                )
            else:
                Actual.objects.create(production=production, source=source, **values)
    return len(prepared)


# --- cost reports -------------------------------------------------------------------------------------------------

COLUMNS = {
    "date": "date",
    "account": "account",
    "code": "account",
    "description": "description",
    "amount": "amount",
    "currency": "currency",
    "reference": "reference",
    "ref": "reference",
}


@dataclass
class ImportResult:
    stored: int = 0
    errors: list[str] = field(default_factory=list)


def _rows_from_file(data: bytes, filename: str) -> list[dict[str, Any]]:
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
        except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
            message = _("This is not a readable XLSX file (%(error)s).") % {"error": type(exc).__name__}
            raise ValidationError(message) from None
        if sheet is None:
            return []
        values: list[tuple[Any, ...]] = list(sheet.iter_rows(values_only=True))
    else:
        best = from_bytes(data).best()
        if best is None:
            raise ValidationError(_("The file's text encoding could not be read."))
        values = [tuple(row) for row in csv.reader(io.StringIO(str(best)))]
    if not values:
        return []
    header = [COLUMNS.get(str(h or "").strip().lower(), "") for h in values[0]]
    missing = {"date", "account", "amount"} - set(header)
    if missing:
        raise ValidationError(_("Missing columns: %(columns)s.") % {"columns": ", ".join(sorted(missing))})
    return [dict(zip(header, row, strict=False)) for row in values[1 : MAX_ROWS + 2]]


def _parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value).strip())


def import_cost_report(user: Any, production: Production, data: bytes, filename: str) -> ImportResult:
    """A cost report (CSV or XLSX with columns date, account, description, amount, and optionally currency and
    reference) as actuals. Nothing is stored unless every row is right."""
    _require(user, production)
    try:
        raw = _rows_from_file(data, filename)
    except ValidationError as exc:
        return ImportResult(errors=list(exc.messages))
    if len(raw) > MAX_ROWS:
        return ImportResult(errors=[_("At most %(n)s rows per file.") % {"n": MAX_ROWS}])
    rows: list[ActualRow] = []
    errors: list[str] = []
    for i, r in enumerate(raw, start=2):
        if not any(v not in (None, "") for v in r.values()):
            continue
        try:
            amount = Decimal(str(r.get("amount")).replace(",", "").strip())
            rows.append(
                ActualRow(
                    account=str(r.get("account") or "").strip(),
                    date=_parse_date(r.get("date")),
                    description=str(r.get("description") or "").strip(),
                    amount=amount,
                    currency=str(r.get("currency") or "").strip(),
                    reference=str(r.get("reference") or "").strip(),
                )
            )
        except (InvalidOperation, ValueError, TypeError):
            errors.append(_("Line %(line)s: a date (YYYY-MM-DD) and a number are needed.") % {"line": i})
    if errors:
        return ImportResult(errors=errors)
    try:
        stored = record_actuals(user, production, rows, ActualSource.IMPORT)
    except ValidationError as exc:
        return ImportResult(errors=list(exc.messages))
    return ImportResult(stored=stored)


def post_labour_actuals(production: Production, date: dt.date, lines: list[tuple[str, str, Decimal, str]]) -> int:
    """Labour costs of a shoot day from its approved daily report: (account code, description, amount,
    reference) in the production's currency. Posting the same day again replaces its lines (by reference)."""
    rows = [ActualRow(code, date, description, amount, "", reference) for code, description, amount, reference in lines]
    return record_actuals(None, production, rows, ActualSource.DPR)
