"""Reading and writing partner spreadsheets (CSV and XLSX).

Export writes the columns of ``COLUMNS`` in that order, one partner per row after the header row; several
kinds, capabilities or languages are joined with ``"; "`` in sorted order.

Import reads the file into plain rows of text (``read_rows``); checking the values and writing partners is
the job of ``services.import_partners``. A file that cannot be read at all raises ``FileRejected`` with
file-level errors (``row`` is ``None``). Row numbers are those a spreadsheet program shows: the header is
row 1, the first partner row 2.

CSV files may be UTF-8 (with or without BOM), UTF-16 with a BOM, CP949/EUC-KR, Shift_JIS or Big5. Strict
UTF-8 is tried first; otherwise the East Asian encodings that decode the file without error are ranked by
how plausible the decoded text is for the script of that encoding (e.g. common Hangul syllables for CP949,
kana and common kanji for Shift_JIS), with charset-normalizer breaking near ties. The delimiter may be a
comma, a semicolon or a tab (the one that makes the header row a list of known columns wins).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io as _io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from setwise.partners.models import Partner

COLUMNS = [
    "name",
    "name_local",
    "country",
    "city",
    "kinds",
    "capabilities",
    "languages",
    "size",
    "website",
    "email",
    "phone",
    "status",
    "notes",
]
REQUIRED_COLUMNS = ["name", "country", "kinds"]
MULTI_SEPARATOR = ";"
MAX_ROWS = 50_000
# An XLSX is a ZIP archive: refuse archives that inflate far beyond any real partner list (zip bombs).
MAX_XLSX_UNCOMPRESSED = 200 * 1024 * 1024
CANDIDATE_ENCODINGS = ["cp949", "shift_jis", "big5"]
ENCODING_LABELS = {"cp949": "CP949/EUC-KR", "shift_jis": "Shift_JIS", "big5": "Big5"}

_BINARY_SIGNATURES = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"\xd0\xcf\x11\xe0": "an old Excel (.xls) or other Office 97-2003 file; save it as XLSX or CSV",
    b"\x1f\x8b": "a gzip archive",
    b"Rar!": "a RAR archive",
    b"7z\xbc\xaf": "a 7-Zip archive",
}


@dataclass(frozen=True)
class RowError:
    """One problem found in a file: ``row`` is the spreadsheet row number (``None`` for the whole file)."""

    row: int | None
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}

    def __str__(self) -> str:
        if self.row is None:
            return f"{self.column}: {self.message}" if self.column else self.message
        return f"row {self.row}, {self.column}: {self.message}" if self.column else f"row {self.row}: {self.message}"


class FileRejected(Exception):
    """The file cannot be read as a partner spreadsheet; ``errors`` says why (file-level)."""

    def __init__(self, *errors: RowError):
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = list(errors)


def _reject(message: str, column: str = "") -> FileRejected:
    return FileRejected(RowError(None, column, message))


@dataclass(frozen=True)
class SheetRow:
    """One data row of a spreadsheet: its row number and the text of each known column."""

    row: int
    values: dict[str, str]


# --- export -----------------------------------------------------------------------------------------------


def _export_rows(qs: QuerySet[Any]) -> Iterator[list[str]]:
    partners: Iterable[Partner] = qs.order_by("name_key", "pk").prefetch_related("kinds", "capabilities", "languages")
    for p in partners:
        yield [
            p.name,
            p.name_local,
            p.country,
            p.city,
            "; ".join(sorted(k.code for k in p.kinds.all())),
            "; ".join(sorted(c.name for c in p.capabilities.all())),
            "; ".join(sorted(lang.code for lang in p.languages.all())),
            p.size,
            p.website,
            p.email,
            p.phone,
            p.status,
            p.notes,
        ]


# A cell a spreadsheet program would run as a formula. Values starting with + or - that read like a phone
# number or a plain number stay as they are (nothing in them can act); anything else gets a leading quote,
# which the importer removes again.
_FORMULA_START = ("=", "@", "\t", "\r")
_NUMBERISH = re.compile(r"[+\-][\d\s().\-/+]*")


def _needs_quote(value: str) -> bool:
    if value.startswith(_FORMULA_START):
        return True
    return value.startswith(("+", "-")) and not _NUMBERISH.fullmatch(value)


def _csv_cell(value: str) -> str:
    return "'" + value if _needs_quote(value) else value


def _unquote_cell(value: str) -> str:
    return value[1:] if value.startswith("'") and _needs_quote(value[1:]) else value


def export_csv(qs: QuerySet[Any]) -> str:
    """The partners of ``qs`` as CSV text (header row first; the caller picks the byte encoding)."""
    out = _io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in _export_rows(qs):
        writer.writerow([_csv_cell(v) for v in row])
    return out.getvalue()


def export_xlsx(qs: QuerySet[Any]) -> bytes:
    """The partners of ``qs`` as an XLSX workbook with one sheet; every cell is text (never a formula)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Partners")
    bold = Font(bold=True)
    header = []
    for name in COLUMNS:
        cell = WriteOnlyCell(ws, value=name)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    for row in _export_rows(qs):
        cells = []
        for value in row:
            cell = WriteOnlyCell(ws, value=value)
            cell.data_type = "s"  # text even if it starts with "=": exported data never runs as a formula
            cells.append(cell)
        ws.append(cells)
    out = _io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- import: bytes -> rows ----------------------------------------------------------------------------------


