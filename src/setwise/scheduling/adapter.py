"""The one place that maps a stripboard's models to the scheduling engine's problem and its boards back.

Ids in the engine are the primary keys as strings (scenes, characters, locations). Costs are in *cost units*
of about one US dollar, so the optimiser's default weights (a shooting day 50,000) mean the same in every
currency: a daily rate is divided by ``COST_UNIT[currency]``. Estimated shooting minutes, the work limits and
every warning come from the engine (``estimate_minutes``, ``validate``), so the board, the optimiser and the
checks never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from setwise.breakdown.models import CONFIRMED_STATUSES, Category, SceneCharacter, SceneElement
from setwise.engines import rules
from setwise.engines.scheduling import model as engine
from setwise.scheduling.models import Board, CastTerms, ShootDay, Strip, StripKind, Unavailability

# Currency units per cost unit (about one US dollar); unknown currencies count 1:1.
COST_UNIT: dict[str, Decimal] = {
    "USD": Decimal(1),
    "AUD": Decimal("1.5"),
    "KRW": Decimal(1400),
    "JPY": Decimal(150),
    "THB": Decimal(35),
    "IDR": Decimal(16000),
    "TWD": Decimal(32),
    "SGD": Decimal("1.35"),
    "HKD": Decimal("7.8"),
    "EUR": Decimal("0.92"),
}

# Breakdown categories that make a scene slower to shoot (complexity above the standard 3).
_SLOW = {Category.STUNTS, Category.VFX, Category.SFX, Category.ANIMALS, Category.VEHICLES, Category.WEAPONS}
_CAREFUL = {Category.INTIMACY, Category.MINORS}


def complexity(tags: set[str] | frozenset[str]) -> int:
    """3 for an ordinary scene, one more per kind of difficulty (action or effects; intimacy or minors, which
    need a slower, careful set), at most 5."""
    return min(5, 3 + (1 if tags & _SLOW else 0) + (1 if tags & _CAREFUL else 0))


def estimate_minutes(eighths: int, tags: set[str] | frozenset[str] = frozenset()) -> int:
    return engine.estimate_minutes(eighths, complexity(tags))


def _int_ext(value: str) -> Any:
    return value if value in ("INT", "EXT", "INT/EXT") else "INT"


def _dates(start: dt.date, end: dt.date) -> set[dt.date]:
    return {start + dt.timedelta(days=i) for i in range((end - start).days + 1)}


INTIMACY = "intimacy"


@dataclass(frozen=True)
class IntimacyRules:
    """The intimacy protocol as the optimiser keeps it (a hard constraint): an intimate scene not yet shot may only
    be placed on a date an intimacy coordinator is booked (``requirement_dates["intimacy"]``) and every rider of the
    scene was signed the notice period before. ``ready`` holds each such scene's dates; a scene whose riders narrow
    them below the booked dates gets a requirement of its own (``need``). A scene with no date at all is in
    ``left_out`` with its reason for everyone: the optimiser's problem leaves it out (it stays in the boneyard),
    the board's checks keep it with a requirement no date meets."""

    booked: frozenset[dt.date]
    ready: dict[int, frozenset[dt.date]]
    need: dict[int, str]
    left_out: dict[int, str]


def intimacy_rules(
    production: Any,
    scene_ids: Iterable[int],
    dates: Iterable[dt.date],
    labels: dict[int, str],
    readiness: Any = None,
) -> IntimacyRules:
    """The rules for the unshot scenes ``scene_ids`` over the candidate ``dates`` (``labels``: scene id -> its
    number, to name a scene's own requirement in the engine's explanations). ``readiness``: the production's
    ``intimacy.services.Readiness`` when the caller has it already."""
    from setwise.intimacy import services as intimacy

    wanted = sorted(set(dates))
    ids = set(scene_ids)
    found = readiness if readiness is not None else intimacy.readiness(production, ids)
    booked_here = frozenset(d for d in wanted if d in found.booked)
    ready: dict[int, frozenset[dt.date]] = {}
    need: dict[int, str] = {}
    left_out: dict[int, str] = {}
    for scene_id in sorted(ids & set(found.states)):
        dates_ok = found.ready_dates(scene_id, wanted)
        ready[scene_id] = dates_ok
        if not dates_ok:
            codes = found.codes(scene_id)
            reasons = [intimacy.PUBLIC_REASONS[c] for c in codes] or [intimacy.REASON_NO_READY_DAY]
            left_out[scene_id] = "; ".join(str(r) for r in reasons)
        if dates_ok != booked_here:
            need[scene_id] = f"{RIDERS_NEED}{labels.get(scene_id, scene_id)} (#{scene_id})"
    return IntimacyRules(found.booked, ready, need, left_out)


