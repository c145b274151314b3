"""Reading and writing partner spreadsheets (CSV and XLSX). Filled in by the import/export work."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet


def export_csv(qs: QuerySet[Any]) -> str:
    raise NotImplementedError


def export_xlsx(qs: QuerySet[Any]) -> bytes:
    raise NotImplementedError
