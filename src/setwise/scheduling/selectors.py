"""Reads of shooting schedules. Callers pass a production they got through
``setwise.accounts.permissions.get_production_for_user``; boards and their children are looked up through it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from setwise.breakdown.models import (
    CONFIRMED_STATUSES,
    Category,
    Scene,
    SceneCharacter,
    SceneElement,
    format_eighths,
)
from setwise.engines.scheduling.validate import validate
from setwise.productions.models import Production
from setwise.scheduling import adapter, services, warning_text
from setwise.scheduling.models import Board, CastTerms, Proposal, ShootDay, Strip, StripKind

# The standard stripboard colours: INT/EXT x DAY/NIGHT (and the dawn/dusk "magic hour" shades).
NIGHT_TIMES = {"NIGHT", "EVENING", "DUSK"}


def strip_colour(int_ext: str, time_of_day: str) -> str:
    """CSS class of a strip: ``int-day`` (white), ``ext-day`` (yellow), ``int-night`` (blue), ``ext-night``
    (green); INT/EXT scenes take the exterior colour."""
    night = (time_of_day or "").upper() in NIGHT_TIMES
    exterior = (int_ext or "").upper() in ("EXT", "INT/EXT")
    return f"{'ext' if exterior else 'int'}-{'night' if night else 'day'}"


def boards_for(production: Production) -> QuerySet[Board]:
    return (
        Board.objects.filter(production=production)
        .select_related("baseline")
        .annotate(
            day_count=Count("days", distinct=True),
            boneyard_count=Count("strips", filter=Q(strips__day__isnull=True, strips__kind="scene"), distinct=True),
        )
    )


def get_board(production: Production, board_id: int) -> Board:
    return get_object_or_404(Board.objects.select_related("production", "baseline"), production=production, pk=board_id)


def get_proposal(board: Board, proposal_id: int) -> Proposal:
    return get_object_or_404(Proposal.objects.select_related("board__production"), board=board, pk=proposal_id)


@dataclass
class StripView:
    strip: Strip
    colour: str = ""
    cast: list[str] = field(default_factory=list)  # cast numbers (or names without a number)
    eighths: int = 0
    minutes: int = 0
    intimacy: bool = False
    warnings: list[str] = field(default_factory=list)
    # Why the scene may not be shot (on its day): the intimacy protocol's reasons in plain words, with the
    # intimacy details only for those who may see them.
    blocked: list[str] = field(default_factory=list)

    @property
    def eighths_display(self) -> str:
        return format_eighths(self.eighths)


@dataclass
class DayView:
    day: ShootDay | None
    strips: list[StripView] = field(default_factory=list)
    holiday: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def eighths(self) -> int:
        return sum(s.eighths for s in self.strips)

    @property
    def eighths_display(self) -> str:
        return format_eighths(self.eighths)

    @property
    def minutes(self) -> int:
        return sum(s.minutes for s in self.strips)

    @property
    def scene_count(self) -> int:
        return sum(1 for s in self.strips if s.strip.kind == StripKind.SCENE)

    @property
    def hours_display(self) -> str:
        return f"{self.minutes // 60}:{self.minutes % 60:02d}"


@dataclass
class Stripboard:
    board: Board
    days: list[DayView]
    boneyard: DayView
    cast_legend: list[tuple[str, str]]  # (number, character name)

    @property
    def scene_count(self) -> int:
        return sum(d.scene_count for d in self.days) + self.boneyard.scene_count

    @property
    def scheduled_eighths_display(self) -> str:
        return format_eighths(sum(d.eighths for d in self.days))


def estimate_minutes(eighths: int, tags: frozenset[str] | set[str] = frozenset()) -> int:
    """A scene's estimated shooting minutes, as the board and the optimiser count them (``adapter``)."""
    return adapter.estimate_minutes(eighths, tags)


