"""The call sheet as a PDF (A4 portrait, Noto fonts so Korean, Japanese, Chinese and Thai print), times in the
production's time zone."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from setwise.callsheets import selectors, timing
from setwise.callsheets.models import CallSheet
from setwise.core.pdf import font_stack, page_counter_css, render_pdf


def call_sheet_pdf(sheet: CallSheet, base_url: str, view: selectors.SheetView | None = None) -> bytes:
    production = sheet.production
    lang = production.language or "en"
    with timezone.override(timing.zone(production.time_zone)):
        context = {
            "production": production,
            "sheet": sheet,
            "view": view or selectors.sheet_view(sheet),
            "document_title": _("Call sheet"),
            "lang": lang,
            "font_stack": font_stack(lang),
            "page_counter": page_counter_css(_("Page {page} of {pages}")),
        }
        return render_pdf("callsheets/pdf/call_sheet.html", context, base_url)
