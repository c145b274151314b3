"""The demo world's calendar: every date of the world is written for one base day and moved to the day the world
is built by a whole number of weeks (so every weekday stays the same).

The base day is Monday 17 March 2025: the flagship has shot the first ten days of its board (Tuesday 4 to Friday
14 March, two five-day weeks) and the daily reports are in. ``anchor_for(today)`` picks the weeks so that on
``today`` the board's first ten shooting dates end in the last complete working week before it (the week whose
Friday has passed; by its Saturday, and before today). Public holidays are skipped as the board skips them, so a
holiday among those days moves the tenth day later; when that takes it past the week (or to today), the world
moves a week further back. The same shift moves every production, so the slate's past productions stay in the past
and the coming ones ahead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import islice
from zoneinfo import ZoneInfo

from django.utils import timezone

from setwise.scheduling.models import Board
from setwise.scheduling.services import shooting_dates

BASE_TODAY = dt.date(2025, 3, 17)  # the day the world is written for
ZONE = ZoneInfo("Asia/Seoul")  # the flagship's time zone: "today" is the production office's date
_SEARCH_WEEKS = 8  # weeks tried back from today's (public holidays never need more than two)


@dataclass(frozen=True)
class Anchor:
    """The world built on ``today``: every base date moves by ``weeks`` weeks, collaboration years by ``years``."""

    today: dt.date
    weeks: int

    def date(self, base: dt.date) -> dt.date:
        return base + dt.timedelta(weeks=self.weeks)

    @property
    def years(self) -> int:
        return self.today.year - BASE_TODAY.year


def local_today() -> dt.date:
    """Today in the flagship's time zone."""
    return timezone.now().astimezone(ZONE).date()


def anchor_for(today: dt.date, first_day: dt.date, country: str, weekdays: list[int], reported: int) -> Anchor:
    """The anchor for ``today``: the board that starts on ``first_day`` (moved) with the flagship's working
    ``weekdays`` and ``country``'s public holidays has its first ``reported`` shooting dates before ``today``, the
    last of them in the last complete working week (or in an earlier week when public holidays push it out)."""
    last = _shooting_dates(first_day, country, weekdays, reported)[-1]
    # the last date before today on the weekday the reported days end on (a Friday), and the day after it at most
    target = today - dt.timedelta(days=(today.weekday() - last.weekday() - 1) % 7 + 1)
    limit = min(target + dt.timedelta(days=1), today - dt.timedelta(days=1))
    weeks = (target - last).days // 7
    for _n in range(_SEARCH_WEEKS):
        if _shooting_dates(first_day + dt.timedelta(weeks=weeks), country, weekdays, reported)[-1] <= limit:
            return Anchor(today, weeks)
        weeks -= 1
    raise RuntimeError(f"no week before {today} has {reported} shooting dates by {limit}")  # pragma: no cover


def _shooting_dates(start: dt.date, country: str, weekdays: list[int], count: int) -> list[dt.date]:
    """The first ``count`` dates a board starting on ``start`` shoots on, as the scheduling app lays them out."""
    board = Board(start_date=start, working_weekdays=weekdays, skip_public_holidays=True)
    return list(islice(shooting_dates(board, country), count))
