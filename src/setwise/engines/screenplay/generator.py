"""The project's own deterministic script generator: features and series episodes in English, Korean,
Japanese, Thai, Indonesian and Chinese, written as Fountain, Final Draft (FDX) or PDF.

``generate(language, pages=120, seed=1)`` returns a ``Draft`` (title and elements); ``to_fountain``,
``to_fdx`` and ``to_pdf`` write it. The same seed gives the same script. The PDF writer lays pages out as a
printing program does (standard margins, 55 lines, headings kept with their next line, speeches split with
``(MORE)`` and ``(CONT'D)``, page numbers, scene numbers in both margins); it needs fpdf2 (and, for Thai, the TLWG
Thai font installed on the machine) and, for Korean, Japanese and Chinese, reportlab's CID fonts.
"""

# ruff: noqa: E501 - word lists and sample text are data, kept one entry per line
from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from .characters import has_latin
from .eighths import LINES_PER_PAGE, WIDTHS, element_lines, wrap
from .model import ACTION, CHARACTER, DIALOGUE, HEADING, PARENTHETICAL, TRANSITION, Element

LANGUAGES = ("en", "ko", "ja", "th", "id", "zh")


@dataclass(frozen=True, slots=True)
class Draft:
    title: str
    author: str
    language: str
    elements: tuple[Element, ...]


