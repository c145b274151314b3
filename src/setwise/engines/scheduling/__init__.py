"""Scheduling engine: shooting schedules that hold. Pure Python and OR-Tools CP-SAT; no Django.

Problem (frozen dataclasses, ``model``): ``Scene`` (eighths, complexity -> ``estimated_minutes``, location, set,
INT/EXT, time of day, cast, elements, ``Requirements``), ``CastMember`` (cost per day, availability, drop/pick-up,
personal limits), ``Location`` (availability, travel minutes), ``Calendar`` (working weekdays, public holidays of
the country from ``holidays``, days off, horizon), ``Unit`` (1st, 2nd: scenes and dates), ``Pin``, ``Order``,
``WorkLimits`` (plain numbers from the rules engine), ``Weights``, frozen ``Day``s, all in a ``Problem``. The
answer is a ``Board`` of ``Day``s (date, unit, scene ids in shooting order).

- ``solve(problem, time_limit=..., warm_start=board, progress=callback)`` -> ``Result`` (status, board,
  ``Breakdown`` of the objective, bound, gap, history of ``Progress``; ``conflicts`` when infeasible);
- ``first_board(problem, warm_start=board)`` -> ``Result``: the construction alone (greedy and repair), a valid
  board in well under a second, the same for the same problem;
- ``validate(problem, board)`` -> ``Violation``s in plain words (inline stripboard warnings);
- ``evaluate(problem, board)`` -> ``Breakdown`` (shooting days, company moves, holding, location changes,
  preference penalties, weighted total);
- ``explain(problem)`` -> ``Conflict``s: why no schedule exists;
- ``sequence_day(problem, scene_ids)``: shooting order within a day;
- ``Problem.remainder(board, shot_through)``: re-plan the unshot rest with shot days frozen;
- ``generator.feature(seed)``, ``generator.series(seed)``, ``generator.random_problem(seed)``: test productions;
- ``talent``: the classic talent-scheduling problem solved exactly (``talent.solve(TalentInstance)`` ->
  ``TalentResult``; ``talent.cost_of``; ``talent.solve_cpsat_baseline``; ``talent.generate``).
"""

from __future__ import annotations

from . import generator, talent
from .bounds import LowerBound, lower_bound_of
from .evaluate import Breakdown, evaluate
from .explain import Conflict, explain
from .model import (
    COMPLEXITY_FACTORS,
    MINUTES_PER_EIGHTH,
    NIGHT_TIMES,
    SETUP_MINUTES,
    Board,
    Calendar,
    CastMember,
    DateRange,
    Day,
    Location,
    Order,
    Pin,
    Problem,
    ProblemError,
    Requirements,
    Scene,
    Unit,
    Weights,
    WorkLimits,
    estimate_minutes,
)
from .sequence import sequence_day
from .solver import Progress, ProgressCallback, Result, Status, Strategy, first_board, solve
from .talent import TalentInstance, TalentResult
from .validate import CODES, Violation, validate

__all__ = [
    "CODES",
    "COMPLEXITY_FACTORS",
    "MINUTES_PER_EIGHTH",
    "NIGHT_TIMES",
    "SETUP_MINUTES",
    "Board",
    "Breakdown",
    "Calendar",
    "CastMember",
    "Conflict",
    "DateRange",
    "Day",
    "Location",
    "LowerBound",
    "Order",
    "Pin",
    "Problem",
    "ProblemError",
    "Progress",
    "ProgressCallback",
    "Requirements",
    "Result",
    "Scene",
    "Status",
    "Strategy",
    "TalentInstance",
    "TalentResult",
    "Unit",
    "Violation",
    "Weights",
    "WorkLimits",
    "estimate_minutes",
    "evaluate",
    "explain",
    "first_board",
    "generator",
    "lower_bound_of",
    "sequence_day",
    "solve",
    "talent",
    "validate",
]
