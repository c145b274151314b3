"""Deterministic generator of realistic productions to schedule (the same seed gives the same problem).

- ``feature(seed)``: a Korean feature film: ~110 scenes, 25 cast (leads, supporting, day players, a child), 30
  locations in clustered areas (a studio with several sets, Seoul districts, Incheon, Gangneung, Busan), a 2nd unit
  for establishing shots, about 30 shooting days in a 45-date calendar (Monday-Saturday, Korean holidays);
- ``series(seed, episodes=16)``: a 16-episode Korean drama: ~900 scenes, 60 cast, ~150 sets at ~55 locations
  (three studios with many sets, real locations), guests available around their episodes, about 120 shooting days;
- ``random_problem(seed, ...)``: a small production with every kind of constraint, for property tests.

All use ``korean_limits()``: the 52-hour week (LSA art.50/53), a 12-hour day and 11-hour turnaround (studio
policy), six days a week at most; minors under 15 at most 35 h a week (Popular Culture and Arts Industry
Development Act art.22), 6 h a day and wrapped by 20:00 (policy).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, replace

from .model import (
    Calendar,
    CastMember,
    DateRange,
    Day,
    Location,
    Order,
    Pin,
    Problem,
    Requirements,
    Scene,
    Unit,
    WorkLimits,
)


def korean_limits() -> WorkLimits:
    """Korean statutory week (52 h) with the studio policy's day, turnaround and days off."""
    return WorkLimits(
        max_shooting_minutes_day=600,
        max_work_minutes_day=720,
        max_work_minutes_week=52 * 60,
        max_days_week=6,
        max_consecutive_days=6,
        min_turnaround_minutes=11 * 60,
        day_overhead_minutes=120,
        cast_overhead_minutes=90,
        day_call_minute=7 * 60,
        night_call_minute=15 * 60,
        minor_wrap_minute=22 * 60,
        drop_pickup_min_days=10,
    )


CHILD_LIMITS = {"max_work_minutes_day": 6 * 60, "max_work_minutes_week": 35 * 60, "wrap_by_minute": 20 * 60}

_SURNAMES = ["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh", "Seo", "Shin"]
_GIVEN = ["Min", "Ji", "Seo", "Ha", "Jun", "Woo", "Yeon", "Hyun", "Soo", "Eun", "Jae", "Na", "Do", "Hee", "Bin", "Ah"]


def _name(rng: random.Random, used: set[str]) -> str:
    for _ in range(1000):
        name = f"{rng.choice(_SURNAMES)} {rng.choice(_GIVEN)}-{rng.choice(_GIVEN).lower()}"
        if name not in used:
            used.add(name)
            return name
    raise RuntimeError("ran out of names")


@dataclass(frozen=True, slots=True)
class _Area:
    name: str
    x: float
    y: float
    spread: float


_AREAS = [
    _Area("Mapo", 0, 0, 3),
    _Area("Jongno", 5, 2, 3),
    _Area("Gangnam", 10, -6, 4),
    _Area("Paju", -25, 25, 4),
    _Area("Ilsan", -15, 15, 3),
    _Area("Incheon", -30, -5, 5),
    _Area("Yongin", 20, -30, 4),
    _Area("Gangneung", 160, 20, 6),
    _Area("Busan", 250, -250, 8),
    _Area("Jeju", 0, -400, 10),
]


def _travel(a: tuple[float, float], b: tuple[float, float]) -> int:
    km = math.dist(a, b)
    return round(10 + km * 1.5)  # 40 km/h with 10 minutes to pack and park


