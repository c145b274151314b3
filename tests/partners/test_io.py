"""Reading partner spreadsheets (encodings, delimiters, headers, broken files) and writing them (CSV, XLSX)."""

from __future__ import annotations

import csv
import io as _io
import os
import zipfile

import pytest
from openpyxl import load_workbook

from setwise.partners import io
from setwise.partners.io import COLUMNS, FileRejected, read_rows
from setwise.partners.models import Partner
from tests.partners.factories import make_partner
from tests.partners.spreadsheets import HEADER, csv_text, row, xlsx_bytes

NAMES = {
    "cp949": ["한빛픽처스", "스튜디오 드래곤", "(주)덱스터스튜디오", "라이브톤 사운드"],
    "shift_jis": ["東宝スタジオ", "株式会社白組", "オムニバス・ジャパン", "ぴえろ"],
    "big5": ["中影股份有限公司", "華納兄弟", "果子電影", "瀚草影視"],
}


def rejected(data: bytes, filename: str = "partners.csv", encoding: str | None = None) -> str:
    with pytest.raises(FileRejected) as info:
        read_rows(data, filename, encoding)
    errors = info.value.errors
    assert len(errors) == 1 and errors[0].row is None
    return errors[0].message


# --- reading --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["cp949", "shift_jis", "big5"])
def test_detects_east_asian_encodings(encoding: str) -> None:
    lines = [row(f"Company {i}", name_local=local) for i, local in enumerate(NAMES[encoding])]
    rows = read_rows(csv_text(*lines).encode(encoding), "partners.csv")
    assert [r.values["name_local"] for r in rows] == NAMES[encoding]


@pytest.mark.parametrize("encoding", ["cp949", "shift_jis", "big5"])
def test_detects_a_single_local_name(encoding: str) -> None:
    for local in NAMES[encoding]:
        rows = read_rows(csv_text(row("X", name_local=local)).encode(encoding))
        assert rows[0].values["name_local"] == local


def test_utf8_with_and_without_bom_and_utf16() -> None:
    text = csv_text(row("Sakura Eizo", "JP", name_local="桜映像"))
    for data in (text.encode("utf-8"), text.encode("utf-8-sig"), text.encode("utf-16")):
        rows = read_rows(data)
        assert rows[0].values == {**rows[0].values, "name": "Sakura Eizo", "name_local": "桜映像", "country": "JP"}


def test_explicit_encoding_is_used_and_checked() -> None:
    data = csv_text(row("Hanbit", name_local="한빛")).encode("euc-kr")
    assert read_rows(data, encoding="euc-kr")[0].values["name_local"] == "한빛"
    assert "cannot be read as" in rejected(data, encoding="utf-8")
    assert "Unknown encoding" in rejected(data, encoding="klingon")


def test_rows_are_numbered_as_in_a_spreadsheet_and_blank_rows_are_skipped() -> None:
    rows = read_rows(csv_text(row("A"), "", ",,,,,,,,,,,,", row("B")).encode())
    assert [(r.row, r.values["name"]) for r in rows] == [(2, "A"), (5, "B")]


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_delimiters(delimiter: str) -> None:
    header = delimiter.join(COLUMNS)
    line = delimiter.join({"name": "Hanbit", "country": "KR", "kinds": "vfx, post"}.get(c, "") for c in COLUMNS)
    rows = read_rows(f"{header}\n{line}\n".encode())
    assert rows[0].values["kinds"] == "vfx, post"


def test_header_may_hold_only_some_columns_in_any_order_and_case() -> None:
    rows = read_rows(b"Country,Kinds,NAME,name local\nkr,vfx,Hanbit,\xed\x95\x9c\xeb\xb9\x9b\n")
    assert rows[0].values == {"country": "kr", "kinds": "vfx", "name": "Hanbit", "name_local": "한빛"}


def test_wrong_columns_are_one_file_error_naming_them() -> None:
    message = rejected(b"nom,pays,kinds,contry\nX,KR,vfx,KR\n")
    assert "missing columns: name, country" in message
    assert "unknown columns: nom, pays, contry" in message
    assert "Expected columns: name, name_local, country" in message
    assert "repeated columns: name" in rejected(b"name,name,country,kinds\nA,B,KR,vfx\n")


def test_empty_files() -> None:
    assert rejected(b"") == "The file is empty."
    assert rejected(b"  \n\n") == "The file is empty."
    assert "no partner rows" in rejected((HEADER + "\n").encode())


def test_binary_files_are_refused() -> None:
    png = b"\x89PNG\r\n\x1a\n" + os.urandom(2000)
    assert "PNG image" in rejected(png)
    assert "binary" in rejected(os.urandom(4096))
    assert "binary" in rejected(b"name,country,kinds\n" + bytes(range(1, 32)) * 50)


def test_undecodable_text_is_refused() -> None:
    # Latin-1 accents are neither UTF-8 nor plausible Korean, Japanese or Chinese text.
    data = csv_text(row("Société Générale de Cinéma Française àéèêëîïôöûüç")).encode("latin-1")
    assert "not recognised" in rejected(data)


