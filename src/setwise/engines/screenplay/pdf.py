"""PDF screenplay reader (PDFium through pypdfium2): text lines with their positions, classified by indentation.

The action margin is the leftmost indentation used by a good share of the lines (about 1.5 inches on a standard
page). Relative to it: dialogue about 1 inch in, parentheticals about 1.6 inches, character cues about 2.2
inches, transitions 3.5 inches or more (or right-aligned ``... TO:``). Scene headings are action-margin lines
written as headings (see ``headings``); numbers printed in the margins become scene numbers; page numbers,
``(MORE)`` and ``CONTINUED`` lines are dropped. Every element keeps its page and vertical position, so scene
lengths are measured on the file's own pages. Encrypted PDFs that need a password, PDFs without a text layer
(scanned images) and files that are not PDFs give a ``ScriptError``.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from typing import Any

from .errors import ScriptError
from .headings import looks_like_heading
from .model import ACTION, CENTERED, CHARACTER, DIALOGUE, HEADING, PARENTHETICAL, TRANSITION, Element, TitlePage

_NUMBER = re.compile(r"^\d{1,4}[A-Z]{0,2}\.?$")
_SKIP = re.compile(r"^(?:\(MORE\)|\(?CONTINUED\)?:?|CONTINUED:\s*\(\d+\)|\(계속\)|\(続く\))$", re.IGNORECASE)
_CONTD = re.compile(r"\s*\((?:CONT['’]?D|CONTINUING|계속)\)\s*$", re.IGNORECASE)
_WORD = re.compile(r"[^\s\x00-\x1f]+")
INCH = 72.0


_Word = tuple[float, float, float, float, str]  # top, bottom, x0, x1, text (top measured down from the page top)
_Line = tuple[float, float, float, float, str, str | None]
_LOCK = threading.Lock()  # PDFium is not thread-safe


def _words(textpage: Any, height: float) -> list[_Word]:
    """The page's words (runs of characters between spaces and line ends) with their boxes.

    PDFium orders the characters and inserts its own spaces and line ends; each word's box is the loose box
    (font ascent to descent) of its first and last characters.
    """
    count = textpage.count_chars()
    if count <= 0:
        return []
    text = textpage.get_text_range(0, count)
    charbox = textpage.get_charbox
    if len(text) != count:  # characters outside the BMP: read them one by one to keep indexes aligned
        text = "".join((textpage.get_text_range(i, 1) or " ")[:1] for i in range(count))
    words: list[_Word] = []
    for match in _WORD.finditer(text):
        first, last = match.start(), match.end() - 1
        left, bottom, right, top = charbox(first, loose=True)
        if last != first:
            last_left, _, right, last_top = charbox(last, loose=True)
            if abs(last_top - top) > 2.5 or last_left < left:
                # PDFium ran two lines together: split the run where the characters move to another line
                words.extend(_split_run(charbox, match.group(), first, height))
                continue
        words.append((height - top, height - bottom, left, right, match.group()))
    return words


def _split_run(charbox: Any, text: str, start: int, height: float) -> list[_Word]:
    out: list[_Word] = []
    chars: list[str] = []
    box: list[float] = []  # left, bottom, right, top of the current piece
    for offset, ch in enumerate(text):
        left, bottom, right, top = charbox(start + offset, loose=True)
        if chars and (abs(top - box[3]) > 2.5 or left < box[0]):
            out.append((height - box[3], height - box[1], box[0], box[2], "".join(chars)))
            chars = []
        if not chars:
            box = [left, bottom, right, top]
        chars.append(ch)
        box[2] = right
    if chars:
        out.append((height - box[3], height - box[1], box[0], box[2], "".join(chars)))
    return out


def _lines(words: list[_Word], width: float) -> list[_Line]:
    """(top, bottom, x0, x1, text, margin number) per text line of a page."""
    rows: list[list[_Word]] = []
    for w in sorted(words, key=lambda w: (round(w[0]), w[2])):
        if rows and abs(rows[-1][0][0] - w[0]) < 2.5:
            rows[-1].append(w)
        else:
            rows.append([w])
    out: list[_Line] = []
    for row in rows:
        row.sort(key=lambda w: w[2])
        number: str | None = None
        # scene numbers printed in the margins
        if len(row) > 1 and _NUMBER.match(row[0][4]) and row[0][3] < 1.3 * INCH:
            number = row.pop(0)[4].rstrip(".")
        if len(row) > 1 and _NUMBER.match(row[-1][4]) and row[-1][2] > width - 1.3 * INCH:
            number = number or row[-1][4].rstrip(".")
            row.pop()
        parts: list[str] = []
        prev_x1: float | None = None
        for _top, _bottom, x0, x1, word in row:
            if prev_x1 is not None and x0 - prev_x1 > 1.0:
                parts.append(" ")
            parts.append(word)
            prev_x1 = x1
        first = row[0]
        out.append((first[0], first[1], first[2], prev_x1 or 0.0, "".join(parts), number))
    return out


def _open(data: bytes) -> list[tuple[int, float, list[_Line]]]:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message or "security" in message:
            raise ScriptError("the PDF is encrypted and needs a password") from None
        if "format" in message or "file" in message:
            raise ScriptError("the PDF is damaged and cannot be read") from None
        raise ScriptError("the PDF cannot be read") from None
    pages: list[tuple[int, float, list[_Line]]] = []
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                width, height = page.get_size()
                textpage = page.get_textpage()
                try:
                    words = _words(textpage, float(height))
                finally:
                    textpage.close()
            finally:
                page.close()
            pages.append((index + 1, float(width), _lines(words, float(width))))
    except pdfium.PdfiumError:
        raise ScriptError("the PDF is damaged and cannot be read") from None
    finally:
        document.close()
    return pages


def read(data: bytes) -> tuple[TitlePage, list[Element], int]:
    if not data.lstrip()[:1024].startswith(b"%PDF-") and b"%PDF-" not in data[:1024]:
        raise ScriptError("not a PDF file")
    with _LOCK:
        pages = _open(data)
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
            elif 1.8 <= dx < 3.2 and not text.startswith(("(", "（")):
                kind = CHARACTER if not (abs((x0 + x1) / 2 - width / 2) < 8 and dx < 2.0) else CENTERED
            elif 1.2 <= dx < 2.4 and text.startswith(("(", "（")):
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
                and not (kind == PARENTHETICAL and prev.text.endswith((")", "）")))
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