def _locations(
    rng: random.Random, spec: list[tuple[str, int, int]]
) -> tuple[list[Location], dict[str, list[str]], dict[str, tuple[float, float]]]:
    """Locations from (area, count, sets each) triples; returns locations, their sets, coordinates."""
    coords: dict[str, tuple[float, float]] = {}
    sets: dict[str, list[str]] = {}
    names: list[tuple[str, str]] = []
    kinds = [
        "apartment",
        "cafe",
        "street",
        "office",
        "park",
        "restaurant",
        "school",
        "hospital",
        "bar",
        "market",
        "rooftop",
        "riverside",
        "church",
        "warehouse",
        "bus stop",
        "convenience store",
        "gym",
        "hotel",
    ]
    n = 0
    for area_name, count, per in spec:
        area = next(a for a in _AREAS if a.name == area_name)
        for _i in range(count):
            n += 1
            lid = f"L{n:03d}"
            kind = rng.choice(kinds) if per < 4 else "studio"
            label = f"{area_name} {kind}" if kind != "studio" else f"{area_name} studio"
            coords[lid] = (
                area.x + rng.uniform(-area.spread, area.spread),
                area.y + rng.uniform(-area.spread, area.spread),
            )
            sets[lid] = [f"{label.upper()} / SET {j + 1}" for j in range(per)]
            names.append((lid, label))
    locations = []
    for lid, label in names:
        travel = {other: _travel(coords[lid], coords[other]) for other, _ in names if other != lid}
        locations.append(Location(lid, label, travel_minutes=travel))
    return locations, sets, coords


def _weights(rng: random.Random, n: int, skew: float) -> list[float]:
    return [1.0 / (i + 1) ** skew * rng.uniform(0.7, 1.3) for i in range(n)]


def _pick(rng: random.Random, items: list[str], weights: list[float]) -> str:
    return rng.choices(items, weights=weights, k=1)[0]


def _eighths(rng: random.Random, mean: float) -> int:
    return max(1, min(40, round(rng.gammavariate(2.0, mean / 2.0))))


def _window_around(dates: tuple[dt.date, ...], centre: float, before: int, after: int) -> tuple[DateRange, ...]:
    i = int(centre)
    lo = max(0, i - before)
    hi = min(len(dates) - 1, i + after)
    return (DateRange(dates[lo], dates[hi]),)


