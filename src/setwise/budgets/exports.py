"""The top sheet as XLSX and PDF (with the detail of every line under its account in the spreadsheet)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from setwise.budgets.models import BudgetLine
from setwise.budgets.selectors import TopSheet
from setwise.core.pdf import font_stack, page_counter_css, render_pdf


def top_sheet_xlsx(sheet: TopSheet) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = _("Top sheet")[:31]
    bold = Font(bold=True)
    currency = sheet.production.currency
    ws.append([sheet.production.title, currency])
    head = [_("Account"), _("Working budget"), _("Approved budget"), _("Actual"), _("Estimate at completion"),
            _("Variance")]  # fmt: skip
    ws.append(head)
    for cell in ws[2]:
        cell.font = bold
    for group in sheet.groups:
        ws.append([group.label])
        ws.cell(ws.max_row, 1).font = bold
        for r in group.rows:
            ws.append([r.label, r.working, r.approved, r.actual, r.eac, r.variance])
        t = group.total
        ws.append([_("Total"), t.working, t.approved, t.actual, t.eac, t.variance])
        for cell in ws[ws.max_row]:
            cell.font = bold
    t = sheet.total
    ws.append([_("Grand total"), t.working, t.approved, t.actual, t.eac, t.variance])
    for cell in ws[ws.max_row]:
        cell.font = bold
    ws.column_dimensions["A"].width = 40
    for col in "BCDEF":
        ws.column_dimensions[col].width = 18
    detail = wb.create_sheet(_("Detail")[:31])
    detail.append([_("Account"), _("Description"), _("Units"), pgettext("budget unit", "Unit"), _("Quantity"),
                   _("Rate"), _("Fringes %"), _("Amount")])  # fmt: skip
    if sheet.working is not None:
        for line in BudgetLine.objects.filter(version=sheet.working).select_related("account"):
            detail.append([f"{line.account.code} {line.account.name}", line.description, line.units, line.unit_label,
                           line.quantity, line.rate, line.fringe_percent, line.amount])  # fmt: skip
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def top_sheet_pdf(sheet: TopSheet, base_url: str) -> bytes:
    lang = sheet.production.language or "en"
    return render_pdf(
        "budgets/pdf/top_sheet.html",
        {
            "sheet": sheet,
            "production": sheet.production,
            "document_title": _("Budget top sheet"),
            "lang": lang,
            "font_stack": font_stack(lang),
            "page_counter": page_counter_css(_("Page {page} of {pages}")),
        },
        base_url,
    )
