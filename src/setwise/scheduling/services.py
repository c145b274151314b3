"""Writes of shooting schedules: boards, their days and strips, versions, the baseline and proposals.

Every write checks the permission, runs in one transaction with the board row locked, bumps
``Board.revision`` and is recorded by the models' history. Moves carry the revision the client saw: a stale
one raises ``StaleBoard`` and changes nothing, so two people editing one board never overwrite each other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

import holidays
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from setwise.accounts.permissions import has_production_perm
from setwise.accounts.roles import Perm
from setwise.breakdown.models import Scene
from setwise.productions.models import Production
from setwise.scheduling import adapter
from setwise.scheduling.models import (
    Board,
    BoardStatus,
    BoardVersion,
    CastTerms,
    Proposal,
    ProposalStatus,
    ShootDay,
    Strip,
    StripKind,
    Unavailability,
    Unit,
)


class StaleBoard(Exception):
    """The board changed since the client loaded it; reload and try again."""


def can_edit_schedule(user: Any, production: Production) -> bool:
    return has_production_perm(user, Perm.EDIT_SCHEDULE, production)


def can_commit_schedule(user: Any, production: Production) -> bool:
    return has_production_perm(user, Perm.COMMIT_SCHEDULE, production)


def _require(user: Any, production: Production, perm: Perm = Perm.EDIT_SCHEDULE) -> None:
    if not has_production_perm(user, perm, production):
        raise PermissionDenied("You may not change this production's schedule")


def _lock(board: Board, revision: int | None = None) -> Board:
    """The board's row, locked for the rest of the transaction; ``StaleBoard`` if ``revision`` is given and
    the board has moved on since."""
    locked = Board.objects.select_for_update().get(pk=board.pk)
    if revision is not None and locked.revision != revision:
        raise StaleBoard(_("The board was changed by someone else. It has been reloaded; please try again."))
    return locked


def _bump(board: Board) -> None:
    board.revision += 1
    Board.objects.filter(pk=board.pk).update(revision=board.revision, updated_at=timezone.now())


# --- calendar ---------------------------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _holidays(country: str, year: int) -> frozenset[dt.date]:
    try:
        return frozenset(holidays.country_holidays(country, years=year))
    except NotImplementedError:  # a country the holidays package does not know
        return frozenset()


def public_holiday_name(country: str, day: dt.date) -> str | None:
    try:
        return holidays.country_holidays(country, years=day.year).get(day)
    except NotImplementedError:
        return None


def shooting_dates(board: Board, country: str) -> Iterator[dt.date]:
    """The board's working dates from its first shoot day on: its working weekdays, public holidays of the
    production's country left out when the board says so."""
    day = board.start_date
    weekdays = set(board.weekdays) or {0, 1, 2, 3, 4}
    for _guard in range(3660):
        if day.weekday() in weekdays and not (
            board.skip_public_holidays and day in _holidays(country.upper(), day.year)
        ):
            yield day
        day += dt.timedelta(days=1)


def _redate(board: Board) -> None:
    """Give the board's days their dates in order (after days were added, removed or the calendar changed)."""
    days = list(board.days.order_by("number"))
    dates = shooting_dates(board, board.production.country)
    for day, date in zip(days, dates, strict=False):
        day.date = date
    ShootDay.objects.bulk_update(days, ["date"])


# --- boards -----------------------------------------------------------------------------------------------------


def _scenes_for(board: Board) -> Iterable[Scene]:
    scenes = Scene.objects.filter(production=board.production, omitted=False)
    if board.episode_from:
        scenes = scenes.filter(episode__gte=board.episode_from)
    if board.episode_to:
        scenes = scenes.filter(episode__lte=board.episode_to)
    return scenes.order_by("order", "pk")


