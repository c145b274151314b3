"""Reads of post-production. Callers pass a production they got through
``setwise.accounts.permissions.get_production_for_user``; children are looked up through it.

For other apps: ``schedule_warnings(production)`` (the shooting schedule against the post milestones: the
production health page shows them), ``post_warnings(production)`` (those and overdue deliverables) and
``vfx_cost(production)`` (VFX shots and bids rolled up per episode, vendor and currency: ``services.
sync_vfx_budget`` writes them to the budget's account 4300).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from setwise.partners.models import Partner
from setwise.partners.models import Status as PartnerStatus
from setwise.post import timeline
from setwise.post.models import (
    ROLE_KINDS,
    VFX_ACCOUNT,
    VFX_LINE_PREFIX,
    Category,
    Deliverable,
    DeliverableStatus,
    EditorialCut,
    LocalisationTrack,
    PostPartner,
    PostPlan,
    QcRun,
    VfxShot,
    VfxStatus,
)
from setwise.productions.models import Production
from setwise.scheduling.models import Board, BoardStatus, ShootDay

MILESTONE_LABELS = {
    "picture_lock": gettext_lazy("Picture lock"),
    "vfx_turnover": gettext_lazy("VFX turnover"),
    "vfx_final": gettext_lazy("VFX final"),
    "mix": gettext_lazy("Mix"),
    "dubbing": gettext_lazy("Dubbing"),
    "qc": gettext_lazy("QC"),
    "delivery": pgettext_lazy("post milestone", "Delivery"),  # the delivery to the platform, not an e-mail's
    "launch": gettext_lazy("Launch"),
}
PHASE_LABELS = {
    "editorial": gettext_lazy("Editing (wrap to picture lock)"),
    "vfx_turnover": gettext_lazy("Picture lock to VFX turnover"),
    "vfx_final": gettext_lazy("VFX work (turnover to final)"),
    "mix": gettext_lazy("VFX final to mix"),
    "dubbing": gettext_lazy("Mix to dubbing"),
    "qc": gettext_lazy("Dubbing to QC"),
    "delivery": gettext_lazy("QC to delivery"),
    "launch": gettext_lazy("Delivery to launch"),
}


def language_name(code: str) -> str:
    """The language's name in the user's language (``zh-Hant`` -> Traditional Chinese), else the code."""
    if not code:
        return ""
    try:
        return str(translation.get_language_info(code.lower())["name_translated"])
    except KeyError:
        return code


# --- plan and timeline --------------------------------------------------------------------------------------------


def plan_for(production: Production) -> PostPlan | None:
    return PostPlan.objects.filter(production=production).first()


def timeline_for(production: Production, plan: PostPlan | None) -> timeline.Timeline | None:
    """The milestones backward from the launch date (None without a launch date)."""
    if production.launch_date is None:
        return None
    return timeline.compute(production.launch_date, plan.durations if plan else {})


@dataclass(frozen=True)
class MilestoneRow:
    key: str
    label: str
    date: dt.date
    phase_days: int
    at_risk: bool


def milestone_rows(tl: timeline.Timeline | None, warnings: list[PostWarning]) -> list[MilestoneRow]:
    if tl is None:
        return []
    risky = {key for w in warnings for key in w.milestones}
    rows = [
        MilestoneRow(m.key, str(MILESTONE_LABELS[m.key]), m.date, m.phase_days, m.key in risky) for m in tl.milestones
    ]
    days = timeline.clean_durations({})["launch"]
    if tl.milestones:
        days = (tl.launch - tl.milestones[-1].date).days
    return [*rows, MilestoneRow("launch", str(MILESTONE_LABELS["launch"]), tl.launch, days, False)]


@dataclass(frozen=True)
class ScheduleWrap:
    """The last shoot day of the production's active boards, and of their committed baselines."""

    wrap: dt.date | None
    baseline_wrap: dt.date | None
    source: str  # "schedule", "production" (its planned shoot end) or ""


