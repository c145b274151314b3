"""Reads of call sheets. Callers pass a production they got through
``setwise.accounts.permissions.get_production_for_user``; call sheets and their people are looked up through it.
Personal links and feed tokens are looked up here too (the token is the permission)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote_plus

from django.db.models import Exists, OuterRef, QuerySet
from django.shortcuts import get_object_or_404

from setwise.accounts.roles import ProductionRole
from setwise.breakdown.models import CONFIRMED_STATUSES, SceneCharacter, SceneElement, format_eighths
from setwise.callsheets import timing
from setwise.callsheets.models import CallSheet, CallSheetStatus, LeadTime, Recipient, RecipientKind
from setwise.intimacy.services import intimate_scene_ids, readiness
from setwise.productions.models import Membership, Production
from setwise.scheduling.models import Board, BoardStatus, CastTerms, ShootDay, Strip, StripKind, Unit
from setwise.scheduling.selectors import estimate_minutes, strip_colour

# --- lead times -------------------------------------------------------------------------------------------------


def lead_times(production: Production) -> timing.LeadTimes:
    """The production's lead times: the built-in defaults until the production saves its own table."""
    rows = list(LeadTime.objects.filter(production=production).values_list("key", "minutes"))
    if not rows:
        return timing.DEFAULT_LEADS
    minutes = {key: value for key, value in rows if key}
    default = next((value for key, value in rows if not key), timing.DEFAULT_LEAD_MINUTES)
    return timing.LeadTimes(minutes, default)


@dataclass(frozen=True)
class LeadTimeRow:
    department: str
    minutes: int
    members: int  # memberships of the production in this department


def lead_time_rows(production: Production) -> tuple[list[LeadTimeRow], int]:
    """Every department the production has (from its lead times, the defaults and its crew), with its minutes;
    and the default for the others."""
    leads = lead_times(production)
    saved = list(LeadTime.objects.filter(production=production).exclude(key="").values_list("department", "key"))
    names: dict[str, str] = {} if saved else {timing.department_key(n): n for n in timing.DEFAULT_LEAD_TIMES}
    for department, key in saved:
        names[key] = department
    counts: dict[str, int] = defaultdict(int)
    for department in (
        production.memberships.exclude(role=ProductionRole.CAST)
        .exclude(department="")
        .values_list("department", flat=True)
    ):
        key = timing.department_key(department)
        names.setdefault(key, department.strip())
        counts[key] += 1
    rows = [LeadTimeRow(name, leads.minutes.get(key, leads.default), counts.get(key, 0)) for key, name in names.items()]
    rows.sort(key=lambda r: (-r.minutes, r.department.casefold()))
    return rows, leads.default


# --- boards and days ----------------------------------------------------------------------------------------------


def active_boards(production: Production) -> list[Board]:
    """The production's active boards (at most one per unit), the main unit first."""
    boards = list(Board.objects.filter(production=production, status=BoardStatus.ACTIVE).select_related("production"))
    return sorted(boards, key=lambda b: (b.unit != Unit.MAIN, b.unit, b.name))


def active_board(production: Production, unit: str) -> Board | None:
    return (
        Board.objects.filter(production=production, status=BoardStatus.ACTIVE, unit=unit)
        .select_related("production")
        .first()
    )


@dataclass(frozen=True)
class CastInScene:
    character_id: int
    character: str
    number: int | None
    user_id: int | None  # the performer's account (a cast membership), if linked
    performer: str
    email: str


@dataclass
class DayPlan:
    """A shoot day of a board as a call sheet needs it: the items in order (scenes with their estimated minutes,
    and banners) and, when asked for, the characters of each scene."""

    day: ShootDay
    items: list[dict[str, Any]] = field(default_factory=list)
    locations: list[dict[str, Any]] = field(default_factory=list)
    cast: dict[int, list[CastInScene]] = field(default_factory=dict)  # item index -> characters

    @property
    def minutes(self) -> list[int | None]:
        return [item.get("minutes") if item["kind"] == "scene" else None for item in self.items]

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.day.date, self.items)


def fingerprint(date: dt.date, items: list[dict[str, Any]]) -> str:
    """What makes a day's call sheet: its date, and its scenes (with their estimated minutes) and banners in order."""
    key = [date.isoformat(), [[i["kind"], i.get("scene") or i.get("text", ""), i.get("minutes")] for i in items]]
    return hashlib.sha256(json.dumps(key, ensure_ascii=False).encode()).hexdigest()


