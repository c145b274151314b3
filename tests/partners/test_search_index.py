"""On PostgreSQL the partner search (and the list's count) can be answered from a trigram index on the folded
search text, in every script; SQLite has no such index. The results are the same either way."""

from __future__ import annotations

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from setwise.partners import selectors
from setwise.partners.models import Partner
from tests.partners.factories import make_partner

pytestmark = pytest.mark.django_db

INDEX = "partners_partner_search_trgm"
TERMS = ["pictures", "픽처스", "スタジオ", "ฟิล์ม", "seoul pict", "nowhere"]


def _index_definition() -> str | None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE tablename = 'partners_partner' AND indexname = %s", [INDEX]
            )
            row = cursor.fetchone()
            return str(row[0]) if row else None
        return INDEX if INDEX in connection.introspection.get_constraints(cursor, "partners_partner") else None


def _plan(sql: str) -> str:
    with connection.cursor() as cursor:
        # Left only bitmap scans, the planner can answer the search from the trigram index or not at all.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.fixture
def network(partner_manager) -> list[Partner]:
    partners = [
        make_partner(partner_manager, "Hanbit Pictures", name_local="한빛 픽처스", city="Seoul"),
        make_partner(partner_manager, "Aoi Studio", "JP", name_local="青いスタジオ", city="Tokyo"),
        make_partner(partner_manager, "Fah Sai Film", "TH", name_local="ฟ้าใส ฟิล์ม", city="Bangkok"),
        make_partner(partner_manager, "Seoul Motion Pictures", city="Busan"),
    ]
    partners += [make_partner(partner_manager, f"Filler {n:02d} Rentals", "ID", city="Jakarta") for n in range(20)]
    return partners


def test_the_trigram_index_exists_on_postgresql_only() -> None:
    definition = _index_definition()
    if connection.vendor == "postgresql":
        assert definition is not None and "USING gin" in definition and "gin_trgm_ops" in definition
        assert "fastupdate=off" in definition  # new rows are searchable through the index at once
    else:
        assert definition is None


def test_search_finds_the_same_partners_as_the_search_text(network: list[Partner]) -> None:
    texts = {p.pk: Partner.objects.get(pk=p.pk).search_text for p in network}
    for term in TERMS:
        expected = {pk for pk, text in texts.items() if all(word in text for word in term.split())}
        found = set(selectors.filter_partners(selectors.PartnerFilters(q=term)).values_list("pk", flat=True))
        assert found == expected, term
    assert len(set(Partner.objects.search("pictures").values_list("pk", flat=True))) == 2


def test_the_list_page_and_its_count_can_use_the_index_on_postgresql(network: list[Partner]) -> None:
    for term in TERMS[:4]:
        rows = selectors.partner_table(selectors.PartnerFilters(q=term)).order_by("name_key", "pk")
        with CaptureQueriesContext(connection) as ctx:
            page = Paginator(rows, 50).get_page(1)
            assert len(page.object_list) == page.paginator.count > 0
        searches = [q["sql"] for q in ctx.captured_queries if "search_text" in q["sql"]]
        assert len(searches) == 2 and "COUNT(*)" in searches[0], searches  # the count, then the page
        for sql in searches:
            assert "LIKE" in sql
            if connection.vendor == "postgresql":
                assert INDEX in _plan(sql), (term, sql)
