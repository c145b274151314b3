"""Day out of days as a spreadsheet (openpyxl) and as PDF (A4 landscape, WeasyPrint with the Noto fonts)."""

from __future__ import annotations

import io

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from setwise.core.pdf import font_stack, page_counter_css, render_pdf
from setwise.scheduling.dood import DayOutOfDays
from setwise.scheduling.models import Board

CODE_FILLS = {
    "SW": "C6EFCE",
    "SWF": "C6EFCE",
    "PW": "C6EFCE",
    "W": "E2EFDA",
    "WF": "F8CBAD",
    "H": "FFF2CC",
    "HO": "EDEDED",
    "T": "DDEBF7",
    "D": "FFFFFF",
}


def dood_xlsx(board: Board, dood: DayOutOfDays) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Day out of days")[:31]
    bold = Font(bold=True)
    head = [_("Cast"), _("Character")]
    for d in dood.dates:
        number = dood.day_numbers.get(d)
        head.append(f"{date_format(d, 'D j M')}\n{_('Day %(n)s') % {'n': number} if number else _('off')}")
    head += [_("Work"), _("Hold"), _("Holidays"), _("Travel"), _("Paid days"), _("Daily rate"), _("Cost")]
    sheet.append(head)
    for cell in sheet[1]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, horizontal="center")
    for row in dood.rows:
        values: list[object] = [row.performer.number or "", row.performer.name]
        values += [row.codes.get(d, "") for d in dood.dates]
        values += [row.work, row.hold, row.holidays, row.travel, row.paid_days, row.performer.daily_rate, row.cost]
        sheet.append(values)
        excel_row = sheet.max_row
        for i, d in enumerate(dood.dates, start=3):
            code = row.codes.get(d)
            if code in CODE_FILLS:
                sheet.cell(excel_row, i).fill = PatternFill("solid", fgColor=CODE_FILLS[code])
            sheet.cell(excel_row, i).alignment = Alignment(horizontal="center")
    sheet.column_dimensions["B"].width = 24
    for i in range(3, 3 + len(dood.dates)):
        sheet.column_dimensions[get_column_letter(i)].width = 7
    sheet.freeze_panes = "C2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def dood_pdf(board: Board, dood: DayOutOfDays, base_url: str, show_cost: bool = False) -> bytes:
    production = board.production
    lang = production.language or "en"
    context = {
        "production": production,
        "board": board,
        "dood": dood,
        "rows": dood.rows,
        "show_cost": show_cost,
        "document_title": _("Day out of days"),
        "lang": lang,
        "font_stack": font_stack(lang),
        "page_counter": page_counter_css(_("Page {page} of {pages}")),
    }
    return render_pdf("scheduling/pdf/dood.html", context, base_url)