def feature(seed: int = 1) -> Problem:
    """A Korean feature film (about 110 scenes, 25 cast, 30 locations, 30 shooting days)."""
    rng = random.Random(f"feature-{seed}")  # noqa: S311 - reproducible test data, not security
    calendar = Calendar(dt.date(2027, 3, 2), 45, frozenset(range(6)), country="KR")
    dates = calendar.dates
    locations, sets, _coords = _locations(
        rng,
        [
            ("Paju", 1, 8),
            ("Mapo", 5, 1),
            ("Jongno", 5, 1),
            ("Gangnam", 6, 1),
            ("Ilsan", 3, 2),
            ("Incheon", 4, 1),
            ("Gangneung", 3, 1),
            ("Busan", 3, 1),
        ],
    )
    loc_ids = [loc.id for loc in locations]
    loc_w = _weights(rng, len(loc_ids), 0.8)
    loc_w[0] *= 4  # the studio carries the interiors
    used_names: set[str] = set()
    cast: list[CastMember] = []
    roles: list[tuple[str, float]] = []  # id, share of scenes
    for i in range(25):
        cid = f"C{i + 1:02d}"
        if i < 3:
            cost, share = rng.randint(5000, 8000), [0.62, 0.45, 0.35][i]
        elif i < 9:
            cost, share = rng.randint(1500, 3000), rng.uniform(0.08, 0.2)
        else:
            cost, share = rng.randint(300, 800), 0.0
        is_child = i == 8
        member = CastMember(
            cid,
            _name(rng, used_names),
            cost,
            drop_pickup=3 <= i < 9 and i % 2 == 0,
            **({k: v for k, v in CHILD_LIMITS.items()} if is_child else {}),  # type: ignore[arg-type]
        )
        cast.append(member)
        roles.append((cid, share))
    scenes: list[Scene] = []
    n_scenes = 110
    for i in range(n_scenes):
        loc = _pick(rng, loc_ids, loc_w)
        night = rng.random() < 0.3
        studio = loc == loc_ids[0]
        members = [cid for cid, share in roles if share and rng.random() < share]
        if not members and rng.random() < 0.9:
            members = [roles[rng.randrange(3)][0]]
        if rng.random() < 0.35:  # a day player
            members.append(roles[rng.randrange(9, 25)][0])
        eighths = _eighths(rng, 7.5)
        complexity = rng.choices([1, 2, 3, 4, 5], weights=[1, 4, 4, 2, 1])[0]
        scenes.append(
            Scene(
                id=str(i + 1),
                eighths=eighths,
                location=loc,
                set=rng.choice(sets[loc]),
                complexity=complexity,
                int_ext="INT" if studio or rng.random() < 0.5 else "EXT",
                time_of_day="NIGHT" if night else "DAY",
                cast=tuple(sorted(set(members))),
                emotional=rng.random() < 0.05,
            )
        )
    # every day player appears at least once
    for cid, _share in roles[9:]:
        if not any(cid in s.cast for s in scenes):
            j = rng.randrange(n_scenes)
            scenes[j] = _with_cast(scenes[j], cid)
    # the child's scenes are daytime and short; minors as extras in a few others
    child = cast[8].id
    for j, s in enumerate(scenes):
        if child in s.cast:
            scenes[j] = _replace_scene(s, time_of_day="DAY", eighths=min(s.eighths, 6), complexity=min(s.complexity, 3))
    for j in rng.sample(range(n_scenes), 3):
        s = scenes[j]
        scenes[j] = _replace_scene(s, time_of_day="DAY", requirements=Requirements(minors=True))
    intimacy = rng.sample([j for j, s in enumerate(scenes) if child not in s.cast and not s.requirements.minors], 2)
    for j in intimacy:
        scenes[j] = _replace_scene(scenes[j], requirements=Requirements(intimacy=True))
    stunts = rng.sample([j for j in range(n_scenes) if j not in intimacy], 3)
    for j in stunts:
        scenes[j] = _replace_scene(scenes[j], requirements=Requirements(stunts=True), complexity=5)
    # 2nd unit: establishing shots without cast
    establishing = []
    for k in range(8):
        loc = rng.choice(loc_ids[1:])
        sid = f"E{k + 1}"
        establishing.append(sid)
        scenes.append(
            Scene(sid, rng.randint(1, 3), loc, rng.choice(sets[loc]), 2, "EXT", rng.choice(["DAY", "DAY", "NIGHT"]))
        )
    # availability: leads with blocks away, supporting with windows, day players with a few dates off
    cast[1] = _replace_cast(cast[1], unavailable=frozenset(dates[14:18]))
    cast[2] = _replace_cast(cast[2], unavailable=frozenset(dates[24:26]) | {dates[5]})
    cast[4] = _replace_cast(cast[4], available=(DateRange(dates[0], dates[26]),))
    cast[6] = _replace_cast(cast[6], available=(DateRange(dates[6], dates[-1]),))
    for i in range(9, 25):
        if rng.random() < 0.4:
            off = rng.sample(range(len(dates)), 5)
            cast[i] = _replace_cast(cast[i], unavailable=frozenset(dates[j] for j in off))
    for j in rng.sample(range(1, len(locations)), 4):
        lo = rng.randrange(0, 20)
        locations[j] = Location(
            locations[j].id,
            locations[j].name,
            (DateRange(dates[lo], dates[lo + 15]),),
            travel_minutes=locations[j].travel_minutes,
        )
    requirement_dates = {
        "intimacy": frozenset(dates[i] for i in (8, 9, 16, 17, 27, 28)),
        "stunts": frozenset(dates[i] for i in range(3, 40, 5)),
    }
    units = (
        Unit("1", "1st unit"),
        Unit("2", "2nd unit", scenes=frozenset(establishing), dates=frozenset(dates[i] for i in (10, 11, 20, 21, 30))),
    )
    problem = Problem(
        scenes=tuple(scenes),
        cast=tuple(cast),
        locations=tuple(locations),
        calendar=calendar,
        units=units,
        limits=korean_limits(),
        requirement_dates=requirement_dates,
        company_move_minutes=45,
        name=f"Feature (seed {seed})",
    )
    return _add_pins_and_orders(_shootable(problem), rng, pins=2, orders=3)