def create_board(
    user: Any,
    production: Production,
    *,
    name: str,
    start_date: dt.date,
    unit: str = Unit.MAIN,
    episode_from: int | None = None,
    episode_to: int | None = None,
    parent: Board | None = None,
    copy_from: Board | None = None,
    days: int | None = None,
    working_weekdays: list[int] | None = None,
    day_minutes: int = 600,
    minutes_for: Any = None,
) -> Board:
    """A new board. ``copy_from`` copies another board's days and strips (a new scenario to try things);
    otherwise the production's scenes are laid out in script order, filling each day up to ``day_minutes``
    (``minutes_for(scene)`` estimates a scene), so a board is never born empty."""
    _require(user, production)
    name = name.strip()[:120]
    if not name:
        raise ValidationError({"name": _("A board needs a name.")})
    if Board.objects.filter(production=production, name=name).exists():
        raise ValidationError({"name": _("This production already has a board with that name.")})
    if episode_from and episode_to and episode_from > episode_to:
        raise ValidationError({"episode_to": _("The last episode comes before the first.")})
    if unit not in Unit.values:
        raise ValidationError({"unit": _("Unknown unit.")})
    weekdays = sorted({int(d) for d in (working_weekdays or []) if 0 <= int(d) <= 6})
    with transaction.atomic():
        board = Board.objects.create(
            production=production,
            name=name,
            unit=unit,
            parent=parent,
            episode_from=episode_from,
            episode_to=episode_to,
            start_date=start_date,
            working_weekdays=weekdays,
            day_minutes=max(60, min(int(day_minutes), 24 * 60)),
            created_by=user if getattr(user, "pk", None) else None,
        )
        if copy_from is not None:
            _copy_layout(copy_from, board)
        else:
            _layout_in_script_order(board, list(_scenes_for(board)), days, minutes_for)
        _redate(board)
    return board


def _copy_layout(source: Board, board: Board) -> None:
    day_map: dict[int, ShootDay] = {}
    for day in source.days.order_by("number"):
        day_map[day.pk] = ShootDay.objects.create(board=board, number=day.number, date=day.date, note=day.note)
    Strip.objects.bulk_create(
        Strip(
            board=board,
            kind=s.kind,
            scene_id=s.scene_id,
            text=s.text,
            day=day_map.get(s.day_id) if s.day_id else None,
            position=s.position,
            minutes=s.minutes,
            shot=s.shot,
        )
        for s in source.strips.all()
    )


def _layout_in_script_order(board: Board, scenes: list[Scene], days: int | None, minutes_for: Any) -> None:
    """Fill days in script order up to the board's minutes per day (at least one scene a day)."""
    estimate = minutes_for or (lambda scene: adapter.estimate_minutes(scene.eighths))
    groups: list[list[Scene]] = [[]]
    used = 0
    for scene in scenes:
        need = int(estimate(scene))
        if groups[-1] and used + need > board.day_minutes:
            groups.append([])
            used = 0
        groups[-1].append(scene)
        used += need
    if days is not None:
        groups = groups[: max(0, days)] + [[] for _ in range(max(0, days - len(groups)))]
    placed = {s.pk for g in groups for s in g}
    created = ShootDay.objects.bulk_create(
        ShootDay(board=board, number=i + 1, date=board.start_date) for i in range(len(groups) if scenes else 0)
    )
    day_rows = list(board.days.order_by("number")) if created else []
    strips = [
        Strip(board=board, scene=scene, day=day_rows[i], position=pos)
        for i, group in enumerate(groups)
        for pos, scene in enumerate(group)
    ]
    strips += [Strip(board=board, scene=s, position=i) for i, s in enumerate(x for x in scenes if x.pk not in placed)]
    Strip.objects.bulk_create(strips)


def sync_scenes(board: Board) -> int:
    """Strips for scenes the board does not have yet (a revised draft added them) go to the boneyard; strips
    of omitted scenes leave the board. Returns how many strips changed."""
    have = set(board.strips.filter(kind=StripKind.SCENE).values_list("scene_id", flat=True))
    wanted = {s.pk: s for s in _scenes_for(board)}
    missing = [pk for pk in wanted if pk not in have]
    gone = [pk for pk in have if pk not in wanted]
    if not missing and not gone:
        return 0
    with transaction.atomic():
        locked = _lock(board)
        if gone:
            Strip.objects.filter(board=locked, kind=StripKind.SCENE, scene_id__in=gone).delete()
        start = (Strip.objects.filter(board=locked, day__isnull=True).aggregate(m=Max("position"))["m"] or 0) + 1
        Strip.objects.bulk_create(Strip(board=locked, scene_id=pk, position=start + i) for i, pk in enumerate(missing))
        _bump(locked)
        board.revision = locked.revision
    return len(missing) + len(gone)


