"""Day out of days: the codes per performer and day, drops and travel, totals and cost, and the page, XLSX and
PDF (rates only for producers)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pdfplumber
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from setwise.breakdown.models import Character
from setwise.scheduling import services
from setwise.scheduling.dood import Performer, compute
from setwise.scheduling.models import Board

D = dt.date
MON = D(2026, 3, 2)
WEEK = [MON + dt.timedelta(days=i) for i in range(5)]  # Mon..Fri
NEXT = [d + dt.timedelta(days=7) for d in WEEK]
LATER = [d + dt.timedelta(days=21) for d in WEEK]


def performer(work: list[dt.date], **kw) -> Performer:
    return Performer(key=1, name=kw.pop("name", "MINHO"), number=kw.pop("number", 1), work_dates=frozenset(work), **kw)


def test_start_work_finish_hold_and_holidays() -> None:
    table = compute(WEEK + NEXT, [performer([WEEK[0], WEEK[2], NEXT[1]], daily_rate=Decimal("100.00"))])
    row = table.rows[0]
    codes = [row.codes.get(d, "") for d in table.dates]
    assert table.dates[0] == WEEK[0] and table.dates[-1] == NEXT[-1]
    #        Mon   Tue  Wed  Thu  Fri  Sat   Sun   Mon  Tue   Wed..Fri
    assert codes == ["SW", "H", "W", "H", "H", "HO", "HO", "H", "WF", "", "", ""]
    assert (row.work, row.hold, row.holidays, row.paid_days) == (3, 4, 2, 9)
    assert row.cost == Decimal("900.00")
    assert row.cells == codes


def test_one_day_is_swf_and_unknown_performers_sort_last() -> None:
    table = compute(WEEK, [performer([WEEK[1]], number=None, name="BEN"), performer([WEEK[3]], number=2)])
    assert [r.performer.name for r in table.rows] == ["MINHO", "BEN"]
    assert table.rows[1].codes == {WEEK[1]: "SWF"}


def test_drop_and_pickup_over_a_long_gap_only_when_the_deal_allows() -> None:
    work = [WEEK[0], LATER[0], LATER[2]]
    held = compute(WEEK + LATER, [performer(work)]).rows[0]
    dropped = compute(WEEK + LATER, [performer(work, drop_pickup=True)]).rows[0]
    assert held.codes[LATER[0]] == "W" and held.dropped == 0 and held.hold + held.holidays > 10
    assert dropped.codes[WEEK[1]] == "D" and dropped.codes[LATER[0]] == "PW" and dropped.codes[LATER[2]] == "WF"
    assert dropped.paid_days < held.paid_days
    short = compute(WEEK, [performer([WEEK[0], WEEK[4]], drop_pickup=True)]).rows[0]
    assert short.codes[WEEK[2]] == "H"  # four days is too short to drop


def test_travel_days_either_side_of_the_engagement() -> None:
    row = compute(WEEK, [performer([WEEK[1], WEEK[3]], travel=True)]).rows[0]
    assert row.codes[WEEK[0]] == "T" and row.codes[WEEK[4]] == "T"
    assert row.travel == 2 and row.paid_days == 5


def test_no_shoot_days_no_columns() -> None:
    table = compute([], [performer([])])
    assert table.dates == [] and table.rows[0].codes == {}


@pytest.mark.django_db
def test_dood_page_xlsx_and_pdf(client, board: Board, first_ad, producer) -> None:
    minho = Character.objects.get(production=board.production, name="민호")
    services.set_cast_terms(
        producer, minho, cast_number=1, daily_rate=Decimal("500000"), drop_pickup=False, travel=False
    )
    url = reverse("scheduling:dood", args=[board.production.slug, board.pk])
    client.force_login(first_ad)
    html = client.get(url).content.decode()
    assert "민호" in html and "SW" in html
    assert "Cast cost" not in html  # the 1st AD does not see deal terms
    client.force_login(producer)
    html = client.get(url).content.decode()
    paid = html.count("code-SW") + html.count('code-W"') + html.count("code-WF") + html.count("code-SWF")
    assert "Cast cost of this board" in html and paid >= 1
    client.force_login(first_ad)
    response = client.get(reverse("scheduling:dood_xlsx", args=[board.production.slug, board.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    minho_row = next(r for r in rows if r[1] == "민호")
    assert minho_row[0] == 1 and minho_row[-2] == 0  # rate hidden from the 1st AD in the file too
    response = client.get(reverse("scheduling:dood_pdf", args=[board.production.slug, board.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdfplumber.open(io.BytesIO(response.content)).pages[0].extract_text()
    assert "민호" in text and "Day out of days" in text


@pytest.mark.django_db
def test_cast_page_sets_terms_and_unavailable_dates(client, production, first_ad, producer, imported) -> None:
    minho = Character.objects.get(production=production, name="민호")
    url = reverse("scheduling:cast", args=[production.slug])
    client.force_login(first_ad)
    client.post(
        url, {"action": "terms", "character": minho.pk, "cast_number": "1", "daily_rate": "999", "travel": "on"}
    )
    minho.refresh_from_db()
    assert minho.terms.cast_number == 1 and minho.terms.travel and minho.terms.daily_rate == 0  # no rates for the AD
    client.force_login(producer)
    client.post(url, {"action": "terms", "character": minho.pk, "cast_number": "1", "daily_rate": "750000"})
    minho.refresh_from_db()
    assert minho.terms.daily_rate == Decimal("750000") and not minho.terms.travel
    client.post(url, {"action": "unavailable", "who": f"c{minho.pk}", "start": "2026-03-10", "end": "2026-03-08"})
    assert not minho.unavailable.exists()
    client.post(url, {"action": "unavailable", "who": f"c{minho.pk}", "start": "2026-03-10", "end": "2026-03-12"})
    assert minho.unavailable.get().end == D(2026, 3, 12)
    other = Character.objects.exclude(pk=minho.pk).filter(production=production).first()
    response = client.post(url, {"action": "terms", "character": other.pk, "cast_number": "1", "daily_rate": "1"})
    assert response.status_code == 302 and not hasattr(Character.objects.get(pk=other.pk), "terms")