def test_files_over_the_limit_are_refused(settings) -> None:
    assert settings.SETWISE_IMPORT_MAX_BYTES == 10 * 1024 * 1024
    big = (csv_text(*[row(f"Company {i}") for i in range(10)]) * 1).encode() + b"x" * (20 * 1024 * 1024)
    assert "too large (20.0 MB); the limit is 10.0 MB" in rejected(big)


def test_too_many_rows(monkeypatch) -> None:
    monkeypatch.setattr(io, "MAX_ROWS", 3)
    assert len(read_rows(csv_text(*[row(f"C{i}") for i in range(3)]).encode())) == 3
    assert "more than 3 partner rows" in rejected(csv_text(*[row(f"C{i}") for i in range(4)]).encode())
    sheet = xlsx_bytes([COLUMNS, *[[f"C{i}", "", "KR", "", "vfx"] for i in range(5)]])
    assert "more than 3 partner rows" in rejected(sheet, "p.xlsx")


def test_reads_xlsx_with_numbers_and_empty_cells() -> None:
    data = xlsx_bytes([["name", "country", "kinds", "phone"], ["Hanbit", "KR", "vfx", 8225550100], [None, None]])
    rows = read_rows(data, "partners.xlsx")
    assert [(r.row, r.values) for r in rows] == [
        (2, {"name": "Hanbit", "country": "KR", "kinds": "vfx", "phone": "8225550100"})
    ]


def test_broken_xlsx_files_are_refused() -> None:
    assert "not a valid XLSX workbook" in rejected(b"this is not a zip at all", "partners.xlsx")
    assert "damaged" in rejected(b"PK\x03\x04" + os.urandom(500), "partners.xlsx")
    archive = _io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("hello.txt", "hi")
    assert "not an XLSX workbook" in rejected(archive.getvalue(), "partners.xlsx")


# --- writing --------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_export_csv_columns_order_and_multi_values(partner_manager) -> None:
    make_partner(partner_manager, "Zeta Post", "JP", ["vfx", "post"], capabilities=["IMF delivery", "ACES"])
    make_partner(partner_manager, "Alpha Pictures", name_local="알파", languages=["ko", "en"], phone="+82 2 555 0100")
    rows = list(csv.reader(_io.StringIO(io.export_csv(Partner.objects.all()))))
    assert rows[0] == COLUMNS
    assert [r[0] for r in rows[1:]] == ["Alpha Pictures", "Zeta Post"]
    alpha = dict(zip(COLUMNS, rows[1], strict=True))
    zeta = dict(zip(COLUMNS, rows[2], strict=True))
    assert alpha["languages"] == "en; ko" and alpha["phone"] == "+82 2 555 0100" and alpha["name_local"] == "알파"
    assert zeta["kinds"] == "post; vfx" and zeta["capabilities"] == "ACES; IMF delivery"
    assert zeta["status"] == "active" and zeta["country"] == "JP"


@pytest.mark.django_db
def test_export_csv_defuses_formulas_and_import_restores_them(partner_manager) -> None:
    make_partner(partner_manager, "Formula Films", notes='=HYPERLINK("http://evil")', phone="-")
    text = io.export_csv(Partner.objects.all())
    exported = dict(zip(COLUMNS, list(csv.reader(_io.StringIO(text)))[1], strict=True))
    assert exported["notes"] == '\'=HYPERLINK("http://evil")'
    assert exported["phone"] == "-"
    assert read_rows(text.encode())[0].values["notes"] == '=HYPERLINK("http://evil")'


@pytest.mark.django_db
def test_export_xlsx_is_text_in_the_same_columns(partner_manager) -> None:
    make_partner(partner_manager, "Sakura Eizo", "JP", ["post", "vfx"], name_local="桜映像", notes="=1+1")
    wb = load_workbook(_io.BytesIO(io.export_xlsx(Partner.objects.all())))
    ws = wb.worksheets[0]
    values = [[c.value for c in r] for r in ws.iter_rows()]
    assert values[0] == COLUMNS
    assert values[1][:5] == ["Sakura Eizo", "桜映像", "JP", None, "post; vfx"]
    notes = ws.cell(row=2, column=COLUMNS.index("notes") + 1)
    assert notes.value == "=1+1" and notes.data_type == "s"


def test_malformed_csv_and_extra_cells() -> None:
    assert "malformed" in rejected(csv_text(row("A"), "B," + "x" * 200_000).encode())
    rows = read_rows(csv_text(row("A") + ",surplus").encode())
    assert rows[0].values["__extra__"] == "surplus"


def test_xlsx_skips_blank_rows_and_keeps_row_numbers() -> None:
    data = xlsx_bytes([["name", "country", "kinds"], ["A", "KR", "vfx"], [None], [None, None], ["B", "JP", "post"]])
    assert [(r.row, r.values["name"]) for r in read_rows(data, "p.xlsx")] == [(2, "A"), (5, "B")]
