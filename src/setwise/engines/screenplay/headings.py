"""Scene headings of the region: recognising them and taking them apart.

Recognised forms (``looks_like_heading``):

* Hollywood / Indonesian: ``INT. RUMAH - SIANG``, ``EXT``, ``EST``, ``INT./EXT.``, ``INT/EXT``, ``I/E``,
  ``EKS.``, optionally after a scene number (``12 INT. HOUSE - DAY 12`` as printed in PDFs);
* Korean: ``S#12. 민호의 집 / 거실 (낮)``, ``#12. ...``, ``씬12 ...``, and ``12. 장소 - 밤`` (a numbered line that
  ends with a time of day);
* Japanese hashira: ``○喫茶店・店内（夜）`` (also ``〇``/``◯``, optionally after a number);
* Thai: ``ภายใน``/``ภายนอก`` after an optional ``ฉาก 12`` or ``12.``: ``ฉาก 3. ภายใน บ้าน / ครัว - กลางคืน``;
* Chinese: a line with ``內景``/``外景``/``內外景`` (simplified ``内景`` too) as a word: ``12. 内景 医院 / 走廊 夜``.

Taking apart (``parse_heading``): the scene number (Fountain ``#12A#``, a leading ``S#12.``/``#12.``/``씬12``/
``12.``/``ฉาก 12``/``第12场``), INT/EXT normalised to ``INT``, ``EXT`` or ``INT/EXT``, the time of day
normalised to DAY, NIGHT, MORNING, EVENING, DAWN, DUSK, CONTINUOUS or LATER (from a trailing ``- NIGHT`` segment,
a trailing ``(낮)``/``（夜）`` group, or a time word standing alone, e.g. Chinese ``夜``), and the place.

**Set and location.** What is left is the place description. If it has a separator (`` / ``, ``/``, `` - ``,
``・``), the *location* is the part before the first separator (the place: ``RUMAH SAKIT``, ``민호의 집``,
``喫茶店``) and the *set* is the rest (the specific set: ``LORONG``, ``거실``, ``店内``). Without a separator the
set is the whole description and the location is ``None``.
"""

# ruff: noqa: E501 - word lists and sample text are data, kept one entry per line
from __future__ import annotations

import re

from .model import Heading, IntExt

_TOD: dict[str, str] = {}


def _add(target: str, *words: str) -> None:
    for w in words:
        _TOD[w] = target


_add(
    "DAY", "DAY", "AFTERNOON", "NOON", "MIDDAY", "DAYTIME", "SIANG", "HARI", "SIANG HARI",
    "낮", "오후", "한낮", "昼", "日中", "日", "白天", "晝", "下午", "中午", "กลางวัน", "บ่าย",
)  # fmt: skip
_add(
    "NIGHT", "NIGHT", "MIDNIGHT", "LATE NIGHT", "MALAM", "TENGAH MALAM", "밤", "深夜", "夜", "夜晚", "晚上",
    "晚", "กลางคืน", "ดึก",
)  # fmt: skip
_add(
    "MORNING", "MORNING", "EARLY MORNING", "PAGI", "아침", "오전", "朝", "晨", "早晨", "早上", "上午", "清晨",
    "เช้า", "ตอนเช้า",
)  # fmt: skip
_add("EVENING", "EVENING", "LATE AFTERNOON", "SORE", "PETANG", "저녁", "夕方", "夕", "夕刻", "傍晚", "เย็น", "ค่ำ")
_add(
    "DAWN", "DAWN", "SUNRISE", "DAYBREAK", "SUBUH", "FAJAR", "DINI HARI", "새벽", "明け方", "夜明け", "早朝",
    "黎明", "拂曉", "拂晓", "รุ่งเช้า", "รุ่งอรุณ", "ย่ำรุ่ง",
)  # fmt: skip
_add(
    "DUSK", "DUSK", "SUNSET", "TWILIGHT", "MAGIC HOUR", "NIGHTFALL", "SENJA", "해질녘", "황혼", "노을",
    "夕暮れ", "黄昏", "黃昏", "พลบค่ำ", "โพล้เพล้",
)  # fmt: skip
_add(
    "CONTINUOUS", "CONTINUOUS", "CONT", "CONT'D", "CONTINUED", "SAME", "SAME TIME", "LANJUTAN", "BERLANJUT",
    "연속", "이어서", "続き", "接上", "連續", "连续", "ต่อเนื่อง",
)  # fmt: skip
_add(
    "LATER", "LATER", "MOMENTS LATER", "A MOMENT LATER", "SECONDS LATER", "MINUTES LATER", "HOURS LATER",
    "A LITTLE LATER", "KEMUDIAN", "BEBERAPA SAAT KEMUDIAN", "잠시 후", "잠시후", "몇 시간 후", "数分後",
    "後刻", "しばらく後", "稍後", "稍后", "ต่อมา",
)  # fmt: skip

