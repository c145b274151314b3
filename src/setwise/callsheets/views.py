"""Pages of call sheets: the days of the active board with their call sheets, one call sheet (edit, issue, a new
revision, who has opened and confirmed), its PDF, department lead times; the personal page behind each person's
link (no sign-in: the link is the key); and the calendar feeds.

Production pages get their production through ``get_production_for_user`` (404 for outsiders, 403 for members
without the permission) and their call sheets through the production; writes go through ``services``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from setwise.accounts.permissions import get_production_for_user
from setwise.accounts.roles import Perm
from setwise.callsheets import exports, feeds, selectors, services
from setwise.callsheets.forms import CallSheetForm, GenerateForm, PersonCallForm
from setwise.callsheets.models import CalendarFeed, CallSheet, Recipient
from setwise.core.http import AuthedRequest, HtmxRequest
from setwise.core.middleware import activate_production_timezone
from setwise.productions.models import Membership, Production

ICS = "text/calendar; charset=utf-8"


def _production(request: AuthedRequest, slug: str, perm: Perm = Perm.VIEW_PRODUCTION) -> Production:
    production = get_production_for_user(request.user, slug, perm)
    activate_production_timezone(production)
    return production


def _crumbs(production: Production, *extra: dict[str, str]) -> list[dict[str, str]]:
    return [
        {"label": _("Productions"), "url": reverse("productions:list")},
        {"label": production.title, "url": reverse("productions:detail", args=[production.slug])},
        {"label": _("Schedule"), "url": reverse("scheduling:boards", args=[production.slug])},
        {"label": _("Call sheets"), "url": reverse("callsheets:list", args=[production.slug])},
        *extra,
    ]


def _errors(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _to_detail(sheet: CallSheet) -> HttpResponse:
    return redirect("callsheets:detail", sheet.production.slug, sheet.pk)


# --- the days and their call sheets ---------------------------------------------------------------------------


@login_required
def call_sheet_list(request: AuthedRequest, slug: str) -> HttpResponse:
    production = _production(request, slug)
    can_edit = services.can_edit_call_sheets(request.user, production)
    boards = selectors.active_boards(production)
    if request.method == "POST":
        if not can_edit:
            return HttpResponse(status=403)
        form = GenerateForm(boards, request.POST)
        if form.is_valid():
            try:
                sheet = services.generate_call_sheet(
                    request.user, production, form.cleaned_data["day"], unit=form.cleaned_data["unit"]
                )
            except ValidationError as exc:
                messages.error(request, _errors(exc))
            else:
                messages.success(
                    request,
                    _("Call sheet for day %(day)s generated (revision %(revision)s).")
                    % {"day": sheet.day_number, "revision": sheet.revision},
                )
                return _to_detail(sheet)
        else:
            messages.error(request, _("Choose a shoot day of the active board."))
        return redirect("callsheets:list", production.slug)
    latest: dict[tuple[str, int], CallSheet] = {}
    for sheet in selectors.call_sheets_for(production).order_by("unit", "day_number", "revision"):
        latest[(sheet.unit, sheet.day_number)] = sheet
    sections = []
    for board in boards:
        rows = []
        for number, plan in selectors.day_plans(board).items():
            day_sheet = latest.get((board.unit, number))
            rows.append(
                {
                    "plan": plan,
                    "scenes": sum(1 for i in plan.items if i["kind"] == "scene"),
                    "sheet": day_sheet,
                    "out_of_date": day_sheet is not None
                    and (day_sheet.board_id != board.pk or day_sheet.fingerprint != plan.fingerprint),
                }
            )
        sections.append({"board": board, "rows": rows, "days": len(rows)})
    return render(
        request,
        "callsheets/list.html",
        {
            "production": production,
            "sections": sections,
            "can_edit": can_edit,
            "breadcrumbs": [*_crumbs(production)[:-1], {"label": _("Call sheets"), "url": ""}],
        },
    )


# --- one call sheet -------------------------------------------------------------------------------------------


def _sheet_context(request: AuthedRequest, production: Production, sheet: CallSheet) -> dict[str, Any]:
    people = list(sheet.people.all())
    can_edit = services.can_edit_call_sheets(request.user, production)
    return {
        "production": production,
        "sheet": sheet,
        "view": selectors.sheet_view(sheet, people),
        "people": people,
        "tracking": _tracking(people),
        "fresh": selectors.freshness(sheet),
        "revisions": list(
            CallSheet.objects.filter(production=production, unit=sheet.unit, day_number=sheet.day_number)
            .order_by("revision")
            .values("pk", "revision", "status")
        ),
        "can_edit": can_edit,
        "editable": can_edit and not sheet.issued,
        "form": CallSheetForm.for_sheet(sheet) if can_edit and not sheet.issued else None,
    }


def _tracking(people: list[Recipient]) -> dict[str, int]:
    with_email = [p for p in people if p.email]
    return {
        "people": len(people),
        "emails": len(with_email),
        "sent": sum(1 for p in with_email if p.sent_at),
        "failed": sum(1 for p in with_email if p.delivery_error),
        "opened": sum(1 for p in with_email if p.opened_at),
        "not_opened": sum(1 for p in with_email if p.sent_at and not p.opened_at),
        "confirmed": sum(1 for p in with_email if p.confirmed_at),
    }


@login_required
@require_GET
def detail(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    production = _production(request, slug)
    sheet = selectors.get_call_sheet(production, pk)
    context = _sheet_context(request, production, sheet)
    context["breadcrumbs"] = _crumbs(
        production,
        {
            "label": _("Day %(day)s, revision %(revision)s") % {"day": sheet.day_number, "revision": sheet.revision},
            "url": "",
        },
    )
    return render(request, "callsheets/detail.html", context)


@login_required
@require_GET
def tracking(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    """The tracking table alone (the call sheet page polls it while e-mails go out)."""
    production = _production(request, slug, Perm.EDIT_SCHEDULE)
    sheet = selectors.get_call_sheet(production, pk)
    return render(request, "callsheets/partials/tracking.html", _sheet_context(request, production, sheet))


@login_required
@require_GET
def pdf(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    production = _production(request, slug)
    sheet = selectors.get_call_sheet(production, pk)
    return _pdf_response(sheet, _base_url(request))


def _pdf_response(sheet: CallSheet, base_url: str) -> HttpResponse:
    response = HttpResponse(exports.call_sheet_pdf(sheet, base_url), content_type="application/pdf")
    name = f"{sheet.production.slug}-call-sheet-day-{sheet.day_number}-r{sheet.revision}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def edit(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    production = _production(request, slug, Perm.EDIT_SCHEDULE)
    sheet = selectors.get_call_sheet(production, pk)
    form = CallSheetForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return _to_detail(sheet)
    try:
        services.update_call_sheet(request.user, sheet, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("Call sheet saved."))
    return _to_detail(sheet)


@login_required
@require_POST
def person_call(request: AuthedRequest, slug: str, pk: int, person_id: int) -> HttpResponse:
    production = _production(request, slug, Perm.EDIT_SCHEDULE)
    sheet = selectors.get_call_sheet(production, pk)
    person = get_object_or_404(
        Recipient.objects.select_related("call_sheet__production"), call_sheet=sheet, pk=person_id
    )
    form = PersonCallForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a time such as 06:30."))
        return _to_detail(sheet)
    try:
        call = None if request.POST.get("reset") else form.cleaned_data["call"]
        services.set_call(request.user, person, call)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("Call of %(name)s saved.") % {"name": person.name})
    return _to_detail(sheet)


@login_required
@require_POST
def issue(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    production = _production(request, slug, Perm.EDIT_SCHEDULE)
    sheet = selectors.get_call_sheet(production, pk)
    try:
        services.issue_call_sheet(request.user, sheet, _base_url(request))
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("Call sheet issued: everyone on it with an e-mail address gets their call."))
    return _to_detail(sheet)


@login_required
@require_POST
def regenerate(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    production = _production(request, slug, Perm.EDIT_SCHEDULE)
    sheet = selectors.get_call_sheet(production, pk)
    try:
        new = services.regenerate_call_sheet(request.user, sheet)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
        return _to_detail(sheet)
    messages.success(request, _("Revision %(revision)s generated from the active board.") % {"revision": new.revision})
    return _to_detail(new)


@login_required
@require_POST
def resend(request: AuthedRequest, slug: str, pk: int, person_id: int) -> HttpResponse:
    production = _production(request, slug, Perm.EDIT_SCHEDULE)
    sheet = selectors.get_call_sheet(production, pk)
    person = get_object_or_404(
        Recipient.objects.select_related("call_sheet__production"), call_sheet=sheet, pk=person_id
    )
    try:
        services.resend(request.user, person, _base_url(request))
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("A new link is on its way to %(name)s.") % {"name": person.name})
    return _to_detail(sheet)


# --- lead times ---------------------------------------------------------------------------------------------------


@login_required
def lead_times(request: AuthedRequest, slug: str) -> HttpResponse:
    production = _production(request, slug)
    can_edit = services.can_edit_call_sheets(request.user, production)
    if request.method == "POST":
        if not can_edit:
            return HttpResponse(status=403)
        try:
            minutes = _lead_minutes(request.POST.getlist("department"), request.POST.getlist("minutes"))
            default = int(request.POST.get("default", "").strip())
            services.set_lead_times(request.user, production, minutes, default)
        except ValueError:
            messages.error(request, _("Lead times are whole minutes."))
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(request, _("Lead times saved. New call sheets use them."))
        return redirect("callsheets:lead_times", production.slug)
    rows, default = selectors.lead_time_rows(production)
    return render(
        request,
        "callsheets/lead_times.html",
        {
            "production": production,
            "rows": rows,
            "default": default,
            "can_edit": can_edit,
            "breadcrumbs": _crumbs(production, {"label": _("Department lead times"), "url": ""}),
        },
    )


def _lead_minutes(departments: list[str], minutes: list[str]) -> dict[str, int]:
    """Department -> minutes from the form's rows (a row without a department or without minutes is dropped)."""
    out: dict[str, int] = {}
    for department, value in zip(departments, minutes, strict=False):
        if department.strip() and value.strip():
            out[department.strip()] = int(value.strip())
    return out