def update_board(user: Any, board: Board, **fields: Any) -> Board:
    """Change a board's name, first shoot day, working weekdays, holiday rule or minutes per day; the days
    are re-dated."""
    _require(user, board.production)
    allowed = {"name", "start_date", "working_weekdays", "skip_public_holidays", "day_minutes"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"cannot change {', '.join(sorted(unknown))}")
    with transaction.atomic():
        locked = _lock(board)
        for key, value in fields.items():
            setattr(locked, key, value)
        locked.full_clean(exclude=["production", "created_by", "baseline", "parent"])
        locked.save()
        _redate(locked)
        _bump(locked)
    return locked


def set_status(user: Any, board: Board, status: str) -> Board:
    """Draft, published or active. Making a board active needs COMMIT_SCHEDULE; the production's other active
    board of the same unit becomes published (one schedule is the one the crew works to)."""
    if status not in BoardStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    _require(user, board.production, Perm.COMMIT_SCHEDULE if status == BoardStatus.ACTIVE else Perm.EDIT_SCHEDULE)
    with transaction.atomic():
        locked = _lock(board)
        if status == BoardStatus.ACTIVE:
            Board.objects.filter(production=locked.production, unit=locked.unit, status=BoardStatus.ACTIVE).exclude(
                pk=locked.pk
            ).update(status=BoardStatus.PUBLISHED)
        locked.status = status
        locked.save(update_fields=["status", "updated_at"])
        _bump(locked)
    return locked


# --- days, strips and banners -------------------------------------------------------------------------------------


def _compact(board: Board, day_id: int | None) -> None:
    strips = list(Strip.objects.filter(board=board, day_id=day_id).order_by("position", "pk"))
    for i, s in enumerate(strips):
        s.position = i
    Strip.objects.bulk_update(strips, ["position"])


def move_strip(user: Any, board: Board, strip_id: int, day_id: int | None, index: int, revision: int) -> Board:
    """Put a strip at ``index`` in a day (``day_id``) or in the boneyard (``None``)."""
    _require(user, board.production)
    with transaction.atomic():
        locked = _lock(board, revision)
        strip = Strip.objects.filter(board=locked, pk=strip_id).first()
        if strip is None:
            raise ValidationError({"strip": _("This strip is not on the board.")})
        if strip.shot:
            raise ValidationError({"strip": _("A scene already shot stays on the day it was shot.")})
        target = None
        if day_id is not None:
            target = ShootDay.objects.filter(board=locked, pk=day_id).first()
            if target is None:
                raise ValidationError({"day": _("This day is not on the board.")})
        source_day = strip.day_id
        others = list(Strip.objects.filter(board=locked, day=target).exclude(pk=strip.pk).order_by("position", "pk"))
        index = max(0, min(int(index), len(others)))
        others.insert(index, strip)
        strip.day = target
        for i, s in enumerate(others):
            s.position = i
        Strip.objects.bulk_update(others, ["day", "position"])
        if source_day != day_id:
            _compact(locked, source_day)
        _bump(locked)
    return locked


def add_day(user: Any, board: Board, after: int | None = None, revision: int | None = None) -> ShootDay:
    """A new empty shoot day after day number ``after`` (at the end when ``None``)."""
    _require(user, board.production)
    with transaction.atomic():
        locked = _lock(board, revision)
        count = locked.days.count()
        number = count + 1 if after is None else max(1, min(int(after) + 1, count + 1))
        days = list(locked.days.filter(number__gte=number).order_by("-number"))
        for d in days:  # shift from the end so the unique (board, number) holds at every step
            d.number += 1
            d.save(update_fields=["number"])
        day = ShootDay.objects.create(board=locked, number=number, date=locked.start_date)
        _redate(locked)
        _bump(locked)
    day.refresh_from_db()
    return day


