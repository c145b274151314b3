"""Query counts of every list page and API list stay constant as rows grow (no N+1).

Each route is measured with 3 and with 30 partners (each with contacts, capabilities, languages and a
collaboration on a production): the two counts must be equal and within the route's bound.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from setwise.accounts.models import ApiToken
from setwise.accounts.roles import ProductionRole
from setwise.partners.services import PartnerData, add_collaboration, add_contact, update_partner
from setwise.productions.models import Membership, Production
from tests.partners.factories import make_partner

pytestmark = pytest.mark.django_db

# Bounds include the session, user and (for pages) navigation queries; they must not depend on row counts.
ROUTES = [
    ("page", "/partners/", 14),
    ("page", "/partners/{partner}/", 30),
    ("page", "/partners/network/", 12),
    ("page", "/productions/", 8),
    ("api", "/api/partners/", 8),
    ("api", "/api/partners/{partner}", 10),
    ("api", "/api/productions/", 5),
    ("page", "/reports/", 16),  # production health of every production one may see
]

COUNTRIES = ["KR", "JP", "TH", "ID", "VN", "PH"]


def grow(manager: Any, member: Any, start: int, stop: int) -> Any:
    partner = None
    for i in range(start, stop):
        production = Production.objects.create(slug=f"show-{i}", title=f"Show {i}", country="KR", time_zone="UTC")
        Membership.objects.create(production=production, user=member, role=ProductionRole.CREW)
        partner = make_partner(
            manager,
            f"Partner {i}",
            COUNTRIES[i % len(COUNTRIES)],
            ["production", "post"],
            capabilities=[f"Capability {i}", "IMF delivery"],
            languages=["ko", "en"],
        )
        add_contact(manager, partner, name=f"Contact {i}", title="Producer")
        add_collaboration(manager, partner, title=f"Show {i}", year=2015 + i % 10, production=production)
    return partner


def measure(kind: str, url: str, user: Any) -> int:
    client = Client()
    headers: dict[str, str] = {}
    if kind == "page":
        client.force_login(user)
    else:
        _t, raw = ApiToken.issue(user, "counts")
        headers["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    client.get(url, **headers)  # warm caches (content types, languages) outside the measured request
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize(("kind", "url", "bound"), ROUTES)
def test_query_count_does_not_grow_with_rows(
    kind, url, bound, partner_manager, make_user, django_assert_max_num_queries
) -> None:
    member = make_user("member")
    partner = grow(partner_manager, member, 0, 3)
    target = url.format(partner=partner.pk)
    small = measure(kind, target, member)
    grow(partner_manager, member, 3, 30)
    # the detail pages get as many collaborations on one partner as the list gets partners
    for i in range(27):
        add_collaboration(partner_manager, partner, title=f"Extra {i}", year=2000 + i)
        add_contact(partner_manager, partner, name=f"Extra contact {i}")
    for i in range(5):  # and a longer change history
        update_partner(
            partner_manager, partner, PartnerData(name=partner.name, country="KR", kinds=["vfx"], city=f"C{i}")
        )
    large = measure(kind, target, member)
    assert large == small, f"{target}: {small} queries with 3 rows, {large} with 30 (an N+1?)"
    client = Client()
    if kind == "page":
        client.force_login(member)
        headers: dict[str, str] = {}
    else:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(member, 'bound')[1]}"}
    with django_assert_max_num_queries(bound):
        client.get(target, **headers)
