from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from setwise.accounts.permissions import (
    get_production_for_user,
    has_production_perm,
    productions_for_user,
    user_production_roles,
)
from setwise.accounts.roles import Perm
from setwise.core.http import AuthedRequest
from setwise.core.tables import sort_queryset
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
        "breadcrumbs": [{"label": _("Productions")}],
    }
    template = "productions/partials/table.html" if request.htmx else "productions/list.html"
    return render(request, template, context)


@login_required
def production_detail(request: AuthedRequest, slug: str) -> HttpResponse:
    production = get_production_for_user(request.user, slug)
    timezone.activate(production.time_zone)  # times on production pages: the production's own zone
    context = {
        "production": production,
        "memberships": production.memberships.select_related("user").order_by("role", "user__username"),
        "collaborations": production.collaborations.select_related("partner").order_by("partner__name"),
        "my_roles": user_production_roles(request.user, production),
        "can_manage": has_production_perm(request.user, Perm.MANAGE_MEMBERS, production),
        "now": timezone.now(),
        "breadcrumbs": [
            {"label": _("Productions"), "url": "/productions/"},
            {"label": production.title},
        ],
    }
    return render(request, "productions/detail.html", context)