# --- personal links (no sign-in) ------------------------------------------------------------------------------------


def _private(response: HttpResponse) -> HttpResponse:
    """A page behind a secret link: never cached, never sent as a referrer, never indexed."""
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _person(token: str, latest: bool) -> tuple[Recipient, Recipient | None]:
    """The person a link belongs to (and, with ``latest``, the same person on the newest revision)."""
    person = selectors.recipient_for_token(token)
    if person is None:
        raise Http404("No such call")
    if not latest:
        return person, None
    newer = selectors.successor(person)
    if newer is None:
        raise Http404("No newer call sheet")
    return newer, person


def _render_personal(request: HtmxRequest, token: str, person: Recipient, via: Recipient | None) -> HttpResponse:
    sheet = person.call_sheet
    activate_production_timezone(sheet.production)
    people = list(sheet.people.all())
    fresh = selectors.freshness(sheet)
    newer = selectors.successor(person) if fresh.newer_issued is not None else None
    return _private(
        render(
            request,
            "callsheets/personal.html",
            {
                "token": token,
                "latest": via is not None,
                "person": person,
                "sheet": sheet,
                "production": sheet.production,
                "view": selectors.sheet_view(sheet, people),
                "fresh": fresh,
                "newer": newer,
            },
        )
    )


def personal(request: HtmxRequest, token: str) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    person, _via = _person(token, latest=False)
    if request.method == "GET":
        services.record_open(person)
    return _render_personal(request, token, person, None)