def schedule_wrap(production: Production) -> ScheduleWrap:
    active = Board.objects.filter(production=production, status=BoardStatus.ACTIVE)
    wrap = ShootDay.objects.filter(board__in=active).aggregate(last=Max("date"))["last"]
    baseline_wrap: dt.date | None = None
    for data in active.exclude(baseline__isnull=True).values_list("baseline__data", flat=True):
        for day in (data or {}).get("days", []):
            try:
                date = dt.date.fromisoformat(str(day.get("date")))
            except ValueError:
                continue
            baseline_wrap = date if baseline_wrap is None else max(baseline_wrap, date)
    if wrap is not None:
        return ScheduleWrap(wrap, baseline_wrap, "schedule")
    if production.shoot_end is not None:
        return ScheduleWrap(production.shoot_end, None, "production")
    return ScheduleWrap(None, None, "")


@dataclass(frozen=True)
class PostWarning:
    """A warning for the post page and the production health page. ``severity``: ``danger`` (a milestone
    cannot be kept as things stand), ``warning`` or ``info``."""

    code: str
    severity: str
    message: str
    milestones: tuple[str, ...] = ()
    days: int = 0


def _day(date: dt.date) -> str:
    return date_format(date, "DATE_FORMAT")


def schedule_warnings(production: Production) -> list[PostWarning]:
    """The shooting schedule (active boards, their committed baselines; else the planned shoot end) against the
    post milestones: a wrap past the latest wrap that leaves the editors their time (``danger``), a slip since
    the baseline that eats the slack (``warning``), or no launch date to count back from (``info``). Nothing is
    stored: every call re-reads the schedule, so a moved board shows at once. The production health page shows
    these (``{% post_schedule_warnings production %}``)."""
    return _schedule_warnings(production, plan_for(production))[0]


def post_warnings(production: Production) -> list[PostWarning]:
    """``schedule_warnings`` and the deliverables past their due date (the post overview page)."""
    out, tl = _schedule_warnings(production, plan_for(production))
    overdue = overdue_deliverables(production, tl)
    if overdue:
        out.append(
            PostWarning(
                "deliverables_overdue",
                "warning",
                translation.ngettext(
                    "%(count)s deliverable is past its due date.",
                    "%(count)s deliverables are past their due date.",
                    overdue,
                )
                % {"count": overdue},
                (),
                overdue,
            )
        )
    return out


def _schedule_warnings(
    production: Production, plan: PostPlan | None
) -> tuple[list[PostWarning], timeline.Timeline | None]:
    has_post = plan is not None or PostPartner.objects.filter(production=production).exists()
    tl = timeline_for(production, plan)
    if tl is None:
        if not has_post:
            return [], None
        message = _("No launch date is set, so the post milestones cannot be computed.")
        return [PostWarning("no_launch_date", "info", message)], None
    out: list[PostWarning] = []
    wrap = schedule_wrap(production)
    if wrap.wrap is not None:
        check = timeline.check_schedule(tl, wrap.wrap, wrap.baseline_wrap)
        editorial_days = (tl.milestones[0].date - tl.latest_wrap).days
        values = {
            "wrap": _day(check.wrap),
            "latest": _day(check.latest_wrap),
            "lock": _day(tl.milestones[0].date),
            "editorial": editorial_days,
            "days": check.over_days,
            "slip": check.slip_days,
            "slack": check.slack_days,
            "baseline": _day(check.baseline_wrap) if check.baseline_wrap else "",
        }
        source = (
            _("The active shooting schedule wraps on %(wrap)s")
            if wrap.source == "schedule"
            else _("The planned shoot ends on %(wrap)s")
        ) % values
        if check.over_days > 0:
            message = (
                source
                + ", "
                + _(
                    "%(days)s days after %(latest)s, the last wrap that leaves %(editorial)s days of editing before "
                    "picture lock on %(lock)s."
                )
                % values
            )
            passed = [str(MILESTONE_LABELS[key]) for key in check.endangered[1:]]
            if passed:
                message += " " + _("Shooting even runs past: %(milestones)s.") % {"milestones": ", ".join(passed)}
            if check.slip_days > 0 and check.baseline_wrap is not None:
                message += " " + _("It has slipped %(slip)s days since the committed baseline (%(baseline)s).") % values
            out.append(PostWarning("wrap_after_picture_lock", "danger", message, check.endangered, check.over_days))
        elif check.slip_days > 0 and check.slack_days < timeline.SLACK_WARNING_DAYS:
            message = (
                source
                + ", "
                + _(
                    "%(slip)s days later than the committed baseline (%(baseline)s); only %(slack)s days of slack "
                    "remain before picture lock on %(lock)s is at risk."
                )
                % values
            )
            out.append(PostWarning("slip_eats_slack", "warning", message, ("picture_lock",), check.slip_days))
    return out, tl


