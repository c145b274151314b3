"""Budgets: a chart of accounts per production (above the line, below the line, post, other), budget versions
(the approved one locked, a working one editable), lines with units, rates and fringes, actuals from daily
reports and imported cost reports, dated exchange rates for reporting in US dollars, and estimates to complete.

Money is ``Decimal`` in the production's currency, rounded to that currency's minor unit
(``setwise.engines.money``).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from setwise.productions.models import Production


class AccountGroup(models.TextChoices):
    ATL = "atl", _("Above the line")
    BTL = "btl", _("Production (below the line)")
    POST = "post", _("Post-production")
    OTHER = "other", _("Other costs and contingency")


class Account(models.Model):
    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="budget_accounts")
    code = models.CharField(_("code"), max_length=12)
    name = models.CharField(_("name"), max_length=120)
    group = models.CharField(_("group"), max_length=8, choices=AccountGroup.choices)
    estimate_to_complete = models.DecimalField(
        _("estimate to complete"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Leave empty to expect the rest of the approved budget to be spent."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["production", "code"]
        constraints = [models.UniqueConstraint(fields=["production", "code"], name="unique_account_code")]
        verbose_name = _("budget account")
        verbose_name_plural = _("budget accounts")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class VersionStatus(models.TextChoices):
    WORKING = "working", _("Working")
    APPROVED = "approved", _("Approved (locked)")
    SUPERSEDED = "superseded", _("Superseded")


class BudgetVersion(models.Model):
    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="budget_versions")
    number = models.PositiveIntegerField(_("version"))
    name = models.CharField(_("name"), max_length=120)
    status = models.CharField(_("status"), max_length=12, choices=VersionStatus.choices, default=VersionStatus.WORKING)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["production", "-number"]
        constraints = [models.UniqueConstraint(fields=["production", "number"], name="unique_budget_version")]
        verbose_name = _("budget version")
        verbose_name_plural = _("budget versions")

    def __str__(self) -> str:
        return f"{self.production} v{self.number} ({self.get_status_display()})"

    @property
    def locked(self) -> bool:
        return self.status != VersionStatus.WORKING


class BudgetLine(models.Model):
    version = models.ForeignKey(BudgetVersion, on_delete=models.CASCADE, related_name="lines")
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="lines")
    description = models.CharField(_("description"), max_length=200)
    units = models.DecimalField(_("units"), max_digits=12, decimal_places=2, default=Decimal(1))
    unit_label = models.CharField(pgettext_lazy("budget unit", "unit"), max_length=20, default="allow")
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2, default=Decimal(1))
    rate = models.DecimalField(_("rate"), max_digits=18, decimal_places=2, default=Decimal(0))
    fringe_percent = models.DecimalField(_("fringes %"), max_digits=5, decimal_places=2, default=Decimal(0))
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2, editable=False, default=Decimal(0))
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "account__code", "pk"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self) -> str:
        return f"{self.account.code} {self.description}"


class ActualSource(models.TextChoices):
    DPR = "dpr", _("Daily production report")
    IMPORT = "import", _("Cost report")
    MANUAL = "manual", _("Entered by hand")


class Actual(models.Model):
    """A cost incurred, in the production's currency (converted at entry when it came in another one)."""

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="actuals")
    account = models.ForeignKey(Account, on_delete=models.RESTRICT, related_name="actuals")
    date = models.DateField(_("date"))
    description = models.CharField(_("description"), max_length=200)
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2)
    original_amount = models.DecimalField(_("original amount"), max_digits=18, decimal_places=2)
    original_currency = models.CharField(_("original currency"), max_length=3)
    source = models.CharField(_("source"), max_length=8, choices=ActualSource.choices)
    reference = models.CharField(
        _("reference"), max_length=120, blank=True, help_text=_("Keeps a re-imported line from counting twice.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["production", "-date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["production", "source", "reference"],
                condition=~models.Q(reference=""),
                name="unique_actual_reference",
            )
        ]
        verbose_name = _("actual cost")
        verbose_name_plural = _("actual costs")

    def __str__(self) -> str:
        return f"{self.date} {self.account.code} {self.amount}"


class ExchangeRate(models.Model):
    """Units of US dollars per unit of ``currency`` from ``date`` on (the latest rate on or before a date
    applies)."""

    currency = models.CharField(_("currency"), max_length=3)
    date = models.DateField(_("from"))
    usd_per_unit = models.DecimalField(_("US dollars per unit"), max_digits=18, decimal_places=10)
    history = HistoricalRecords()

    class Meta:
        ordering = ["currency", "-date"]
        constraints = [models.UniqueConstraint(fields=["currency", "date"], name="unique_exchange_rate")]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")

    def __str__(self) -> str:
        return f"{self.currency} {self.date}: {self.usd_per_unit}"
