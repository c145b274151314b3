"""The flagship series' script and schedule in the demo world: the first two episodes imported from generated
Korean scripts, cast numbers and deal terms, a few real-looking locations with hospitals, a performer's
unavailable days, and the first block's board, active and (``settle``, once the intimacy story and the VFX shots are
in) committed as the baseline.

The board's first ``REPORTED_DAYS`` days keep the script-order layout of ``create_board`` (the days
``demo.reports`` reports as shot); the days from today on are laid out by the scheduling engine's construction
(``first_board``), so every working-hour, turnaround and availability rule holds on the days still to shoot, and no
scene waits on a day between the last report and today. The optimiser then has room to propose a shorter board."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from typing import Any

from django.db.models import Count

from setwise.breakdown import services as breakdown
from setwise.breakdown.models import Character, Location
from setwise.engines import scheduling as engine
from setwise.engines.screenplay import generator
from setwise.intimacy.models import IntimacyPlan
from setwise.productions.models import Production
from setwise.scheduling import adapter
from setwise.scheduling import services as scheduling
from setwise.scheduling.models import Board, BoardStatus, Strip

EPISODES = (1, 2)
PAGES = 55
# Places of the island story, with coordinates for sunrise, sunset and maps on call sheets.
PLACES = [
    ("목포", "전라남도 목포시 해안로 148", "34.7830", "126.3830", "목포한국병원", "전라남도 목포시 영산로 483"),
    (
        "선착장",
        "전라남도 신안군 압해읍 송공리 1-3",
        "34.8560",
        "126.2900",
        "신안군보건의료원",
        "전라남도 신안군 압해읍 천사로 1004",
    ),
]
WORKING_WEEKDAYS = [0, 1, 2, 3, 4, 5]  # Monday to Saturday
REPORTED_DAYS = 10  # two five-day weeks, Tuesday to Friday of the next week (4 to 14 March 2025 on the base day)
RATES = [Decimal(v) for v in ("12000000", "9000000", "6000000", "4500000", "3000000", "2500000", "2000000")]


def build(admin: Any, production: Production, seed: int, today: dt.date) -> Board:
    for episode in EPISODES:
        draft = generator.generate("ko", pages=PAGES, seed=seed, episode=episode)
        result = breakdown.import_script(
            admin,
            production,
            generator.to_fountain(draft).encode(),
            f"winter-ferry-ep{episode:02d}.fountain",
            episode=episode,
        )
        if result.errors:
            raise RuntimeError(f"demo script did not import: {result.errors[0]['message']}")
    characters = list(
        Character.objects.filter(production=production)
        .annotate(scenes=Count("scene_characters"))
        .order_by("-scenes", "name")
    )
    for number, character in enumerate(characters, start=1):
        rate = RATES[number - 1] if number <= len(RATES) else Decimal("800000")
        scheduling.set_cast_terms(
            admin, character, cast_number=number, daily_rate=rate, drop_pickup=number > 4, travel=number == 2
        )
    lead = production.memberships.filter(role="cast").first()
    if lead is not None and characters:
        breakdown.link_character(admin, characters[0], lead)
    locations = list(Location.objects.filter(production=production).order_by("pk"))
    for location, (label, address, lat, lon, hospital, hospital_address) in zip(locations, PLACES, strict=False):
        location.address = f"{address} ({label})"
        location.latitude, location.longitude = Decimal(lat), Decimal(lon)
        location.hospital, location.hospital_address = hospital, hospital_address
        location.save()
    if production.shoot_start is None:
        raise RuntimeError("the demo's flagship needs a shoot start for its board")
    board = scheduling.create_board(
        admin,
        production,
        name="1블록 (1–2부)",
        start_date=production.shoot_start,
        episode_from=1,
        episode_to=2,
        working_weekdays=WORKING_WEEKDAYS,
    )
    board = _lay_out_from(admin, board, today)
    scheduling.set_status(admin, board, BoardStatus.ACTIVE)
    return board


def settle(admin: Any, production: Production, today: dt.date) -> Board:
    """After ``demo.intimacy`` flagged its scenes and booked their coordinator, and ``demo.post`` marked its VFX
    shots (both make scenes longer): the days to shoot laid out again around the intimate scenes, which keep their
    dates; then the third lead's other engagement on day 13 (news
    after the board was laid out: a warning on it) and the board committed as the baseline."""
    board = production.boards.get(status=BoardStatus.ACTIVE)
    intimate = IntimacyPlan.objects.filter(scene__production=production).values_list("scene_id", flat=True)
    kept = {
        str(scene): date
        for scene, date in Strip.objects.filter(board=board, scene_id__in=intimate, day__date__gte=today).values_list(
            "scene_id", "day__date"
        )
    }
    board = _lay_out_from(admin, board, today, kept)
    third_lead = Character.objects.filter(production=production, terms__cast_number=3).first()  # set in build
    third = board.days.order_by("number")[12:13].first()  # in the third week, the first two reported as shot
    if third_lead is not None and third is not None:
        scheduling.add_unavailability(
            admin, production, character=third_lead, start=third.date, end=third.date, reason="광고 촬영"
        )
    scheduling.commit_baseline(admin, board)
    return board


def _lay_out_from(admin: Any, board: Board, today: dt.date, kept: dict[str, dt.date] | None = None) -> Board:
    """The board's days after the reported ones laid out again by the engine's construction, from ``today`` on;
    ``kept`` scenes stay on their dates (the intimacy protocol's own checks are the intimacy story's business)."""
    problem = adapter.problem_for(board, intimacy=False)
    if kept:
        problem = replace(problem, pins=(*problem.pins, *(engine.Pin(s, d) for s, d in sorted(kept.items()))))
    current = adapter.current_board(board, problem)
    reported = engine.Board.of(current.days[:REPORTED_DAYS])
    rest = problem.remainder(reported, today - dt.timedelta(days=1))
    result = engine.first_board(rest, warm_start=current)
    if result.board is None:
        raise RuntimeError(f"the demo board could not be laid out ({result.status})")
    return scheduling.apply_layout(admin, board, adapter.layout_of(rest, result.board), board.revision)