def overdue_deliverables(production: Production, tl: timeline.Timeline | None, today: dt.date | None = None) -> int:
    """How many deliverables are not passed and past their due date (one query)."""
    if tl is None:
        return 0
    today = today or timezone.localdate()
    dates = tl.dates()
    rows = (
        Deliverable.objects.filter(production=production)
        .exclude(status=DeliverableStatus.PASSED)
        .values_list("milestone", "offset_days", "due_date")
    )
    count = 0
    for milestone, offset, fixed in rows:
        due = fixed or (dates[milestone] + dt.timedelta(days=offset) if milestone in dates else None)
        if due is not None and due < today:
            count += 1
    return count


# --- deliverables -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeliverableFilters:
    category: str = ""
    status: str = ""
    language: str = ""
    episode: int | None = None
    owner: int | None = None

    @classmethod
    def from_params(cls, params: Any) -> DeliverableFilters:
        category = (params.get("category") or "").strip()
        status = (params.get("status") or "").strip()
        episode = (params.get("episode") or "").strip()
        owner = (params.get("owner") or "").strip()
        return cls(
            category=category if category in Category.values else "",
            status=status if status in DeliverableStatus.values else "",
            language=(params.get("language") or "").strip()[:16],
            episode=int(episode) if episode.isdigit() and len(episode) < 4 else None,
            owner=int(owner) if owner.isdigit() and len(owner) < 10 else None,
        )


def deliverables(production: Production, filters: DeliverableFilters | None = None) -> QuerySet[Deliverable]:
    filters = filters or DeliverableFilters()
    qs = Deliverable.objects.filter(production=production)
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.language:
        qs = qs.filter(language__iexact=filters.language)
    if filters.episode is not None:
        qs = qs.filter(episode=filters.episode)
    if filters.owner is not None:
        qs = qs.filter(owner_id=filters.owner)
    return qs.select_related("owner", "last_run").order_by("order", "pk")


def deliverable_languages(production: Production) -> list[str]:
    return list(
        Deliverable.objects.filter(production=production)
        .exclude(language="")
        .order_by("language")
        .values_list("language", flat=True)
        .distinct()
    )


@dataclass
class CategorySummary:
    category: str
    label: str
    total: int = 0
    passed: int = 0
    failed: int = 0
    in_qc: int = 0

    @property
    def open(self) -> int:
        return self.total - self.passed


def category_summary(production: Production) -> list[CategorySummary]:
    """Deliverables per category and status (one query)."""
    rows = Deliverable.objects.filter(production=production).values("category", "status").annotate(n=Count("pk"))
    summary = {value: CategorySummary(value, str(label)) for value, label in Category.choices}
    for row in rows:
        item = summary.get(row["category"])
        if item is None:
            continue
        item.total += row["n"]
        if row["status"] == DeliverableStatus.PASSED:
            item.passed += row["n"]
        elif row["status"] == DeliverableStatus.FAILED:
            item.failed += row["n"]
        elif row["status"] == DeliverableStatus.IN_QC:
            item.in_qc += row["n"]
    return [s for s in summary.values() if s.total]


def get_deliverable(production: Production, deliverable_id: int) -> Deliverable:
    return get_object_or_404(
        Deliverable.objects.filter(production=production).select_related("owner", "last_run", "production"),
        pk=deliverable_id,
    )


