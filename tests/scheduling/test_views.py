"""Stripboard pages: the board with its colours, totals and warnings; moves answered for htmx with the
re-rendered board (or an error when the board moved on); intimacy flags only for those who may see them; and a
query count that does not grow with the board."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from setwise.breakdown import services as breakdown
from setwise.breakdown.models import Character, SceneElement
from setwise.scheduling import services
from setwise.scheduling.models import Board, Unavailability

pytestmark = pytest.mark.django_db


def board_url(board: Board, name: str = "board", *args) -> str:
    return reverse(f"scheduling:{name}", args=[board.production.slug, board.pk, *args])


def test_board_page_shows_days_strips_colours_and_totals(client, board: Board, first_ad) -> None:
    client.force_login(first_ad)
    response = client.get(board_url(board))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="strip ') == 4
    assert "ext-night" in html  # scene 1: 항구 / 부두 (밤) is an exterior at night
    assert "End of day 1" in html and "data-move-url" in html
    assert "Tue 3 Mar 2026" in html  # the first working day after the substitute holiday


def test_htmx_move_returns_the_rerendered_board(client, board: Board, first_ad) -> None:
    client.force_login(first_ad)
    strip = board.strips.get(scene__number="4")
    day1 = board.days.get(number=1)
    response = client.post(
        board_url(board, "move"),
        {"strip": strip.pk, "day": day1.pk, "index": 0, "revision": board.revision},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<div id="board"')
    assert day1.strips.order_by("position").first().scene.number == "4"


def test_a_stale_move_reports_an_error_and_changes_nothing(client, board: Board, first_ad) -> None:
    client.force_login(first_ad)
    strip = board.strips.get(scene__number="4")
    response = client.post(
        board_url(board, "move"),
        {"strip": strip.pk, "day": "", "index": 0, "revision": board.revision + 5},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "setwise:error" in json.loads(response["HX-Trigger"])
    strip.refresh_from_db()
    assert strip.day_id is not None


def test_unavailable_cast_and_locations_are_flagged_on_their_day(client, board: Board, first_ad) -> None:
    scene = board.strips.get(scene__number="2").scene
    day = board.strips.get(scene=scene).day
    character = Character.objects.get(production=board.production, scene_characters__scene=scene, name="민호")
    Unavailability.objects.create(production=board.production, character=character, start=day.date, end=day.date)
    Unavailability.objects.create(
        production=board.production, location=scene.set.location, start=day.date, end=day.date + dt.timedelta(days=3)
    )
    client.force_login(first_ad)
    html = client.get(board_url(board)).content.decode()
    assert "Cast unavailable: 민호 is not available on" in html
    assert "Location unavailable: 민호의 집 is not available on" in html


def test_intimate_scenes_are_flagged_only_for_those_who_may_see_intimacy(
    client, board: Board, first_ad, producer, crew_member
) -> None:
    kiss = SceneElement.objects.get(scene__production=board.production, element__name="kissing")
    breakdown.set_element_status(first_ad, kiss, "accepted")
    client.force_login(producer)
    html = client.get(board_url(board)).content.decode()
    assert "closed set" in html and "no intimacy coordinator" in html
    client.force_login(crew_member)
    html = client.get(board_url(board)).content.decode()
    assert "closed set" not in html and "no intimacy coordinator" not in html
    # Crew see that the strip is blocked and why in plain words, not the plan's details.
    assert "data-blocked" in html and "Intimacy plan not ready" in html and "No plan yet" not in html
    assert "data-move-url" not in html  # crew see the board, they do not edit it


def test_filters_keep_day_totals(client, board: Board, first_ad) -> None:
    client.force_login(first_ad)
    html = client.get(board_url(board), {"q": "rooftop"}).content.decode()
    assert html.count('class="strip ') == 1


def test_board_list_and_create(client, production, first_ad, imported) -> None:
    client.force_login(first_ad)
    url = reverse("scheduling:boards", args=[production.slug])
    assert "No board yet" in client.get(url).content.decode()
    response = client.post(
        url,
        {"name": "Main", "start_date": "2026-03-09", "unit": "main", "working_weekdays": ["0", "1", "2", "3", "4"],
         "day_minutes": "480"},
    )  # fmt: skip
    board = Board.objects.get(production=production, name="Main")
    assert response.status_code == 302 and response["Location"] == board_url(board)
    assert board.day_minutes == 480 and board.weekdays == [0, 1, 2, 3, 4]
    response = client.post(url, {"name": "Main", "start_date": "2026-03-09", "unit": "main",
                                 "working_weekdays": ["0"], "day_minutes": "480"})  # fmt: skip
    assert response.status_code == 200 and "already has a board with that name" in response.content.decode()


def test_board_page_queries_do_not_grow_with_the_board(client, production, first_ad) -> None:
    def script(n: int) -> bytes:
        return "\n".join(
            f"INT. ROOM {i} - NIGHT #{i}#\n\nANNA{i % 5} and BEN talk.\n\nANNA{i % 5}\nHello {i}.\n"
            for i in range(1, n + 1)
        ).encode()

    client.force_login(first_ad)
    counts = []
    for n, name in ((5, "small"), (60, "large")):
        breakdown.import_script(first_ad, production, script(n), f"{name}.fountain")
        board = services.create_board(first_ad, production, name=name, start_date=dt.date(2026, 3, 9))
        client.get(board_url(board))  # the first view syncs the board with the script
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(board_url(board)).status_code == 200
        counts.append(len(ctx))
    assert counts[1] == counts[0], counts
    assert counts[1] <= 30