def problem_for(
    board: Board,
    *,
    weights: engine.Weights | None = None,
    limits: engine.WorkLimits | None = None,
    extra_days: float = 0.3,
    intimacy_dates: frozenset[dt.date] | None = None,
    intimacy: bool = True,
    readiness: Any = None,
    leave_out: bool = True,
) -> engine.Problem:
    """The engine's problem for a board: its scenes (not omitted), their cast and locations with unavailable
    dates, the board's calendar (working weekdays, the country's public holidays) with room for
    ``extra_days`` more days than the board has, and days with scenes already shot frozen as they are.

    With ``intimacy`` (the default) the production's intimacy protocol is a hard constraint (``IntimacyRules``):
    intimate scenes only on dates the coordinator is booked and their riders were signed in time for, and those
    with no such date left out. ``intimacy_dates`` instead books the coordinator on exactly those dates and checks
    nothing else (what-if runs and tests). ``readiness``: the production's ``intimacy.services.Readiness`` when the
    caller has it already (the stripboard). ``leave_out=False`` keeps the scenes with no possible date, with a
    requirement no date meets (the board's checks still see them, for their other warnings)."""
    production = board.production
    strips = list(
        Strip.objects.filter(board=board, kind=StripKind.SCENE, scene__omitted=False)
        .select_related("scene__set", "day")
        .order_by("day__number", "position")
    )
    scene_ids = [s.scene_id for s in strips if s.scene_id is not None]
    tags: dict[int, set[str]] = defaultdict(set)
    for scene_id, category in SceneElement.objects.filter(
        scene_id__in=scene_ids, status__in=CONFIRMED_STATUSES
    ).values_list("scene_id", "element__category"):
        tags[scene_id].add(category)
    cast: dict[int, list[str]] = defaultdict(list)
    names: dict[str, str] = {}
    for scene_id, character_id, name in SceneCharacter.objects.filter(scene_id__in=scene_ids).values_list(
        "scene_id", "character_id", "character__name"
    ):
        cast[scene_id].append(str(character_id))
        names[str(character_id)] = name
    unavailable_cast: dict[str, set[dt.date]] = defaultdict(set)
    unavailable_place: dict[str, set[dt.date]] = defaultdict(set)
    for u in Unavailability.objects.filter(production=production):
        if u.character_id:
            unavailable_cast[str(u.character_id)] |= _dates(u.start, u.end)
        elif u.location_id:
            unavailable_place[str(u.location_id)] |= _dates(u.start, u.end)
    unit = COST_UNIT.get(production.currency.upper(), Decimal(1))
    terms = {str(t.character_id): t for t in CastTerms.objects.filter(character__production=production)}

    scenes: list[engine.Scene] = []
    locations: dict[str, str] = {}
    for s in strips:
        scene = s.scene
        assert scene is not None
        scene_tags = tags.get(scene.pk, set())
        location_id = str(scene.set.location_id) if scene.set else f"scene-{scene.pk}"
        locations.setdefault(location_id, scene.location or scene.set_name)
        scenes.append(
            engine.Scene(
                id=str(scene.pk),
                eighths=scene.eighths,
                location=location_id,
                set=str(scene.set_id or ""),
                complexity=complexity(scene_tags),
                int_ext=_int_ext(scene.int_ext),
                time_of_day=(scene.time_of_day or "DAY").upper(),
                cast=tuple(dict.fromkeys(cast.get(scene.pk, []))),
                elements=tuple(sorted(scene_tags)),
                requirements=engine.Requirements(
                    intimacy=Category.INTIMACY in scene_tags,
                    minors=Category.MINORS in scene_tags,
                    stunts=Category.STUNTS in scene_tags,
                ),
                minutes=s.minutes,
                episode=scene.episode,
            )
        )
    cast_members = tuple(
        engine.CastMember(
            id=cid,
            name=names[cid],
            cost_per_day=int((terms[cid].daily_rate / unit).to_integral_value()) if cid in terms else 0,
            unavailable=frozenset(unavailable_cast.get(cid, set())),
            drop_pickup=terms[cid].drop_pickup if cid in terms else False,
        )
        for cid in sorted(names, key=int)
    )
    location_rows = tuple(
        engine.Location(id=lid, name=name, unavailable=frozenset(unavailable_place.get(lid, set())))
        for lid, name in locations.items()
    )
    day_count = board.days.count()
    needed = max(day_count, len(scenes) // 3 + 1)
    calendar = engine.Calendar(
        start=board.start_date,
        max_days=max(1, round(needed * (1 + extra_days)) + 1),
        working_weekdays=frozenset(board.weekdays),
        country=production.country.upper() if board.skip_public_holidays else None,
    )
    frozen_days: dict[int, list[str]] = defaultdict(list)
    dates_of: dict[int, dt.date] = {}
    for s in strips:
        if s.shot and s.day_id is not None and s.day is not None:
            frozen_days[s.day_id].append(str(s.scene_id))
            dates_of[s.day_id] = s.day.date
    frozen = tuple(engine.Day(dates_of[d], "1", tuple(ids)) for d, ids in frozen_days.items())
    limits = limits or work_limits(production)
    limits = replace(limits, max_shooting_minutes_day=board.day_minutes)
    requirement_dates: dict[str, frozenset[dt.date]] = {}
    if intimacy_dates is not None:
        requirement_dates[INTIMACY] = frozenset(intimacy_dates)
    elif intimacy:
        shot = {s.scene_id for s in strips if s.shot and s.scene_id is not None}
        labels = {s.scene_id: s.scene.number for s in strips if s.scene is not None and s.scene_id is not None}
        open_ids = [i for i in scene_ids if i not in shot]
        dates = set(calendar.dates) | {d.date for d in frozen}
        rules_ = intimacy_rules(production, open_ids, dates, labels, readiness)
        if rules_.ready or rules_.left_out:
            requirement_dates[INTIMACY] = rules_.booked
        for scene_id, name in rules_.need.items():
            requirement_dates[name] = rules_.ready[scene_id]
        scenes = [
            _with_intimacy(sc, rules_, shot) for sc in scenes if not (leave_out and int(sc.id) in rules_.left_out)
        ]
    return engine.Problem(
        scenes=tuple(scenes),
        cast=cast_members,
        locations=location_rows,
        calendar=calendar,
        limits=limits,
        weights=weights or engine.Weights(),
        frozen=frozen,
        requirement_dates=requirement_dates,
        name=f"{production.slug}/{board.name}",
    )


def committed_dates(board: Board) -> dict[str, dt.date]:
    """Scene id -> the date the board's committed baseline gives it (empty without a baseline)."""
    out: dict[str, dt.date] = {}
    for day in (board.baseline.data if board.baseline is not None else {}).get("days", []):
        try:
            date = dt.date.fromisoformat(str(day.get("date")))
        except ValueError:
            continue
        for item in day.get("strips", []):
            if "scene" in item:
                out.setdefault(str(item["scene"]), date)
    return out


def remainder_for(
    board: Board, problem: engine.Problem, shot_through: dt.date, *, keep_dates: bool = False
) -> tuple[engine.Problem, engine.Board]:
    """Re-planning what is left after the days reported up to ``shot_through``: the engine's
    ``Problem.remainder`` of ``problem`` (its shot days frozen, nothing new on or before ``shot_through``) and a
    warm start that puts every scene still to shoot on its committed (baseline) date where that date is still to
    come. With ``keep_dates`` those scenes are also pinned to their committed dates, so only the scenes sent back
    for rescheduling are placed anew (the caller drops the pins when that is impossible)."""
    rest = problem.remainder(engine.Board.of(problem.frozen), shot_through)
    frozen = rest.frozen_scenes
    open_dates = {d for d in rest.calendar.dates if d > shot_through}
    planned: dict[dt.date, list[str]] = defaultdict(list)
    for scene_id, date in committed_dates(board).items():
        if scene_id in rest.scene_by_id and scene_id not in frozen and date in open_dates:
            planned[date].append(scene_id)
    hint = [engine.Day(date, rest.main_unit, tuple(ids)) for date, ids in sorted(planned.items())]
    if keep_dates:
        pinned = dict(rest.pin_by_scene)
        for day in hint:
            for scene_id in day.scenes:
                pinned.setdefault(scene_id, engine.Pin(scene_id, day.date))
        rest = replace(rest, pins=tuple(pinned.values()))
    return rest, engine.Board.of([*rest.frozen, *hint])


RIDERS_NEED = "signed riders of scene "


def is_intimacy_need(name: str | None) -> bool:
    """Whether a requirement name is the intimacy protocol's (the coordinator's dates or a scene's riders)."""
    return name is not None and (name == INTIMACY or name.startswith(RIDERS_NEED))


def _with_intimacy(scene: engine.Scene, rules_: IntimacyRules, shot: set[int]) -> engine.Scene:
    """The scene with the intimacy requirement when the protocol covers it and it is not shot yet (and its own
    requirement when its riders narrow the coordinator's dates); shot scenes keep no intimacy requirement."""
    pk = int(scene.id)
    covered = pk in rules_.ready and pk not in shot
    custom = tuple(c for c in scene.requirements.custom if not is_intimacy_need(c))
    if pk in rules_.need and covered:
        custom = (*custom, rules_.need[pk])
    return replace(scene, requirements=replace(scene.requirements, intimacy=covered, custom=custom))


def left_out(board: Board, problem: engine.Problem) -> dict[int, str]:
    """Scenes of the board the problem leaves out because the intimacy protocol allows them no date: scene id ->
    the reason for everyone (they stay in, or go to, the boneyard)."""
    ids = set(
        Strip.objects.filter(board=board, kind=StripKind.SCENE, scene__omitted=False, shot=False).values_list(
            "scene_id", flat=True
        )
    )
    missing = sorted(i for i in ids if i is not None and str(i) not in problem.scene_by_id)
    if not missing:
        return {}
    labels = dict(Strip.objects.filter(board=board, scene_id__in=missing).values_list("scene_id", "scene__number"))
    rules_ = intimacy_rules(board.production, missing, problem.dates(), labels)
    return {i: rules_.left_out.get(i, "") for i in missing}


def current_board(board: Board, problem: engine.Problem | None = None) -> engine.Board:
    """The board's days as the engine's ``Board`` (the warm start, and what the validator checks); with
    ``problem``, only its scenes (those the intimacy protocol leaves out are not on it)."""
    known = problem.scene_by_id if problem is not None else None
    days: dict[int, list[str]] = defaultdict(list)
    dates: dict[int, dt.date] = {}
    for day_id, date, scene_id in (
        Strip.objects.filter(board=board, kind=StripKind.SCENE, day__isnull=False, scene__omitted=False)
        .order_by("day__number", "position")
        .values_list("day_id", "day__date", "scene_id")
    ):
        if known is not None and str(scene_id) not in known:
            continue
        days[day_id].append(str(scene_id))
        dates[day_id] = date
    return engine.Board.of(engine.Day(dates[d], "1", tuple(ids)) for d, ids in days.items())


def layout_of(problem: engine.Problem, result: engine.Board) -> dict[str, Any]:
    """An engine board as the shape ``services.apply_layout`` takes: one day per working date of the calendar up
    to the last date used (a date left empty stays an empty day, so day N keeps the engine's date N)."""
    by_date = {day.date: day.scenes for day in result.days}
    dates = problem.calendar.dates
    last = max((i for i, d in enumerate(dates) if d in by_date), default=-1)
    return {
        "days": [
            {"date": d.isoformat(), "strips": [{"scene": int(s)} for s in by_date.get(d, ())]}
            for d in dates[: last + 1]
        ]
    }


def day_numbers(board: Board) -> dict[dt.date, int]:
    return dict(ShootDay.objects.filter(board=board).values_list("date", "number"))


def work_limits(production: Any) -> engine.WorkLimits:
    """The engine's work limits from the rules engine for the production's country (law, then the studio policy
    on top; the strictest wins), so the optimiser's hard constraints are the rules the checks apply. A country
    without a rule set keeps the engine's defaults (the studio policy's numbers)."""
    country = (production.country or "").upper()
    base = engine.WorkLimits()
    if country not in rules.COUNTRIES:
        return base
    adult = rules.limits_for(country)
    minor = rules.limits_for(country, minor_band="under_15")

    def minutes(hours: float | None, default: int) -> int:
        return int(hours * 60) if hours is not None else default

    day = adult.max_span_day(1.0)  # call to wrap with an hour of meals
    week = min(
        (v for v in (adult.max_week_with_meals, adult.max_week_net) if v is not None),
        default=None,
    )
    return replace(
        base,
        max_work_minutes_day=minutes(day, base.max_work_minutes_day),
        max_work_minutes_week=minutes(week, base.max_work_minutes_week),
        max_days_week=7 - adult.min_days_off_per_week if adult.min_days_off_per_week else base.max_days_week,
        max_consecutive_days=adult.max_consecutive_days or base.max_consecutive_days,
        min_turnaround_minutes=minutes(adult.min_turnaround, base.min_turnaround_minutes),
        minor_wrap_minute=minutes(minor.wrap_by_hour, base.minor_wrap_minute),
    )