def personal_latest(request: HtmxRequest, token: str) -> HttpResponse:
    """The newest issued revision of the day, reached through a link to an older one."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    person, via = _person(token, latest=True)
    if request.method == "GET":
        services.record_open(person)
    return _render_personal(request, token, person, via)


@require_POST
def confirm(request: HtmxRequest, token: str) -> HttpResponse:
    latest = request.POST.get("latest") == "1"
    person, _via = _person(token, latest=latest)
    try:
        services.confirm_call(person)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("Thank you: your call is confirmed."))
    return _private(redirect("callsheets:personal_latest" if latest else "callsheets:personal", token))


def personal_pdf(request: HtmxRequest, token: str) -> HttpResponse:
    person, _via = _person(token, latest=request.GET.get("latest") == "1")
    return _private(_pdf_response(person.call_sheet, _base_url(request)))


# --- calendar feeds -----------------------------------------------------------------------------------------------


def _feed(token: str) -> CalendarFeed:
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first() if 20 <= len(token) <= 64 else None
    if feed is None or not feed.user.is_active:
        raise Http404("No such calendar")
    services.touch_feed(feed)
    return feed


def _ics(body: bytes, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=ICS)
    response["Content-Disposition"] = f'inline; filename="{name}.ics"'
    response["Cache-Control"] = "private, max-age=300"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_GET
def person_calendar(request: HttpRequest, token: str) -> HttpResponse:
    feed = _feed(token)
    return _ics(feeds.person_feed(feed.user, _base_url(request)), "setwise")


@require_GET
def production_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """A production's calendar, for its members: ``?token=`` is the member's own calendar token."""
    feed = _feed(request.GET.get("token", ""))
    production = get_production_for_user(feed.user, slug)  # 404 unless the token's owner may see it
    return _ics(feeds.production_feed(production, feed.user.language, _base_url(request)), production.slug)


@login_required
def my_calendar(request: AuthedRequest) -> HttpResponse:
    """A person's calendar addresses: their own feed and one per production they are on; rotating retires both."""
    if request.method == "POST":
        services.rotate_feed(request.user)
        messages.success(request, _("New calendar address made; the old one no longer works."))
        return redirect("callsheets:my_calendar")
    feed = CalendarFeed.objects.filter(user=request.user).first()
    productions = Production.objects.filter(
        pk__in=Membership.objects.filter(user=request.user).values("production_id")
    ).order_by("title")
    personal_url = production_urls = None
    if feed is not None:
        personal_url = request.build_absolute_uri(reverse("callsheets:person_feed", args=[feed.token]))
        production_urls = [
            (
                p,
                request.build_absolute_uri(
                    reverse("callsheets:production_feed", args=[p.slug]) + f"?token={feed.token}"
                ),
            )
            for p in productions
        ]
    return render(
        request,
        "callsheets/calendar.html",
        {
            "feed": feed,
            "personal_url": personal_url,
            "production_urls": production_urls,
            "breadcrumbs": [{"label": _("My calendar"), "url": ""}],
        },
    )
