from __future__ import annotations

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from setwise.accounts.permissions import has_global_perm, productions_for_user, require_global_perm
from setwise.accounts.roles import Perm
from setwise.core import uploads
from setwise.core.http import AuthedRequest
from setwise.core.tables import sort_queryset
from setwise.partners import io, selectors, services, tasks
from setwise.partners.forms import CollaborationForm, ContactForm, PartnerForm
from setwise.partners.models import Capability, Kind, Language, Partner, Status

PAGE_SIZE = 50


def _crumbs(*extra: dict[str, str]) -> list[dict[str, str]]:
    return [{"label": _("Partners"), "url": "/partners/"}, *extra]


@login_required
def partner_list(request: AuthedRequest) -> HttpResponse:
    require_global_perm(request.user, Perm.VIEW_PARTNERS)
    filters = selectors.PartnerFilters.from_params(request.GET)
    qs, sort = sort_queryset(selectors.partner_table(filters), request.GET.get("sort"), selectors.SORTS, "name")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "sort": sort,
        "filters": filters,
        "kinds": Kind.choices,
        "statuses": Status.choices,
        "countries": Partner.objects.order_by("country").values_list("country", flat=True).distinct(),
        "capabilities": Capability.objects.order_by("name"),
        "languages": Language.objects.order_by("name"),
        "can_edit": has_global_perm(request.user, Perm.EDIT_PARTNERS),
        "can_import": has_global_perm(request.user, Perm.IMPORT_PARTNERS),
        "breadcrumbs": _crumbs(),
    }
    template = (
        "partners/partials/table.html" if request.htmx and request.htmx.target == "table" else "partners/list.html"
    )
    return render(request, template, context)


@login_required
def partner_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require_global_perm(request.user, Perm.VIEW_PARTNERS)
    partner = get_object_or_404(
        Partner.objects.prefetch_related("kinds", "capabilities", "languages", "contacts"), pk=pk
    )
    collaborations = list(partner.collaborations.order_by("-year", "title"))
    # Link a collaboration to its production page only for readers who may see that production.
    linked = {c.production_id for c in collaborations if c.production_id}
    visible = dict(productions_for_user(request.user).filter(pk__in=linked).values_list("pk", "slug"))
    timeline: dict[int, list[dict[str, object]]] = {}
    for c in collaborations:
        slug = visible.get(c.production_id) if c.production_id else None
        timeline.setdefault(c.year, []).append({"c": c, "slug": slug})
    history = _history_rows(partner)
    context = {
        "partner": partner,
        "timeline": sorted(timeline.items(), reverse=True),
        "collaboration_count": len(collaborations),
        "history": history,
        "can_edit": services.can_edit_partner(request.user, partner),
        "can_edit_collaborations": has_global_perm(request.user, Perm.EDIT_PARTNERS),
        "contact_form": ContactForm(),
        "collaboration_form": CollaborationForm(user=request.user),
        "breadcrumbs": _crumbs({"label": partner.display_name}),
    }
    return render(request, "partners/detail.html", context)


# Fields a person edits (derived keys, search text and timestamps are not news in a change history).
_HISTORY_FIELDS = [
    f.name
    for f in Partner._meta.concrete_fields
    if f.name
    not in {
        "id",
        "name_key",
        "name_local_key",
        "search_text",
        "first_year",
        "collaboration_count",
        "created_at",
        "updated_at",
    }
]
# Many-to-many fields and the target column of their historical through table.
_HISTORY_M2M = {"kinds": "partnerkind_id", "capabilities": "capability_id", "languages": "language_id"}


