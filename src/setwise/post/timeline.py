"""The post timeline, computed backward from the launch date, and its check against the shooting schedule.
Plain Python (dates in, frozen dataclasses out), so it is tested without a database.

Milestones, in order: picture lock, VFX turnover, VFX final, mix, dubbing, QC, delivery. Each phase duration is
the number of calendar days from the previous milestone to the milestone it is named after: ``editorial`` runs
from the wrap (the last shoot day) to picture lock, ``launch`` from delivery to the launch date. So delivery is
``launch - durations["launch"]``, QC is ``delivery - durations["delivery"]``, and so on back to picture lock;
the latest wrap that still leaves the editors their time is ``picture lock - durations["editorial"]``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

MILESTONES: tuple[str, ...] = ("picture_lock", "vfx_turnover", "vfx_final", "mix", "dubbing", "qc", "delivery")
# Phase names: each milestone's own, plus the editing before picture lock and the lead time before launch.
PHASES: tuple[str, ...] = ("editorial", *MILESTONES[1:], "launch")
DEFAULT_DURATIONS: dict[str, int] = {
    "editorial": 70,
    "vfx_turnover": 7,
    "vfx_final": 49,
    "mix": 21,
    "dubbing": 28,
    "qc": 14,
    "delivery": 7,
    "launch": 30,
}
MAX_DAYS = 730
# A slip since the baseline that leaves less slack than this before picture lock is flagged.
SLACK_WARNING_DAYS = 7


@dataclass(frozen=True, slots=True)
class Milestone:
    key: str
    date: dt.date
    phase_days: int  # days from the previous milestone (from the latest wrap for picture lock)


@dataclass(frozen=True, slots=True)
class Timeline:
    launch: dt.date
    latest_wrap: dt.date
    milestones: tuple[Milestone, ...]

    def dates(self) -> dict[str, dt.date]:
        return {m.key: m.date for m in self.milestones} | {"launch": self.launch}


@dataclass(frozen=True, slots=True)
class ScheduleCheck:
    """The shooting schedule against the timeline. ``over_days`` > 0: the wrap is that many days after the latest
    wrap (picture lock and every later milestone are at risk); ``slip_days``: how much later the wrap is than in
    the committed baseline; ``slack_days``: days left between the wrap and the latest wrap."""

    wrap: dt.date
    baseline_wrap: dt.date | None
    latest_wrap: dt.date
    over_days: int
    slip_days: int
    slack_days: int
    endangered: tuple[str, ...]  # milestone keys whose phase the wrap eats into


def clean_durations(values: Mapping[str, object] | None, defaults: Mapping[str, int] | None = None) -> dict[str, int]:
    """Every phase with a whole number of days in 0..MAX_DAYS: given values over the defaults; raises ValueError
    naming the phase for anything else."""
    out = dict(defaults or DEFAULT_DURATIONS)
    for phase, raw in (values or {}).items():
        if phase not in PHASES:
            raise ValueError(f"unknown phase {phase!r}")
        if isinstance(raw, bool) or not isinstance(raw, int | str):
            raise ValueError(f"{phase}: not a number of days")
        try:
            days = int(raw)
        except ValueError:
            raise ValueError(f"{phase}: not a number of days") from None
        if not 0 <= days <= MAX_DAYS:
            raise ValueError(f"{phase}: {days} days is outside 0..{MAX_DAYS}")
        out[phase] = days
    return {phase: int(out.get(phase, DEFAULT_DURATIONS[phase])) for phase in PHASES}


def compute(launch: dt.date, durations: Mapping[str, int]) -> Timeline:
    """Milestones backward from ``launch``."""
    days = clean_durations(durations)
    date = launch - dt.timedelta(days=days["launch"])
    reversed_milestones: list[Milestone] = []
    for index in range(len(MILESTONES) - 1, -1, -1):
        key = MILESTONES[index]
        phase = "editorial" if index == 0 else key
        reversed_milestones.append(Milestone(key, date, days[phase]))
        if index > 0:
            date -= dt.timedelta(days=days[key])
    milestones = tuple(reversed(reversed_milestones))
    latest_wrap = milestones[0].date - dt.timedelta(days=days["editorial"])
    return Timeline(launch, latest_wrap, milestones)


def check_schedule(timeline: Timeline, wrap: dt.date, baseline_wrap: dt.date | None = None) -> ScheduleCheck:
    """How the schedule's wrap (and the baseline's) sits against the timeline."""
    over = (wrap - timeline.latest_wrap).days
    endangered: list[str] = []
    if over > 0:
        # The editing phase is squeezed first; milestones whose own date the wrap passes are beyond rescue.
        endangered.append("picture_lock")
        endangered += [m.key for m in timeline.milestones[1:] if wrap >= m.date]
    slip = (wrap - baseline_wrap).days if baseline_wrap is not None else 0
    return ScheduleCheck(
        wrap=wrap,
        baseline_wrap=baseline_wrap,
        latest_wrap=timeline.latest_wrap,
        over_days=max(0, over),
        slip_days=slip,
        slack_days=max(0, -over),
        endangered=tuple(endangered),
    )