def qc_runs(deliverable: Deliverable) -> QuerySet[QcRun]:
    return deliverable.qc_runs.select_related("created_by").order_by("-created_at", "-pk")


def get_run(production: Production, run_id: int) -> QcRun:
    return get_object_or_404(
        QcRun.objects.filter(deliverable__production=production).select_related(
            "deliverable__production", "deliverable__owner", "job", "created_by"
        ),
        pk=run_id,
    )


# --- partners -----------------------------------------------------------------------------------------------------


def post_partners(production: Production) -> QuerySet[PostPartner]:
    return PostPartner.objects.filter(production=production).select_related("partner").order_by("role", "partner__name")


def partners_for_role(role: str) -> QuerySet[Partner]:
    """Partners of the network who may be attached for ``role`` (the matching kind; not inactive)."""
    kind = ROLE_KINDS.get(role)
    qs = Partner.objects.exclude(status=PartnerStatus.INACTIVE)
    return qs.filter(kinds__code=kind).order_by("name") if kind else qs.none()


def post_partner_choices() -> QuerySet[Partner]:
    """Every partner who may work on post (any post kind), for choosing owners, vendors and studios."""
    kinds = set(ROLE_KINDS.values())
    return (
        Partner.objects.exclude(status=PartnerStatus.INACTIVE).filter(kinds__code__in=kinds).distinct().order_by("name")
    )


# --- VFX ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShotFilters:
    episode: int | None = None
    status: str = ""
    vendor: int | None = None
    q: str = ""

    @classmethod
    def from_params(cls, params: Any) -> ShotFilters:
        episode = (params.get("episode") or "").strip()
        vendor = (params.get("vendor") or "").strip()
        status = (params.get("status") or "").strip()
        return cls(
            episode=int(episode) if episode.isdigit() and len(episode) < 4 else None,
            status=status if status in VfxStatus.values else "",
            vendor=int(vendor) if vendor.isdigit() and len(vendor) < 10 else None,
            q=(params.get("q") or "").strip()[:100],
        )


def vfx_shots(production: Production, filters: ShotFilters | None = None) -> QuerySet[VfxShot]:
    filters = filters or ShotFilters()
    qs = VfxShot.objects.filter(production=production)
    if filters.episode is not None:
        qs = qs.filter(episode=filters.episode)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.vendor is not None:
        qs = qs.filter(vendor_id=filters.vendor)
    if filters.q:
        qs = qs.filter(Q(code__icontains=filters.q) | Q(description__icontains=filters.q))
    return (
        qs.select_related("vendor", "scene", "cut")
        .annotate(note_count=Count("notes"), last_version=Max("notes__version"))
        .order_by("episode", "order", "code")
    )


def get_shot(production: Production, shot_id: int) -> VfxShot:
    return get_object_or_404(
        VfxShot.objects.filter(production=production).select_related("vendor", "scene", "element", "cut", "production"),
        pk=shot_id,
    )


