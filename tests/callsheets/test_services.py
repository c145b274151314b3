"""Generating call sheets: times from the lead times and the scenes' estimates, bound to the board version it
froze, revisions per day, out-of-date detection, editing a draft, refusals."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from setwise.callsheets import selectors, services
from setwise.callsheets.models import CallSheet, LeadTime, RecipientKind
from setwise.scheduling import services as scheduling
from setwise.scheduling.models import Board, BoardVersion, Strip

pytestmark = pytest.mark.django_db
SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")

# Minutes of scenes 1-4 (all on day 1): 08:00-10:30, 10:30-12:30, meal 12:30-13:30, 13:30-14:30, 14:30-15:15.
MINUTES = {"1": 150, "2": 120, "3": 60, "4": 45}


def clock(value: dt.datetime) -> str:
    return value.astimezone(SEOUL).strftime("%H:%M")


def estimate(board: Board) -> None:
    for strip in Strip.objects.filter(board=board).select_related("scene"):
        Strip.objects.filter(pk=strip.pk).update(minutes=MINUTES[strip.scene.number])


def calls(sheet: CallSheet) -> dict[str, str]:
    return {p.name: clock(p.call_time) for p in sheet.people.all()}


def test_times_come_from_the_lead_times_and_the_scene_estimates(board, first_ad, crew, production, actor) -> None:
    estimate(board)
    sheet = services.generate_call_sheet(first_ad, production, 1)
    assert (sheet.day_number, sheet.day_count, sheet.date, sheet.revision) == (1, 2, dt.date(2026, 3, 3), 1)
    assert (clock(sheet.crew_call), clock(sheet.shooting_call)) == ("07:00", "08:00")
    view = selectors.sheet_view(sheet)
    starts = [("meal" if i.meal else i.item["number"], clock(i.start)) for i in view.items]
    assert starts == [("1", "08:00"), ("2", "10:30"), ("meal", "12:30"), ("3", "13:30"), ("4", "14:30")]
    assert clock(view.wrap) == "15:15"
    by_name = calls(sheet)
    # Cast: the first scene's start (08:00) less the longest of make-up, hair, wardrobe (90 min).
    assert by_name["Kim Actor"] == "06:30"
    # Crew: the general call (07:00) less their department's lead time, matched whatever the case.
    assert (by_name["Mua"], by_name["Dop"], by_name["Mixer"], by_name["Runner"]) == ("05:30", "06:15", "06:30", "06:30")
    actor_row = sheet.people.get(user=actor.user)
    assert (actor_row.kind, actor_row.role, actor_row.email) == (RecipientKind.CAST, "민호", "actor@example.org")
    # A character no performer is linked to is on the sheet, called but unreachable.
    seoyeon = sheet.people.get(name="서연")
    assert seoyeon.user is None and seoyeon.email == "" and clock(seoyeon.call_time) == "06:30"
    detective = sheet.people.get(name="DETECTIVE PARK")
    assert clock(detective.call_time) == "12:00"  # scene 3 starts 13:30 (after the meal), less 90 minutes


def test_the_production_s_own_lead_times_are_used(board, first_ad, crew, production) -> None:
    estimate(board)
    services.set_lead_times(first_ad, production, {"Make-up": 120, "Hair": 100, "camera": 60}, default=20)
    assert LeadTime.objects.filter(production=production).count() == 4
    by_name = calls(services.generate_call_sheet(first_ad, production, 1))
    assert (by_name["Kim Actor"], by_name["Mua"], by_name["Dop"]) == ("06:00", "05:00", "06:00")
    assert (by_name["Mixer"], by_name["Runner"]) == ("06:40", "06:40")  # Sound is no longer listed: the default
    with pytest.raises(ValidationError):
        services.set_lead_times(first_ad, production, {"Make-up": 900}, default=30)


def test_the_call_sheet_is_bound_to_the_board_version_it_froze(board, first_ad, production) -> None:
    sheet = services.generate_call_sheet(first_ad, production, 1)
    version = sheet.board_version
    assert version.board_id == board.pk and version.revision == board.revision
    assert [s["scene"] for s in version.data["days"][0]["strips"]] == [i["scene"] for i in sheet.content["items"]]
    again = services.generate_call_sheet(first_ad, production, 1)
    assert again.board_version == version  # the board did not change: the same version, a new revision
    assert again.revision == 2 and BoardVersion.objects.filter(board=board).count() == 1


def test_a_change_to_the_day_makes_it_out_of_date_and_a_new_revision_follows(board, first_ad, production) -> None:
    sheet = services.generate_call_sheet(first_ad, production, 1)
    assert not selectors.freshness(sheet).out_of_date
    day2 = board.days.get(number=2)
    scheduling.add_banner(first_ad, board, day2, "Company move to Busan")
    fresh = selectors.freshness(sheet)
    assert fresh.board_moved_on and not fresh.schedule_changed and not fresh.out_of_date  # another day changed
    strip = board.strips.get(scene__number="4")
    board.refresh_from_db()
    scheduling.move_strip(first_ad, board, strip.pk, day2.pk, 0, board.revision)
    fresh = selectors.freshness(sheet)
    assert fresh.schedule_changed and fresh.out_of_date
    with pytest.raises(ValidationError, match="generate a new revision"):
        services.issue_call_sheet(first_ad, sheet, "http://testserver/")
    newer = services.regenerate_call_sheet(first_ad, sheet)
    assert newer.revision == 2 and newer.board_version.number == 2
    assert [i["number"] for i in newer.content["items"]] == ["1", "2", "3"]
    assert selectors.freshness(sheet).newer == newer
    assert not selectors.freshness(newer).out_of_date
    # Day 2 is its own series of revisions.
    assert services.generate_call_sheet(first_ad, production, 2).revision == 1


def test_a_board_that_is_no_longer_active_makes_its_call_sheets_out_of_date(board, first_ad, producer, production):
    sheet = services.generate_call_sheet(first_ad, production, 1)
    scheduling.set_status(producer, board, "published")
    assert selectors.freshness(sheet).schedule_changed


def test_without_an_active_board_generation_is_refused_clearly(board, first_ad, producer, production) -> None:
    scheduling.set_status(producer, board, "published")
    with pytest.raises(ValidationError, match="no active board"):
        services.generate_call_sheet(first_ad, production, 1)
    scheduling.set_status(producer, board, "active")
    with pytest.raises(ValidationError, match="Day 9 is not on the active board"):
        services.generate_call_sheet(first_ad, production, 9)
    with pytest.raises(ValidationError, match="no active board for the second unit"):
        services.generate_call_sheet(first_ad, production, 1, unit="second")
    assert not CallSheet.objects.exists()


def test_only_schedule_editors_generate_edit_and_issue(board, first_ad, crew, production) -> None:
    with pytest.raises(PermissionDenied):
        services.generate_call_sheet(crew["dop"], production, 1)
    sheet = services.generate_call_sheet(first_ad, production, 1)
    with pytest.raises(PermissionDenied):
        services.issue_call_sheet(crew["dop"], sheet, "http://testserver/")
    with pytest.raises(PermissionDenied):
        services.set_lead_times(crew["dop"], production, {}, default=10)


def test_editing_a_draft_moves_the_computed_calls_and_keeps_calls_set_by_hand(board, first_ad, crew, production):
    estimate(board)
    sheet = services.generate_call_sheet(first_ad, production, 1)
    mua = sheet.people.get(name="Mua")
    services.set_call(first_ad, mua, dt.time(5, 0))
    services.update_call_sheet(
        first_ad,
        sheet,
        crew_call=dt.time(6, 0),
        shooting_call=dt.time(7, 0),
        meal_minutes=45,
        weather="맑음, 12°C",
        notes="Bring rain gear.",
    )
    sheet.refresh_from_db()
    by_name = calls(sheet)
    assert (by_name["Kim Actor"], by_name["Dop"], by_name["Mua"]) == ("05:30", "05:15", "05:00")
    assert sheet.weather == "맑음, 12°C" and sheet.history.count() == 2
    assert [clock(s.start) for s in selectors.slots_of(sheet) if s.is_meal] == ["11:30"]  # due at 12:00
    services.set_call(first_ad, sheet.people.get(name="Mua"), None)
    assert calls(sheet)["Mua"] == "04:30"  # back to the computed call (06:00 less 90)
    # A revision keeps the day's calls, weather and notes, and calls set by hand whose computed call is unchanged.
    services.set_call(first_ad, sheet.people.get(name="Dop"), dt.time(5, 5))
    newer = services.regenerate_call_sheet(first_ad, sheet)
    assert (clock(newer.crew_call), newer.weather, newer.notes) == ("06:00", sheet.weather, sheet.notes)
    assert calls(newer)["Dop"] == "05:05" and newer.people.get(name="Dop").call_edited
    with pytest.raises(ValidationError, match="shooting call comes before"):
        services.update_call_sheet(
            first_ad, newer, crew_call=dt.time(9), shooting_call=dt.time(8), meal_minutes=60, weather="", notes=""
        )


def test_an_issued_call_sheet_does_not_change(board, first_ad, production, django_capture_on_commit_callbacks):
    sheet = services.generate_call_sheet(first_ad, production, 1)
    with django_capture_on_commit_callbacks(execute=True):
        services.issue_call_sheet(first_ad, sheet, "http://testserver/")
    with pytest.raises(ValidationError, match="does not change"):
        services.update_call_sheet(
            first_ad, sheet, crew_call=dt.time(6), shooting_call=dt.time(7), meal_minutes=60, weather="", notes=""
        )
    with pytest.raises(ValidationError):
        services.set_call(first_ad, sheet.people.first(), dt.time(5))
    with pytest.raises(ValidationError):
        services.issue_call_sheet(first_ad, sheet, "http://testserver/")


def test_sunrise_and_sunset_at_the_first_location_in_the_production_s_zone(board, first_ad, production) -> None:
    sheet = services.generate_call_sheet(first_ad, production, 1)
    # Busan on 3 March 2026: sunrise about 06:51, sunset about 18:20 (KST).
    assert clock(sheet.sunrise).startswith("06:5") and clock(sheet.sunset).startswith("18:2")
    location = sheet.content["locations"][0]
    assert selectors.maps_url(location) == "https://www.google.com/maps/search/?api=1&query=35.1013%2C129.0366"
    assert selectors.maps_url({"address": "서울 중구 세종대로 110"}).endswith(
        "query=%EC%84%9C%EC%9A%B8+%EC%A4%91%EA%B5%AC+%EC%84%B8%EC%A2%85%EB%8C%80%EB%A1%9C+110"
    )
    assert selectors.maps_url({"address": ""}) == ""
    harbour = production.scenes.get(number="1").set.location
    harbour.latitude = harbour.longitude = None
    harbour.save()
    scheduling.add_banner(first_ad, board, board.days.get(number=1), "Rain cover")
    newer = services.generate_call_sheet(first_ad, production, 1)
    assert newer.sunrise is None and newer.sunset is None
