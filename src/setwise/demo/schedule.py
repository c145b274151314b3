"""The flagship series' script and schedule in the demo world: the first two episodes imported from generated
Korean scripts, cast numbers and deal terms, a few real-looking locations with hospitals, a performer's
unavailable days, and the first block's board, active and committed as the baseline."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count

from setwise.breakdown import services as breakdown
from setwise.breakdown.models import Character, Location
from setwise.engines.screenplay import generator
from setwise.productions.models import Production
from setwise.scheduling import services as scheduling
from setwise.scheduling.models import Board, BoardStatus

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
RATES = [Decimal(v) for v in ("12000000", "9000000", "6000000", "4500000", "3000000", "2500000", "2000000")]


def build(admin: Any, production: Production, seed: int) -> Board:
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
    if len(characters) > 2:
        # Day 13, in the third week (the first two are reported as shot in demo.reports).
        third = board.days.order_by("number")[12:13].first()
        if third is not None:  # the third lead has another engagement on day 13: a warning on the board
            scheduling.add_unavailability(
                admin, production, character=characters[2], start=third.date, end=third.date, reason="광고 촬영"
            )
    scheduling.set_status(admin, board, BoardStatus.ACTIVE)
    scheduling.commit_baseline(admin, board)
    return board