@dataclass(frozen=True)
class CostLine:
    """Shots and bids of one episode or one vendor: counts, and bid totals per currency."""

    key: str
    label: str
    shots: int
    bid_shots: int
    final: int
    totals: dict[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class VfxCost:
    """The VFX roll-up for the budget. Omitted shots are counted apart and cost nothing; bids in several
    currencies are summed per currency (``totals``), never converted."""

    shots: int
    omitted: int
    bid_shots: int
    final: int
    totals: dict[str, Decimal]
    by_episode: tuple[CostLine, ...]
    by_vendor: tuple[CostLine, ...]

    @property
    def unbid(self) -> int:
        return self.shots - self.bid_shots


def vfx_cost(production: Production) -> VfxCost:
    """Counts and bid totals per episode and per vendor (two queries)."""
    live = VfxShot.objects.filter(production=production)
    rows = list(
        live.values("episode", "vendor_id", "vendor__name", "currency", "status")
        .annotate(n=Count("pk"), bids=Count("bid"), total=Sum("bid"))
        .order_by()
    )
    omitted = 0
    episodes: dict[int, dict[str, Any]] = defaultdict(lambda: {"shots": 0, "bids": 0, "final": 0, "totals": {}})
    vendors: dict[int | None, dict[str, Any]] = defaultdict(lambda: {"shots": 0, "bids": 0, "final": 0, "totals": {}})
    vendor_names: dict[int | None, str] = {}
    totals: dict[str, Decimal] = {}
    for row in rows:
        if row["status"] == VfxStatus.OMITTED:
            omitted += row["n"]
            continue
        vendor_names[row["vendor_id"]] = row["vendor__name"] or ""
        amount = row["total"] or Decimal("0")
        currency = row["currency"] or production.currency
        final = row["n"] if row["status"] == VfxStatus.FINAL else 0
        for bucket in (episodes[row["episode"]], vendors[row["vendor_id"]]):
            bucket["shots"] += row["n"]
            bucket["bids"] += row["bids"]
            bucket["final"] += final
            if row["bids"]:
                bucket["totals"][currency] = bucket["totals"].get(currency, Decimal("0")) + amount
        if row["bids"]:
            totals[currency] = totals.get(currency, Decimal("0")) + amount

    def line(key: str, label: str, bucket: dict[str, Any]) -> CostLine:
        return CostLine(
            key, label, bucket["shots"], bucket["bids"], bucket["final"], dict(sorted(bucket["totals"].items()))
        )

    by_episode = tuple(line(str(ep), str(ep), episodes[ep]) for ep in sorted(episodes))
    by_vendor = tuple(
        line(str(v or ""), vendor_names.get(v) or _("No vendor yet"), vendors[v])
        for v in sorted(vendors, key=lambda v: (v is None, vendor_names.get(v, "")))
    )
    return VfxCost(
        shots=sum(b.shots for b in by_episode),
        omitted=omitted,
        bid_shots=sum(b.bid_shots for b in by_episode),
        final=sum(b.final for b in by_episode),
        totals=dict(sorted(totals.items())),
        by_episode=by_episode,
        by_vendor=by_vendor,
    )


@dataclass(frozen=True)
class BudgetVfx:
    """The VFX lines the roll-up wrote to the working budget: their version, count and total."""

    version: int
    lines: int
    total: Decimal
    currency: str


def budget_vfx(production: Production) -> BudgetVfx | None:
    """What the working budget holds of the VFX roll-up (None without a working budget)."""
    from setwise.budgets.models import BudgetLine
    from setwise.budgets.selectors import working_version

    version = working_version(production)
    if version is None:
        return None
    lines = BudgetLine.objects.filter(
        version=version, account__code=VFX_ACCOUNT, description__startswith=VFX_LINE_PREFIX
    ).aggregate(n=Count("pk"), total=Sum("amount"))
    return BudgetVfx(version.number, lines["n"], lines["total"] or Decimal(0), production.currency)


# --- cuts and localisation ----------------------------------------------------------------------------------------


def cuts(production: Production) -> QuerySet[EditorialCut]:
    return (
        EditorialCut.objects.filter(production=production)
        .select_related("imported_by")
        .order_by("episode", "-created_at", "-pk")
    )


def running_times(production: Production) -> list[EditorialCut]:
    """The latest cut of each episode (its running time is the episode's)."""
    latest: dict[int, EditorialCut] = {}
    for cut in cuts(production):
        latest.setdefault(cut.episode, cut)
    return [latest[ep] for ep in sorted(latest)]


def localisation_tracks(production: Production) -> QuerySet[LocalisationTrack]:
    return (
        LocalisationTrack.objects.filter(production=production)
        .select_related("dubbing_studio", "subtitle_vendor")
        .annotate(voices=Count("voice_cast"))
        .order_by("language")
    )


def get_track(production: Production, track_id: int) -> LocalisationTrack:
    return get_object_or_404(
        LocalisationTrack.objects.filter(production=production).select_related(
            "dubbing_studio", "subtitle_vendor", "production"
        ),
        pk=track_id,
    )