_IE_WORDS: dict[str, IntExt] = {
    "실내": "INT",
    "실외": "EXT",
    "야외": "EXT",
    "內景": "INT",
    "内景": "INT",
    "外景": "EXT",
    "內外景": "INT/EXT",
    "内外景": "INT/EXT",
    "內": "INT",
    "内": "INT",
    "外": "EXT",
    "ภายใน": "INT",
    "ภายนอก": "EXT",
    "ภายใน/ภายนอก": "INT/EXT",
}

_TOD_ALT = "|".join(re.escape(w) for w in sorted(_TOD, key=len, reverse=True))

_LATIN_IE = re.compile(
    r"^(?P<ie>INT\.?\s*/\s*EXT|EXT\.?\s*/\s*INT|INT\.?\s*/\s*EKS|I\s*/\s*E|E\s*/\s*I|INT|EXT|EKS|EST)(?:\.|\s|$)\s*",
    re.IGNORECASE,
)
_NUMBER = r"(?P<num>\d{1,4}[A-Za-z]{0,2})"
_PREFIX = re.compile(
    r"^(?:S\s*#\s*|#\s*|씬\s*|SCENE\s+|SC\.?\s*|ฉาก(?:ที่)?\s*|第\s*)?" + _NUMBER + r"(?:\s*(?:場|场|幕))?"
    r"(?:\s*[.:)．、]\s*|\s+|(?=[○〇◯]))",
    re.IGNORECASE,
)
_FOUNTAIN_NUMBER = re.compile(r"\s*#([^#\s]{1,12})#\s*$")
_TRAILING_PARENS = re.compile(r"\s*[(（]([^()（）]{1,40})[)）]\s*$")
_DASH = re.compile(r"\s+[-–—]+\s+|\s+[-–—]+$|\s*--\s*")
_TOKEN_SPLIT = re.compile(r"[/,、・\s]+")
_HASHIRA = "○〇◯"

_DETECT = [
    re.compile(r"^(?:\d{1,4}[A-Z]{0,2}\.?\s+)?(?:INT\.?\s*/\s*EXT|EXT\.?\s*/\s*INT|I\s*/\s*E|INT|EXT|EKS|EST)(?:\.|\s)", re.I),
    re.compile(r"^(?:S\s*#\s*\d|씬\s*\d|#\d{1,4}[A-Z]{0,2}\.)", re.I),
    re.compile(r"^(?:\d{1,4}[A-Z]{0,2}\.?\s*)?[○〇◯]\S"),
    re.compile(r"^(?:ฉาก(?:ที่)?\s*\d{1,4}[A-Z]{0,2}\.?\s*|\d{1,4}[A-Z]{0,2}\.?\s*)?ภาย(?:ใน|นอก)"),
    re.compile(r"(?:^|[\s.．、])(?:內景|内景|外景|內外景|内外景)(?:$|\s)"),
    re.compile(
        r"^\d{1,4}[A-Z]{0,2}\.\s+\S.*(?:\s[-–—]\s*(?:" + _TOD_ALT + r")|[(（](?:" + _TOD_ALT + r")[)）])\s*$", re.I
    ),
]  # fmt: skip