def _location_entry(location: Any) -> dict[str, Any]:
    lat = float(location.latitude) if location.latitude is not None else None
    lon = float(location.longitude) if location.longitude is not None else None
    return {
        "id": location.pk,
        "name": location.name,
        "address": location.address,
        "latitude": lat,
        "longitude": lon,
        "hospital": location.hospital,
        "hospital_address": location.hospital_address,
    }


def day_plans(board: Board, numbers: set[int] | None = None, *, with_cast: bool = False) -> dict[int, DayPlan]:
    """The board's days (or only the day ``numbers``) as plans, in a fixed number of queries."""
    days = board.days.order_by("number")
    if numbers is not None:
        days = days.filter(number__in=numbers)
    plans = {d.pk: DayPlan(d) for d in days}
    if not plans:
        return {}
    strips = list(
        Strip.objects.filter(board=board, day_id__in=list(plans))
        .select_related("scene__set__location")
        .order_by("day__number", "position", "pk")
    )
    scene_ids = [s.scene_id for s in strips if s.scene_id]
    closed = intimate_scene_ids(board.production, scene_ids) if scene_ids else set()
    tags: dict[int, set[str]] = defaultdict(set)
    for scene_id, category in SceneElement.objects.filter(
        scene_id__in=scene_ids, status__in=CONFIRMED_STATUSES
    ).values_list("scene_id", "element__category"):
        tags[scene_id].add(category)
    cast_by_scene: dict[int, list[CastInScene]] = defaultdict(list)
    if with_cast:
        numbers_of = dict(
            CastTerms.objects.filter(character__production=board.production, cast_number__isnull=False).values_list(
                "character_id", "cast_number"
            )
        )
        for sc in SceneCharacter.objects.filter(scene_id__in=scene_ids).select_related("character__cast_member__user"):
            member = sc.character.cast_member
            user = member.user if member is not None and member.role == ProductionRole.CAST else None
            cast_by_scene[sc.scene_id].append(
                CastInScene(
                    character_id=sc.character_id,
                    character=sc.character.name,
                    number=numbers_of.get(sc.character_id),
                    user_id=user.pk if user is not None and user.is_active else None,
                    performer=str(user) if user is not None else "",
                    email=user.email if user is not None and user.is_active else "",
                )
            )
        for rows in cast_by_scene.values():
            rows.sort(key=lambda c: (c.number is None, c.number or 0, c.character))
    seen_locations: dict[int, set[int]] = defaultdict(set)
    for s in strips:
        if s.day_id is None:
            continue
        plan = plans[s.day_id]
        if s.kind == StripKind.BANNER or s.scene is None:
            plan.items.append({"kind": "banner", "text": s.text})
            continue
        scene = s.scene
        location = scene.set.location if scene.set is not None else None
        plan.items.append(
            {
                "kind": "scene",
                "scene": scene.pk,
                "number": scene.number,
                "episode": scene.episode,
                "heading": scene.heading,
                "set": scene.set.name if scene.set is not None else scene.set_name,
                "location": location.name if location is not None else scene.location,
                "location_id": location.pk if location is not None else None,
                "int_ext": scene.int_ext,
                "time_of_day": scene.time_of_day,
                "eighths": scene.eighths,
                "minutes": s.minutes or estimate_minutes(scene.eighths, frozenset(tags.get(scene.pk, set()))),
                "shot": s.shot,
                "cast": [str(c.number) if c.number is not None else c.character for c in cast_by_scene[scene.pk]],
                "closed_set": scene.pk in closed,
            }
        )
        if with_cast:
            plan.cast[len(plan.items) - 1] = cast_by_scene[scene.pk]
        if location is not None and location.pk not in seen_locations[s.day_id]:
            seen_locations[s.day_id].add(location.pk)
            plan.locations.append(_location_entry(location))
    return {p.day.number: p for p in plans.values()}


# --- call sheets --------------------------------------------------------------------------------------------------


def call_sheets_for(production: Production) -> QuerySet[CallSheet]:
    return CallSheet.objects.filter(production=production).select_related("board", "board_version")


def get_call_sheet(production: Production, pk: int) -> CallSheet:
    return get_object_or_404(
        CallSheet.objects.select_related("production", "board", "board_version", "issued_by"),
        production=production,
        pk=pk,
    )