def stripboard(
    board: Board,
    *,
    show_intimacy: bool,
    q: str = "",
    character: int | None = None,
    intimacy_detail: bool | None = None,
) -> Stripboard:
    """The board laid out for display: days in order with their strips, totals, holidays and warnings (cast or
    location unavailable, day over its minutes, and, for those who may see intimacy data, intimate scenes on a
    production without an intimacy coordinator). Intimate scenes not yet shot that may not be shot on their day (or,
    in the boneyard, at all) are marked blocked with the reasons, for everyone: a consent withdrawn reads "needs
    re-planning" (never who, never why); the details (``intimacy.services.DETAIL_REASONS``) only with
    ``intimacy_detail`` (``Perm.VIEW_INTIMACY``; default: ``show_intimacy``). ``q`` and ``character`` filter the
    strips shown (totals of a day are always the whole day's)."""
    from setwise.intimacy import services as intimacy

    production = board.production
    strips = list(
        Strip.objects.filter(board=board)
        .select_related("scene__set__location", "day")
        .order_by("day__number", "position", "pk")
    )
    scene_ids = [s.scene_id for s in strips if s.scene_id]
    cast_rows = list(
        SceneCharacter.objects.filter(scene_id__in=scene_ids)
        .select_related("character")
        .values_list("scene_id", "character_id", "character__name")
    )
    numbers = dict(
        CastTerms.objects.filter(character__production=production, cast_number__isnull=False).values_list(
            "character_id", "cast_number"
        )
    )
    cast_by_scene: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for scene_id, character_id, name in cast_rows:
        cast_by_scene[scene_id].append((character_id, name))
    tags: dict[int, set[str]] = defaultdict(set)
    for scene_id, category in SceneElement.objects.filter(
        scene_id__in=scene_ids, status__in=CONFIRMED_STATUSES
    ).values_list("scene_id", "element__category"):
        tags[scene_id].add(category)
    has_ic = production.memberships.filter(role="intimacy_coordinator").exists()
    readiness = intimacy.readiness(production, scene_ids)
    detail = show_intimacy if intimacy_detail is None else intimacy_detail
    q_fold = q.casefold().strip()

    days: dict[int | None, DayView] = {d.pk: DayView(d) for d in board.days.order_by("number")}
    boneyard = DayView(None)
    for s in strips:
        view = StripView(s)
        if s.kind == StripKind.SCENE and s.scene is not None:
            scene = s.scene
            scene_tags = frozenset(tags.get(scene.pk, set()))
            view.colour = strip_colour(scene.int_ext, scene.time_of_day)
            view.eighths = scene.eighths
            view.minutes = s.minutes or adapter.estimate_minutes(scene.eighths, scene_tags)
            cast = sorted(cast_by_scene.get(scene.pk, []), key=lambda c: (numbers.get(c[0], 999), c[1]))
            view.cast = [str(numbers[c]) if c in numbers else n for c, n in cast]
            view.intimacy = show_intimacy and Category.INTIMACY in scene_tags
            if s.day is not None and view.intimacy and not has_ic:
                view.warnings.append(_("Intimate scene: the production has no intimacy coordinator"))
            if not s.shot and readiness.intimate(scene.pk):
                blocks = readiness.blocks(scene.pk, s.day.date if s.day is not None else None)
                view.blocked = [b.detail if detail else b.reason for b in blocks]
        target = days.get(s.day_id) if s.day_id else boneyard
        if target is None:
            continue
        target.strips.append(view)
    country = production.country
    for view_day in days.values():
        if view_day.day is None:
            continue
        view_day.holiday = services.public_holiday_name(country, view_day.day.date)
    _engine_warnings(board, days, strips, readiness)
    if q_fold or character:
        with_character = set()
        if character:
            with_character = {scene_id for scene_id, cid, _n in cast_rows if cid == character}
        for view_day in [*days.values(), boneyard]:
            view_day.strips = [
                v
                for v in view_day.strips
                if v.strip.kind == StripKind.BANNER
                or ((not q_fold or _matches(v.strip, q_fold)) and (not character or v.strip.scene_id in with_character))
            ]
    legend_ids = sorted(numbers.items(), key=lambda kv: kv[1] or 0)
    legend_names = dict(
        SceneCharacter.objects.filter(character_id__in=[c for c, _n in legend_ids]).values_list(
            "character_id", "character__name"
        )
    )
    legend = [(str(n), legend_names.get(c, "")) for c, n in legend_ids if c in legend_names]
    return Stripboard(board, [d for d in days.values()], boneyard, legend)


