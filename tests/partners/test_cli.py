"""`setwise partners import|export`: exit status, messages and files, through call_command."""

from __future__ import annotations

import csv
import io as _io
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from setwise.partners.io import COLUMNS
from setwise.partners.models import Partner
from tests.partners.factories import make_partner
from tests.partners.spreadsheets import csv_text, row

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("partners", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_import_prints_the_count(tmp_path) -> None:
    path = tmp_path / "partners.csv"
    path.write_bytes(csv_text(*[row(f"Company {i}", name_local=f"회사 {i}") for i in range(12)]).encode("cp949"))
    assert run("import", str(path)) == (0, "Imported 12 partners.\n", "")
    assert Partner.objects.count() == 12
    assert Partner.objects.filter(name_local="회사 3").exists()
    assert Partner.objects.first().history.get().history_user is None  # type: ignore[union-attr]


def test_import_with_errors_exits_1_with_one_line_per_problem(tmp_path) -> None:
    path = tmp_path / "partners.csv"
    path.write_text(csv_text(row("Good"), row("Bad", "XX"), row("", kinds="vfx")), encoding="utf-8")
    code, out, err = run("import", str(path))
    assert code == 1 and out == ""
    assert err.splitlines() == [
        "row 3, country: 'XX' is not an ISO 3166 country code",
        "row 4, name: a name is required",
        "Nothing was imported (2 problems).",
    ]
    assert not Partner.objects.exists()


def test_import_encoding_option_and_file_errors(tmp_path) -> None:
    path = tmp_path / "partners.csv"
    path.write_bytes(csv_text(row("Sakura", "JP", name_local="桜映像")).encode("shift_jis"))
    assert run("import", str(path), "--encoding", "shift_jis")[0] == 0
    assert Partner.objects.get().name_local == "桜映像"
    png = tmp_path / "logo.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    code, _out, err = run("import", str(png))
    assert code == 1 and "The file is a PNG image, not a CSV or XLSX spreadsheet." in err
    with pytest.raises(CommandError, match="No such file"):
        call_command("partners", "import", str(tmp_path / "missing.csv"))


def test_import_as_a_user(tmp_path, partner_manager, outsider) -> None:
    path = tmp_path / "partners.csv"
    path.write_text(csv_text(row("Hanbit")), encoding="utf-8")
    with pytest.raises(CommandError, match="may not import"):
        call_command("partners", "import", str(path), "--as", outsider.username)
    with pytest.raises(CommandError, match="No such user"):
        call_command("partners", "import", str(path), "--as", "nobody")
    assert run("import", str(path), "--as", partner_manager.username)[0] == 0
    assert Partner.objects.get().history.get().history_user == partner_manager


def test_export_csv_to_stdout_and_file(tmp_path, partner_manager) -> None:
    make_partner(partner_manager, "Hanbit Pictures", name_local="한빛픽처스", kinds=["vfx", "production"])
    code, out, _err = run("export")
    rows = list(csv.reader(StringIO(out)))
    assert code == 0 and rows[0] == COLUMNS
    assert rows[1][:5] == ["Hanbit Pictures", "한빛픽처스", "KR", "", "production; vfx"]
    target = tmp_path / "out.csv"
    assert run("export", "--format", "csv", "-o", str(target))[0] == 0
    assert target.read_bytes().decode("utf-8") == out


def test_export_xlsx_to_file(tmp_path, partner_manager) -> None:
    make_partner(partner_manager, "Sakura Eizo", "JP", ["post"])
    target = tmp_path / "out.xlsx"
    assert run("export", "--format", "xlsx", "-o", str(target))[0] == 0
    ws = load_workbook(_io.BytesIO(target.read_bytes())).worksheets[0]
    assert [c.value for c in ws[2]][:3] == ["Sakura Eizo", None, "JP"]