_DATA: dict[str, dict[str, list[str]]] = {
    "en": {
        "names": ["MIN-HO", "JI-WOO", "SARAH", "DAVID", "HANA", "KENJI", "DETECTIVE PARK"],
        "places": ["HOUSE/KITCHEN", "HOSPITAL/CORRIDOR", "POLICE STATION/INTERROGATION ROOM", "CAFE", "STREET",
                   "ROOFTOP", "HAN RIVER PARK", "OFFICE/CONFERENCE ROOM"],
        "tods": ["DAY", "NIGHT", "MORNING", "EVENING", "CONTINUOUS"],
        "actions": ["{a} walks in holding a phone and a bag of groceries.", "{a} looks at {b} across the room. "
                    "Neither of them speaks for a long moment.", "Rain hammers the windows. {a} lights a cigarette.",
                    "A car pulls up outside. {a} grabs the keys and runs for the door.", "{a} and {b} kiss.",
                    "The crowd parts as {a} runs through, knocking over a table of cups.",
                    "{a} wipes blood from a split lip and stares at the gun on the floor.",
                    "A dog barks somewhere in the building. {a} freezes.",
                    "{a} opens the letter, reads it twice, then burns it in the sink.",
                    "Children play in the courtyard below. {a} watches them from the window."],
        "lines": ["I told you not to come here.", "Where were you last night?", "It doesn't matter anymore.",
                  "We don't have much time. They know about the money.", "You should have called me first.",
                  "I'm not leaving without her.", "Look at me. Look at me! It's going to be fine.",
                  "He said he'd be here by nine.", "Then we wait."],
        "parens": ["(quietly)", "(beat)", "(into phone)", "(smiling)"],
    },
    "id": {
        "names": ["RINA", "BUDI", "SARI", "ADIT", "PAK HARTO"],
        "places": ["RUMAH SAKIT/LORONG", "RUMAH BUDI/RUANG TAMU", "KANTOR POLISI/RUANG INTEROGASI", "WARUNG",
                   "JALAN RAYA", "PANTAI"],
        "tods": ["SIANG", "MALAM", "PAGI", "SORE"],
        "actions": ["{a} masuk membawa ponsel dan tas belanja.", "{a} menatap {b} dari seberang ruangan.",
                    "Hujan deras. {a} menyalakan rokok.", "Sebuah mobil berhenti di depan. {a} mengambil kunci.",
                    "{a} dan {b} berciuman.", "Kerumunan menyingkir saat {a} berlari.",
                    "{a} menyeka darah dari bibirnya. Sebuah pistol tergeletak di lantai."],
        "lines": ["Aku sudah bilang jangan datang ke sini.", "Kamu ke mana semalam?", "Itu tidak penting lagi.",
                  "Kita tidak punya banyak waktu.", "Seharusnya kamu telepon dulu."],
        "parens": ["(pelan)", "(tersenyum)"],
    },
    "ko": {
        "names": ["민호", "지우", "서연", "준호", "박 형사"],
        "places": ["민호의 집/거실", "병원/복도", "경찰서/취조실", "카페", "한강 공원", "옥상"],
        "tods": ["낮", "밤", "아침", "저녁"],
        "actions": ["{a}, 휴대폰과 장바구니를 들고 들어온다.", "{a}, 방 건너편의 {b}를 바라본다. 긴 침묵.",
                    "비가 창문을 두드린다. {a}, 담배에 불을 붙인다.", "밖에 자동차가 멈춘다. {a}, 열쇠를 집어 든다.",
                    "{a}와 {b}, 키스한다.", "군중 사이로 {a}가 달려간다.", "{a}, 입가의 피를 닦는다. 바닥에 권총이 있다."],
        "lines": ["여기 오지 말라고 했잖아.", "어젯밤에 어디 있었어?", "이제 상관없어.", "시간이 없어. 그들이 돈에 대해 알아.",
                  "먼저 전화했어야지."],
        "parens": ["(조용히)", "(웃으며)"],
    },
    "ja": {
        "names": ["民子", "健太", "美咲", "翔", "山田刑事"],
        "places": ["喫茶店・店内", "病院・廊下", "警察署・取調室", "駅・ホーム", "公園", "屋上"],
        "tods": ["昼", "夜", "朝", "夕方"],
        "actions": ["{a}、スマホと買い物袋を持って入ってくる。", "{a}、部屋の向こうの{b}を見つめる。長い沈黙。",
                    "雨が窓を叩く。{a}、煙草に火をつける。", "外に車が止まる。{a}、鍵を掴む。", "{a}と{b}、キスをする。",
                    "群衆をかき分けて{a}が走る。", "{a}、唇の血を拭う。床に拳銃がある。"],
        "lines": ["ここに来るなと言ったはずだ。", "昨夜はどこにいたの？", "もうどうでもいい。", "時間がない。",
                  "先に電話してほしかった。"],
        "parens": ["（小声で）", "（微笑んで）"],
    },
    "zh": {
        "names": ["小明", "李华", "王芳", "张伟", "陈警官"],
        "places": ["医院/走廊", "警察局/审讯室", "咖啡馆", "家/客厅", "街道", "天台"],
        "tods": ["日", "夜", "晨", "黄昏"],
        "actions": ["{a}拿着手机和购物袋走进来。", "{a}隔着房间看着{b}。长时间的沉默。", "大雨敲打着窗户。{a}点燃香烟。",
                    "一辆汽车停在外面。{a}抓起钥匙。", "{a}和{b}接吻。", "人群中{a}奔跑着。", "{a}擦去嘴角的血。地上有一把手枪。"],
        "lines": ["我告诉过你不要来这里。", "你昨晚在哪里？", "已经不重要了。", "我们没有时间了。", "你应该先打电话。"],
        "parens": ["（小声）", "（微笑）"],
    },
    "th": {
        "names": ["สมชาย", "มะลิ", "ธนา", "ปราณี", "หมวดเอก"],
        "places": ["บ้านสมชาย/ห้องนั่งเล่น", "โรงพยาบาล/ทางเดิน", "สถานีตำรวจ/ห้องสอบสวน", "ตลาด", "ริมแม่น้ำ"],
        "tods": ["กลางวัน", "กลางคืน", "เช้า", "เย็น"],
        "actions": ["{a} ถือโทรศัพท์และถุงของเดินเข้ามา", "{a} มองไปที่ {b} จากอีกฝั่งของห้อง ทั้งคู่เงียบไปนาน",
                    "ฝนตกกระหน่ำ {a} จุดบุหรี่", "รถยนต์จอดอยู่ข้างนอก {a} คว้ากุญแจ", "{a} และ {b} จูบกัน",
                    "ฝูงชนแหวกทางให้ {a} วิ่งผ่าน", "{a} เช็ดเลือดที่มุมปาก มีปืนอยู่บนพื้น"],
        "lines": ["ฉันบอกแล้วว่าอย่ามาที่นี่", "เมื่อคืนเธออยู่ที่ไหน", "มันไม่สำคัญแล้ว", "เราไม่มีเวลาแล้ว",
                  "เธอควรโทรมาก่อน"],
        "parens": ["(เบาๆ)", "(ยิ้ม)"],
    },
}  # fmt: skip

_TITLES = {"en": "The Quiet River", "id": "Sungai Sunyi", "ko": "조용한 강", "ja": "静かな川", "zh": "静静的河",
           "th": "แม่น้ำเงียบ"}  # fmt: skip


