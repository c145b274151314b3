"""Reads of the partner network: filtering, facets and the network statistics."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Min, QuerySet

from setwise.partners.models import Collaboration, Kind, Partner, Status

SORTS = {
    "name": "name_key",
    "country": "country",
    "city": "city",
    "status": "status",
    "since": "first_year",
    "collaborations": "collaboration_count",
}


@dataclass(frozen=True)
class PartnerFilters:
    q: str = ""
    country: str = ""
    kind: str = ""
    capability: str = ""
    language: str = ""
    status: str = ""
    since: int | None = None  # active since (first collaboration in or before this year)

    @classmethod
    def from_params(cls, params: Any) -> PartnerFilters:
        since_raw = (params.get("since") or "").strip()
        return cls(
            q=(params.get("q") or "").strip()[:200],
            country=(params.get("country") or "").strip().upper()[:2],
            kind=(params.get("kind") or "").strip() if params.get("kind") in Kind.values else "",
            capability=(params.get("capability") or "").strip()[:60],
            language=(params.get("language") or "").strip()[:8],
            status=params.get("status") if params.get("status") in Status.values else "",
            since=int(since_raw) if since_raw.isdigit() and 1900 < int(since_raw) < 2200 else None,
        )


def filter_partners(filters: PartnerFilters, qs: QuerySet[Partner] | None = None) -> QuerySet[Partner]:
    qs = Partner.objects.all() if qs is None else qs
    if filters.q:
        qs = qs.search(filters.q)  # type: ignore[attr-defined]
    if filters.country:
        qs = qs.filter(country=filters.country)
    if filters.kind:
        qs = qs.filter(kinds__code=filters.kind)
    if filters.capability:
        qs = qs.filter(capabilities__slug=filters.capability)
    if filters.language:
        qs = qs.filter(languages__code=filters.language)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.since is not None:
        qs = qs.filter(first_year__lte=filters.since)
    return qs


def partner_table(filters: PartnerFilters) -> QuerySet[Partner]:
    """The rows of the partner list: filtered, long text columns left out, kinds and capabilities prefetched."""
    return filter_partners(filters).defer("notes", "search_text").prefetch_related("kinds", "capabilities")


def network_stats() -> dict[str, Any]:
    """Partners by country, by kind, and by first year of collaboration (the 'partners over a decade' view)."""
    by_country = list(Partner.objects.values("country").annotate(n=Count("id")).order_by("-n", "country"))
    by_kind = list(
        Partner.objects.values("kinds__code").annotate(n=Count("id", distinct=True)).order_by("-n", "kinds__code")
    )
    by_status = dict(Partner.objects.values_list("status").annotate(n=Count("id")))
    firsts = Partner.objects.exclude(first_year__isnull=True).values_list("first_year", flat=True)
    first_counter: Counter[int] = Counter(y for y in firsts if y is not None)
    # new partners per year and country, for the decade table
    per_year_country: dict[int, dict[str, int]] = defaultdict(dict)
    rows = Partner.objects.exclude(first_year__isnull=True).values_list("first_year", "country").annotate(n=Count("id"))
    for year, country, n in rows:
        if year is not None:
            per_year_country[year][country] = n
    years = sorted(first_counter)
    growth: list[dict[str, Any]] = []
    running = 0
    for year in range(years[0], years[-1] + 1) if years else range(0):
        running += first_counter.get(year, 0)
        countries = sorted(per_year_country.get(year, {}).items(), key=lambda item: (-item[1], item[0]))
        growth.append({"year": year, "new": first_counter.get(year, 0), "total": running, "countries": countries})
    collab_years = list(
        Collaboration.objects.values("year")
        .annotate(n=Count("id"), partners=Count("partner", distinct=True))
        .order_by("year")
    )
    return {
        "by_country": by_country,
        "by_kind": [{"kind": r["kinds__code"], "n": r["n"]} for r in by_kind if r["kinds__code"]],
        "by_status": by_status,
        "growth": growth,
        "collaborations_by_year": collab_years,
        "total": sum(r["n"] for r in by_country),
        "first_collaboration": Collaboration.objects.aggregate(y=Min("year"))["y"],
    }
