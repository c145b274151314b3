"""Pages of intimacy coordination and safeguarding.

Every view gets the production and the person's access through ``setwise.intimacy.access`` (404 for outsiders;
403 for people on the production without the role; 404 for a record they may not see), reads through
``selectors`` (which record the read in the audit log) and writes through ``services``. Error reports and debug
pages show none of the POST values nor any variable of these views and what they call (``confidential``); pages
with a case code or a rider are never cached.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.debug import SafeExceptionReporterFilter
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST

from setwise.core.http import AuthedRequest
from setwise.core.middleware import activate_production_timezone
from setwise.intimacy import documents, forms, selectors, services
from setwise.intimacy.access import Access, is_studio_lead, production_for, production_for_leads, require
from setwise.intimacy.models import ConcernStatus, ICBooking, RehearsalSession, RiderStatus
from setwise.productions.models import Production


class ConfidentialReporterFilter(SafeExceptionReporterFilter):
    """Error reports of these pages hide every local variable and POST value, even with ``DEBUG`` on (a staging
    site may hold real safeguarding records)."""

    def is_active(self, request: HttpRequest | None) -> bool:
        return True


_REPORTER_FILTER = ConfidentialReporterFilter()


def confidential(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Hide what a view and everything it calls held from error reports and debug pages: its frames' variables
    (``sensitive_variables``) and the request's POST values, whatever ``DEBUG`` says."""
    hidden = sensitive_variables()(view)

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        request.exception_reporter_filter = _REPORTER_FILTER
        request.sensitive_post_parameters = "__ALL__"  # type: ignore[attr-defined]
        return hidden(request, *args, **kwargs)

    return wrapper


def _production(request: AuthedRequest, slug: str, *, leads: bool = False) -> tuple[Production, Access]:
    production, access = (production_for_leads if leads else production_for)(request.user, slug)
    activate_production_timezone(production)
    return production, access


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _crumbs(production: Production, *extra: dict[str, str], on_production: bool = True) -> list[dict[str, str]]:
    """The trail to a page; a studio safeguarding lead who is not on the production comes from the studio's
    concerns and gets no links to the production's own pages (they would not open)."""
    if not on_production:
        return [
            {"label": _("Concerns routed to the studio"), "url": reverse("safeguarding:concerns")},
            {"label": production.title},
            *extra,
        ]
    return [
        {"label": _("Productions"), "url": reverse("productions:list")},
        {"label": production.title, "url": reverse("productions:detail", args=[production.slug])},
        {"label": _("Safeguarding and intimacy"), "url": reverse("intimacy:index", args=[production.slug])},
        *extra,
    ]


