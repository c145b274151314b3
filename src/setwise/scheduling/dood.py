"""Day out of days: for each cast member, what each calendar day of the shoot is to them.

Codes, as production offices print them:
``SW`` start work (first work day), ``W`` work, ``WF`` work finish (last work day), ``SWF`` start and finish on
one day, ``H`` hold (engaged and paid, not working), ``HO`` a holiday or day off inside the engagement,
``T`` travel (the day before starting and the day after finishing, for performers who travel in),
``D`` dropped (between a drop and a pick-up: unpaid), ``PW`` pick-up work (the first work day after a drop).

A performer whose deal allows drop and pick-up is dropped across a gap between work days of at least
``drop_min_days`` calendar days (ten by default, the usual minimum); otherwise the gap is held.

``compute`` works on plain dates (dates in, codes out); ``for_board`` adapts a board to it.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal

from setwise.breakdown.models import SceneCharacter
from setwise.scheduling.models import Board, CastTerms, Strip, StripKind

WORK_CODES = {"SW", "W", "WF", "SWF", "PW"}
PAID_CODES = WORK_CODES | {"H", "HO", "T"}


@dataclass(frozen=True)
class Performer:
    key: int
    name: str
    number: int | None
    work_dates: frozenset[dt.date]
    daily_rate: Decimal = Decimal(0)
    drop_pickup: bool = False
    travel: bool = False


@dataclass
class Row:
    performer: Performer
    codes: dict[dt.date, str] = field(default_factory=dict)
    cells: list[str] = field(default_factory=list)  # the codes in the order of ``DayOutOfDays.dates``

    def count(self, *codes: str) -> int:
        return sum(1 for c in self.codes.values() if c in codes)

    @property
    def work(self) -> int:
        return self.count(*WORK_CODES)

    @property
    def hold(self) -> int:
        return self.count("H")

    @property
    def holidays(self) -> int:
        return self.count("HO")

    @property
    def travel(self) -> int:
        return self.count("T")

    @property
    def dropped(self) -> int:
        return self.count("D")

    @property
    def paid_days(self) -> int:
        return self.count(*PAID_CODES)

    @property
    def cost(self) -> Decimal:
        return self.performer.daily_rate * self.paid_days

    @property
    def start(self) -> dt.date | None:
        return min(self.performer.work_dates, default=None)

    @property
    def finish(self) -> dt.date | None:
        return max(self.performer.work_dates, default=None)


@dataclass
class DayOutOfDays:
    dates: list[dt.date]  # every calendar date from the first shoot day (minus travel) to the last
    shoot_dates: frozenset[dt.date]
    day_numbers: dict[dt.date, int]
    rows: list[Row]

    @property
    def total_cost(self) -> Decimal:
        return sum((r.cost for r in self.rows), Decimal(0))


def compute(shoot_dates: list[dt.date], performers: list[Performer], drop_min_days: int = 10) -> DayOutOfDays:
    shoot = sorted(set(shoot_dates))
    shoot_set = frozenset(shoot)
    rows: list[Row] = []
    first = shoot[0] if shoot else None
    last = shoot[-1] if shoot else None
    for p in performers:
        row = Row(p)
        work = sorted(p.work_dates)
        if not work:
            rows.append(row)
            continue
        if len(work) == 1:
            row.codes[work[0]] = "SWF"
        else:
            row.codes[work[0]] = "SW"
            row.codes[work[-1]] = "WF"
            for d in work[1:-1]:
                row.codes[d] = "W"
            for before, after in itertools.pairwise(work):
                gap = (after - before).days
                dropped = p.drop_pickup and gap >= drop_min_days
                day = before + dt.timedelta(days=1)
                while day < after:
                    if dropped:
                        row.codes[day] = "D"
                    else:
                        row.codes[day] = "H" if day in shoot_set else "HO"
                    day += dt.timedelta(days=1)
                if dropped:
                    row.codes[after] = "WF" if after == work[-1] else "PW"
        if p.travel:
            row.codes.setdefault(work[0] - dt.timedelta(days=1), "T")
            row.codes.setdefault(work[-1] + dt.timedelta(days=1), "T")
        rows.append(row)
    dates: list[dt.date] = []
    if first and last:
        span = [d for r in rows for d in r.codes]
        start = min([first, *span])
        end = max([last, *span])
        dates = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    for row in rows:
        row.cells = [row.codes.get(d, "") for d in dates]
    rows.sort(key=lambda r: (r.performer.number is None, r.performer.number or 0, r.performer.name))
    return DayOutOfDays(dates, shoot_set, {d: i for i, d in enumerate(shoot, start=1)}, rows)


def without_cost(table: DayOutOfDays) -> DayOutOfDays:
    """The same table with every daily rate zeroed (for people who may not see deal terms)."""
    rows = [Row(replace(r.performer, daily_rate=Decimal(0)), r.codes, r.cells) for r in table.rows]
    return DayOutOfDays(table.dates, table.shoot_dates, table.day_numbers, rows)


def for_board(board: Board) -> DayOutOfDays:
    """The day out of days of a board's characters (those in at least one scheduled scene)."""
    day_of_scene = dict(
        Strip.objects.filter(board=board, kind=StripKind.SCENE, day__isnull=False).values_list("scene_id", "day__date")
    )
    work: dict[int, set[dt.date]] = defaultdict(set)
    names: dict[int, str] = {}
    for scene_id, character_id, name in SceneCharacter.objects.filter(scene_id__in=day_of_scene).values_list(
        "scene_id", "character_id", "character__name"
    ):
        work[character_id].add(day_of_scene[scene_id])
        names[character_id] = name
    terms = {t.character_id: t for t in CastTerms.objects.filter(character_id__in=work)}
    performers = [
        Performer(
            key=cid,
            name=names[cid],
            number=terms[cid].cast_number if cid in terms else None,
            work_dates=frozenset(dates),
            daily_rate=terms[cid].daily_rate if cid in terms else Decimal(0),
            drop_pickup=terms[cid].drop_pickup if cid in terms else False,
            travel=terms[cid].travel if cid in terms else False,
        )
        for cid, dates in work.items()
    ]
    shoot_dates = list(board.days.values_list("date", flat=True))
    return compute(shoot_dates, performers)
