"""The flagship series' first two weeks of shooting in the demo world: an approved budget across the chart of
accounts, daily production reports for the first ten shoot days (per-person calls and wraps, some clocked from
phones and corrected by the 2nd AD, scenes completed, partly shot and rained off, a near miss left open, and the
night shoot that leaves the crew too little rest before the next morning's call), approved by the line producer
so their labour reaches the budget, and the production office's imported cost report.

Everything goes through the services, as people would do it; the randomness (small differences in wraps, screen
time, setups) comes from the seed, so the world is the same for a seed.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from setwise.accounts.models import User
from setwise.budgets import services as budgets
from setwise.budgets.models import Account, BudgetVersion
from setwise.demo.dates import Anchor
from setwise.demo.schedule import REPORTED_DAYS  # two five-day weeks, Tuesday to Friday of the next week
from setwise.productions.models import Production
from setwise.reports import services as reports
from setwise.reports.models import IncidentKind, PersonKind, ReportTime, SceneResult
from setwise.scheduling.models import Board, BoardStatus, ShootDay, Unit

NIGHT_DAY = 7  # a night exterior at the ferry pier: call at noon, wrap at eleven, back at 07:30 the next morning
NIGHT_DAYS_IF_HOLIDAY = (6, 8, 5, 3, 2)  # when a public holiday follows day 7, the night shoot moves to one of these
RAIN_DAY = 4  # rain in the afternoon: a scene rained off, and a lamp blown over
PARTIAL_DAY = 9  # the last scene of the day only half shot
SUBMITTED_ONLY = 1  # the last day waits for the line producer's approval
CLOCK_FROM_DAY = 8  # the personal clock links (QR codes on the call sheet) came in for the last three days

# Day players and crew without an account, by department (names as the 2nd AD writes them).
CREW: tuple[tuple[str, str], ...] = (
    ("김성훈 (촬영감독)", "Camera"),
    ("이다은 (포커스)", "Camera"),
    ("박준영 (B캠)", "Camera"),
    ("최민석 (DIT)", "Data"),
    ("정우진 (조명감독)", "Electrical"),
    ("한상철", "Electrical"),
    ("오세훈", "Electrical"),
    ("윤태호 (그립)", "Grip"),
    ("강민재", "Grip"),
    ("서지혜 (동시녹음)", "Sound"),
    ("임도현 (붐)", "Sound"),
    ("조은비 (미술)", "Art department"),
    ("배성민 (소품)", "Props"),
    ("문하늘 (의상)", "Wardrobe"),
    ("신예린 (분장)", "Make-up and hair"),
    ("홍수아 (미용)", "Make-up and hair"),
    ("송지민 (스크립터)", "Script supervisor"),
    ("권나래 (로케이션)", "Locations"),
    ("장현우 (운전)", "Transport"),
    ("류승호 (운전)", "Transport"),
)
# Departments called before the crew and given their own meal an hour early, and minutes wrapped after the crew.
EARLY = {"Make-up and hair": 30, "Wardrobe": 30, "Transport": 30}
LATE = {"Electrical": 30, "Grip": 30, "Data": 30, "Locations": 15}

# The budget: (account, description, units, unit, quantity, rate, fringe %). Crew lines are day rates, so the
# daily reports' labour is priced from them.
BUDGET_LINES: tuple[tuple[str, str, int, str, int, int, int], ...] = (
    ("1100", "원작 웹소설 판권", 1, "allow", 1, 600_000_000, 0),
    ("1200", "극본 고료 (16부)", 16, "episodes", 1, 45_000_000, 0),
    ("1300", "프로듀서 (2인)", 12, "months", 2, 15_000_000, 0),
    ("1400", "연출 (16부)", 16, "episodes", 1, 40_000_000, 0),
    ("1500", "주연 1", 110, "days", 1, 12_000_000, 0),
    ("1500", "주연 2", 95, "days", 1, 9_000_000, 0),
    ("1500", "주연 3·4", 80, "days", 2, 6_000_000, 0),
    ("1500", "조연·단역", 150, "days", 6, 1_500_000, 0),
    ("1600", "주연 숙박·이동", 1, "allow", 1, 120_000_000, 0),
    ("2000", "연출부·제작부·스크립터", 150, "days", 8, 250_000, 10),
    ("2100", "보조출연", 150, "days", 25, 110_000, 0),
    ("2200", "미술팀", 150, "days", 6, 230_000, 10),
    ("2200", "미술 소모품", 1, "allow", 1, 180_000_000, 0),
    ("2300", "세트 제작 (여객선 선실·선착장 매표소)", 1, "allow", 1, 900_000_000, 0),
    ("2400", "그립팀", 150, "days", 4, 220_000, 10),
    ("2500", "촬영팀", 150, "days", 5, 300_000, 10),
    ("2500", "카메라 장비 (ARRI Alexa 35 2대)", 30, "weeks", 1, 18_000_000, 0),
    ("2600", "조명팀", 150, "days", 6, 240_000, 10),
    ("2600", "조명 장비·발전차", 30, "weeks", 1, 14_000_000, 0),
    ("2700", "의상팀", 150, "days", 3, 200_000, 10),
    ("2700", "의상 구입·대여", 1, "allow", 1, 250_000_000, 0),
    ("2800", "분장·미용팀", 150, "days", 4, 200_000, 10),
    ("2900", "동시녹음팀", 150, "days", 3, 260_000, 10),
    ("3000", "로케이션 사용료", 150, "days", 1, 3_500_000, 0),
    ("3000", "로케이션 매니저", 150, "days", 1, 230_000, 10),
    ("3100", "운전 (승합·탑차)", 150, "days", 6, 180_000, 10),
    ("3100", "차량 렌탈·유류", 30, "weeks", 1, 9_000_000, 0),
    ("3200", "소품 제작·구입", 1, "allow", 1, 160_000_000, 0),
    ("3300", "특수효과 (비·바람)", 20, "days", 1, 4_500_000, 0),
    ("3400", "무술팀", 25, "days", 4, 450_000, 10),
    ("3500", "여객선 대여 (신안 압해도)", 25, "days", 1, 12_000_000, 0),
    ("3600", "인티머시 코디네이터", 6, "days", 1, 900_000, 0),
    ("3600", "현장 안전요원", 150, "days", 1, 250_000, 10),
    ("3700", "밥차·간식", 150, "days", 1, 4_800_000, 0),
    ("3800", "DIT·데일리", 150, "days", 1, 350_000, 10),
    ("3900", "지방 촬영 숙박", 1, "allow", 1, 420_000_000, 0),
    ("4000", "편집 (16부)", 16, "episodes", 1, 30_000_000, 0),
    ("4100", "음악 (OST 포함)", 1, "allow", 1, 650_000_000, 0),
    ("4200", "사운드 믹싱 (Dolby Atmos)", 16, "episodes", 1, 18_000_000, 0),
    ("4300", "VFX", 1, "allow", 1, 1_400_000_000, 0),
    ("4400", "자막·더빙 (12개 언어)", 1, "allow", 1, 480_000_000, 0),
    ("4500", "납품·QC", 1, "allow", 1, 150_000_000, 0),
    ("5000", "보험", 1, "allow", 1, 260_000_000, 0),
    ("5100", "법무·일반관리", 1, "allow", 1, 320_000_000, 0),
    ("5200", "홍보", 1, "allow", 1, 700_000_000, 0),
    ("5900", "예비비", 1, "allow", 1, 1_900_000_000, 0),
)

# The production office's cost report for the first two weeks (invoices and card slips, not labour): each line on
# a reported day (by number: the rain machines on the rain day, the extra generator the day after the night shoot);
# references that carry a date ({date:...}) are written from the day's date.
COST_REPORT: tuple[tuple[int, str, str, int, str], ...] = (
    (1, "2500", "카메라 장비 1–2주차 (렌탈사 인보이스)", 36_000_000, "INV-{date:%y%m}-014"),
    (1, "2600", "조명 장비·발전차 1–2주차", 28_000_000, "INV-{date:%y%m}-015"),
    (2, "3000", "목포 해안로 촬영 허가·사용료", 9_500_000, "LOC-{date:%m%d}"),
    (4, "3000", "신안 선착장 사용료 (3일)", 10_500_000, "LOC-{date:%m%d}"),
    (4, "3300", "강우기·살수차 (우천 대체)", 4_500_000, "SFX-{date:%m%d}"),
    (5, "3700", "밥차 1주차", 24_000_000, "CAT-W1"),
    (6, "3500", "여객선 대여 (3일)", 36_000_000, "BOAT-{date:%m%d}"),
    (7, "3900", "목포 숙소 2주 (스태프 24인)", 67_200_000, "HOTEL-MP-2"),
    (8, "2600", "야간 촬영 추가 발전기", 2_800_000, "INV-{date:%y%m}-031"),
    (10, "3700", "밥차 2주차", 24_000_000, "CAT-W2"),
    (10, "3100", "차량 렌탈·유류 1–2주차", 19_400_000, "CAR-W2"),
    (10, "2200", "미술 소모품 (페인트·목재)", 13_650_000, "ART-{date:%m%d}"),
)
ESTIMATES_TO_COMPLETE = (("3500", 342_000_000), ("3000", 590_000_000))
KRW_IN_USD = Decimal("0.000690")  # the studio's rate, set on the Saturday before the shoot
RATE_DATE = dt.date(2025, 3, 1)  # base day, moved like every date of the world
# Mokpo's mean temperature by month (℃), for the weather line of the reports.
TEMPERATURE = {1: 2, 2: 4, 3: 7, 4: 12, 5: 17, 6: 21, 7: 25, 8: 27, 9: 23, 10: 17, 11: 11, 12: 5}


@dataclass(frozen=True)
class Built:
    budget: BudgetVersion
    reports: int
    violations: int


def _user(username: str) -> User:
    return User.objects.get(username=username)


def build(admin: Any, production: Production, seed: int, anchor: Anchor) -> Built:
    """Write the flagship's budget, its first ten days of daily reports and its cost report, dated by ``anchor``."""
    rng = random.Random(f"{seed}:reports")
    line_producer = _user("demo-lineproducer")
    second_ad = _user("demo-secondad")
    budget = _budget(admin, line_producer, production, anchor.date(RATE_DATE))
    board = Board.objects.get(production=production, status=BoardStatus.ACTIVE, unit=Unit.MAIN)
    zone = ZoneInfo(production.time_zone or "Asia/Seoul")
    days = list(board.days.order_by("number")[:REPORTED_DAYS])
    night = _night_day(days)
    for day in days:
        report = reports.start_report(second_ad, day)
        _fill(rng, second_ad, report, zone, night)
        reports.submit_report(second_ad, report)
        if day.number <= len(days) - SUBMITTED_ONLY:
            reports.approve_report(line_producer, report)
    on_day = {day.number: day.date for day in days}
    rows = [
        (on_day[number], account, what, amount, ref.format(date=on_day[number]))
        for number, account, what, amount, ref in COST_REPORT
    ]
    csv = "date,account,description,amount,reference\n" + "".join(
        f'{date.isoformat()},{account},"{what}",{amount},{ref}\n' for date, account, what, amount, ref in rows
    )
    # the office's name for it: the month of its last line and the shoot's week
    name = f"비용보고서-{rows[-1][0]:%Y-%m}-2주차.csv"
    result = budgets.import_cost_report(line_producer, production, csv.encode(), name)
    if result.errors:
        raise RuntimeError(f"demo cost report did not import: {result.errors[0]}")
    return Built(budget, len(days), production.hours_violations.count())


