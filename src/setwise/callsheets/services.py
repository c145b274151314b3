"""Writes of call sheets: lead times, generating a day's call sheet from the active board (bound to the board
version it freezes), editing a draft, issuing it (one e-mail per person, sent after commit by a task), the
personal links' opens and confirmations, and calendar feed addresses.

Every write by a person checks ``Perm.EDIT_SCHEDULE`` and runs in one transaction; the models' history records
it. Issued call sheets never change: a change is a new revision.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Mapping
from typing import Any

from astral import Observer
from astral.sun import sun
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from setwise.accounts.permissions import has_production_perm
from setwise.accounts.roles import Perm, ProductionRole
from setwise.callsheets import selectors, timing
from setwise.callsheets.models import (
    CalendarFeed,
    CallSheet,
    CallSheetStatus,
    LeadTime,
    Recipient,
    RecipientKind,
)
from setwise.intimacy import services as intimacy
from setwise.productions.models import Membership, Production
from setwise.scheduling import services as scheduling
from setwise.scheduling.models import Board, BoardStatus, Unit

MAX_LEAD_MINUTES = 8 * 60
MAX_MEAL_MINUTES = 3 * 60


def can_view_call_sheets(user: Any, production: Production) -> bool:
    return has_production_perm(user, Perm.VIEW_PRODUCTION, production)


def can_edit_call_sheets(user: Any, production: Production) -> bool:
    """Generating, editing and issuing call sheets: the assistant directors and producers (EDIT_SCHEDULE)."""
    return scheduling.can_edit_schedule(user, production)


def _require(user: Any, production: Production) -> None:
    if not can_edit_call_sheets(user, production):
        raise PermissionDenied("You may not change this production's call sheets")


def _by(user: Any) -> Any:
    return user if getattr(user, "pk", None) else None


# --- lead times -------------------------------------------------------------------------------------------------


def set_lead_times(user: Any, production: Production, minutes: Mapping[str, int], default: int) -> timing.LeadTimes:
    """Replace the production's lead times: ``minutes`` per department (matched case-insensitively) and the
    ``default`` for every department not listed."""
    _require(user, production)
    rows: dict[str, tuple[str, int]] = {}
    for department, value in minutes.items():
        name = re.sub(r"\s+", " ", department).strip()[:80]
        key = timing.department_key(name)
        if not key:
            continue
        if not 0 <= int(value) <= MAX_LEAD_MINUTES:
            raise ValidationError(
                {"minutes": _("A lead time is between 0 and %(max)s minutes.") % {"max": MAX_LEAD_MINUTES}}
            )
        rows[key] = (name, int(value))
    if not 0 <= int(default) <= MAX_LEAD_MINUTES:
        raise ValidationError(
            {"default": _("A lead time is between 0 and %(max)s minutes.") % {"max": MAX_LEAD_MINUTES}}
        )
    rows[""] = ("", int(default))
    with transaction.atomic():
        existing = {lt.key: lt for lt in LeadTime.objects.select_for_update().filter(production=production)}
        for key, lead in existing.items():
            if key not in rows:
                lead.delete()
        for key, (name, value) in rows.items():
            lead_time = existing.get(key)
            if lead_time is None:
                LeadTime.objects.create(production=production, department=name, key=key, minutes=value)
            elif (lead_time.department, lead_time.minutes) != (name, value):
                lead_time.department, lead_time.minutes = name, value
                lead_time.save(update_fields=["department", "minutes"])
    return selectors.lead_times(production)


# --- generating --------------------------------------------------------------------------------------------------


def _sun(
    location: dict[str, Any] | None, date: dt.date, tz: dt.tzinfo
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """Sunrise and sunset at a location on a date (None without coordinates, or when the sun does not rise or set
    that day)."""
    if location is None or location.get("latitude") is None or location.get("longitude") is None:
        return None, None
    try:
        times = sun(Observer(float(location["latitude"]), float(location["longitude"])), date=date, tzinfo=tz)
    except ValueError:  # polar day or night
        return None, None
    return times["sunrise"].astimezone(dt.UTC), times["sunset"].astimezone(dt.UTC)


def _no_active_board(production: Production, unit: str) -> ValidationError:
    if Board.objects.filter(production=production, status=BoardStatus.ACTIVE).exists():
        return ValidationError(
            {"board": _("There is no active board for the %(unit)s.") % {"unit": Unit(unit).label.lower()}}
        )
    return ValidationError(
        {
            "board": _(
                "This production has no active board. Call sheets are made from the active board: make a board "
                "active on the schedule first."
            )
        }
    )


def generate_call_sheet(
    user: Any,
    production: Production,
    day_number: int,
    *,
    unit: str = Unit.MAIN,
    crew_call: dt.time | None = None,
    shooting_call: dt.time | None = None,
) -> CallSheet:
    """The next revision of the call sheet of shoot day ``day_number`` of the production's active board (of
    ``unit``). The board is frozen as a version the call sheet points at. Call times, meal break, weather, notes
    and calls set by hand (where the computed call did not change) carry over from the previous revision."""
    _require(user, production)
    if unit not in Unit.values:
        raise ValidationError({"unit": _("Unknown unit.")})
    board = selectors.active_board(production, unit)
    if board is None:
        raise _no_active_board(production, unit)
    with transaction.atomic():
        locked = Board.objects.select_for_update().select_related("production").get(pk=board.pk)
        if locked.status != BoardStatus.ACTIVE:
            raise _no_active_board(production, unit)
        plan = selectors.day_plans(locked, {int(day_number)}, with_cast=True).get(int(day_number))
        if plan is None:
            raise ValidationError({"day": _("Day %(day)s is not on the active board.") % {"day": day_number}})
        version = scheduling.snapshot(locked, user, _("Call sheet for day %(day)s") % {"day": day_number})
        previous = (
            CallSheet.objects.select_for_update()
            .filter(production=production, unit=locked.unit, day_number=plan.day.number)
            .order_by("-revision")
            .first()
        )
        closed_ids = [int(i["scene"]) for i in plan.items if i.get("kind") == "scene" and i.get("closed_set")]
        roster = intimacy.closed_set_roster(production, closed_ids) if closed_ids else []
        tz = timing.zone(production.time_zone)
        date = plan.day.date

        def local(value: dt.datetime | None, given: dt.time | None, fallback: dt.time) -> dt.datetime:
            if given is not None:
                return timing.at(date, given, tz)
            if value is not None:
                return timing.at(date, value.astimezone(tz).time(), tz)
            return timing.at(date, fallback, tz)

        sunrise, sunset = _sun(plan.locations[0] if plan.locations else None, date, tz)
        sheet = CallSheet.objects.create(
            production=production,
            board=locked,
            board_version=version,
            unit=locked.unit,
            day_number=plan.day.number,
            day_count=locked.days.count(),
            revision=(previous.revision + 1) if previous else 1,
            date=date,
            crew_call=local(previous.crew_call if previous else None, crew_call, timing.DEFAULT_CREW_CALL),
            shooting_call=local(
                previous.shooting_call if previous else None, shooting_call, timing.DEFAULT_SHOOTING_CALL
            ),
            meal_minutes=previous.meal_minutes if previous else timing.DEFAULT_MEAL_MINUTES,
            sunrise=sunrise,
            sunset=sunset,
            weather=previous.weather if previous else "",
            notes=previous.notes if previous else "",
            content={
                "items": plan.items,
                "locations": plan.locations,
                "board": locked.name,
                "version": version.number,
                "closed_set": _closed_set(production, plan, roster),
            },
            fingerprint=plan.fingerprint,
            created_by=_by(user),
        )
        if sheet.shooting_call < sheet.crew_call:
            raise ValidationError({"shooting_call": _("The shooting call comes before the general crew call.")})
        scene_items = [i for i in plan.items if i.get("kind") == "scene"]
        only = {m.pk for m in roster} if scene_items and all(i.get("closed_set") for i in scene_items) else None
        people = _people(production, plan, sheet, selectors.lead_times(production), only=only)
        if previous is not None:
            _carry_over(previous, people)
        bulk_create_with_history(people, Recipient)
    return sheet


def regenerate_call_sheet(user: Any, call_sheet: CallSheet) -> CallSheet:
    """A new revision of the same day from the active board as it is now."""
    return generate_call_sheet(user, call_sheet.production, call_sheet.day_number, unit=call_sheet.unit)


def _closed_set(production: Production, plan: selectors.DayPlan, roster: list[Membership]) -> dict[str, Any]:
    """What a call sheet says of the day's closed set: the numbers of its intimate scenes and the people allowed on
    set for them (name, role and department), nothing of the plan or the riders."""
    scenes = [str(i["number"]) for i in plan.items if i.get("kind") == "scene" and i.get("closed_set")]
    people = [{"name": str(m.user)[:200], "role": m.role, "department": m.department.strip()[:80]} for m in roster]
    return {"scenes": scenes, "people": people} if scenes else {}


def _people(
    production: Production,
    plan: selectors.DayPlan,
    sheet: CallSheet,
    leads: timing.LeadTimes,
    *,
    only: set[int] | None = None,
) -> list[Recipient]:
    """Everyone called on the day: the cast of its scenes (one row per performer, or per character without one)
    and every other member of the production, each with a computed call. ``only``: on a day of closed-set scenes
    only, the memberships on the closed-set roster are the crew called (the essential crew)."""
    slots = {s.index: s for s in timing.plan(plan.minutes, sheet.crew_call, sheet.shooting_call, sheet.meal_minutes)}
    cast: dict[tuple[str, int], dict[str, Any]] = {}
    for index in sorted(plan.cast):
        for c in plan.cast[index]:
            key = ("user", c.user_id) if c.user_id is not None else ("character", c.character_id)
            row = cast.setdefault(
                key,
                {
                    "first": index,
                    "characters": [],
                    "numbers": [],
                    "name": c.performer or c.character,
                    "email": c.email,
                    "user": c.user_id,
                },
            )
            if c.character not in row["characters"]:
                row["characters"].append(c.character)
                if c.number is not None:
                    row["numbers"].append(c.number)
    prep = leads.cast_prep
    people: list[Recipient] = []
    for row in sorted(cast.values(), key=lambda r: (min(r["numbers"], default=10**6), r["name"].casefold())):
        start = slots[row["first"]].start if row["first"] in slots else sheet.shooting_call
        call = timing.cast_call_for(start, prep)
        people.append(
            Recipient(
                call_sheet=sheet,
                kind=RecipientKind.CAST,
                user_id=row["user"],
                name=row["name"][:200],
                role=", ".join(row["characters"])[:300],
                cast_numbers=", ".join(str(n) for n in sorted(row["numbers"]))[:100],
                email=row["email"],
                first_item=row["first"],
                lead_minutes=prep,
                computed_call=call,
                call_time=call,
            )
        )
    cast_users = {row["user"] for row in cast.values() if row["user"] is not None}
    crew: dict[int, list[Membership]] = {}
    for membership in (
        Membership.objects.filter(production=production, user__is_active=True)
        .exclude(role=ProductionRole.CAST)
        .select_related("user")
        .order_by("pk")
    ):
        if membership.user_id not in cast_users and (only is None or membership.pk in only):
            crew.setdefault(membership.user_id, []).append(membership)
    crew_rows: list[Recipient] = []
    for memberships in crew.values():
        user = memberships[0].user
        departments = list(dict.fromkeys(m.department.strip() for m in memberships if m.department.strip()))
        lead = max((leads.for_department(d) for d in departments), default=leads.default)
        call = timing.crew_call_for(sheet.crew_call, lead)
        crew_rows.append(
            Recipient(
                call_sheet=sheet,
                kind=RecipientKind.CREW,
                user=user,
                name=str(user)[:200],
                role=(", ".join(departments) or memberships[0].role)[:300],
                email=user.email,
                lead_minutes=lead,
                computed_call=call,
                call_time=call,
            )
        )
    crew_rows.sort(key=lambda r: (r.call_time, r.role.casefold(), r.name.casefold()))
    people += crew_rows
    for position, person in enumerate(people):
        person.position = position
    return people


def _person_key(person: Recipient) -> tuple[str, str]:
    return (person.kind, f"u{person.user_id}" if person.user_id else f"n{person.name}")


def _carry_over(previous: CallSheet, people: list[Recipient]) -> None:
    """Calls set by hand on the previous revision stay, for people whose computed call did not change."""
    edited = {_person_key(p): p for p in previous.people.filter(call_edited=True)}
    for person in people:
        before = edited.get(_person_key(person))
        if before is not None and before.computed_call == person.computed_call:
            person.call_time, person.call_edited = before.call_time, True


# --- editing a draft ----------------------------------------------------------------------------------------------


def _lock_draft(call_sheet: CallSheet) -> CallSheet:
    locked = CallSheet.objects.select_for_update().select_related("production").get(pk=call_sheet.pk)
    if locked.status != CallSheetStatus.DRAFT:
        raise ValidationError(
            {"status": _("An issued call sheet does not change: generate a new revision to change it.")}
        )
    return locked


def _recompute(sheet: CallSheet) -> None:
    """Computed calls after the general call, the shooting call or the meal break changed (calls set by hand stay)."""
    slots = {s.index: s for s in selectors.slots_of(sheet)}
    people = list(sheet.people.all())
    for person in people:
        if person.kind == RecipientKind.CAST:
            slot = slots.get(person.first_item) if person.first_item is not None else None
            person.computed_call = timing.cast_call_for(
                slot.start if slot else sheet.shooting_call, person.lead_minutes
            )
        else:
            person.computed_call = timing.crew_call_for(sheet.crew_call, person.lead_minutes)
        if not person.call_edited:
            person.call_time = person.computed_call
    Recipient.objects.bulk_update(people, ["computed_call", "call_time"])


def update_call_sheet(
    user: Any,
    call_sheet: CallSheet,
    *,
    crew_call: dt.time,
    shooting_call: dt.time,
    meal_minutes: int,
    weather: str,
    notes: str,
) -> CallSheet:
    """Change a draft's general crew call, shooting call, meal break, weather and notes; computed calls follow."""
    _require(user, call_sheet.production)
    if not 0 <= int(meal_minutes) <= MAX_MEAL_MINUTES:
        raise ValidationError(
            {"meal_minutes": _("A meal break is between 0 and %(max)s minutes.") % {"max": MAX_MEAL_MINUTES}}
        )
    with transaction.atomic():
        sheet = _lock_draft(call_sheet)
        tz = timing.zone(sheet.production.time_zone)
        sheet.crew_call = timing.at(sheet.date, crew_call, tz)
        sheet.shooting_call = timing.at(sheet.date, shooting_call, tz)
        if sheet.shooting_call < sheet.crew_call:
            raise ValidationError({"shooting_call": _("The shooting call comes before the general crew call.")})
        sheet.meal_minutes = int(meal_minutes)
        sheet.weather = weather.strip()[:300]
        sheet.notes = notes.strip()[:5000]
        sheet.save(update_fields=["crew_call", "shooting_call", "meal_minutes", "weather", "notes", "updated_at"])
        _recompute(sheet)
    return sheet


