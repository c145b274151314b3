"""The flagship's call sheets in the demo world, as the production office has them on the day the world is built
for (``today``): the sheet of the next shoot day (today's, when today is a shoot day) issued the evening before
it, and the sheet of the shoot day after that as a draft the 2nd AD is working on. The closed-set sheet of the
intimate scene already shot is issued by ``demo.intimacy`` before its day.

Issuing goes through the call sheet service (the people on it are sent their personal links by the task queue);
the demo dates the issue to six in the evening before the day, never later than now."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from setwise.callsheets import services
from setwise.callsheets.models import CallSheet
from setwise.intimacy.protocol import zone
from setwise.productions.models import Production
from setwise.scheduling.models import BoardStatus

ISSUE_HOUR = 18  # call sheets go out at six in the evening before the day
BASE_URL = ""  # personal links in the demo's e-mails are relative, like the riders' links


def issue(admin: Any, sheet: CallSheet) -> CallSheet:
    """Issue ``sheet``, dated the evening before its day (never later than now)."""
    services.issue_call_sheet(admin, sheet, BASE_URL)
    production = sheet.production
    evening = dt.datetime.combine(
        sheet.date - dt.timedelta(days=1), dt.time(ISSUE_HOUR), tzinfo=zone(production.time_zone)
    )
    CallSheet.objects.filter(pk=sheet.pk).update(issued_at=min(timezone.now(), evening))
    sheet.refresh_from_db()
    return sheet


def build(admin: Any, production: Production, today: dt.date) -> list[CallSheet]:
    """The next shoot day's sheet on or after ``today``, issued, and the following day's, a draft."""
    board = production.boards.filter(status=BoardStatus.ACTIVE).order_by("pk").first()
    if board is None:
        return []
    coming = list(board.days.filter(date__gte=today).order_by("number")[:2])
    sheets = [services.generate_call_sheet(admin, production, day.number, unit=board.unit) for day in coming]
    if sheets:
        sheets[0] = issue(admin, sheets[0])
    return sheets
