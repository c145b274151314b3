from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from setwise.accounts.permissions import (
    get_production_for_user,
    has_global_perm,
    has_production_perm,
    productions_for_user,
    user_production_roles,
)
from setwise.accounts.roles import Perm, ProductionRole
from setwise.core.http import AuthedRequest
from setwise.core.middleware import activate_production_timezone
from setwise.core.tables import sort_queryset
from setwise.productions import services
from setwise.productions.forms import MemberForm, ProductionForm
from setwise.productions.models import Format, Stage

SORTS = {"title": "title", "stage": "stage", "format": "format", "country": "country", "start": "shoot_start"}


@login_required
def production_list(request: AuthedRequest) -> HttpResponse:
    qs = productions_for_user(request.user).annotate(member_count=Count("memberships", distinct=True))
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(title_local__icontains=q))
    if request.GET.get("stage") in Stage.values:
        qs = qs.filter(stage=request.GET["stage"])
    if request.GET.get("format") in Format.values:
        qs = qs.filter(format=request.GET["format"])
    qs, sort = sort_queryset(qs, request.GET.get("sort"), SORTS, default="title")
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "sort": sort,
        "q": q,
        "stages": Stage.choices,
        "formats": Format.choices,
        "can_create": has_global_perm(request.user, Perm.CREATE_PRODUCTION),
        "breadcrumbs": [{"label": _("Productions")}],
    }
    template = "productions/partials/table.html" if request.htmx else "productions/list.html"
    return render(request, template, context)


@login_required
def production_detail(request: AuthedRequest, slug: str) -> HttpResponse:
    production = get_production_for_user(request.user, slug)
    activate_production_timezone(production)
    context = {
        "production": production,
        "memberships": production.memberships.select_related("user").order_by("role", "user__username"),
        "collaborations": production.collaborations.select_related("partner").order_by("partner__name"),
        "my_roles": [ProductionRole(r).label for r in user_production_roles(request.user, production)],
        "can_manage": has_production_perm(request.user, Perm.MANAGE_MEMBERS, production),
        "can_view_budget": has_production_perm(request.user, Perm.VIEW_BUDGET, production),
        "member_form": MemberForm(),
        "now": timezone.now(),
        "breadcrumbs": [
            {"label": _("Productions"), "url": "/productions/"},
            {"label": production.title},
        ],
    }
    return render(request, "productions/detail.html", context)


@login_required
@require_POST
def member_add(request: AuthedRequest, slug: str) -> HttpResponse:
    production = get_production_for_user(request.user, slug, Perm.MANAGE_MEMBERS)
    form = MemberForm(request.POST)
    if form.is_valid():
        member = form.cleaned_data["person"]
        services.add_member(
            request.user, production, member, form.cleaned_data["role"], form.cleaned_data["department"]
        )
        messages.success(request, _("%(name)s was added to the production.") % {"name": member})
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("productions:detail", slug=production.slug)


@login_required
@require_POST
def member_remove(request: AuthedRequest, slug: str, membership_id: int) -> HttpResponse:
    production = get_production_for_user(request.user, slug, Perm.MANAGE_MEMBERS)
    services.remove_member(request.user, production, membership_id)
    messages.success(request, _("The role was removed."))
    return redirect("productions:detail", slug=production.slug)


@login_required
def production_create(request: AuthedRequest) -> HttpResponse:
    if not has_global_perm(request.user, Perm.CREATE_PRODUCTION):
        raise PermissionDenied
    form = ProductionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        production = services.create_production(request.user, **form.cleaned_data)
        messages.success(request, _("“%(title)s” was created; you are its producer.") % {"title": production.title})
        return redirect("productions:detail", slug=production.slug)
    crumbs = [{"label": _("Productions"), "url": "/productions/"}, {"label": _("New production")}]
    return render(request, "productions/form.html", {"form": form, "breadcrumbs": crumbs})