def read_rows(data: bytes, filename: str = "", encoding: str | None = None) -> list[SheetRow]:
    """The data rows of a CSV or XLSX file, keyed by column name; raises ``FileRejected`` if the file cannot
    be read, its header is wrong, or it is empty, too large or has too many rows."""
    limit = int(settings.SETWISE_IMPORT_MAX_BYTES)
    if len(data) > limit:
        raise _reject(f"The file is too large ({len(data) / 1048576:.1f} MB); the limit is {limit / 1048576:.1f} MB.")
    if not data.strip():
        raise _reject("The file is empty.")
    is_xlsx_name = filename.lower().endswith((".xlsx", ".xlsm"))
    if data.startswith(b"PK\x03\x04"):
        records = _xlsx_records(data)
    elif is_xlsx_name:
        raise _reject("The file is not a valid XLSX workbook (an XLSX file is a ZIP archive).")
    else:
        records = _csv_records(_decode(data, encoding))
    return _rows_from_records(records)


def _rows_from_records(records: Iterator[tuple[int, list[str]]]) -> list[SheetRow]:
    """``records`` are (row number, cells); the first is the header row."""
    header_cells = next((cells for _n, cells in records), None)
    if header_cells is None or not any(c.strip() for c in header_cells):
        raise _reject("The file is empty: the first row must name the columns.")
    header = _check_header(header_cells)
    rows: list[SheetRow] = []
    for number, cells in records:
        if not any(c.strip() for c in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise _reject(f"The file has more than {MAX_ROWS:,} partner rows; split it into smaller files.")
        values = {name: "" for name in header if name}
        extra = [c for c in cells[len(header) :] if c.strip()]
        for name, cell in zip(header, cells, strict=False):
            if name:
                values[name] = _unquote_cell(cell.strip())
        if extra:
            values["__extra__"] = " | ".join(extra)
        rows.append(SheetRow(number, values))
    if not rows:
        raise _reject("The file has a header row but no partner rows.")
    return rows


def _normalise_header(cell: str) -> str:
    return re.sub(r"[\s\-]+", "_", cell.strip().lstrip("\ufeff").strip().lower())


def _check_header(cells: list[str]) -> list[str]:
    """The column name of each position ('' for a trailing empty column); one file-level error if columns
    are missing, unknown or repeated."""
    names = [_normalise_header(c) for c in cells]
    while names and not names[-1]:
        names.pop()
    present = [n for n in names if n]
    missing = [c for c in REQUIRED_COLUMNS if c not in present]
    unknown = [n for n in present if n not in COLUMNS]
    repeated = sorted({n for n in present if present.count(n) > 1})
    blank = len(present) != len(names)
    if missing or unknown or repeated or blank:
        parts = []
        if missing:
            parts.append("missing columns: " + ", ".join(missing))
        if unknown:
            parts.append("unknown columns: " + ", ".join(unknown))
        if repeated:
            parts.append("repeated columns: " + ", ".join(repeated))
        if blank:
            parts.append("a column without a name")
        raise _reject(
            "The header row is wrong (" + "; ".join(parts) + "). Expected columns: " + ", ".join(COLUMNS) + ".",
            column="header",
        )
    return names


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    return str(value)


def _xlsx_records(data: bytes) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(_io.BytesIO(data)) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        raise _reject("The file is not a valid XLSX workbook (the ZIP archive is damaged).") from None
    if "[Content_Types].xml" not in names:
        raise _reject("The file is a ZIP archive but not an XLSX workbook.")
    if inflated > MAX_XLSX_UNCOMPRESSED:
        raise _reject("The XLSX workbook unpacks to more than 200 MB; save a smaller file or use CSV.")
    try:
        wb = load_workbook(_io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise _reject(f"The file is not a readable XLSX workbook ({type(exc).__name__}).") from None
    records: list[tuple[int, list[str]]] = []
    try:
        if not wb.worksheets:
            raise _reject("The XLSX workbook has no worksheet.")
        for number, values in enumerate(wb.worksheets[0].iter_rows(values_only=True), start=1):
            cells = [_cell_text(v) for v in values]
            if records and not any(c.strip() for c in cells):
                continue  # formatted but empty rows (a sheet may have a million of them)
            records.append((number, cells))
            if len(records) > MAX_ROWS + 1:
                raise _reject(f"The file has more than {MAX_ROWS:,} partner rows; split it into smaller files.")
    except FileRejected:
        raise
    except Exception as exc:
        raise _reject(f"The XLSX workbook could not be read ({type(exc).__name__}).") from None
    finally:
        wb.close()
    return iter(records)


def _csv_records(text: str) -> Iterator[tuple[int, list[str]]]:
    first_line = text.split("\n", 1)[0]
    delimiter = _pick_delimiter(first_line)
    reader = csv.reader(_io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from enumerate(reader, start=1)
    except csv.Error as exc:
        raise _reject(f"The CSV file is malformed near line {reader.line_num}: {exc}.") from None


def _pick_delimiter(header_line: str) -> str:
    def known(delim: str) -> int:
        return sum(_normalise_header(c) in COLUMNS for c in next(csv.reader([header_line], delimiter=delim), []))

    return max([",", ";", "\t"], key=known)  # ties keep the comma


# --- import: bytes -> text ------------------------------------------------------------------------------------


def _decode(data: bytes, encoding: str | None) -> str:
    head = data[:8192]
    for signature, what in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise _reject(f"The file is {what}, not a CSV or XLSX spreadsheet.")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not encoding:
        text = _strict(data, "utf-16")
    elif encoding:
        try:
            name = codecs.lookup(encoding).name
        except LookupError:
            raise _reject(f"Unknown encoding {encoding!r}.", column="encoding") from None
        if name == "utf-8":
            name = "utf-8-sig"
        text = _strict(data, name)
    elif b"\x00" in head:
        raise _reject("The file is binary, not a CSV or XLSX spreadsheet.")
    else:
        text = _detect(data)
    _check_text(text)
    return text.lstrip("\ufeff")


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise _reject(
            f"The file cannot be read as {ENCODING_LABELS.get(encoding, encoding)} text "
            f"(invalid bytes at position {exc.start})."
        ) from None


def _check_text(text: str) -> None:
    sample = text[:65536]
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\t\r\n\f")
    if controls and controls > len(sample) / 200:
        raise _reject("The file is binary, not a CSV or XLSX spreadsheet.")


def _detect(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    decoded: dict[str, str] = {}
    for enc in CANDIDATE_ENCODINGS:
        try:
            decoded[enc] = data.decode(enc)
        except UnicodeDecodeError:
            continue
    scores = {enc: plausibility(text, enc) for enc, text in decoded.items()}
    plausible = {enc: s for enc, s in scores.items() if s >= 0.6}
    if not plausible:
        raise _reject(
            "The file's text encoding is not recognised: it is not UTF-8, CP949/EUC-KR, Shift_JIS or Big5 "
            "text. Save it as 'CSV UTF-8' or XLSX, or name the encoding."
        )
    best = max(plausible.values())
    close = [enc for enc, s in plausible.items() if best - s < 0.1]
    if len(close) > 1:
        from charset_normalizer import from_bytes

        guess = from_bytes(data[:65536], cp_isolation=close).best()
        if guess is not None and guess.encoding in close:
            return decoded[guess.encoding]
    return decoded[max(plausible, key=lambda enc: plausible[enc])]


def _encodes_to(ch: str, encoding: str) -> bytes:
    try:
        return ch.encode(encoding)
    except UnicodeEncodeError:
        return b""


def _plausible_char(ch: str, encoding: str) -> bool:
    cp = ord(ch)
    if 0x3000 <= cp <= 0x303F or 0xFF01 <= cp <= 0xFF5E or cp in (0x00B7, 0x2022, 0x2026, 0x2018, 0x2019):
        return True  # CJK and full-width punctuation
    if 0x2010 <= cp <= 0x201D:
        return True
    if encoding == "cp949":
        if 0xAC00 <= cp <= 0xD7A3:  # Hangul syllables of KS X 1001, the 2,350 in everyday use
            return len(_encodes_to(ch, "euc_kr")) == 2
        return 0x4E00 <= cp <= 0x9FFF  # Hanja
    if encoding == "shift_jis":
        if 0x3041 <= cp <= 0x30FF:  # hiragana and katakana (not the half-width forms)
            return True
        if 0x4E00 <= cp <= 0x9FFF:  # JIS level 1 kanji (the common ones): lead bytes 0x88-0x98
            raw = _encodes_to(ch, "shift_jis")
            return len(raw) == 2 and 0x88 <= raw[0] <= 0x98
        return False
    if encoding == "big5":
        if 0x4E00 <= cp <= 0x9FFF:  # frequently used characters of Big5: 0xA440-0xC67E
            raw = _encodes_to(ch, "big5")
            return len(raw) == 2 and 0xA440 <= int.from_bytes(raw) <= 0xC67E
        return False
    return False


def plausibility(text: str, encoding: str) -> float:
    """The share of non-ASCII characters of ``text`` that are everyday characters of the script of
    ``encoding`` (1.0 for pure ASCII)."""
    sample = [ch for ch in text[:400_000] if ord(ch) > 0x7F][:20_000]
    if not sample:
        return 1.0
    return sum(_plausible_char(ch, encoding) for ch in sample) / len(sample)