def set_call(user: Any, person: Recipient, call: dt.time | None) -> Recipient:
    """Set one person's call by hand on a draft (local time on the day), or back to the computed call (None)."""
    sheet = person.call_sheet
    _require(user, sheet.production)
    with transaction.atomic():
        locked = _lock_draft(sheet)
        row = Recipient.objects.select_for_update().get(pk=person.pk, call_sheet=locked)
        if call is None:
            row.call_time, row.call_edited = row.computed_call, False
        else:
            row.call_time = timing.at(locked.date, call, timing.zone(locked.production.time_zone))
            row.call_edited = row.call_time != row.computed_call
        row.save(update_fields=["call_time", "call_edited"])
    return row


# --- issuing and sending ------------------------------------------------------------------------------------------


def _enqueue_send(recipient_ids: list[int], base_url: str) -> None:
    from setwise.callsheets.tasks import send_call_sheet_email  # the task module imports this one

    def enqueue() -> None:
        for pk in recipient_ids:
            send_call_sheet_email.enqueue(pk, base_url)

    transaction.on_commit(enqueue)


def issue_call_sheet(user: Any, call_sheet: CallSheet, base_url: str) -> CallSheet:
    """Issue a draft: it becomes read-only, and each person on it with an e-mail address is sent their personal
    link (by a task, after commit). Refused when the schedule changed since it was generated."""
    _require(user, call_sheet.production)
    with transaction.atomic():
        sheet = _lock_draft(call_sheet)
        fresh = selectors.freshness(sheet)
        if fresh.newer is not None:
            raise ValidationError({"status": _("A newer revision of this day exists; issue that one.")})
        if fresh.schedule_changed:
            raise ValidationError(
                {
                    "status": _(
                        "The schedule of this day changed since this call sheet was made: generate a new revision."
                    )
                }
            )
        sheet.status = CallSheetStatus.ISSUED
        sheet.issued_at = timezone.now()
        sheet.issued_by = _by(user)
        sheet.save(update_fields=["status", "issued_at", "issued_by", "updated_at"])
        ids = list(sheet.people.exclude(email="").values_list("pk", flat=True))
        _enqueue_send(ids, base_url)
    return sheet