def _error_text(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


def _form_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# --- the hub and the board-safe status ----------------------------------------------------------------------------


@login_required
@confidential
def index(request: AuthedRequest, slug: str) -> HttpResponse:
    production, access = _production(request, slug)
    context = {
        "production": production,
        "access": access,
        "named_concerns": selectors.named_concerns(production, access),
        "breadcrumbs": [*_crumbs(production)[:-1], {"label": _("Safeguarding and intimacy")}],
    }
    return render(request, "intimacy/index.html", context)


@login_required
@confidential
def status(request: AuthedRequest, slug: str) -> HttpResponse:
    """Intimate scenes that may not be shot now, with the reason the stripboard shows everyone."""
    production, access = _production(request, slug)
    context = {
        "production": production,
        "rows": selectors.status_rows(production, access),
        "breadcrumbs": _crumbs(production, {"label": _("Scenes not ready to shoot")}),
    }
    return render(request, "intimacy/status.html", context)


# --- the intimacy coordinator's queue and plans -------------------------------------------------------------------


@login_required
@confidential
def queue(request: AuthedRequest, slug: str) -> HttpResponse:
    production, access = _production(request, slug)
    context = {
        "production": production,
        "access": access,
        "rows": selectors.queue(production, access),
        "breadcrumbs": _crumbs(production, {"label": _("Intimate scenes")}),
    }
    return render(request, "intimacy/queue.html", context)


@login_required
@confidential
def plan(request: AuthedRequest, slug: str, scene_id: int) -> HttpResponse:
    production, access = _production(request, slug)
    page = selectors.plan_page(production, access, scene_id)
    context = {
        "production": production,
        "access": access,
        "page": page,
        "performer_form": forms.PerformerForm(production),
        "session_form": forms.SessionForm(),
        "check_in_form": forms.CheckInForm(page.plan, initial={"date": selectors.today(production)})
        if page.plan is not None
        else None,
        "breadcrumbs": _crumbs(
            production,
            {"label": _("Intimate scenes"), "url": reverse("intimacy:queue", args=[slug])},
            {"label": _("Scene %(number)s") % {"number": page.scene.number}},
        ),
    }
    return render(request, "intimacy/plan.html", context)


@login_required
@sensitive_post_parameters()
@confidential
def plan_edit(request: AuthedRequest, slug: str, scene_id: int) -> HttpResponse:
    production, access = _production(request, slug)
    require(access.can_edit_plans, "intimacy plans")
    page = selectors.plan_page(production, access, scene_id)
    form = forms.PlanForm(production, request.POST or None, plan=page.plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_plan(request.user, page.scene, form.to_data(), _base(request))
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Plan saved."))
            return redirect("intimacy:plan", slug, scene_id)
    context = {
        "production": production,
        "page": page,
        "form": form,
        "breadcrumbs": _crumbs(
            production,
            {"label": _("Intimate scenes"), "url": reverse("intimacy:queue", args=[slug])},
            {
                "label": _("Scene %(number)s") % {"number": page.scene.number},
                "url": reverse("intimacy:plan", args=[slug, scene_id]),
            },
            {"label": _("Edit the plan")},
        ),
    }
    return render(request, "intimacy/plan_form.html", context, status=400 if form.errors else 200)


def _plan_write(request: AuthedRequest, slug: str, scene_id: int) -> tuple[Production, Access, Any]:
    production, access = _production(request, slug)
    require(access.can_edit_plans, "intimacy plans")
    return production, access, selectors.get_plan(production, access, scene_id)


@login_required
@require_POST
@sensitive_post_parameters()
@confidential
def performer_add(request: AuthedRequest, slug: str, scene_id: int) -> HttpResponse:
    production, _access, plan_row = _plan_write(request, slug, scene_id)
    form = forms.PerformerForm(production, request.POST)
    if form.is_valid():
        character = form.cleaned_data["character"]
        try:
            services.add_performer(
                request.user,
                plan_row,
                form.cleaned_data["membership"].pk,
                character.pk if character else None,
                form.cleaned_data["body_double"],
            )
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
    else:
        messages.error(request, _("Choose a cast member of this production."))
    return redirect("intimacy:plan", slug, scene_id)


@login_required
@require_POST
@confidential
def send(request: AuthedRequest, slug: str, scene_id: int) -> HttpResponse:
    _production_row, _access, plan_row = _plan_write(request, slug, scene_id)
    try:
        count = services.send_riders(request.user, plan_row, _base(request))
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Riders sent: %(count)s.") % {"count": count})
    return redirect("intimacy:plan", slug, scene_id)


@login_required
@require_POST
@sensitive_post_parameters()
@confidential
def session_add(request: AuthedRequest, slug: str, scene_id: int) -> HttpResponse:
    _production_row, _access, plan_row = _plan_write(request, slug, scene_id)
    form = forms.SessionForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.add_session(request.user, plan_row, d["kind"], d["starts_at"], d["place"], d["notes"])
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
    else:
        messages.error(request, _("Give the kind and the start of the session."))
    return redirect("intimacy:plan", slug, scene_id)


@login_required
@require_POST
@confidential
def session_update(request: AuthedRequest, slug: str, scene_id: int, session_id: int) -> HttpResponse:
    _production_row, _access, plan_row = _plan_write(request, slug, scene_id)
    session = get_object_or_404(RehearsalSession, plan=plan_row, pk=session_id)
    if request.POST.get("action") == "delete":
        services.delete_session(request.user, session)
    else:
        services.set_session_done(request.user, session, request.POST.get("done") == "1")
    return redirect("intimacy:plan", slug, scene_id)


@login_required
@require_POST
@sensitive_post_parameters()
@confidential
def check_in_add(request: AuthedRequest, slug: str, scene_id: int) -> HttpResponse:
    production, access = _production(request, slug)
    require(access.can_view_check_ins, "check-ins")
    plan_row = selectors.get_plan(production, access, scene_id)
    form = forms.CheckInForm(plan_row, request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.record_check_in(request.user, d["rider"], d["phase"], d["date"], d["notes"])
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("Check-in recorded."))
    else:
        messages.error(request, _("Choose the performer, when and the date."))
    return redirect("intimacy:plan", slug, scene_id)


# --- riders ---------------------------------------------------------------------------------------------------------


@login_required
@confidential
def my_riders(request: AuthedRequest, slug: str) -> HttpResponse:
    production, access = _production(request, slug)
    context = {
        "production": production,
        "rows": selectors.my_riders(production, access),
        "breadcrumbs": _crumbs(production, {"label": _("My riders")}),
    }
    return render(request, "intimacy/my_riders.html", context)


@login_required
@never_cache
@sensitive_post_parameters()
@confidential
def rider(request: AuthedRequest, slug: str, rider_id: int) -> HttpResponse:
    production, access = _production(request, slug)
    row = selectors.get_rider(production, access, rider_id)
    is_performer = access.is_performer(row)
    if is_performer and row.status == RiderStatus.DRAFT:
        raise Http404("No such rider")
    check, latest = selectors.rider_check(row)
    context = {
        "production": production,
        "access": access,
        "rider": row,
        "check": check,
        "latest": latest,
        "signatures": list(row.signatures.order_by("-signed_at")) if access.can_view_plans else [],
        "digest": documents.sha256(row.document_text),
        "is_performer": is_performer,
        "can_sign": is_performer and row.status == RiderStatus.SENT and check.state in {"awaiting", "changed"},
        "sign_form": forms.SignForm(initial={"document_sha256": documents.sha256(row.document_text)}),
        "agent_form": forms.AgentForm(),
        "breadcrumbs": _crumbs(
            production,
            {
                "label": _("Scene %(number)s") % {"number": row.plan.scene.number},
                "url": reverse("intimacy:plan", args=[slug, row.plan.scene_id]),
            }
            if access.can_view_plans
            else {"label": _("My riders"), "url": reverse("intimacy:my_riders", args=[slug])},
            {"label": _("Rider")},
        ),
    }
    return render(request, "intimacy/rider.html", context)


def _rider_for_write(request: AuthedRequest, slug: str, rider_id: int) -> tuple[Production, Access, Any]:
    production, access = _production(request, slug)
    return production, access, selectors.get_rider(production, access, rider_id, record=False)


@login_required
@require_POST
@sensitive_post_parameters()
@confidential
def rider_sign(request: AuthedRequest, slug: str, rider_id: int) -> HttpResponse:
    _production_row, _access, row = _rider_for_write(request, slug, rider_id)
    form = forms.SignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Type your name and confirm that you agree to sign."))
        return redirect("intimacy:rider", slug, rider_id)
    try:
        services.sign_rider(
            request.user,
            row,
            form.cleaned_data["typed_name"],
            form.cleaned_data["document_sha256"],
            request.META.get("REMOTE_ADDR"),
        )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Signed. Thank you."))
    return redirect("intimacy:rider", slug, rider_id)


@login_required
@require_POST
@confidential
def rider_withdraw(request: AuthedRequest, slug: str, rider_id: int) -> HttpResponse:
    """One click, no reason asked."""
    _production_row, _access, row = _rider_for_write(request, slug, rider_id)
    services.withdraw_consent(request.user, row, _base(request))
    messages.success(request, _("You have withdrawn your consent. Nobody is told why."))
    return redirect("intimacy:rider", slug, rider_id)


@login_required
@require_POST
@sensitive_post_parameters()
@confidential
def rider_agent(request: AuthedRequest, slug: str, rider_id: int) -> HttpResponse:
    _production_row, _access, row = _rider_for_write(request, slug, rider_id)
    form = forms.AgentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a valid e-mail address."))
        return redirect("intimacy:rider", slug, rider_id)
    try:
        services.share_with_agent(request.user, row, form.cleaned_data["email"], _base(request))
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Your agent has been sent a link to read this rider."))
    return redirect("intimacy:rider", slug, rider_id)


@login_required
@sensitive_post_parameters()
@confidential
def rider_terms(request: AuthedRequest, slug: str, rider_id: int) -> HttpResponse:
    production, access = _production(request, slug)
    require(access.can_edit_plans, "intimacy plans")
    row = selectors.get_rider(production, access, rider_id)
    form = forms.RiderTermsForm.for_rider(row, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_rider_terms(request.user, row, form.to_terms(), _base(request))
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Rider saved."))
            return redirect("intimacy:plan", slug, row.plan.scene_id)
    context = {
        "production": production,
        "rider": row,
        "form": form,
        "breadcrumbs": _crumbs(
            production,
            {
                "label": _("Scene %(number)s") % {"number": row.plan.scene.number},
                "url": reverse("intimacy:plan", args=[slug, row.plan.scene_id]),
            },
            {"label": _("Rider terms")},
        ),
    }
    return render(request, "intimacy/rider_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
@confidential
def rider_again(request: AuthedRequest, slug: str, rider_id: int) -> HttpResponse:
    production, access = _production(request, slug)
    require(access.can_edit_plans, "intimacy plans")
    row = selectors.get_rider(production, access, rider_id, record=False)
    try:
        services.ask_again(request.user, row, _base(request))
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("A new version was sent to the performer."))
    return redirect("intimacy:plan", slug, row.plan.scene_id)


@login_required
@require_POST
@confidential
def rider_remove(request: AuthedRequest, slug: str, rider_id: int) -> HttpResponse:
    production, access = _production(request, slug)
    require(access.can_edit_plans, "intimacy plans")
    row = selectors.get_rider(production, access, rider_id, record=False)
    scene_id = row.plan.scene_id
    try:
        services.remove_performer(request.user, row)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return redirect("intimacy:plan", slug, scene_id)


@never_cache
@confidential
def shared(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The rider as the performer's agent reads it, through the link the performer sent them (no sign-in)."""
    production = Production.objects.filter(slug=slug).first()
    found = selectors.shared_rider(production, token) if production is not None else None
    if found is None:
        raise Http404("This link does not work or has expired.")
    share, current = found
    response = render(request, "intimacy/shared.html", {"share": share, "current": current, "production": production})
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# --- bookings -------------------------------------------------------------------------------------------------------


@login_required
@confidential
def bookings(request: AuthedRequest, slug: str) -> HttpResponse:
    production, access = _production(request, slug)
    require(access.can_view_bookings, "intimacy coordinator bookings")
    form = forms.BookingForm(production, request.POST or None)
    if request.method == "POST":
        require(access.can_book, "intimacy coordinator bookings")
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.book_coordinator(request.user, production, d["coordinator"].pk, d["date"], d["note"])
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("Booked."))
                return redirect("intimacy:bookings", slug)
    context = {
        "production": production,
        "access": access,
        "rows": selectors.bookings(production, access),
        "form": form,
        "breadcrumbs": _crumbs(production, {"label": _("Intimacy coordinator bookings")}),
    }
    return render(request, "intimacy/bookings.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
@confidential
def booking_cancel(request: AuthedRequest, slug: str, booking_id: int) -> HttpResponse:
    production, access = _production(request, slug)
    require(access.can_book, "intimacy coordinator bookings")
    booking = get_object_or_404(ICBooking, production=production, pk=booking_id)
    services.cancel_booking(request.user, booking)
    return redirect("intimacy:bookings", slug)


# --- concerns -------------------------------------------------------------------------------------------------------


@login_required
@never_cache
@sensitive_post_parameters()
@confidential
def concern_new(request: AuthedRequest, slug: str) -> HttpResponse:
    """Raise a concern. The case code is shown once, on this response (no redirect, no message in the session)."""
    production, access = _production(request, slug)
    require(access.can_raise_concern, "concerns")
    form = forms.ConcernForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            raised = services.raise_concern(
                request.user,
                production,
                d["kind"],
                d["description"],
                anonymous=d["anonymous"],
                lead_involved=d["lead_involved"],
                base_url=_base(request),
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            follow = reverse("intimacy:follow", args=[slug])
            context = {
                "production": production,
                "concern": raised.concern,
                "code": raised.code,
                "follow_link": f"{request.build_absolute_uri(follow)}#{raised.code}",
                "breadcrumbs": _crumbs(production, {"label": _("Concern raised")}),
            }
            return render(request, "intimacy/concern_created.html", context, status=201)
    context = {
        "production": production,
        "form": form,
        "breadcrumbs": _crumbs(production, {"label": _("Raise a concern")}),
    }
    return render(request, "intimacy/concern_new.html", context, status=400 if form.errors else 200)


@never_cache
@sensitive_post_parameters()
@confidential
def follow(request: HttpRequest, slug: str) -> HttpResponse:
    """Follow a case with its code (no sign-in needed; nothing of the visitor is stored). The code travels in the
    POST body, and the link's code in the URL fragment, which browsers never send: it stays out of server logs."""
    production = Production.objects.filter(slug=slug).first()
    code_form = forms.CodeForm(request.POST or None)
    reply_form = forms.ReporterReplyForm()
    case = None
    if request.method == "POST" and code_form.is_valid() and production is not None:
        code = code_form.cleaned_data["code"]
        concern = services.concern_for_code(production, code)
        if concern is not None and request.POST.get("action") == "reply":
            reply_form = forms.ReporterReplyForm(request.POST)
            if reply_form.is_valid():
                user = request.user if request.user.is_authenticated else None
                try:
                    services.reporter_reply(
                        concern, reply_form.cleaned_data["text"], user=user, base_url=_base(request)
                    )
                except ValidationError as exc:
                    reply_form.add_error("text", exc.messages)
                else:
                    reply_form = forms.ReporterReplyForm()
        case = selectors.case_for_code(production, code) if concern is not None else None
        if case is None:
            code_form.add_error("code", _("No case with this code on this production."))
        else:
            reply_form.initial["code"] = services.normalise_code(code)
    if production is not None:
        activate_production_timezone(production)
    context = {"production": production, "slug": slug, "code_form": code_form, "reply_form": reply_form, "case": case}
    response = render(request, "intimacy/follow.html", context, status=200 if case or request.method == "GET" else 404)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_required
@confidential
def concern_list(request: AuthedRequest, slug: str) -> HttpResponse:
    production, access = _production(request, slug, leads=True)
    context = {
        "production": production,
        "rows": selectors.concerns_for(production, access),
        "breadcrumbs": _crumbs(production, {"label": _("Concerns")}, on_production=access.on_production),
    }
    return render(request, "intimacy/concern_list.html", context)


@login_required
@never_cache
@sensitive_post_parameters()
@confidential
def concern(request: AuthedRequest, slug: str, reference: str) -> HttpResponse:
    """A case: its lead reads and handles it (messages, private notes, status, escalation); a named reporter reads
    and answers the messages."""
    production, access = _production(request, slug, leads=True)
    if request.method == "POST":
        return _concern_action(request, production, access, reference)
    case = selectors.case_for_user(production, access, reference)
    context = {
        "production": production,
        "case": case,
        "statuses": ConcernStatus.choices,
        "text_form": forms.TextForm(),
        "breadcrumbs": _crumbs(
            production,
            {"label": _("Concerns"), "url": reverse("intimacy:concerns", args=[slug])}
            if case.as_lead
            else {"label": _("Concern")},
            {"label": case.concern.reference},
            on_production=access.on_production,
        ),
    }
    return render(request, "intimacy/concern.html", context)


def _concern_action(request: AuthedRequest, production: Production, access: Access, reference: str) -> HttpResponse:
    from setwise.intimacy.models import Concern

    row = Concern.objects.filter(production=production, reference=reference).first()
    if row is None or not (access.can_handle_concern(row) or access.is_named_reporter(row)):
        raise Http404("No such case")
    action = request.POST.get("action", "")
    text = request.POST.get("text", "")
    try:
        if action == "reply" and access.can_handle_concern(row):
            services.lead_reply(request.user, row, text, _base(request))
        elif action == "reply":
            services.reporter_reply(row, text, user=request.user, base_url=_base(request))
        elif action == "note":
            services.add_case_note(request.user, row, text)
        elif action == "status":
            services.set_concern_status(request.user, row, request.POST.get("status", ""))
        elif action == "escalate":
            services.escalate(request.user, row, _base(request))
            messages.success(request, _("The case went to the studio's safeguarding lead."))
            if not access.studio_lead:
                return redirect("intimacy:concerns", production.slug)
        else:
            raise Http404("No such action")
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return redirect("intimacy:concern", production.slug, reference)


@login_required
@confidential
def audit_log(request: AuthedRequest, slug: str) -> HttpResponse:
    production, access = _production(request, slug, leads=True)
    context = {
        "production": production,
        "rows": selectors.audit_entries(production, access),
        "breadcrumbs": _crumbs(production, {"label": _("Audit log")}, on_production=access.on_production),
    }
    return render(request, "intimacy/audit.html", context)


@login_required
@confidential
def studio_concerns(request: AuthedRequest) -> HttpResponse:
    """Every case routed to the studio, for the studio's safeguarding leads."""
    require(is_studio_lead(request.user), "concerns")
    context = {
        "rows": selectors.studio_concerns(request.user),
        "breadcrumbs": [{"label": _("Concerns routed to the studio")}],
    }
    return render(request, "intimacy/studio_concerns.html", context)
