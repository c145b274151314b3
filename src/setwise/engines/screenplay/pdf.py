"""PDF screenplay reader (pdfplumber): text lines with their positions, classified by indentation.

The action margin is the leftmost indentation used by a good share of the lines (about 1.5 inches on a standard
page). Relative to it: dialogue about 1 inch in, parentheticals about 1.6 inches, character cues about 2.2
inches, transitions 3.5 inches or more (or right-aligned ``... TO:``). Scene headings are action-margin lines
written as headings (see ``headings``); numbers printed in the margins become scene numbers; page numbers,
``(MORE)`` and ``CONTINUED`` lines are dropped. Every element keeps its page and vertical position, so scene
lengths are measured on the file's own pages. Encrypted PDFs that need a password, PDFs without a text layer
(scanned images) and files that are not PDFs give a ``ScriptError``.
"""

from __future__ import annotations

import io
import re
from collections import Counter

from .errors import ScriptError
from .headings import looks_like_heading
from .model import ACTION, CENTERED, CHARACTER, DIALOGUE, HEADING, PARENTHETICAL, TRANSITION, Element, TitlePage

_NUMBER = re.compile(r"^\d{1,4}[A-Z]{0,2}\.?$")
_SKIP = re.compile(r"^(?:\(MORE\)|\(?CONTINUED\)?:?|CONTINUED:\s*\(\d+\)|\(계속\)|\(続く\))$", re.IGNORECASE)
_CONTD = re.compile(r"\s*\((?:CONT['’]?D|CONTINUING|계속)\)\s*$", re.IGNORECASE)
INCH = 72.0


def _lines(page: object) -> list[tuple[float, float, float, float, str, str | None]]:
    """(top, bottom, x0, x1, text, margin number) per text line of a page."""
    words = page.extract_words(keep_blank_chars=False, use_text_flow=False)  # type: ignore[attr-defined]
    width = float(page.width)  # type: ignore[attr-defined]
    rows: list[list[dict[str, object]]] = []
    for w in sorted(words, key=lambda w: (round(float(w["top"])), float(w["x0"]))):
        if rows and abs(float(rows[-1][0]["top"]) - float(w["top"])) < 2.5:  # type: ignore[arg-type]
            rows[-1].append(w)
        else:
            rows.append([w])
    out = []
    for row in rows:
        row.sort(key=lambda w: float(w["x0"]))  # type: ignore[arg-type]
        number: str | None = None
        # scene numbers printed in the margins
        if len(row) > 1 and _NUMBER.match(str(row[0]["text"])) and float(row[0]["x1"]) < 1.3 * INCH:  # type: ignore[arg-type]
            number = str(row.pop(0)["text"]).rstrip(".")
        if len(row) > 1 and _NUMBER.match(str(row[-1]["text"])) and float(row[-1]["x0"]) > width - 1.3 * INCH:  # type: ignore[arg-type]
            number = number or str(row[-1]["text"]).rstrip(".")
            row.pop()
        text = ""
        prev_x1 = None
        for w in row:
            x0 = float(w["x0"])  # type: ignore[arg-type]
            if prev_x1 is not None:
                text += " " if x0 - prev_x1 > 1.0 else ""
            text += str(w["text"])
            prev_x1 = float(w["x1"])  # type: ignore[arg-type]
        out.append((float(row[0]["top"]), float(row[0]["bottom"]), float(row[0]["x0"]), prev_x1 or 0.0, text, number))  # type: ignore[arg-type]
    return out


def read(data: bytes) -> tuple[TitlePage, list[Element], int]:
    if not data.lstrip()[:1024].startswith(b"%PDF-") and b"%PDF-" not in data[:1024]:
        raise ScriptError("not a PDF file")
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise ScriptError("the PDF is encrypted and needs a password") from None
    except PDFSyntaxError:
        raise ScriptError("the PDF is damaged and cannot be read") from None
    except Exception as exc:
        inner = [a for a in exc.args if isinstance(a, BaseException)]
        if (
            any(isinstance(a, PDFPasswordIncorrect | PDFEncryptionError) for a in inner)
            or "password" in str(exc).lower()
        ):
            raise ScriptError("the PDF is encrypted and needs a password") from None
        raise ScriptError(f"the PDF cannot be read ({type(exc).__name__})") from None
    pages: list[tuple[int, float, list[tuple[float, float, float, float, str, str | None]]]] = []
    with pdf:
        for number, page in enumerate(pdf.pages, start=1):
            pages.append((number, float(page.width), _lines(page)))
    if not any(lines for _, _, lines in pages):
        raise ScriptError("the PDF has no text layer (scanned images?); export the script as text or FDX")
    page_count = len(pages)
    # the action margin: the leftmost indentation that at least 8% of body lines share
    indents: Counter[int] = Counter()
    total = 0
    for _, _, lines in pages:
        for _top, _bottom, x0, _x1, _text, _num in lines:
            indents[round(x0 / 3)] += 1
            total += 1
    common = sorted(k for k, c in indents.items() if c >= max(2, total * 0.08))
    margin = (common[0] * 3) if common else 1.5 * INCH
    title_fields: list[tuple[str, str]] = []
    elements: list[Element] = []
    seen_heading = False
    first_page_lines = pages[0][2]
    first_is_title = (
        page_count > 1 and not any(looks_like_heading(t) for _, _, _, _, t, _ in first_page_lines)
    ) and len(first_page_lines) < 25
    for number, width, lines in pages:
        if number == 1 and first_is_title:
            texts = [t for _, _, _, _, t, _ in lines if t.strip()]
            if texts:
                title_fields.append(("title", texts[0]))
                if len(texts) > 1:
                    title_fields.append(("credit", "\n".join(texts[1:])))
            continue
        prev: Element | None = None
        prev_bottom = -1.0
        for index, (top, bottom, x0, x1, text, scene_number) in enumerate(lines):
            text = text.strip()
            if not text or _SKIP.match(text):
                continue
            if index == 0 and _NUMBER.match(text) and x0 > width / 2:
                continue  # the page number
            dx = (x0 - margin) / INCH
            if dx < 0.5 and (scene_number or looks_like_heading(text)):
                kind = HEADING
                seen_heading = True
            elif dx >= 3.2 or (x1 > width - 1.6 * INCH and text.endswith(":") and dx > 1.5):
                kind = TRANSITION
            elif 1.8 <= dx < 3.2 and not text.startswith("("):
                kind = CHARACTER if not (abs((x0 + x1) / 2 - width / 2) < 8 and dx < 2.0) else CENTERED
            elif 1.2 <= dx < 2.4 and text.startswith("("):
                kind = PARENTHETICAL
            elif 0.6 <= dx < 1.8:
                kind = DIALOGUE
            else:
                kind = ACTION
            if kind == CHARACTER:
                text = _CONTD.sub("", text)
            same_block = prev is not None and prev.page == number and top - prev_bottom < 6.0
            if (
                same_block
                and prev is not None
                and prev.kind == kind
                and kind in (ACTION, DIALOGUE, PARENTHETICAL)
                and not (kind == PARENTHETICAL and prev.text.endswith(")"))
            ):
                prev = Element(kind, prev.text + "\n" + text, page=number, top=prev.top, bottom=bottom)
                elements[-1] = prev
            else:
                prev = Element(
                    kind,
                    text,
                    scene_number=scene_number if kind == HEADING else None,
                    page=number,
                    top=top,
                    bottom=bottom,
                )
                elements.append(prev)
            prev_bottom = bottom
    del seen_heading
    return TitlePage(tuple(title_fields)), elements, page_count - (1 if first_is_title else 0)