def series(seed: int = 1, episodes: int = 16) -> Problem:
    """A Korean drama of ``episodes`` episodes (16: about 900 scenes, 60 cast, 150 sets, 120 shooting days)."""
    rng = random.Random(f"series-{seed}-{episodes}")  # noqa: S311 - reproducible test data
    per_episode = 56
    n_dates = round(170 * episodes / 16)
    calendar = Calendar(dt.date(2027, 1, 4), n_dates, frozenset(range(6)), country="KR")
    dates = calendar.dates
    locations, sets, _coords = _locations(
        rng,
        [
            ("Paju", 1, 30),
            ("Ilsan", 1, 25),
            ("Yongin", 1, 20),
            ("Mapo", 8, 2),
            ("Jongno", 8, 2),
            ("Gangnam", 9, 2),
            ("Incheon", 6, 2),
            ("Ilsan", 4, 1),
            ("Gangneung", 4, 2),
            ("Busan", 5, 2),
            ("Jeju", 4, 1),
        ],
    )
    loc_ids = [loc.id for loc in locations]
    base_w = _weights(rng, len(loc_ids), 0.6)
    for i in range(3):
        base_w[i] *= 12  # studios
    used_names: set[str] = set()
    cast: list[CastMember] = []
    shares: list[float] = []
    home_episodes: list[tuple[int, int] | None] = []
    for i in range(60):
        cid = f"C{i + 1:02d}"
        if i < 4:
            cost, share, eps = rng.randint(6000, 10000), [0.5, 0.45, 0.3, 0.25][i], None
        elif i < 14:
            cost, share, eps = rng.randint(1500, 3500), rng.uniform(0.06, 0.16), None
        else:
            cost, share = rng.randint(300, 1200), 0.0
            e0 = rng.randrange(1, episodes + 1)
            eps = (e0, min(episodes, e0 + rng.choice([0, 0, 1, 2])))
        is_child = i == 13
        cast.append(
            CastMember(
                cid,
                _name(rng, used_names),
                cost,
                drop_pickup=4 <= i < 14 and i % 2 == 1,
                **({k: v for k, v in CHILD_LIMITS.items()} if is_child else {}),  # type: ignore[arg-type]
            )
        )
        shares.append(share)
        home_episodes.append(eps)
    scenes: list[Scene] = []
    n = 0
    for e in range(1, episodes + 1):
        guests = [i for i, eps in enumerate(home_episodes) if eps is not None and eps[0] <= e <= eps[1]]
        # each episode favours a few real locations of its own
        ep_w = list(base_w)
        for j in rng.sample(range(3, len(loc_ids)), 6):
            ep_w[j] *= 6
        for _k in range(per_episode + rng.randint(-4, 4)):
            n += 1
            loc = _pick(rng, loc_ids, ep_w)
            members = [cast[i].id for i in range(14) if rng.random() < shares[i]]
            if guests and rng.random() < 0.4:
                members.append(cast[rng.choice(guests)].id)
            if not members and rng.random() < 0.85:
                members = [cast[rng.randrange(4)].id]
            studio = loc in loc_ids[:3]
            night = rng.random() < 0.28
            scenes.append(
                Scene(
                    id=f"{e}-{_k + 1}",
                    eighths=_eighths(rng, 4.3),
                    location=loc,
                    set=rng.choice(sets[loc]),
                    complexity=rng.choices([1, 2, 3, 4, 5], weights=[2, 6, 3, 1, 0.5])[0],
                    int_ext="INT" if studio or rng.random() < 0.45 else "EXT",
                    time_of_day="NIGHT" if night else "DAY",
                    cast=tuple(sorted(set(members))),
                    episode=e,
                    emotional=rng.random() < 0.02,
                )
            )
    for i, eps in enumerate(home_episodes):
        if eps is not None and not any(cast[i].id in s.cast for s in scenes):
            candidates = [j for j, s in enumerate(scenes) if s.episode == eps[0]]
            j = rng.choice(candidates)
            scenes[j] = _with_cast(scenes[j], cast[i].id)
    child = cast[13].id
    for j, s in enumerate(scenes):
        if child in s.cast:
            scenes[j] = _replace_scene(s, time_of_day="DAY", eighths=min(s.eighths, 5), complexity=min(s.complexity, 3))
    for j in rng.sample(range(len(scenes)), 8):
        scenes[j] = _replace_scene(scenes[j], time_of_day="DAY", requirements=Requirements(minors=True))
    plain = [j for j, s in enumerate(scenes) if not s.requirements.names and child not in s.cast]
    intimacy = rng.sample(plain, 6)
    for j in intimacy:
        scenes[j] = _replace_scene(scenes[j], requirements=Requirements(intimacy=True))
    for j in rng.sample([j for j in plain if j not in intimacy], 12):
        scenes[j] = _replace_scene(scenes[j], requirements=Requirements(stunts=True), complexity=4)
    establishing = []
    for k in range(20):
        loc = rng.choice(loc_ids[3:])
        sid = f"E{k + 1}"
        establishing.append(sid)
        scenes.append(
            Scene(sid, rng.randint(1, 3), loc, rng.choice(sets[loc]), 2, "EXT", "DAY", episode=rng.randint(1, episodes))
        )
    # availability: guests around their episodes' expected shooting weeks, leads with days away
    expected = [(e - 0.5) / episodes * len(dates) * 0.8 for e in range(episodes + 1)]
    for i, eps in enumerate(home_episodes):
        if eps is None:
            continue
        centre = (expected[eps[0]] + expected[eps[1]]) / 2
        cast[i] = _replace_cast(cast[i], available=_window_around(dates, centre, 30, 45))
    for i in range(4):
        off = {dates[j] for j in rng.sample(range(len(dates)), 6)}
        cast[i] = _replace_cast(cast[i], unavailable=frozenset(off))
    # some real locations only for a stretch around the episodes that use them
    probe = Problem(tuple(scenes), tuple(cast), tuple(locations), calendar)
    for j in rng.sample(range(3, len(locations)), 10):
        own = [s for s in scenes if s.location == locations[j].id]
        if not own:
            continue
        centre = sum(expected[s.episode or 1] for s in own) / len(own)
        window = _window_around(dates, centre, 40, 50)
        limited = Location(locations[j].id, locations[j].name, window, travel_minutes=locations[j].travel_minutes)
        trial = replace(probe, locations=tuple(limited if loc.id == limited.id else loc for loc in probe.locations))
        if all(_feasible_dates(trial, s) for s in own):
            locations[j] = limited
            probe = trial
    requirement_dates = {
        "intimacy": frozenset(dates[i] for i in range(4, len(dates), 9)),
        "stunts": frozenset(dates[i] for i in range(2, len(dates), 4)),
    }
    units = (
        Unit("1", "1st unit"),
        Unit(
            "2",
            "2nd unit",
            scenes=frozenset(establishing),
            dates=frozenset(dates[i] for i in range(10, len(dates), 15)),
        ),
    )
    problem = Problem(
        scenes=tuple(scenes),
        cast=tuple(cast),
        locations=tuple(locations),
        calendar=calendar,
        units=units,
        limits=korean_limits(),
        requirement_dates=requirement_dates,
        company_move_minutes=45,
        name=f"Series {episodes} episodes (seed {seed})",
    )
    return _add_pins_and_orders(_shootable(problem), rng, pins=5, orders=6)