def _heading(language: str, number: int, place: str, tod: str, exterior: bool) -> str:
    location, _, set_ = place.partition("/")
    if language in ("en", "id"):
        ie = "EXT." if exterior else "INT."
        return f"{ie} {location}{' - ' + set_ if set_ else ''} - {tod}"
    if language == "ko":
        return f"S#{number}. {location}{' / ' + set_ if set_ else ''} ({tod})"
    if language == "ja":
        return f"○{location}（{tod}）"
    if language == "zh":
        return f"{number}. {'外景' if exterior else '内景'} {location}{' / ' + set_ if set_ else ''} {tod}"
    return f"ฉาก {number}. {'ภายนอก' if exterior else 'ภายใน'} {location}{' / ' + set_ if set_ else ''} - {tod}"


def _in_action(language: str, name: str) -> str:
    return name.title() if language in ("en", "id") else name


def generate(language: str = "en", pages: int = 120, seed: int = 1, episode: int | None = None) -> Draft:
    """A script of about ``pages`` pages in the standard layout."""
    if language not in _DATA:
        raise ValueError(f"unsupported language {language!r}; choose from {', '.join(LANGUAGES)}")
    data = _DATA[language]
    rng = random.Random(f"{language}-{seed}-{episode}")  # noqa: S311 - deterministic sample scripts, not security
    names = data["names"]
    elements: list[Element] = []
    lines = 0
    number = 0
    target = pages * LINES_PER_PAGE
    while lines < target:
        number += 1
        place = rng.choice(data["places"])
        tod = rng.choice(data["tods"])
        heading = _heading(language, number, place, tod, exterior=rng.random() < 0.3)
        scene: list[Element] = [Element(HEADING, heading, scene_number=str(number))]
        cast = rng.sample(names, k=min(len(names), rng.randint(1, 3)))
        for _ in range(rng.randint(1, 3)):
            template = rng.choice(data["actions"])
            a, b = _in_action(language, cast[0]), _in_action(language, cast[-1])
            scene.append(Element(ACTION, template.format(a=a, b=b)))
            for _ in range(rng.randint(1, 4)):
                speaker = rng.choice(cast)
                dual = language == "en" and scene[-1].kind == DIALOGUE and rng.random() < 0.05
                scene.append(Element(CHARACTER, speaker + (" (V.O.)" if rng.random() < 0.05 else ""), dual=dual))
                if rng.random() < 0.25:
                    scene.append(Element(PARENTHETICAL, rng.choice(data["parens"]), dual=dual))
                said = " ".join(rng.choice(data["lines"]) for _ in range(rng.randint(1, 3)))
                scene.append(Element(DIALOGUE, said, dual=dual))
        if language in ("en", "id") and rng.random() < 0.2:
            scene.append(Element(TRANSITION, "CUT TO:"))
        lines += sum(element_lines(el) + 1 for el in scene if el.kind not in (DIALOGUE, PARENTHETICAL))
        lines += sum(element_lines(el) for el in scene if el.kind in (DIALOGUE, PARENTHETICAL))
        elements.extend(scene)
    title = _TITLES[language] + (f" - {episode}" if episode else "")
    return Draft(title=title, author="Setwise Generator", language=language, elements=tuple(elements))


def generate_series(language: str = "en", episodes: int = 16, pages: int = 70, seed: int = 1) -> list[Draft]:
    return [generate(language, pages=pages, seed=seed, episode=n) for n in range(1, episodes + 1)]


def to_fountain(draft: Draft) -> str:
    out = [f"Title: {draft.title}", f"Author: {draft.author}", "Draft date: 1", ""]
    latin = draft.language in ("en", "id")
    for el in draft.elements:
        if el.kind == HEADING:
            suffix = f" #{el.scene_number}#" if latin and el.scene_number else ""
            out += ["", el.text + suffix, ""]
        elif el.kind == ACTION:
            out += [el.text, ""]
        elif el.kind == CHARACTER:
            cue = el.text if has_latin(el.text.split(" (")[0]) else "@" + el.text  # a name, not its (V.O.)
            out.append(cue + (" ^" if el.dual else ""))
        elif el.kind in (DIALOGUE, PARENTHETICAL):
            out.append(el.text)
        elif el.kind == TRANSITION:
            out += [el.text, ""]
        if el.kind == DIALOGUE:
            out.append("")
    return "\n".join(out).replace("\n\n\n", "\n\n") + "\n"


_FDX_TYPES = {
    HEADING: "Scene Heading",
    ACTION: "Action",
    CHARACTER: "Character",
    DIALOGUE: "Dialogue",
    PARENTHETICAL: "Parenthetical",
    TRANSITION: "Transition",
}


