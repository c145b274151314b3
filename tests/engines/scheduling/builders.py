"""Small hand-made productions for the scheduling engine's tests, and a brute-force reference solver."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from setwise.engines.scheduling import (
    Board,
    Calendar,
    CastMember,
    Day,
    Location,
    Problem,
    Scene,
    evaluate,
    validate,
)

MON = dt.date(2027, 3, 8)
"""A Monday; ``Calendar(MON, n)`` with the default Monday-Friday weeks gives March 8-12, 15-19, ..."""
D = [MON + dt.timedelta(days=i) for i in range(21)]  # D[0] Monday .. D[4] Friday, D[7] next Monday


def scene(sid: str, minutes: int, location: str = "L1", cast: Sequence[str] = (), **kw: object) -> Scene:
    """A scene with an explicit length (no eighths arithmetic in the tests)."""
    return Scene(id=sid, eighths=1, location=location, minutes=minutes, cast=tuple(cast), **kw)  # type: ignore[arg-type]


def far_apart(*ids: str, minutes: int = 120) -> tuple[Location, ...]:
    """Locations that cannot share a day (every pair ``minutes`` apart, more than any company move allowed)."""
    return tuple(Location(i, f"Place {i}", travel_minutes={j: minutes for j in ids if j != i}) for i in ids)


def problem(
    scenes: Iterable[Scene],
    *,
    cast: Iterable[CastMember] = (),
    locations: Iterable[Location] = (),
    days: int = 10,
    calendar: Calendar | None = None,
    **kw: object,
) -> Problem:
    """A problem with locations and cast filled in from the scenes when not given (cast cost 100 a day)."""
    scene_list = tuple(scenes)
    locs = {loc.id: loc for loc in locations}
    for s in scene_list:
        locs.setdefault(s.location, Location(s.location, f"Place {s.location}"))
    members = {c.id: c for c in cast}
    for s in scene_list:
        for cid in s.cast:
            members.setdefault(cid, CastMember(cid, f"Actor {cid}", 100))
    return Problem(
        scenes=scene_list,
        cast=tuple(members.values()),
        locations=tuple(locs.values()),
        calendar=calendar or Calendar(MON, days),
        **kw,  # type: ignore[arg-type]
    )


def board(*days: tuple[dt.date, str | tuple[str, ...]] | tuple[dt.date, str | tuple[str, ...], str]) -> Board:
    """``board((D[0], ("a", "b")), (D[1], "c", "2"))``: days of the 1st unit unless a unit id is given."""
    out = []
    for entry in days:
        date, scenes = entry[0], entry[1]
        unit = entry[2] if len(entry) > 2 else "1"
        out.append(Day(date, unit, (scenes,) if isinstance(scenes, str) else tuple(scenes)))
    return Board(tuple(sorted(out, key=lambda d: (d.date, d.unit))))


def codes(p: Problem, b: Board) -> set[str]:
    return {v.code for v in validate(p, b)}


# --- brute force --------------------------------------------------------------------------------------------------


def all_boards(p: Problem) -> Iterator[Board]:
    """Every board that puts each unfrozen scene on a calendar (unit, date) in every order within a day, frozen days
    kept as they are. Only for a handful of scenes and dates."""
    frozen = {s for d in p.frozen for s in d.scenes}
    todo = [s.id for s in p.scenes if s.id not in frozen]
    slots = [(date, u.id) for u in p.units for date in p.calendar.dates]
    frozen_slots = {(d.date, d.unit) for d in p.frozen}
    slots = [sl for sl in slots if sl not in frozen_slots]
    for choice in itertools.product(range(len(slots)), repeat=len(todo)):
        groups: dict[int, list[str]] = {}
        for sid, k in zip(todo, choice, strict=True):
            groups.setdefault(k, []).append(sid)
        keys = sorted(groups)
        for perms in itertools.product(*(itertools.permutations(groups[k]) for k in keys)):
            days = [Day(slots[k][0], slots[k][1], perm) for k, perm in zip(keys, perms, strict=True)]
            yield Board.of([*days, *p.frozen])


def brute_optimum(p: Problem) -> int | None:
    """The least objective of a valid board (None: no valid board exists), by enumeration."""
    best: int | None = None
    for b in all_boards(p):
        total = evaluate(p, b).total
        if best is not None and total >= best:
            continue
        if not validate(p, b):
            best = total
    return best


def with_limits(p: Problem, **limits: int) -> Problem:
    return replace(p, limits=replace(p.limits, **limits))