def _shootable(problem: Problem) -> Problem:
    """Every scene fits a day (shorter pages when not) and has a date (booked needs dropped when their dates miss
    the performers' and the place's)."""
    cap = problem.limits.day_capacity - 60
    scenes = []
    for scene in problem.scenes:
        while scene.estimated_minutes > cap and scene.eighths > 1:
            scene = _replace_scene(scene, eighths=scene.eighths - 1)
        if not _feasible_dates(problem, scene) and scene.requirements.names:
            scene = _replace_scene(scene, requirements=Requirements(minors=scene.requirements.minors))
        scenes.append(scene)
    return replace(problem, scenes=tuple(scenes))


def _replace_scene(scene: Scene, **changes: object) -> Scene:
    return replace(scene, **changes)  # type: ignore[arg-type]


def _replace_cast(member: CastMember, **changes: object) -> CastMember:
    return replace(member, **changes)  # type: ignore[arg-type]


def _with_cast(scene: Scene, cid: str) -> Scene:
    return _replace_scene(scene, cast=tuple(sorted({*scene.cast, cid})))


def _feasible_dates(problem: Problem, scene: Scene) -> list[dt.date]:
    out = []
    for d in problem.calendar.dates:
        if not problem.location_by_id[scene.location].available_on(d):
            continue
        if not all(problem.cast_by_id[c].available_on(d) for c in scene.cast):
            continue
        if any(
            n in problem.requirement_dates and d not in problem.requirement_dates[n] for n in scene.requirements.names
        ):
            continue
        if not problem.units[0].may_shoot(scene.id):
            continue
        out.append(d)
    return out