@dataclass(frozen=True)
class Freshness:
    """Whether a call sheet still says what the schedule says: a newer revision of the day, the active board of
    its unit is another board now, or the board's day changed since (its date, scenes, order or estimates)."""

    newer: CallSheet | None = None  # the latest newer revision, issued or not
    newer_issued: CallSheet | None = None  # the latest newer issued revision
    schedule_changed: bool = False
    board_moved_on: bool = False  # the board changed since (perhaps only on other days)
    current_revision: int = 0

    @property
    def out_of_date(self) -> bool:
        return self.newer is not None or self.schedule_changed


def freshness(call_sheet: CallSheet) -> Freshness:
    newer = list(
        CallSheet.objects.filter(
            production_id=call_sheet.production_id,
            unit=call_sheet.unit,
            day_number=call_sheet.day_number,
            revision__gt=call_sheet.revision,
        ).order_by("-revision")
    )
    newer_issued = next((c for c in newer if c.status == CallSheetStatus.ISSUED), None)
    board = active_board(call_sheet.production, call_sheet.unit)
    changed, moved_on, current = True, True, 0
    if board is not None and board.pk == call_sheet.board_id:
        current = board.revision
        moved_on = board.revision != call_sheet.board_version.revision
        if not moved_on:
            changed = False
        else:
            plan = day_plans(board, {call_sheet.day_number}).get(call_sheet.day_number)
            changed = plan is None or plan.fingerprint != call_sheet.fingerprint
    return Freshness(
        newer=newer[0] if newer else None,
        newer_issued=newer_issued,
        schedule_changed=changed,
        board_moved_on=moved_on,
        current_revision=current,
    )


def maps_url(location: dict[str, Any]) -> str:
    """A Google Maps search link for a location: its coordinates, else its address, else nothing."""
    if location.get("latitude") is not None and location.get("longitude") is not None:
        query = f"{location['latitude']},{location['longitude']}"
    elif location.get("address"):
        query = str(location["address"])
    else:
        return ""
    return f"https://www.google.com/maps/search/?api=1&query={quote_plus(query)}"


@dataclass(frozen=True)
class ItemView:
    item: dict[str, Any]
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    meal: bool = False
    blocked: tuple[str, ...] = ()  # why an intimate scene may not be shot that day (plain words, for everyone)

    @property
    def colour(self) -> str:
        return strip_colour(self.item.get("int_ext", ""), self.item.get("time_of_day", ""))

    @property
    def eighths_display(self) -> str:
        return format_eighths(int(self.item.get("eighths") or 0))


@dataclass
class SheetView:
    """A call sheet laid out for a page, the PDF or the personal page."""

    sheet: CallSheet
    items: list[ItemView]
    locations: list[dict[str, Any]]
    cast: list[Recipient]
    crew: list[Recipient]
    wrap: dt.datetime | None
    total_eighths: int

    @property
    def total_eighths_display(self) -> str:
        return format_eighths(self.total_eighths)

    @property
    def first_location(self) -> dict[str, Any] | None:
        return self.locations[0] if self.locations else None

    @property
    def scene_count(self) -> int:
        return sum(1 for i in self.items if i.item.get("kind") == "scene")

    @property
    def closed_set(self) -> dict[str, Any] | None:
        """The closed set of the day's intimate scenes: their numbers and the roster (names and roles only)."""
        found = self.sheet.content.get("closed_set")
        if not found or not found.get("scenes"):
            return None
        people = [
            {
                "name": p.get("name", ""),
                "role": p.get("department")
                or (str(ProductionRole(p["role"]).label) if p.get("role") in ProductionRole.values else ""),
            }
            for p in found.get("people", [])
        ]
        return {"scenes": found["scenes"], "people": people}

    @property
    def blocked(self) -> list[ItemView]:
        return [i for i in self.items if i.blocked]


def slots_of(call_sheet: CallSheet) -> list[timing.Slot]:
    items = call_sheet.content.get("items", [])
    minutes = [int(i["minutes"]) if i.get("kind") == "scene" else None for i in items]
    return timing.plan(minutes, call_sheet.crew_call, call_sheet.shooting_call, call_sheet.meal_minutes)