# Labels of the engine's checks (``setwise.engines.scheduling.validate.CODES``) in the user's language; the check's
# sentence (names, dates and numbers) follows the label, in the user's language too (``warning_text``).
WARNING_LABELS = {
    "not_working_date": gettext_lazy("Not a working day"),
    "cast_unavailable": gettext_lazy("Cast unavailable"),
    "cast_double_booked": gettext_lazy("Cast on two units"),
    "location_unavailable": gettext_lazy("Location unavailable"),
    "requirement_date": gettext_lazy("Requirement not booked"),
    "pinned": gettext_lazy("Pinned elsewhere"),
    "order": gettext_lazy("Continuity order"),
    "day_too_long": gettext_lazy("Day too long"),
    "work_day_too_long": gettext_lazy("Working day too long"),
    "locations_too_far": gettext_lazy("Locations too far apart"),
    "minor_wrap": gettext_lazy("Minor's wrap time"),
    "person_day_hours": gettext_lazy("Hours in a day"),
    "person_week_hours": gettext_lazy("Hours in a week"),
    "week_hours": gettext_lazy("Hours in a week"),
    "days_per_week": gettext_lazy("Days per week"),
    "consecutive_days": gettext_lazy("Consecutive days"),
    "turnaround": gettext_lazy("Turnaround"),
}


def _engine_warnings(board: Board, days: dict[int | None, DayView], strips: list[Strip], readiness: Any) -> None:
    """The engine's independent checks of the board (the same rules the optimiser keeps), on the strip they
    concern or, when they concern a whole day or week, on the day. The intimacy protocol's dates are not repeated
    here: the strip says it is blocked, and why, in words fit for the reader."""
    problem = adapter.problem_for(board, readiness=readiness, leave_out=False)
    violations = validate(problem, adapter.current_board(board, problem))
    if not violations:
        return
    by_scene = {str(s.scene_id): s for s in strips if s.scene_id}
    by_date = {d.day.date: d for d in days.values() if d.day is not None}
    views = {id(v.strip): v for d in days.values() for v in d.strips}

    def label(scene_id: str) -> str:
        strip = by_scene.get(scene_id)
        return strip.scene.number if strip is not None and strip.scene is not None else scene_id

    for v in violations:
        if v.code in ("missing_scene", "duplicate_scene", "unknown_scene"):
            continue  # the boneyard shows unscheduled scenes
        if v.code == "requirement_date" and adapter.is_intimacy_need(v.subject):
            continue  # shown as the strip's blocked reasons
        text = f"{WARNING_LABELS.get(v.code, v.code)}: {warning_text.render(v, label)}"
        if len(v.scenes) == 1 and v.scenes[0] in by_scene:
            view = views.get(id(by_scene[v.scenes[0]]))
            if view is not None:
                view.warnings.append(text)
                continue
        if v.date in by_date:
            by_date[v.date].warnings.append(text)


def _matches(strip: Strip, q: str) -> bool:
    scene = strip.scene
    if scene is None:
        return False
    return q in f"{scene.number} {scene.heading} {scene.set_name} {scene.location}".casefold()


def proposal_diff(board: Board, proposal: Proposal) -> dict[str, Any]:
    """What a proposal changes: scenes that move day (from, to), days added or dropped, and the objective."""
    current: dict[int, int | None] = {}
    for scene_id, day_number in Strip.objects.filter(board=board, kind=StripKind.SCENE).values_list(
        "scene_id", "day__number"
    ):
        current[scene_id] = day_number
    proposed: dict[int, int | None] = {}
    for number, day in enumerate(proposal.data.get("days", []), start=1):
        for item in day.get("strips", []):
            if "scene" in item:
                proposed[int(item["scene"])] = number
    moves = [
        (scene_id, current.get(scene_id), day) for scene_id, day in proposed.items() if current.get(scene_id) != day
    ]
    labels = dict(Scene.objects.filter(pk__in=[m[0] for m in moves]).values_list("pk", "number"))
    return {
        "moves": [
            {"scene": labels.get(s, str(s)), "from": a, "to": b} for s, a, b in sorted(moves, key=lambda m: m[2] or 0)
        ],
        "days_before": board.days.count(),
        "days_after": len(proposal.data.get("days", [])),
    }