def resend(user: Any, person: Recipient, base_url: str) -> Recipient:
    """Send a person a new personal link (the previous one stops working)."""
    sheet = CallSheet.objects.select_related("production").get(pk=person.call_sheet_id)
    _require(user, sheet.production)
    if sheet.status != CallSheetStatus.ISSUED:
        raise ValidationError({"status": _("Only an issued call sheet is sent.")})
    if not person.email:
        raise ValidationError({"email": _("%(name)s has no e-mail address.") % {"name": person.name}})
    with transaction.atomic():
        Recipient.objects.filter(pk=person.pk).update(token_hash=None, sent_at=None, delivery_error="")
        _enqueue_send([person.pk], base_url)
    person.refresh_from_db()
    return person


def deliver(recipient_id: int, base_url: str) -> str:
    """Send one person their call by e-mail with a new personal link: "sent", "failed" (the error is recorded on
    the person) or "skipped" (already sent, not issued, or no address). Safe to run twice: the send is claimed by
    writing the link's hash, which only one run can do."""
    from setwise.callsheets.emails import call_sheet_message

    raw = secrets.token_urlsafe(32)
    claimed = (
        Recipient.objects.filter(
            pk=recipient_id, sent_at__isnull=True, token_hash__isnull=True, call_sheet__status=CallSheetStatus.ISSUED
        )
        .exclude(email="")
        .update(token_hash=selectors.hash_token(raw))
    )
    if not claimed:
        return "skipped"
    person = Recipient.objects.select_related("call_sheet__production", "user").get(pk=recipient_id)
    link = base_url.rstrip("/") + reverse("callsheets:personal", args=[raw])
    try:
        call_sheet_message(person, link).send()
    except Exception as exc:  # whatever the mail backend raises is the delivery error to show
        Recipient.objects.filter(pk=recipient_id).update(
            token_hash=None, delivery_error=(str(exc) or exc.__class__.__name__)[:500]
        )
        return "failed"
    Recipient.objects.filter(pk=recipient_id).update(sent_at=timezone.now(), delivery_error="")
    return "sent"


