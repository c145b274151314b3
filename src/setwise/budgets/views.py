"""Budget pages: the top sheet with versions, an account's lines and actuals, the cost-report import, and the
exports. Only those with ``Perm.VIEW_BUDGET`` see any of it (others get 403; outsiders 404)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from setwise.accounts.permissions import get_production_for_user
from setwise.accounts.roles import Perm
from setwise.budgets import exports, selectors, services
from setwise.budgets.forms import CostReportForm, LineForm
from setwise.budgets.models import Account, BudgetLine, BudgetVersion
from setwise.core.http import AuthedRequest
from setwise.core.middleware import activate_production_timezone
from setwise.productions.models import Production

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _production(request: AuthedRequest, slug: str) -> Production:
    production = get_production_for_user(request.user, slug, Perm.VIEW_BUDGET)
    activate_production_timezone(production)
    return production


def _crumbs(production: Production, *extra: dict[str, str]) -> list[dict[str, str]]:
    return [
        {"label": _("Productions"), "url": reverse("productions:list")},
        {"label": production.title, "url": reverse("productions:detail", args=[production.slug])},
        {"label": _("Budget"), "url": reverse("budgets:top", args=[production.slug])},
        *extra,
    ]


def _errors(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


@login_required
def top(request: AuthedRequest, slug: str) -> HttpResponse:
    production = _production(request, slug)
    can_edit = services.can_edit_budget(request.user, production)
    if request.method == "POST":
        if not can_edit:
            return HttpResponse(status=403)
        action = request.POST.get("action")
        try:
            if action == "create":
                services.create_budget(request.user, production, request.POST.get("name", ""))
                messages.success(request, _("Budget created."))
            elif action == "approve":
                working = selectors.working_version(production)
                if working is None:
                    raise ValidationError(_("There is no working version to approve."))
                services.approve(request.user, working)
                messages.success(request, _("Approved and locked; a new working version is open."))
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        return redirect("budgets:top", production.slug)
    sheet = selectors.top_sheet(production)
    return render(
        request,
        "budgets/top.html",
        {
            "production": production,
            "sheet": sheet,
            "versions": BudgetVersion.objects.filter(production=production),
            "can_edit": can_edit,
            "import_form": CostReportForm(),
            "breadcrumbs": [*_crumbs(production)[:-1], {"label": _("Budget"), "url": ""}],
        },
    )


@login_required
def account(request: AuthedRequest, slug: str, code: str) -> HttpResponse:
    production = _production(request, slug)
    acct = get_object_or_404(Account, production=production, code=code)
    can_edit = services.can_edit_budget(request.user, production)
    working = selectors.working_version(production)
    form = LineForm(production, request.POST or None, initial={"account": acct})
    if request.method == "POST":
        if not can_edit or working is None:
            return HttpResponse(status=403)
        try:
            if request.POST.get("action") == "delete":
                line = get_object_or_404(BudgetLine, version=working, pk=request.POST.get("line"))
                services.delete_line(request.user, line)
            elif request.POST.get("action") == "etc":
                raw = (request.POST.get("estimate_to_complete") or "").strip()
                services.set_estimate_to_complete(request.user, acct, _decimal(raw) if raw else None)
            elif form.is_valid():
                services.add_line(request.user, working, form.line_data())
            else:
                return _account_page(request, production, acct, working, form, can_edit)
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        return redirect("budgets:account", production.slug, acct.code)
    return _account_page(request, production, acct, working, form, can_edit)


def _decimal(raw: str) -> Any:
    from decimal import Decimal, InvalidOperation

    try:
        return Decimal(raw.replace(",", ""))
    except InvalidOperation:
        raise ValidationError(_("Enter a number.")) from None


def _account_page(request: AuthedRequest, production: Production, acct: Account, working: Any, form: LineForm,
                  can_edit: bool) -> HttpResponse:  # fmt: skip
    return render(
        request,
        "budgets/account.html",
        {
            "production": production,
            "account": acct,
            "working": working,
            "lines": BudgetLine.objects.filter(version=working, account=acct) if working else [],
            "actuals": acct.actuals.order_by("-date", "-pk")[:200],
            "form": form,
            "can_edit": can_edit and working is not None,
            "breadcrumbs": _crumbs(production, {"label": f"{acct.code} {acct.name}", "url": ""}),
        },
    )


@login_required
@require_POST
def import_costs(request: AuthedRequest, slug: str) -> HttpResponse:
    production = _production(request, slug)
    if not services.can_edit_budget(request.user, production):
        return HttpResponse(status=403)
    form = CostReportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a CSV or XLSX file."))
        return redirect("budgets:top", production.slug)
    upload = form.cleaned_data["file"]
    if upload.size and upload.size > 10 * 1024 * 1024:
        messages.error(request, _("The file is too large; the limit is 10 MB."))
        return redirect("budgets:top", production.slug)
    result = services.import_cost_report(request.user, production, upload.read(), upload.name)
    if result.errors:
        messages.error(request, _("Nothing was imported: ") + " ".join(result.errors[:20]))
    else:
        messages.success(request, _("%(n)s cost lines imported.") % {"n": result.stored})
    return redirect("budgets:top", production.slug)


@login_required
def export_xlsx(request: AuthedRequest, slug: str) -> HttpResponse:
    production = _production(request, slug)
    response = HttpResponse(exports.top_sheet_xlsx(selectors.top_sheet(production)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{production.slug}-budget.xlsx"'
    return response


@login_required
def export_pdf(request: AuthedRequest, slug: str) -> HttpResponse:
    production = _production(request, slug)
    pdf = exports.top_sheet_pdf(selectors.top_sheet(production), request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{production.slug}-budget-top-sheet.pdf"'
    return response
