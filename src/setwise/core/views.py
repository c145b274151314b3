from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from setwise.accounts.models import User
from setwise.accounts.permissions import has_global_perm, productions_for_user
from setwise.accounts.roles import Perm
from setwise.core.http import AuthedRequest
from setwise.core.models import Job
from setwise.partners.models import Partner
from setwise.productions.models import Membership


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    productions = productions_for_user(request.user).order_by("stage", "title")
    partners = Partner.objects.all()
    context = {
        "productions": productions[:12],
        "production_count": productions.count(),
        "partner_count": partners.count(),
        "country_count": partners.values("country").distinct().count(),
        "by_stage": productions.values("stage").annotate(n=Count("id")).order_by("stage"),
        "recent_jobs": Job.objects.filter(created_by=request.user)[:5],
    }
    return render(request, "core/home.html", context)


@login_required
def search(request: AuthedRequest) -> HttpResponse:
    """Global search across what the user may see: partners (the whole network), their productions, people."""
    query = request.GET.get("q", "").strip()
    results: dict[str, list[object]] = {"partners": [], "productions": [], "people": []}
    if query:
        results["partners"] = list(Partner.objects.search(query).prefetch_related("kinds")[:20])
        visible = productions_for_user(request.user)
        results["productions"] = list(
            visible.filter(Q(title__icontains=query) | Q(title_local__icontains=query) | Q(slug__icontains=query))[:20]
        )
        # People: those on a production the user may see; studio roles that see every production see everyone.
        people = User.objects.filter(is_active=True).filter(
            Q(username__icontains=query)
            | Q(display_name__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
        )
        if not has_global_perm(request.user, Perm.VIEW_PRODUCTION):
            people = people.filter(pk__in=Membership.objects.filter(production__in=visible).values("user_id"))
        results["people"] = list(people[:20])
    context = {
        "query": query,
        "results": results,
        "total": sum(len(v) for v in results.values()),
        "breadcrumbs": [{"label": _("Search")}],
    }
    template = "core/partials/search_results.html" if request.htmx else "core/search.html"
    return render(request, template, context)


@login_required
def job_status(request: AuthedRequest, job_id: str) -> HttpResponse:
    """A job's progress; the partial is polled by htmx until the job is done."""
    job = get_object_or_404(Job, pk=job_id, created_by=request.user)
    template = "core/partials/job.html" if request.htmx else "core/job.html"
    return render(request, template, {"job": job, "breadcrumbs": [{"label": _("Jobs")}, {"label": job.label}]})


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
