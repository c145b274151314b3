"""The post timeline backward from the launch date, and the schedule check against it (no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from setwise.post import timeline

LAUNCH = dt.date(2027, 6, 4)


def test_milestones_are_counted_backward_from_the_launch() -> None:
    tl = timeline.compute(LAUNCH, timeline.DEFAULT_DURATIONS)
    dates = tl.dates()
    assert [m.key for m in tl.milestones] == list(timeline.MILESTONES)
    assert dates["delivery"] == LAUNCH - dt.timedelta(days=30)
    assert dates["qc"] == dates["delivery"] - dt.timedelta(days=7)
    assert dates["dubbing"] == dates["qc"] - dt.timedelta(days=14)
    assert dates["mix"] == dates["dubbing"] - dt.timedelta(days=28)
    assert dates["vfx_final"] == dates["mix"] - dt.timedelta(days=21)
    assert dates["vfx_turnover"] == dates["vfx_final"] - dt.timedelta(days=49)
    assert dates["picture_lock"] == dt.date(2026, 12, 30) == dates["vfx_turnover"] - dt.timedelta(days=7)
    assert tl.latest_wrap == dates["picture_lock"] - dt.timedelta(days=70)
    assert [m.phase_days for m in tl.milestones] == [70, 7, 49, 21, 28, 14, 7]
    # Milestones never go backwards in time.
    assert all(a.date <= b.date for a, b in zip(tl.milestones, tl.milestones[1:], strict=False))


def test_a_changed_duration_moves_only_the_earlier_milestones() -> None:
    base = timeline.compute(LAUNCH, {}).dates()
    longer = timeline.compute(LAUNCH, {"mix": 35}).dates()
    for key in ("mix", "dubbing", "qc", "delivery"):
        assert longer[key] == base[key]
    for key in ("picture_lock", "vfx_turnover", "vfx_final"):
        assert longer[key] == base[key] - dt.timedelta(days=14)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"mixing": 3}, "unknown phase"),
        ({"mix": -1}, "outside"),
        ({"mix": 731}, "outside"),
        ({"mix": "soon"}, "not a number"),
        ({"mix": True}, "not a number"),
        ({"mix": 2.5}, "not a number"),
    ],
)
def test_bad_durations_are_refused(values, message) -> None:
    with pytest.raises(ValueError, match=message):
        timeline.clean_durations(values)


def test_durations_accept_numbers_as_text_and_keep_defaults() -> None:
    values = timeline.clean_durations({"qc": "10"})
    assert values["qc"] == 10 and values["mix"] == timeline.DEFAULT_DURATIONS["mix"]
    assert list(values) == list(timeline.PHASES)


def test_schedule_inside_the_editing_time() -> None:
    tl = timeline.compute(LAUNCH, {})
    check = timeline.check_schedule(tl, tl.latest_wrap - dt.timedelta(days=10))
    assert (check.over_days, check.slack_days, check.slip_days, check.endangered) == (0, 10, 0, ())


def test_a_wrap_past_the_latest_wrap_endangers_picture_lock() -> None:
    tl = timeline.compute(LAUNCH, {})
    check = timeline.check_schedule(tl, tl.latest_wrap + dt.timedelta(days=3), tl.latest_wrap - dt.timedelta(days=4))
    assert (check.over_days, check.slack_days, check.slip_days) == (3, 0, 7)
    assert check.endangered == ("picture_lock",)


def test_a_wrap_past_later_milestones_names_them() -> None:
    tl = timeline.compute(LAUNCH, {})
    check = timeline.check_schedule(tl, tl.dates()["vfx_turnover"])
    assert check.endangered == ("picture_lock", "vfx_turnover")
