from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from setwise.budgets.models import Account
from setwise.budgets.services import LineData
from setwise.productions.models import Production


class LineForm(forms.Form):
    account = forms.ModelChoiceField(label=_("Account"), queryset=Account.objects.none())
    description = forms.CharField(label=_("Description"), max_length=200)
    units = forms.DecimalField(label=_("Units"), min_value=0, max_digits=12, decimal_places=2, initial=1)
    unit_label = forms.CharField(label=pgettext_lazy("budget unit", "Unit"), max_length=20, initial="days")
    quantity = forms.DecimalField(label=_("Quantity"), min_value=0, max_digits=12, decimal_places=2, initial=1)
    rate = forms.DecimalField(label=_("Rate"), min_value=0, max_digits=18, decimal_places=2)
    fringe_percent = forms.DecimalField(
        label=_("Fringes %"), min_value=0, max_value=100, max_digits=5, decimal_places=2, initial=0
    )

    def __init__(self, production: Production, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["account"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Account.objects.filter(production=production)

    def line_data(self) -> LineData:
        d = self.cleaned_data
        return LineData(
            account=d["account"],
            description=d["description"],
            units=d["units"],
            unit_label=d["unit_label"],
            quantity=d["quantity"],
            rate=d["rate"],
            fringe_percent=d["fringe_percent"] or Decimal(0),
        )


class CostReportForm(forms.Form):
    file = forms.FileField(
        label=_("Cost report"),
        help_text=_("CSV or XLSX with the columns date, account, description, amount (and currency, reference)."),
    )
