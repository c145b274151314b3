"""Rules engine benchmark: check a season of shifts against the layered working-hour rules.

Builds a 120-shoot-day, 150-person season (Monday-Friday shoot weeks, a night shoot every third Friday, crew
calls staggered by department, five minors on three days a week, a handful of planted violations: long days,
short turnarounds, a missing meal, a minor wrapping late) and times ``check`` on it (best of --repeat), then the
command line's path (JSON text -> ``plan_from_json`` -> ``check`` -> ``violations_to_json``). Prints the
violations per rule and PASS/MISS against the target (issue 6: under 1 s for about 18,000 person-days).

    .venv/bin/python bench/rules.py [--country KR] [--agreement MPPA] [--days 120] [--people 150] [--repeat 5]
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import os
import random
import time
from zoneinfo import ZoneInfo

from setwise.engines.rules import (
    Person,
    Plan,
    Shift,
    check,
    load_ruleset,
    plan_from_json,
    violations_to_json,
)

TARGET_S = 1.0
ZONES = {
    "KR": "Asia/Seoul",
    "JP": "Asia/Tokyo",
    "TH": "Asia/Bangkok",
    "ID": "Asia/Jakarta",
    "TW": "Asia/Taipei",
    "AU": "Australia/Sydney",
}
DEPARTMENTS = [
    ("camera", -45, 15),
    ("grip", -60, 30),
    ("electric", -60, 30),
    ("sound", -30, 15),
    ("art", -75, 0),
    ("costume", -60, 15),
    ("makeup", -90, 0),
    ("production", -60, 30),
    ("locations", -90, 30),
    ("transport", -90, 45),
]


def shoot_days(start: dt.date, count: int) -> list[dt.date]:
    days: list[dt.date] = []
    d = start
    while len(days) < count:
        if d.weekday() < 5:
            days.append(d)
        d += dt.timedelta(days=1)
    return days


def season(country: str, n_days: int, n_people: int, seed: int = 7) -> Plan:
    rnd = random.Random(seed)
    tz = ZoneInfo(ZONES[country])
    days = shoot_days(dt.date(2026, 3, 2), n_days)
    minors = [dt.date(2017, 5, 1), dt.date(2013, 9, 9), dt.date(2011, 3, 20), dt.date(2009, 7, 7), dt.date(2008, 11, 1)]
    people: list[Person] = []
    for i in range(n_people):
        if i < len(minors):
            people.append(Person(f"minor-{i + 1}", "cast", minors[i]))
        elif i < 30:
            people.append(Person(f"cast-{i + 1}", "cast", None))
        else:
            dept = DEPARTMENTS[i % len(DEPARTMENTS)][0]
            people.append(Person(f"{dept}-{i + 1}", dept, None))
    shifts: list[Shift] = []

    def at(day: dt.date, minutes: int) -> dt.datetime:
        return dt.datetime(day.year, day.month, day.day, tzinfo=tz) + dt.timedelta(minutes=minutes)

    def add(pid: str, day: dt.date, call: int, wrap: int, meal_gaps: list[int], meal_len: list[int]) -> None:
        meals = []
        t = call
        for gap, length in zip(meal_gaps, meal_len, strict=True):
            t += gap
            if t + length >= wrap:
                break
            meals.append((at(day, t), at(day, t + length)))
            t += length
        shifts.append(Shift(pid, at(day, call), at(day, wrap), tuple(meals)))

    planted = {rnd.randrange(n_days) for _ in range(6)}
    for index, day in enumerate(days):
        night = day.weekday() == 4 and (index // 5) % 3 == 2
        unit_call = (17 * 60 if night else 7 * 60) + rnd.choice([0, 15, 30, 45, 60])
        if day.weekday() == 0 and not night:
            unit_call = max(unit_call, 7 * 60)
        unit_length = rnd.choice([600, 615, 630])  # call to wrap incl. 1.5 h of meals
        for i, person in enumerate(people):
            if person.birth_date is not None:
                if day.weekday() in (0, 2, 4) and not night:
                    add(person.id, day, 9 * 60, 15 * 60, [180], [60])
                continue
            if i < 30:
                if rnd.random() < 0.15:
                    continue  # cast not called today
                call = unit_call + rnd.choice([-60, -30, 0, 60])
                wrap = unit_call + unit_length - rnd.choice([0, 30, 60, 90])
            else:
                _, before, after = DEPARTMENTS[i % len(DEPARTMENTS)]
                call = unit_call + max(before, -45)
                wrap = unit_call + unit_length + min(after, 15)
            gaps, lengths = [240, 210], [60, 30]
            if index in planted and i % 37 == 0:
                wrap += 120  # a long day
            if index in planted and i % 41 == 1:
                gaps, lengths = [], []  # no meal logged
            add(person.id, day, call, wrap, gaps, lengths)
    # a minor kept late and two short turnarounds after a night
    kid = people[1].id
    late_day = next(d for d in days[20:] if d.weekday() == 2)
    add(kid, late_day + dt.timedelta(days=1), 14 * 60, 21 * 60, [180], [60])
    return Plan(ZONES[country], tuple(people), tuple(shifts))


def plan_json(country: str, plan: Plan) -> str:
    return json.dumps(
        {
            "country": country,
            "timezone": plan.timezone,
            "people": [
                {"id": p.id, "role": p.role, "birth_date": p.birth_date.isoformat() if p.birth_date else None}
                for p in plan.people
            ],
            "shifts": [
                {
                    "person": s.person,
                    "call": s.call.isoformat(),
                    "wrap": s.wrap.isoformat(),
                    "meals": [[a.isoformat(), b.isoformat()] for a, b in s.meals],
                }
                for s in plan.shifts
            ],
        }
    )


def best_of(repeat: int, fn):  # type: ignore[no-untyped-def]
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--country", default="KR", choices=sorted(ZONES))
    ap.add_argument("--agreement", action="append", default=[])
    ap.add_argument("--policy", default="studio", choices=["studio", "none"])
    ap.add_argument("--days", type=int, default=120)
    ap.add_argument("--people", type=int, default=150)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    start = time.perf_counter()
    plan = season(args.country, args.days, args.people)
    built = time.perf_counter() - start
    rules = load_ruleset(args.country, args.agreement, None if args.policy == "none" else "studio")
    person_days = len(plan.shifts)
    check_s, violations = best_of(args.repeat, lambda: check(plan, rules))
    text = plan_json(args.country, plan)

    def cli_path() -> str:
        doc = plan_from_json(json.loads(text))
        return json.dumps(violations_to_json(check(doc.plan, rules)))

    cli_s, _ = best_of(max(1, args.repeat // 2), cli_path)
    load1, load5, load15 = os.getloadavg()
    layers = " + ".join([args.country, *args.agreement, *(["policy"] if args.policy == "studio" else [])])
    print(f"season: {args.days} shoot days, {len(plan.people)} people, {person_days} person-days (shifts)")
    print(f"zone: {plan.timezone}; rules: {layers}; plan built in {built:.2f} s; JSON plan {len(text) / 1e6:.1f} MB")
    print(f"load average: {load1:.2f} {load5:.2f} {load15:.2f}")
    print()
    print(f"{'figure':<44}{'value':>12}  target")
    verdict = "PASS" if check_s < TARGET_S else "MISS"
    label = f"check (best of {args.repeat})"
    print(f"{label:<44}{check_s * 1000:>9.0f} ms  < {TARGET_S * 1000:.0f} ms {verdict}")
    print(f"{'per person-day':<44}{check_s / person_days * 1e6:>9.1f} us")
    print(f"{'JSON text -> plan -> check -> JSON':<44}{cli_s * 1000:>9.0f} ms  (command-line path)")
    print(f"{'violations':<44}{len(violations):>12}")
    print(f"{'violations per 100 person-days':<44}{100 * len(violations) / person_days:>12.2f}")
    print()
    per_rule = collections.Counter((v.rule, v.layer) for v in violations)
    print(f"{'rule':<36}{'layer':<10}{'count':>6}")
    for (rule, layer), count in sorted(per_rule.items()):
        print(f"{rule:<36}{layer:<10}{count:>6}")


if __name__ == "__main__":
    main()
