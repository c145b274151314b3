"""The partner network over JSON: the same filters, services and permissions as the partner pages."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from setwise.accounts.permissions import productions_for_user, require_global_perm
from setwise.accounts.roles import Perm
from setwise.core import uploads
from setwise.core.api_utils import MAX_LIMIT, MAX_OFFSET, Page, paginate
from setwise.core.tables import sort_queryset
from setwise.partners import selectors, services, tasks
from setwise.partners.models import Collaboration, Partner
from setwise.partners.schemas import (
    JobStartedOut,
    NetworkOut,
    PartnerCreateIn,
    PartnerDetailOut,
    PartnerRowOut,
    PartnerUpdateIn,
    SortKey,
)

router = Router(tags=["partners"])


class PartnerQuery(Schema):
    q: str = ""
    country: str = ""
    kind: str = ""
    capability: str = ""
    language: str = ""
    status: str = ""
    since: int | None = None
    sort: SortKey = "name"
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


def _problem(request: HttpRequest, status: int, title: str, detail: str, **extra: Any) -> HttpResponse:
    from setwise.config.api import problem

    return problem(request, status, title, detail, **extra)


@router.get("/", response=Page[PartnerRowOut], summary="Partners matching the filters (same filters as the list page)")
def list_partners(request: HttpRequest, filters: Query[PartnerQuery]) -> dict[str, object]:
    require_global_perm(request.user, Perm.VIEW_PARTNERS)
    params = {k: "" if v is None else str(v) for k, v in filters.dict().items()}
    table = selectors.partner_table(selectors.PartnerFilters.from_params(params)).prefetch_related("languages")
    qs, _sort = sort_queryset(table, filters.sort, selectors.SORTS, "name")
    return paginate(qs, filters.limit, filters.offset)


@router.get("/network", response=NetworkOut, summary="The network in numbers: countries, kinds, growth by year")
def network(request: HttpRequest) -> dict[str, Any]:
    require_global_perm(request.user, Perm.VIEW_PARTNERS)
    return selectors.network_stats()


@router.post(
    "/import",
    response={202: JobStartedOut},
    summary="Import partners from a CSV or XLSX file, as a background job (needs the import permission)",
)
def import_partners(request: HttpRequest, response: HttpResponse, file: File[UploadedFile]) -> Any:
    require_global_perm(request.user, Perm.IMPORT_PARTNERS)
    if refusal := uploads.too_large(file.size):
        return _problem(request, 413, "File too large", refusal)
    job = tasks.start_import(request.user, file.read(), file.name or "upload")
    status_url = f"/api/jobs/{job.pk}"
    response["Location"] = status_url
    return Status(202, {"job_id": job.pk, "status_url": status_url})


def _detail(request: HttpRequest, pk: int) -> Partner:
    partner = get_object_or_404(
        Partner.objects.prefetch_related(
            "kinds",
            "capabilities",
            "languages",
            "contacts",
            Prefetch(
                "collaborations",
                queryset=Collaboration.objects.order_by("-year", "title", "pk"),
                to_attr="collaboration_rows",
            ),
        ),
        pk=pk,
    )
    rows: list[Collaboration] = partner.collaboration_rows  # type: ignore[attr-defined]
    production_ids = {c.production_id for c in rows if c.production_id}
    # A collaboration names its production only to those who may see that production.
    visible = (
        dict(productions_for_user(request.user).filter(pk__in=production_ids).values_list("pk", "slug"))
        if production_ids
        else {}
    )
    for c in rows:
        c.production_slug = visible.get(c.production_id) if c.production_id else None  # type: ignore[attr-defined]
    return partner


@router.get("/{partner_id}", response=PartnerDetailOut, summary="One partner with its contacts and collaborations")
def get_partner(request: HttpRequest, partner_id: int) -> Partner:
    require_global_perm(request.user, Perm.VIEW_PARTNERS)
    return _detail(request, partner_id)


def _refused(request: HttpRequest, refusal: services.PartnerRejected) -> HttpResponse:
    if refusal.duplicates:
        return _problem(
            request,
            409,
            "Duplicate partner",
            str(refusal),
            duplicates=[{"id": p.pk, "name": p.display_name} for p in refusal.duplicates],
        )
    return _problem(request, 422, "Invalid request", str(refusal), field=refusal.field)


@router.post("/", response={201: PartnerDetailOut}, summary="Add a partner (needs the partner-editing permission)")
def create_partner(request: HttpRequest, payload: PartnerCreateIn) -> Any:
    require_global_perm(request.user, Perm.EDIT_PARTNERS)
    try:
        partner = services.create_partner(request.user, services.PartnerData(**payload.dict()))
    except services.PartnerRejected as refusal:
        return _refused(request, refusal)
    return Status(201, _detail(request, partner.pk))


@router.patch("/{partner_id}", response=PartnerDetailOut, summary="Change some fields of a partner")
def update_partner(request: HttpRequest, partner_id: int, payload: PartnerUpdateIn) -> Any:
    require_global_perm(request.user, Perm.VIEW_PARTNERS)
    partner = get_object_or_404(Partner.objects.prefetch_related("kinds", "capabilities", "languages"), pk=partner_id)
    if not services.can_edit_partner(request.user, partner):
        raise PermissionDenied("You may not edit this partner")
    current = services.PartnerData(
        name=partner.name,
        name_local=partner.name_local,
        country=partner.country,
        city=partner.city,
        kinds=[k.code for k in partner.kinds.all()],
        capabilities=[c.name for c in partner.capabilities.all()],
        languages=[lang.code for lang in partner.languages.all()],
        size=partner.size,
        website=partner.website,
        email=partner.email,
        phone=partner.phone,
        status=partner.status,
        notes=partner.notes,
    )
    changes = payload.dict(exclude_unset=True, exclude_none=True)
    data = services.PartnerData(**{**asdict(current), **changes})
    try:
        services.update_partner(request.user, partner, data)
    except services.PartnerRejected as refusal:
        return _refused(request, refusal)
    return _detail(request, partner.pk)