def _budget(admin: Any, line_producer: User, production: Production, rate_date: dt.date) -> BudgetVersion:
    budgets.set_rate(admin, production.currency, rate_date, KRW_IN_USD)
    version = budgets.create_budget(line_producer, production, "촬영 예산 (편성 확정)")
    accounts = {a.code: a for a in Account.objects.filter(production=production)}
    for code, description, units, unit, quantity, rate, fringe in BUDGET_LINES:
        budgets.add_line(
            line_producer,
            version,
            budgets.LineData(
                accounts[code], description, Decimal(units), unit, Decimal(quantity), Decimal(rate), Decimal(fringe)
            ),
        )
    budgets.approve(line_producer, version)
    version.refresh_from_db()
    # The line producer's forecast after two weeks: the ferry and the locations will cost more than budgeted.
    for code, to_complete in ESTIMATES_TO_COMPLETE:
        budgets.set_estimate_to_complete(line_producer, accounts[code], Decimal(to_complete))
    return version


def _at(zone: ZoneInfo, date: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(date, dt.time(0, 0), tzinfo=zone) + dt.timedelta(hours=hour, minutes=minute)


def _night_day(days: list[ShootDay]) -> int:
    """The day of the night shoot: one the crew is called back to set the next morning."""
    on_day = {day.number: day.date for day in days}
    for number in (NIGHT_DAY, *NIGHT_DAYS_IF_HOLIDAY):
        if number + 1 in on_day and on_day[number + 1] - on_day[number] == dt.timedelta(days=1):
            return number
    return NIGHT_DAY


def _fill(rng: random.Random, second_ad: User, report: Any, zone: ZoneInfo, night_day: int) -> None:
    """The day as the 2nd AD reports it: the day's times, everyone's call and wrap, scene results, incidents."""
    date, number = report.date, report.day_number
    night = number == night_day
    call = _at(zone, date, 12) if night else _at(zone, date, 7, 30)
    # Never more than four hours without a break (Korea's Labour Standards Act, art. 54): lunch, then a break.
    meals = [(call + dt.timedelta(hours=3, minutes=45), call + dt.timedelta(hours=4, minutes=45))]
    meals.append((call + dt.timedelta(hours=8, minutes=30), call + dt.timedelta(hours=9)))
    camera_wrap = call + dt.timedelta(hours=10, minutes=30)
    if number == PARTIAL_DAY:  # a quarter of an hour over, trying to finish the last scene
        camera_wrap += dt.timedelta(minutes=15)
    wrap = camera_wrap + dt.timedelta(minutes=30)
    rained = number == RAIN_DAY
    reports.update_report(
        second_ad,
        report,
        scheduled_call=call,
        scheduled_wrap=call + dt.timedelta(hours=11),
        crew_call=call,
        first_shot=call + dt.timedelta(minutes=rng.choice((50, 55, 60, 70))),
        meals=meals,
        camera_wrap=camera_wrap,
        wrap=wrap,
        weather=_weather(rng, date, rained),
        weather_delay_minutes=90 if rained else 0,
        notes="야간 촬영: 선착장 외경, 조명 크레인 2대." if night else "",
    )
    crew = reports.previous_day_players(report) or [(PersonKind.CREW, n, d) for n, d in CREW]
    reports.add_people(second_ad, report, crew)
    entries = [
        entry
        for person in report.times.select_related("report").order_by("kind", "position", "pk")
        if (entry := _times(rng, person, call, wrap, meals)) is not None
    ]
    reports.set_times_many(second_ad, report, entries)
    rows = list(report.scenes.order_by("position", "pk"))
    results = []
    for i, row in enumerate(rows):
        result, shot, note = SceneResult.COMPLETED, None, ""
        if rained and i == len(rows) - 1:
            result, note = SceneResult.NOT_SHOT, "우천으로 촬영 취소, 재편성 필요"
        elif number == PARTIAL_DAY and i == len(rows) - 1:
            result, shot, note = SceneResult.PARTIAL, max(1, row.eighths_planned // 2), "와이드만 촬영, 인서트 남음"
        seconds = 0 if result == SceneResult.NOT_SHOT else max(20, row.eighths_planned * rng.randint(6, 9))
        setups = 0 if result == SceneResult.NOT_SHOT else rng.randint(2, 6)
        results.append(reports.SceneEntry(row.pk, result, shot, seconds, setups, note))
    reports.set_scene_results(second_ad, report, results)
    if rained:
        reports.add_incident(
            second_ad,
            report,
            kind=IncidentKind.NEAR_MISS,
            time=call + dt.timedelta(hours=7, minutes=40),
            description="돌풍에 18K 조명 스탠드가 넘어짐. 모래주머니 2개뿐이었음. 부상자 없음.",
            people="정우진 (조명감독), 한상철",
            action="촬영 중단, 스탠드 전체 모래주머니 4개로 보강, 풍속 10m/s 이상 시 대형 조명 철수 원칙 공지.",
            lost_minutes=25,
        )


def _weather(rng: random.Random, date: dt.date, rained: bool) -> str:
    if rained:
        return "오후 비, 북서풍 12m/s"
    sky, degrees = rng.choice((("맑음", -1), ("구름 조금", 1), ("흐림", 0)))
    return f"{sky}, {TEMPERATURE[date.month] + degrees}℃"


def _times(
    rng: random.Random,
    person: ReportTime,
    call: dt.datetime,
    wrap: dt.datetime,
    meals: list[tuple[dt.datetime, dt.datetime]],
) -> reports.Times | None:
    """A person's call and wrap: departments that start early eat an hour early; cast leave when their scenes
    are done. For the last three days the crew with an account clock in and out from their phone (the clocked
    times stand unless the 2nd AD corrects them, as for one in five clock-outs); the 2nd AD enters the rest."""
    department = person.department.split(",")[0].strip()
    own_meals: object = reports.UNSET
    if person.kind == PersonKind.CAST:
        start = call + dt.timedelta(minutes=30)
        end = wrap - dt.timedelta(minutes=rng.choice((30, 60, 90)))
    else:
        early = EARLY.get(department, 0)
        start = call - dt.timedelta(minutes=early)
        end = wrap + dt.timedelta(minutes=LATE.get(department, 0) - rng.choice((0, 5, 10)))
        if early:
            own_meals = [(a - dt.timedelta(minutes=early), b - dt.timedelta(minutes=early)) for a, b in meals]
    if person.user_id is None or person.kind == PersonKind.CAST or person.report.day_number < CLOCK_FROM_DAY:
        return reports.Times(person.pk, start, end, own_meals)
    reports.clock(person, "in", now=start + dt.timedelta(minutes=rng.randint(-4, 3)))
    person = reports.clock(person, "out", now=end + dt.timedelta(minutes=rng.randint(-3, 6)))
    if own_meals is reports.UNSET and rng.random() >= 0.2:
        return None  # the clocked times stand; they are confirmed on submission
    return reports.Times(person.pk, person.clock_in, end, own_meals)