def to_fdx(draft: Draft, revision: str | None = None) -> bytes:
    """FDX; with ``revision`` every 7th action carries that revision mark."""
    parts = ['<?xml version="1.0" encoding="UTF-8" standalone="no" ?>',
             '<FinalDraft DocumentType="Script" Template="No" Version="5">', "<Content>"]  # fmt: skip
    in_dual = False
    for i, el in enumerate(draft.elements):
        rev = f" RevisionID={quoteattr(revision)}" if revision and el.kind == ACTION and i % 7 == 0 else ""
        number = f" Number={quoteattr(el.scene_number)}" if el.kind == HEADING and el.scene_number else ""
        para = f'<Paragraph Type="{_FDX_TYPES[el.kind]}"{number}><Text{rev}>{escape(el.text)}</Text></Paragraph>'
        nxt = draft.elements[i + 1] if i + 1 < len(draft.elements) else None
        if (
            not in_dual
            and el.kind == CHARACTER
            and not el.dual
            and nxt is not None
            and any(e.kind == CHARACTER and e.dual for e in draft.elements[i + 1 : i + 5])
        ):
            parts.append("<Paragraph><DualDialogue>")
            in_dual = True
        parts.append(para)
        if in_dual and el.dual and (nxt is None or not nxt.dual):
            parts.append("</DualDialogue></Paragraph>")
            in_dual = False
    if in_dual:
        parts.append("</DualDialogue></Paragraph>")
    parts.append("</Content>")
    parts.append(f'<TitlePage><Content><Paragraph Alignment="Center"><Text>{escape(draft.title)}</Text></Paragraph>')
    parts.append(f"<Paragraph><Text>by {escape(draft.author)}</Text></Paragraph></Content></TitlePage>")
    if revision:
        parts.append(f'<Revisions><Revision ID={quoteattr(revision)} Name="Blue" Color="#0000FF"/></Revisions>')
    parts.append("</FinalDraft>")
    return "\n".join(parts).encode("utf-8")


_FONTS = {
    "th": ("/usr/share/fonts/truetype/tlwg/TlwgMono.ttf", 0),
}
_X = {HEADING: 1.5, ACTION: 1.5, CHARACTER: 3.7, DIALOGUE: 2.5, PARENTHETICAL: 3.1}


# Korean, Japanese and Chinese PDFs use reportlab's built-in CID fonts (the text stays extractable)
_CID_FONTS = {"ko": "HYSMyeongJo-Medium", "ja": "HeiseiMin-W3", "zh": "STSong-Light"}
PDF_LANGUAGES = ("en", "id", "th", "ko", "ja", "zh")


def font_available(language: str) -> bool:
    return language in PDF_LANGUAGES and (language not in _FONTS or Path(_FONTS[language][0]).exists())


def _pages(draft: Draft) -> list[list[tuple[str, str, str | None]]]:
    """Paginate: each page is a list of lines (kind, text, scene number) with '' kind for blank lines."""
    blocks: list[tuple[str, list[Element]]] = []
    for el in draft.elements:
        if el.kind in (DIALOGUE, PARENTHETICAL) and blocks and blocks[-1][0] == "speech":
            blocks[-1][1].append(el)
        elif el.kind == CHARACTER:
            blocks.append(("speech", [el]))
        else:
            blocks.append((el.kind, [el]))
    pages: list[list[tuple[str, str, str | None]]] = [[]]

    def room() -> int:
        return LINES_PER_PAGE - len(pages[-1])

    def new_page() -> None:
        pages.append([])

    for index, (kind, els) in enumerate(blocks):
        gap = 1 if pages[-1] else 0
        if kind == "speech":
            cue = els[0]
            body: list[tuple[str, str, str | None]] = []
            for e in els[1:]:
                for part in e.text.split("\n"):
                    body += [(e.kind, line, None) for line in wrap(part, WIDTHS[e.kind])]
            need = gap + 1 + len(body)
            if need <= room():
                pages[-1] += [("", "", None)] * gap + [(CHARACTER, cue.text, None), *body]
                continue
            if room() - gap >= 4 and len(body) >= 3:
                fit = room() - gap - 2  # cue + (MORE)
                pages[-1] += [("", "", None)] * gap + [(CHARACTER, cue.text, None), *body[:fit]]
                pages[-1].append((CHARACTER, "(MORE)", None))
                new_page()
                pages[-1] += [(CHARACTER, cue.text.split(" (")[0] + " (CONT'D)", None), *body[fit:]]
            else:
                new_page()
                pages[-1] += [(CHARACTER, cue.text, None), *body]
            continue
        el = els[0]
        text_lines = [line for part in el.text.split("\n") for line in wrap(part, WIDTHS.get(el.kind, 60))]
        if kind == TRANSITION:
            text_lines = [el.text]
        if kind == HEADING:
            following = blocks[index + 1][1][0] if index + 1 < len(blocks) else None
            need = gap + len(text_lines) + (2 if following is not None else 0)
            if need > room():
                new_page()
                gap = 0
            pages[-1] += [("", "", None)] * gap + [(HEADING, line, el.scene_number) for line in text_lines]
            continue
        if gap + len(text_lines) <= room():
            pages[-1] += [("", "", None)] * gap + [(kind, line, None) for line in text_lines]
            continue
        fit = room() - gap
        if fit >= 2 and len(text_lines) - fit >= 2:
            pages[-1] += [("", "", None)] * gap + [(kind, line, None) for line in text_lines[:fit]]
            new_page()
            pages[-1] += [(kind, line, None) for line in text_lines[fit:]]
        else:
            new_page()
            pages[-1] += [(kind, line, None) for line in text_lines]
    return [page for page in pages if page]