def record_open(person: Recipient) -> None:
    """The first time a personal link is opened."""
    if person.opened_at is None:
        now = timezone.now()
        if Recipient.objects.filter(pk=person.pk, opened_at__isnull=True).update(opened_at=now):
            person.opened_at = now


def confirm_call(person: Recipient) -> Recipient:
    """The person confirms their call (through their personal link). Refused on a call sheet a newer issued
    revision replaced: that one is the one to confirm."""
    if selectors.successor(person) is not None:
        raise ValidationError({"status": _("This call sheet was replaced by a newer one.")})
    now = timezone.now()
    Recipient.objects.filter(pk=person.pk, opened_at__isnull=True).update(opened_at=now)
    Recipient.objects.filter(pk=person.pk, confirmed_at__isnull=True).update(confirmed_at=now)
    person.refresh_from_db()
    return person


# --- calendar feeds -----------------------------------------------------------------------------------------------

FEED_TOUCH_RESOLUTION = dt.timedelta(hours=1)


def rotate_feed(user: Any) -> CalendarFeed:
    """A new secret calendar address for ``user`` (the old one stops working)."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied("Sign in to get a calendar address")
    with transaction.atomic():
        feed, _created = CalendarFeed.objects.select_for_update().get_or_create(
            user=user, defaults={"token": secrets.token_urlsafe(32)}
        )
        if not _created:
            feed.token = secrets.token_urlsafe(32)
            feed.save(update_fields=["token"])
    return feed


def touch_feed(feed: CalendarFeed) -> None:
    """Record that a calendar app fetched the feed (at most one write an hour)."""
    now = timezone.now()
    if feed.last_used_at is None or now - feed.last_used_at > FEED_TOUCH_RESOLUTION:
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