def _history_rows(partner: Partner, limit: int = 20) -> list[dict[str, object]]:
    """The latest changes to a partner, each naming the fields it changed. Constant queries: the history rows,
    then one query per many-to-many field for all of their historical link rows."""
    records = list(partner.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    ids = [r.history_id for r in records]
    links: dict[str, dict[int, set[object]]] = {}
    for field, column in _HISTORY_M2M.items():
        through = apps.get_model("partners", f"HistoricalPartner_{field}")
        sets: dict[int, set[object]] = {i: set() for i in ids}
        for history_id, target in through.objects.filter(history_id__in=ids).values_list("history_id", column):
            sets[history_id].add(target)
        links[field] = sets
    labels = {f.name: str(f.verbose_name) for f in Partner._meta.get_fields() if hasattr(f, "verbose_name")}
    rows: list[dict[str, object]] = []
    for record, previous in zip(records, [*records[1:], None], strict=True):
        changed: list[str] = []
        if previous is not None and record.history_type == "~":
            changed = [labels[f] for f in _HISTORY_FIELDS if getattr(record, f) != getattr(previous, f)]
            changed += [labels[f] for f in _HISTORY_M2M if links[f][record.history_id] != links[f][previous.history_id]]
        rows.append({"record": record, "changed": changed})
    return rows[:limit]


@login_required
def partner_network(request: AuthedRequest) -> HttpResponse:
    require_global_perm(request.user, Perm.VIEW_PARTNERS)
    stats = selectors.network_stats()
    max_country = max((r["n"] for r in stats["by_country"]), default=1)
    max_kind = max((r["n"] for r in stats["by_kind"]), default=1)
    max_new = max((r["new"] for r in stats["growth"]), default=1)
    max_total = max((r["total"] for r in stats["growth"]), default=1)
    context = {
        "stats": stats,
        "max_country": max_country,
        "max_kind": max_kind,
        "max_new": max_new,
        "max_total": max_total,
        "kind_labels": dict(Kind.choices),
        "breadcrumbs": _crumbs({"label": _("Network")}),
    }
    return render(request, "partners/network.html", context)


def _form_data(form: PartnerForm) -> services.PartnerData:
    d = form.cleaned_data
    return services.PartnerData(
        name=d["name"],
        name_local=d["name_local"],
        country=d["country"],
        city=d["city"],
        kinds=list(d["kinds"]),
        capabilities=d["capabilities"],
        languages=[lang.code for lang in d["languages"]],
        size=d["size"],
        website=d["website"],
        email=d["email"],
        phone=d["phone"],
        status=d["status"],
        notes=d["notes"],
    )


@login_required
def partner_create(request: AuthedRequest) -> HttpResponse:
    require_global_perm(request.user, Perm.EDIT_PARTNERS)
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            partner = services.create_partner(request.user, _form_data(form))
        except services.PartnerRejected as refusal:
            form.add_refusal(refusal)
        else:
            messages.success(request, _("Partner “%(name)s” was added.") % {"name": partner.name})
            return redirect("partners:detail", pk=partner.pk)
    return render(
        request,
        "partners/form.html",
        {"form": form, "breadcrumbs": _crumbs({"label": _("New partner")}), "title": _("New partner")},
    )


@login_required
def partner_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    partner = get_object_or_404(Partner, pk=pk)
    if not services.can_edit_partner(request.user, partner):
        raise PermissionDenied
    form = PartnerForm(request.POST or None, partner=partner)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_partner(request.user, partner, _form_data(form))
        except services.PartnerRejected as refusal:
            form.add_refusal(refusal)
        else:
            messages.success(request, _("Partner “%(name)s” was saved.") % {"name": partner.name})
            return redirect("partners:detail", pk=partner.pk)
    return render(
        request,
        "partners/form.html",
        {
            "form": form,
            "partner": partner,
            "title": _("Edit partner"),
            "breadcrumbs": _crumbs(
                {"label": partner.display_name, "url": f"/partners/{partner.pk}/"}, {"label": _("Edit")}
            ),
        },
    )


@login_required
def partner_import(request: AuthedRequest) -> HttpResponse:
    """Upload a CSV or XLSX file; the import runs as a background job whose page shows progress and errors."""
    require_global_perm(request.user, Perm.IMPORT_PARTNERS)
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = _("Choose a CSV or XLSX file to import.")
        elif refusal := uploads.too_large(upload.size):
            error = refusal
        else:
            job = tasks.start_import(request.user, upload.read(), upload.name or "upload")
            return redirect("core:job", job_id=job.pk)
    context = {"error": error, "breadcrumbs": _crumbs({"label": _("Import")})}
    return render(request, "partners/import.html", context, status=400 if error else 200)


@login_required
def partner_export(request: AuthedRequest) -> HttpResponse:
    """The partners matching the current filters as CSV (UTF-8 with BOM, opens in Excel) or XLSX."""
    require_global_perm(request.user, Perm.VIEW_PARTNERS)
    filters = selectors.PartnerFilters.from_params(request.GET)
    qs = selectors.filter_partners(filters).order_by("name_key", "pk")
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            io.export_xlsx(qs), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = 'attachment; filename="setwise-partners.xlsx"'
        return response
    response = HttpResponse(("\ufeff" + io.export_csv(qs)).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="setwise-partners.csv"'
    return response


def _flash_errors(request: AuthedRequest, form: ContactForm | CollaborationForm) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))


@login_required
@require_POST
def contact_add(request: AuthedRequest, pk: int) -> HttpResponse:
    partner = get_object_or_404(Partner, pk=pk)
    if not services.can_edit_partner(request.user, partner):
        raise PermissionDenied
    form = ContactForm(request.POST)
    if form.is_valid():
        services.add_contact(request.user, partner, **form.cleaned_data)
        messages.success(request, _("Contact added."))
    else:
        _flash_errors(request, form)
    return redirect("partners:detail", pk=partner.pk)


@login_required
@require_POST
def contact_remove(request: AuthedRequest, pk: int, contact_id: int) -> HttpResponse:
    partner = get_object_or_404(Partner, pk=pk)
    services.remove_contact(request.user, partner, contact_id)
    messages.success(request, _("Contact removed."))
    return redirect("partners:detail", pk=partner.pk)


@login_required
@require_POST
def collaboration_add(request: AuthedRequest, pk: int) -> HttpResponse:
    require_global_perm(request.user, Perm.EDIT_PARTNERS)
    partner = get_object_or_404(Partner, pk=pk)
    form = CollaborationForm(request.POST, user=request.user)
    if form.is_valid():
        services.add_collaboration(request.user, partner, **form.cleaned_data)
        messages.success(request, _("Collaboration added."))
    else:
        _flash_errors(request, form)
    return redirect("partners:detail", pk=partner.pk)


@login_required
@require_POST
def collaboration_remove(request: AuthedRequest, pk: int, collaboration_id: int) -> HttpResponse:
    partner = get_object_or_404(Partner, pk=pk)
    services.remove_collaboration(request.user, partner, collaboration_id)
    messages.success(request, _("Collaboration removed."))
    return redirect("partners:detail", pk=partner.pk)