def _draw(draft: Draft, measure: Callable[[str], float]) -> list[list[tuple[float, float, str]]]:
    """Each page's text runs as (x, baseline measured down from the page top, text); the first is the title page."""
    inch = 72.0
    title = [
        ((8.5 * inch - measure(draft.title)) / 2, 4 * inch, draft.title),
        ((8.5 * inch - measure(f"by {draft.author}")) / 2, 4.5 * inch, f"by {draft.author}"),
    ]
    out = [title]
    for number, page in enumerate(_pages(draft), start=1):
        runs: list[tuple[float, float, str]] = []
        if number > 1:
            runs.append((7.0 * inch, 0.5 * inch + 9, f"{number}."))
        for row, (kind, text, scene_number) in enumerate(page):
            if not kind:
                continue
            y = inch + row * 12 + 9
            x = 7.5 * inch - measure(text) if kind == TRANSITION else _X.get(kind, 1.5) * inch
            runs.append((x, y, text))
            if kind == HEADING and scene_number:
                runs.append((0.75 * inch, y, scene_number))
                runs.append((7.6 * inch, y, scene_number))
        out.append(runs)
    return out


def _to_pdf_cid(draft: Draft) -> bytes:
    """Korean, Japanese and Chinese through reportlab's CID fonts (Adobe's CJK fonts, not embedded; readers
    substitute them and decode the text through the standard CMaps). ASCII runs are set in Courier."""
    import io

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font = _CID_FONTS[draft.language]
    pdfmetrics.registerFont(UnicodeCIDFont(font))

    def face(text: str) -> str:
        return "Courier" if text.isascii() else font

    def measure(text: str) -> float:
        return float(pdfmetrics.stringWidth(text, face(text), 12))

    buffer = io.BytesIO()
    height = 11 * 72.0
    pdf = canvas.Canvas(buffer, pagesize=(8.5 * 72.0, height), pageCompression=1)
    pdf.setTitle(draft.title)
    pdf.setAuthor(draft.author)
    for runs in _draw(draft, measure):
        for x, y, text in runs:
            pdf.setFont(face(text), 12)
            pdf.drawString(x, height - y, text)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def to_pdf(draft: Draft) -> bytes:
    if draft.language not in PDF_LANGUAGES:
        raise ValueError(f"the PDF writer supports {', '.join(PDF_LANGUAGES)}, not {draft.language!r}")
    if draft.language in _CID_FONTS:
        return _to_pdf_cid(draft)
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="letter")
    pdf.set_auto_page_break(False)
    pdf.set_title(draft.title)
    family = "Courier"
    if draft.language in _FONTS:
        path, index = _FONTS[draft.language]
        if not Path(path).exists():
            raise RuntimeError(f"the PDF writer needs the font {path}")
        pdf.add_font("Script", "", path, collection_font_number=index)
        family = "Script"
    pdf.set_font(family, size=12)
    for runs in _draw(draft, pdf.get_string_width):
        pdf.add_page()
        pdf.set_font(family, size=12)
        for x, y, text in runs:
            pdf.text(x, y, text)
    return bytes(pdf.output())


def printed_pages(draft: Draft) -> int:
    """Pages of the script body as ``to_pdf`` prints it (the title page not counted)."""
    return len(_pages(draft))