def remove_day(user: Any, board: Board, day: ShootDay, revision: int | None = None) -> Board:
    """Remove a day; its scenes go to the boneyard, its banners go with it."""
    _require(user, board.production)
    with transaction.atomic():
        locked = _lock(board, revision)
        if day.board_id != locked.pk:
            raise ValidationError({"day": _("This day is not on the board.")})
        if Strip.objects.filter(day=day, shot=True).exists():
            raise ValidationError({"day": _("A day with scenes already shot cannot be removed.")})
        start = (Strip.objects.filter(board=locked, day__isnull=True).aggregate(m=Max("position"))["m"] or 0) + 1
        Strip.objects.filter(day=day, kind=StripKind.BANNER).delete()
        moving = list(Strip.objects.filter(day=day).order_by("position"))
        for i, s in enumerate(moving):
            s.day = None
            s.position = start + i
        Strip.objects.bulk_update(moving, ["day", "position"])
        number = day.number
        day.delete()
        for d in locked.days.filter(number__gt=number).order_by("number"):
            d.number -= 1
            d.save(update_fields=["number"])
        _redate(locked)
        _bump(locked)
    return locked


def add_banner(user: Any, board: Board, day: ShootDay, text: str, revision: int | None = None) -> Strip:
    _require(user, board.production)
    text = text.strip()[:200]
    if not text:
        raise ValidationError({"text": _("A banner needs some text.")})
    with transaction.atomic():
        locked = _lock(board, revision)
        if day.board_id != locked.pk:
            raise ValidationError({"day": _("This day is not on the board.")})
        position = (Strip.objects.filter(day=day).aggregate(m=Max("position"))["m"] or -1) + 1
        banner = Strip.objects.create(board=locked, kind=StripKind.BANNER, text=text, day=day, position=position)
        _bump(locked)
    return banner


def delete_banner(user: Any, board: Board, strip_id: int, revision: int | None = None) -> Board:
    _require(user, board.production)
    with transaction.atomic():
        locked = _lock(board, revision)
        deleted, _rows = Strip.objects.filter(board=locked, pk=strip_id, kind=StripKind.BANNER).delete()
        if not deleted:
            raise ValidationError({"strip": _("This banner is not on the board.")})
        _bump(locked)
    return locked


# --- versions, baseline and proposals -------------------------------------------------------------------------------


def layout(board: Board) -> dict[str, Any]:
    """The board's days and strips as plain data (what a version freezes and a proposal proposes)."""
    days: dict[int, dict[str, Any]] = {}
    for day in board.days.order_by("number"):
        days[day.pk] = {"number": day.number, "date": day.date.isoformat(), "note": day.note, "strips": []}
    boneyard: list[dict[str, Any]] = []
    for s in board.strips.order_by("day__number", "position", "pk"):
        item: dict[str, Any] = {"scene": s.scene_id} if s.kind == StripKind.SCENE else {"banner": s.text}
        if s.shot:
            item["shot"] = True
        (days[s.day_id]["strips"] if s.day_id else boneyard).append(item)
    return {"days": list(days.values()), "boneyard": boneyard}


def snapshot(board: Board, user: Any = None, reason: str = "") -> BoardVersion:
    """Freeze the board as its next version (reused when the board has not changed since the last one)."""
    latest = board.versions.order_by("-number").first()
    if latest is not None and latest.revision == board.revision:
        return latest
    return BoardVersion.objects.create(
        board=board,
        number=(latest.number + 1) if latest else 1,
        revision=board.revision,
        data=layout(board),
        reason=reason[:200],
        created_by=user if getattr(user, "pk", None) else None,
    )


def commit_baseline(user: Any, board: Board) -> BoardVersion:
    """Commit the board as the baseline the production promises to keep (producers and line producers)."""
    _require(user, board.production, Perm.COMMIT_SCHEDULE)
    with transaction.atomic():
        locked = _lock(board)
        if not locked.days.exists():
            raise ValidationError({"board": _("A board without shoot days cannot be the baseline.")})
        if Strip.objects.filter(board=locked, kind=StripKind.SCENE, day__isnull=True).exists():
            raise ValidationError({"board": _("Schedule every scene in the boneyard before committing the board.")})
        version = snapshot(locked, user, _("Committed as the baseline"))
        locked.baseline = version
        locked.save(update_fields=["baseline", "updated_at"])
    return version