def sheet_view(call_sheet: CallSheet, people: list[Recipient] | None = None) -> SheetView:
    """The call sheet with each scene's estimated start and end and the meal break in place; ``people`` are its
    recipients when the caller has them already (else one query)."""
    items = call_sheet.content.get("items", [])
    slots = slots_of(call_sheet)
    by_index = {s.index: s for s in slots if s.index is not None}
    blocked = _blocked(call_sheet, items)
    views: list[ItemView] = []
    for slot_or_item in _interleave(items, slots):
        if isinstance(slot_or_item, timing.Slot):
            views.append(ItemView({"kind": "meal"}, slot_or_item.start, slot_or_item.end, meal=True))
        else:
            index, item = slot_or_item
            slot = by_index.get(index)
            reasons = blocked.get(item.get("scene") or 0, ()) if not item.get("shot") else ()
            views.append(ItemView(item, slot.start if slot else None, slot.end if slot else None, blocked=reasons))
    if people is None:
        people = list(call_sheet.people.all())
    locations = [{**loc, "maps_url": maps_url(loc)} for loc in call_sheet.content.get("locations", [])]
    return SheetView(
        sheet=call_sheet,
        items=views,
        locations=locations,
        cast=[p for p in people if p.kind == RecipientKind.CAST],
        crew=[p for p in people if p.kind == RecipientKind.CREW],
        wrap=slots[-1].end if slots else None,
        total_eighths=sum(int(i.get("eighths") or 0) for i in items if i.get("kind") == "scene"),
    )


def _blocked(call_sheet: CallSheet, items: list[dict[str, Any]]) -> dict[int, tuple[str, ...]]:
    """The day's intimate scenes that may not be shot as things stand now (a consent withdrawn after the call sheet
    went out, a rider not signed the notice period before the general call, no coordinator booked): scene id ->
    the reasons everyone may read. Only call sheets with closed-set scenes ask."""
    ids = [int(i["scene"]) for i in items if i.get("kind") == "scene" and i.get("closed_set") and i.get("scene")]
    if not ids:
        return {}
    found = readiness(call_sheet.production, ids)
    out: dict[int, tuple[str, ...]] = {}
    for scene_id in ids:
        blocks = found.blocks(scene_id, call_sheet.date, call_at=call_sheet.crew_call)
        if blocks:
            out[scene_id] = tuple(b.reason for b in blocks)
    return out


def _interleave(items: list[dict[str, Any]], slots: list[timing.Slot]) -> list[Any]:
    """Items in order, with each meal slot placed before the scene that follows it."""
    meals_before: dict[int, timing.Slot] = {}
    pending: timing.Slot | None = None
    for slot in slots:
        if slot.is_meal:
            pending = slot
        elif pending is not None and slot.index is not None:
            meals_before[slot.index] = pending
            pending = None
    out: list[Any] = []
    for index, item in enumerate(items):
        if index in meals_before:
            out.append(meals_before[index])
        out.append((index, item))
    return out


# --- personal links and feeds -------------------------------------------------------------------------------------


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def recipient_for_token(raw: str) -> Recipient | None:
    """The person a personal link was sent to, while the link opens anything: an issued call sheet, and a person
    whose account is active and who is still on the production. None for any other token."""
    if not raw or len(raw) > 100:
        return None
    still_member = Membership.objects.filter(
        user_id=OuterRef("user_id"), production_id=OuterRef("call_sheet__production_id")
    )
    return (
        Recipient.objects.select_related("call_sheet__production", "call_sheet__board_version", "user")
        .filter(
            Exists(still_member),
            token_hash=hash_token(raw),
            call_sheet__status=CallSheetStatus.ISSUED,
            user__is_active=True,
        )
        .first()
    )


def successor(recipient: Recipient) -> Recipient | None:
    """The same person on the latest issued revision of the same day, if there is a newer one and they are on it."""
    if recipient.user_id is None:
        return None
    sheet = recipient.call_sheet
    return (
        Recipient.objects.select_related("call_sheet__production", "call_sheet__board_version", "user")
        .filter(
            user_id=recipient.user_id,
            call_sheet__production_id=sheet.production_id,
            call_sheet__unit=sheet.unit,
            call_sheet__day_number=sheet.day_number,
            call_sheet__revision__gt=sheet.revision,
            call_sheet__status=CallSheetStatus.ISSUED,
        )
        .order_by("-call_sheet__revision")
        .first()
    )


def latest_issued(production_ids: list[int]) -> dict[tuple[int, str, int], int]:
    """The id of the latest issued revision per (production, unit, day)."""
    latest: dict[tuple[int, str, int], tuple[int, int]] = {}
    for pk, production_id, unit, day, revision in CallSheet.objects.filter(
        production_id__in=production_ids, status=CallSheetStatus.ISSUED
    ).values_list("pk", "production_id", "unit", "day_number", "revision"):
        key = (production_id, unit, day)
        if key not in latest or latest[key][1] < revision:
            latest[key] = (pk, revision)
    return {key: pk for key, (pk, _r) in latest.items()}
