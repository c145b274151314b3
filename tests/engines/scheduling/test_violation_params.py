"""Every violation carries the values its message is made of (``Violation.params``): the product's translatable
sentence for its check (``setwise.scheduling.warning_text.SENTENCES``), filled in English with those values, is the
engine's message word for word, for every check and every form of a check."""

from __future__ import annotations

import datetime as dt
import pickle
from dataclasses import replace

import pytest
from django.utils import translation

from setwise.engines.scheduling import CODES, Board, Calendar, Day, Pin, Problem, Unit, Violation, validate
from setwise.engines.scheduling.validate import Params
from setwise.scheduling.warning_text import SENTENCES, render, sentence_key
from tests.engines.scheduling.builders import D, board, problem, scene
from tests.engines.scheduling.test_hard_constraints import CASES


def _extra_boards() -> list[tuple[Problem, Board]]:
    """Boards for the checks and forms the hard-constraint cases do not reach."""
    two = problem([scene("a", 60), scene("b", 60)])
    holidays = Calendar(dt.date(2027, 5, 4), 6, country="KR", days_off=frozenset({dt.date(2027, 5, 7)}))
    on_calendar = problem([scene("a", 60)], calendar=holidays)
    frozen_empty = replace(two, frozen=(Day(D[2], "1", ()),))
    pinned_to_unit = problem([scene("a", 60)], units=(Unit("1", "1st unit"), Unit("2", "2nd unit")))
    pinned_to_unit = replace(pinned_to_unit, pins=(Pin("a", D[1], "2"),))
    no_dates = problem([scene("a", 60)], calendar=Calendar(D[0], 0))
    return [
        (two, board((D[0], "a"))),  # missing_scene
        (two, board((D[0], ("a", "b")), (D[1], "a"))),  # duplicate_scene
        (two, board((D[0], ("a", "b", "zz")))),  # unknown_scene
        (two, board((D[0], ("a", "b"), "9"))),  # unknown_unit
        (two, Board((Day(D[0], "1", ("a",)), Day(D[0], "1", ("b",))))),  # duplicate_day
        (frozen_empty, board((D[2], "a"), (D[3], "b"))),  # frozen, empty
        (pinned_to_unit, board((D[0], "a"))),  # pinned with a unit
        (no_dates, board((D[0], "a"))),  # a calendar with no shooting date
        *(
            (on_calendar, board((date, "a")))
            for date in (
                dt.date(2027, 5, 5),  # public holiday
                dt.date(2027, 5, 7),  # day off
                dt.date(2027, 5, 8),  # Saturday
                dt.date(2027, 5, 17),  # after the calendar
                dt.date(2027, 4, 30),  # before the calendar
            )
        ),
    ]


def _violations() -> list[Violation]:
    found = [v for case in CASES for v in validate(case.problem, case.bad)]
    return found + [v for p, b in _extra_boards() for v in validate(p, b)]


VIOLATIONS = _violations()


def test_every_check_and_form_is_produced_and_has_a_sentence() -> None:
    assert {v.code for v in VIOLATIONS} == set(CODES)
    assert {sentence_key(v) for v in VIOLATIONS} == set(SENTENCES)


@pytest.mark.parametrize("v", VIOLATIONS, ids=[f"{v.code}-{i}" for i, v in enumerate(VIOLATIONS)])
def test_params_rebuild_the_message_in_english(v: Violation) -> None:
    template = SENTENCES[sentence_key(v)]
    with translation.override("en"):
        assert render(v) == v.message
        # the template takes every value it is given: none is carried for nothing (``form`` picks the template)
        for name in set(v.params) - {"form"}:
            assert f"%({name})s" in str(template), (name, str(template))


def test_a_missing_param_falls_back_to_the_message() -> None:
    v = next(v for v in VIOLATIONS if v.code == "day_too_long")
    broken = replace(v, params=Params({k: x for k, x in v.params.items() if k != "limit_duration"}))
    unknown = replace(v, code="not_a_check")
    with translation.override("ko"):
        assert render(v) != v.message
        assert render(broken) == v.message
        assert render(unknown) == v.message


def test_violations_stay_hashable_comparable_and_picklable() -> None:
    v = next(v for v in VIOLATIONS if v.code == "turnaround")
    same = replace(v, params=dict(v.params))  # a plain dict is taken as Params
    assert isinstance(same.params, Params)
    assert same == v and hash(same) == hash(v)
    assert replace(v, params=Params(v.params, rest_duration=0)) != v
    assert pickle.loads(pickle.dumps(v)) == v  # noqa: S301 - our own object
    assert len({v, same}) == 1