def apply_layout(user: Any, board: Board, data: dict[str, Any], revision: int) -> Board:
    """Rewrite the board's days and scene strips from ``data`` (``layout``'s shape, scenes only): a proposal
    being accepted. Scenes shot stay where they are; banners stay on their day number."""
    _require(user, board.production)
    with transaction.atomic():
        locked = _lock(board, revision)
        strips = {s.scene_id: s for s in Strip.objects.filter(board=locked, kind=StripKind.SCENE)}
        days = {d.number: d for d in locked.days.all()}
        wanted = len(data.get("days", []))
        for number in range(len(days) + 1, wanted + 1):
            days[number] = ShootDay.objects.create(board=locked, number=number, date=locked.start_date)
        placed: set[int] = set()
        changed: list[Strip] = []
        for number, day_data in enumerate(data.get("days", []), start=1):
            for position, item in enumerate(x for x in day_data.get("strips", []) if "scene" in x):
                strip = strips.get(int(item["scene"]))
                if strip is None or strip.shot:
                    continue
                strip.day, strip.position = days[number], 100 + position
                placed.add(strip.scene_id or 0)
                changed.append(strip)
        for scene_id, strip in strips.items():
            if scene_id not in placed and not strip.shot:
                strip.day, strip.position = None, 100000 + len(changed)
                changed.append(strip)
        Strip.objects.bulk_update(changed, ["day", "position"], batch_size=500)
        for day in sorted(days.values(), key=lambda d: -d.number):  # surplus empty days at the end go
            if day.number > wanted and not Strip.objects.filter(day=day).exists():
                day.delete()
        for day_id in [*(d.pk for d in locked.days.all()), None]:
            _compact(locked, day_id)
        _redate(locked)
        _bump(locked)
    return locked


def accept_proposal(user: Any, proposal: Proposal) -> Board:
    """Rewrite the board with the proposal (only if the board has not changed since the optimiser read it)."""
    if proposal.status != ProposalStatus.READY:
        raise ValidationError({"proposal": _("Only a finished proposal can be accepted.")})
    board = apply_layout(user, proposal.board, proposal.data, proposal.base_revision)
    with transaction.atomic():
        snapshot(board, user, _("Optimiser proposal accepted"))
        Proposal.objects.filter(pk=proposal.pk).update(status=ProposalStatus.ACCEPTED, decided_at=timezone.now())
    return board


def discard_proposal(user: Any, proposal: Proposal) -> None:
    _require(user, proposal.board.production)
    if proposal.status in (ProposalStatus.ACCEPTED, ProposalStatus.DISCARDED):
        return
    Proposal.objects.filter(pk=proposal.pk).update(status=ProposalStatus.DISCARDED, decided_at=timezone.now())


# --- cast terms and unavailability ----------------------------------------------------------------------------------


def set_cast_terms(
    user: Any,
    character: Any,
    *,
    cast_number: int | None,
    daily_rate: Any,
    drop_pickup: bool,
    travel: bool,
) -> CastTerms:
    """The scheduling facts of a character's performer (cast number, daily rate, drop/pick-up, travel)."""
    _require(user, character.production)
    if cast_number is not None and (
        CastTerms.objects.filter(character__production=character.production, cast_number=cast_number)
        .exclude(character=character)
        .exists()
    ):
        raise ValidationError({"cast_number": _("Another character already has this cast number.")})
    terms, _created = CastTerms.objects.update_or_create(
        character=character,
        defaults={"cast_number": cast_number, "daily_rate": daily_rate, "drop_pickup": drop_pickup, "travel": travel},
    )
    return terms


def add_unavailability(
    user: Any,
    production: Production,
    *,
    start: dt.date,
    end: dt.date,
    reason: str = "",
    character: Any = None,
    location: Any = None,
) -> Unavailability:
    """Dates a performer or a location cannot be used (the stripboard warns on those days; the optimiser
    never schedules them)."""
    _require(user, production)
    if (character is None) == (location is None):
        raise ValidationError({"__all__": _("Say whose dates these are: a character or a location.")})
    owner = character or location
    if owner.production_id != production.pk:
        raise ValidationError({"__all__": _("This belongs to another production.")})
    if end < start:
        raise ValidationError({"end": _("The last day comes before the first.")})
    return Unavailability.objects.create(
        production=production, character=character, location=location, start=start, end=end, reason=reason[:200]
    )


def remove_unavailability(user: Any, unavailability: Unavailability) -> None:
    _require(user, unavailability.production)
    unavailability.delete()
