"""Helpers to build partner spreadsheets in tests."""

from __future__ import annotations

import csv
import io as _io

from setwise.partners.io import COLUMNS

HEADER = ",".join(COLUMNS)


def csv_text(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def row(name: str, country: str = "KR", kinds: str = "production", **fields: str) -> str:
    """One CSV line with the columns of COLUMNS (quoted where needed)."""
    values = {"name": name, "country": country, "kinds": kinds, **fields}
    out = _io.StringIO()
    csv.writer(out, lineterminator="").writerow([values.get(c, "") for c in COLUMNS])
    return out.getvalue()


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for r in rows:
        ws.append(r)
    out = _io.BytesIO()
    wb.save(out)
    return out.getvalue()
