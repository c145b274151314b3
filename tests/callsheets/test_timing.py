"""The clock of a shoot day: scene starts from the shooting call with the meal break once six hours of work are
due, crew calls from department lead times (matched whatever the case or spelling), cast calls from the first
scene and the longest of make-up, hair and wardrobe."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from setwise.callsheets import timing

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
DAY = dt.date(2026, 3, 3)


def local(hh: int, mm: int = 0) -> dt.datetime:
    return timing.at(DAY, dt.time(hh, mm), SEOUL)


def clock(value: dt.datetime) -> str:
    return value.astimezone(SEOUL).strftime("%H:%M")


def test_scenes_follow_each_other_from_the_shooting_call_with_a_meal_before_the_sixth_hour_is_passed() -> None:
    slots = timing.plan([150, None, 120, 60, 45], local(7), local(8), meal_minutes=60)
    assert [(s.index, clock(s.start), clock(s.end)) for s in slots] == [
        (0, "08:00", "10:30"),
        (2, "10:30", "12:30"),  # item 1 is a banner: no time, no slot
        (None, "12:30", "13:30"),  # the next scene would run past 13:00 (crew call + 6 h)
        (3, "13:30", "14:30"),
        (4, "14:30", "15:15"),
    ]
    assert slots[2].is_meal and not slots[0].is_meal


def test_a_short_day_has_no_meal_and_a_long_one_has_two() -> None:
    assert not any(s.is_meal for s in timing.plan([60, 60], local(7), local(8)))
    long_day = timing.plan([120] * 8, local(7), local(8), meal_minutes=30)
    meals = [clock(s.start) for s in long_day if s.is_meal]
    assert meals == ["12:00", "18:30"]  # the second is due six hours after the first ended (12:30)
    no_meal = timing.plan([120] * 8, local(7), local(8), meal_minutes=0)
    assert not any(s.is_meal for s in no_meal) and clock(no_meal[-1].end) == "00:00"


def test_the_first_scene_is_never_preceded_by_a_meal() -> None:
    slots = timing.plan([480, 30], local(7), local(8))
    assert [s.index for s in slots] == [0, None, 1]


def test_departments_match_case_spacing_punctuation_and_common_local_names() -> None:
    leads = timing.DEFAULT_LEADS
    assert leads.for_department("MAKE-UP") == leads.for_department("make up") == leads.for_department("분장") == 90
    assert leads.for_department("camera ") == leads.for_department("撮影") == 45
    assert leads.for_department("Catering") == leads.for_department("") == timing.DEFAULT_LEAD_MINUTES == 30
    assert timing.department_key("Hair & Make-up") == "makeup"


def test_cast_prep_is_the_longest_of_make_up_hair_and_wardrobe_else_ninety_minutes() -> None:
    assert timing.DEFAULT_LEADS.cast_prep == 90
    custom = timing.LeadTimes({"hair": 100, "wardrobe": 40, "camera": 200})
    assert custom.cast_prep == 100
    assert timing.LeadTimes({"camera": 45}).cast_prep == timing.DEFAULT_CAST_PREP_MINUTES == 90


def test_calls_are_the_general_call_or_first_scene_less_the_lead_time() -> None:
    assert clock(timing.crew_call_for(local(7), 90)) == "05:30"
    assert clock(timing.cast_call_for(local(8), 90)) == "06:30"
    assert timing.at(DAY, dt.time(7), SEOUL) == dt.datetime(2026, 3, 2, 22, 0, tzinfo=dt.UTC)  # stored in UTC


def test_unknown_zones_fall_back_to_utc_and_daylight_saving_is_respected() -> None:
    assert timing.zone("Mars/Olympus") is dt.UTC
    sydney = timing.zone("Australia/Sydney")
    summer = timing.at(dt.date(2026, 1, 15), dt.time(7), sydney)
    winter = timing.at(dt.date(2026, 7, 15), dt.time(7), sydney)
    assert (summer.hour, winter.hour) == (20, 21)  # 07:00 AEDT (+11) and AEST (+10) in UTC