def looks_like_heading(line: str) -> bool:
    """Whether a line (stripped, not forced) is written as a scene heading in one of the region's conventions."""
    if not line or len(line) > 200:
        return False
    return any(p.search(line) for p in _DETECT)


def time_of_day(word: str) -> str | None:
    """Normalise a time-of-day word (``SIANG`` -> ``DAY``, ``밤`` -> ``NIGHT``) or ``None``."""
    return _TOD.get(" ".join(word.upper().replace("’", "'").split()).strip(".:"))


def _ie_latin(word: str) -> IntExt | None:
    w = re.sub(r"[\s.]", "", word.upper())
    if w == "EST":
        return "EXT"
    if "/" in w:
        return "INT/EXT"
    return "INT" if w == "INT" else "EXT"


def _split_place(place: str) -> tuple[str | None, str]:
    for sep in (" / ", "／", "/", " - ", " – ", " — ", "・", " -- "):
        if sep in place:
            head, _, rest = place.partition(sep)
            head, rest = head.strip(), rest.strip()
            if head and rest:
                return head, rest
            return None, (head or rest)
    return None, place


def parse_heading(text: str, number: str | None = None) -> Heading:
    """Take a heading apart; never fails (an unrecognised heading becomes its own set)."""
    t = " ".join(text.split())
    m = _FOUNTAIN_NUMBER.search(t)
    if m:
        number = number or m.group(1)
        t = t[: m.start()]
    if t.startswith(".") and not t.startswith(".."):
        t = t[1:].lstrip()
    original = t
    m = _PREFIX.match(t)
    if m and (m.end() < len(t)):
        rest = t[m.end() :]
        # a bare number is only a scene number if something heading-like follows it
        if not m.group(0)[:1].isdigit() or looks_like_heading(t) or rest[:1] in _HASHIRA:
            number = number or m.group("num").upper()
            t = rest
            # a PDF repeats the number at the end of the line
            t = re.sub(r"\s+" + re.escape(m.group("num")) + r"\s*$", "", t)
    int_ext: IntExt | None = None
    m = _LATIN_IE.match(t)
    if m:
        int_ext = _ie_latin(m.group("ie"))
        t = t[m.end() :]
    elif t[:1] in _HASHIRA:
        t = t[1:]
    tod: str | None = None
    # a trailing group: (낮), （夜）, (실내/낮)
    m = _TRAILING_PARENS.search(t)
    if m:
        found = False
        for token in _TOKEN_SPLIT.split(m.group(1)):
            if not token:
                continue
            if (td := time_of_day(token)) is not None:
                tod, found = td, True
            elif token in _IE_WORDS:
                int_ext, found = int_ext or _IE_WORDS[token], True
        if not found and (td := time_of_day(m.group(1))) is not None:
            tod, found = td, True
        if found:
            t = t[: m.start()]
    if tod is None:
        parts = _DASH.split(t)
        if len(parts) > 1:
            last = _TRAILING_PARENS.sub("", parts[-1]).strip()
            if (td := time_of_day(last)) is not None:
                tod = td
                t = t[: t.rfind(parts[-1])] if parts[-1] else t
                t = _DASH.sub(" - ", t).rstrip(" -–—")
    # words standing alone: Chinese 日 內景 ..., Thai ภายใน ... กลางคืน
    tokens = t.split()
    kept: list[str] = []
    for i, token in enumerate(tokens):
        bare = token.strip(".:、．")
        if bare in _IE_WORDS and (len(bare) > 1 or len(tokens) > 1):
            int_ext = int_ext or _IE_WORDS[bare]
            continue
        if tod is None and (i == len(tokens) - 1 or (i == 0 and not bare.isascii())) and len(tokens) > 1:
            td = time_of_day(bare)
            if td is not None and (not bare.isascii() or i == len(tokens) - 1):
                tod = td
                continue
        kept.append(token)
    place = " ".join(kept).strip(" -–—.:/・")
    location, set_ = _split_place(place)
    return Heading(
        text=original,
        number=number,
        int_ext=int_ext,
        location=location,
        set=set_ or place,
        time_of_day=tod,
    )