def _add_pins_and_orders(problem: Problem, rng: random.Random, pins: int, orders: int) -> Problem:
    """A few pins (short scenes, on a date their cast and place allow, spread out) and order constraints (a scene
    before a later one of the same story, neither pinned)."""
    main = [s for s in problem.scenes if problem.units[0].may_shoot(s.id) and not s.id.startswith("E")]
    pin_list: list[Pin] = []
    taken: set[dt.date] = set()
    candidates = [s for s in main if s.estimated_minutes <= 150 and not s.requirements.minors]
    rng.shuffle(candidates)
    for scene in candidates:
        if len(pin_list) >= pins:
            break
        options = [d for d in _feasible_dates(problem, scene) if d not in taken]
        if len(options) < 5:
            continue
        date = options[len(options) // 3 + rng.randrange(len(options) // 3)]
        pin_list.append(Pin(scene.id, date))
        taken.add(date)
    pinned = {p.scene for p in pin_list}
    order_list: list[Order] = []
    free = [s for s in main if s.id not in pinned and s.cast]
    tries = 0
    while len(order_list) < orders and tries < 1000:
        tries += 1
        a = rng.choice(free)
        same = [b for b in free if b.cast and b.cast[0] == a.cast[0] and b.episode == a.episode and b.id != a.id]
        if not same:
            continue
        b = rng.choice(same)
        ia, ib = problem.scenes.index(a), problem.scenes.index(b)
        first, second = (a, b) if ia < ib else (b, a)
        da, db = _feasible_dates(problem, first), _feasible_dates(problem, second)
        if not da or not db or min(da) >= max(db) - dt.timedelta(days=7):
            continue
        if any(
            o.before == first.id or o.after == first.id or o.before == second.id or o.after == second.id
            for o in order_list
        ):
            continue
        order_list.append(Order(first.id, second.id))
    return replace(problem, pins=tuple(pin_list), orders=tuple(order_list))


def random_problem(
    seed: int,
    *,
    scenes: int = 10,
    cast: int = 4,
    locations: int = 3,
    days: int = 12,
    units: int = 1,
    pins: int = 1,
    orders: int = 1,
    frozen_days: int = 0,
) -> Problem:
    """A small production with availability gaps, night and minor scenes, an intimacy booking, travel limits, pins,
    order constraints, optionally a 2nd unit and frozen days; usually but not always feasible."""
    rng = random.Random(f"random-{seed}")  # noqa: S311 - reproducible test data
    start = dt.date(2027, 9, 6) + dt.timedelta(days=rng.randrange(60))
    calendar = Calendar(start, days, frozenset(range(6 if rng.random() < 0.5 else 5)), country="KR")
    dates = calendar.dates
    locs = []
    coords = [(rng.uniform(0, 60), rng.uniform(0, 60)) for _ in range(locations)]
    for i in range(locations):
        travel = {f"L{j}": _travel(coords[i], coords[j]) for j in range(locations) if j != i}
        avail: tuple[DateRange, ...] = ()
        if rng.random() < 0.25 and len(dates) > 4:
            lo = rng.randrange(len(dates) - 3)
            avail = (DateRange(dates[lo], dates[min(len(dates) - 1, lo + rng.randint(3, 8))]),)
        locs.append(Location(f"L{i}", f"Location {i}", avail, travel_minutes=travel))
    members = []
    for i in range(cast):
        off = frozenset(rng.sample(list(dates), min(len(dates), rng.randint(0, 2))))
        child = rng.random() < 0.15
        members.append(
            CastMember(
                f"C{i}",
                f"Actor {i}",
                rng.choice([0, 200, 500, 1000, 3000]),
                unavailable=off,
                drop_pickup=rng.random() < 0.3,
                max_work_minutes_day=6 * 60 if child else None,
                max_work_minutes_week=35 * 60 if child else None,
                wrap_by_minute=20 * 60 if child else None,
            )
        )
    scene_list = []
    children = {m.id for m in members if m.wrap_by_minute is not None}
    for i in range(scenes):
        k = rng.randint(0, min(3, cast))
        chosen_cast = tuple(sorted(rng.sample([m.id for m in members], k)))
        young = bool(children & set(chosen_cast)) or rng.random() < 0.1
        night = not young and rng.random() < 0.3
        req = Requirements(minors=young and rng.random() < 0.5, intimacy=not young and rng.random() < 0.1)
        scene_list.append(
            Scene(
                id=f"S{i}",
                eighths=rng.randint(1, 8 if young else 20),
                location=f"L{rng.randrange(locations)}",
                set=f"set {rng.randrange(3)}",
                complexity=rng.randint(1, 3 if young else 5),
                time_of_day="NIGHT" if night else "DAY",
                cast=chosen_cast,
                requirements=req,
                emotional=rng.random() < 0.1,
                episode=1 + i * 2 // max(1, scenes),
            )
        )
    unit_list = [Unit("1", "1st unit")]
    if units > 1:
        chosen = frozenset(s.id for s in rng.sample(scene_list, max(1, scenes // 4)))
        unit_list.append(
            Unit("2", "2nd unit", scenes=chosen, dates=frozenset(rng.sample(list(dates), len(dates) // 2)))
        )
    limits = korean_limits()
    if rng.random() < 0.3:
        limits = WorkLimits(max_work_minutes_week=40 * 60, max_days_week=5, max_consecutive_days=4)
    problem = Problem(
        scenes=tuple(scene_list),
        cast=tuple(members),
        locations=tuple(locs),
        calendar=calendar,
        units=tuple(unit_list),
        limits=limits,
        requirement_dates={"intimacy": frozenset(rng.sample(list(dates), max(1, len(dates) // 3)))},
        company_move_minutes=rng.choice([30, 45, 60]),
        name=f"random {seed}",
    )
    pin_list = []
    for scene in rng.sample(scene_list, min(pins, scenes)):
        options = _feasible_dates(problem, scene)
        if options:
            pin_list.append(Pin(scene.id, rng.choice(options)))
    order_list: list[Order] = []
    for _ in range(orders):
        a, b = rng.sample(scene_list, 2)
        if not any({o.before, o.after} & {a.id, b.id} for o in order_list):
            order_list.append(Order(a.id, b.id))
    problem = replace(problem, pins=tuple(pin_list), orders=tuple(order_list))
    if frozen_days and dates:
        frozen = []
        pool = [s for s in scene_list if s.id not in {p.scene for p in pin_list}]
        rng.shuffle(pool)
        for j in range(min(frozen_days, len(dates))):
            take = [s.id for s in pool[j * 2 : j * 2 + 2]]
            if take:
                frozen.append(Day(dates[j], "1", tuple(take)))
        problem = replace(problem, frozen=tuple(frozen), reschedule_from=dates[len(frozen)] if frozen else None)
    return problem
