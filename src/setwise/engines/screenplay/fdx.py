"""Final Draft ``.fdx`` reader (XML through defusedxml: no entity expansion, no DTD, no external references).

Paragraph types: Scene Heading, Action, Character, Dialogue, Parenthetical, Transition, Shot, General (others
are read as General, Cast List and similar are skipped). A scene heading keeps its ``Number`` attribute and its
``SceneProperties`` ``Length`` (eighths, ``"1 3/8"``) and ``Page``. Revision marks (``RevisionID`` or
``Revision ID`` on ``Text`` runs and paragraphs) are recorded on the scene; the ``Revisions`` list names them.
``DualDialogue`` groups mark their second speech as dual.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element as XmlElement
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from .errors import ScriptError
from .model import (
    ACTION,
    CENTERED,
    CHARACTER,
    DIALOGUE,
    GENERAL,
    HEADING,
    LYRIC,
    PAGE_BREAK,
    PARENTHETICAL,
    SHOT,
    TRANSITION,
    Element,
    Revision,
    TitlePage,
)

_TYPES = {
    "scene heading": HEADING,
    "action": ACTION,
    "character": CHARACTER,
    "dialogue": DIALOGUE,
    "parenthetical": PARENTHETICAL,
    "transition": TRANSITION,
    "shot": SHOT,
    "general": GENERAL,
    "lyrics": LYRIC,
    "singing": LYRIC,
    "new act": CENTERED,
    "end of act": CENTERED,
    "cast list": "",
}
_LENGTH = re.compile(r"^\s*(?:(\d+)\s+)?(?:(\d+)\s*/\s*8|(\d+))\s*$")


def parse_length(value: str | None) -> int | None:
    """``"1 3/8"`` -> 11, ``"3/8"`` -> 3, ``"2"`` -> 16."""
    if not value:
        return None
    m = _LENGTH.match(value)
    if not m:
        return None
    whole, frac, only = m.groups()
    if only is not None:
        return int(only) * 8
    return int(whole or 0) * 8 + int(frac)


_REVISION_ATTRS = ("RevisionID", "Revision ID", "RevisionId")
_REVISION_SET = frozenset(_REVISION_ATTRS)


def _revision_ids(node: XmlElement) -> list[str]:
    attrib = node.attrib
    if _REVISION_SET.isdisjoint(attrib):
        return []
    out = []
    for attr in _REVISION_ATTRS:
        value = attrib.get(attr)
        if value and value.strip() not in ("", "0"):
            out.append(value.strip())
    return out


def _paragraph(node: XmlElement, out: list[Element], dual: bool = False) -> None:
    attrib = node.attrib
    ptype = attrib.get("Type")
    kind = _TYPES.get(ptype.strip().lower(), GENERAL) if ptype else GENERAL
    if not kind:
        return
    texts: list[str] = []
    revisions: list[str] = _revision_ids(node)
    length = page = None
    has_dual = False
    for child in node:
        tag = child.tag
        if tag == "Text":
            texts.append(child.text or "")
            if not _REVISION_SET.isdisjoint(child.attrib):
                revisions.extend(_revision_ids(child))
        elif tag == "SceneProperties":
            length = parse_length(child.get("Length"))
            raw_page = (child.get("Page") or "").strip()
            page = int(raw_page) if raw_page.isdigit() and 0 < int(raw_page) < 100000 else None
        elif tag == "DualDialogue":
            has_dual = True
            first_character = True
            for sub in child.iter("Paragraph"):
                is_char = (sub.get("Type") or "").lower() == "character"
                if is_char and not first_character:
                    dual = True
                first_character = first_character and not is_char
                _paragraph(sub, out, dual)
            dual = False
    if has_dual and not texts:
        return
    if "StartsNewPage" in attrib and attrib["StartsNewPage"].lower() == "yes":
        out.append(Element(PAGE_BREAK, ""))
    text = texts[0] if len(texts) == 1 else "".join(texts)
    if "\r" in text:
        text = text.replace("\r", "")
    text = text.strip()
    if not text and kind != HEADING:
        return
    if kind == HEADING:
        number = (attrib.get("Number") or "").strip() or None
        out.append(
            Element(
                kind,
                text,
                dual=dual,
                scene_number=number,
                page=page,
                length_eighths=length,
                revisions=tuple(dict.fromkeys(revisions)),
            )
        )
    else:
        out.append(Element(kind, text, dual=dual, revisions=tuple(dict.fromkeys(revisions)) if revisions else ()))


def read(data: bytes) -> tuple[TitlePage, list[Element], tuple[Revision, ...]]:
    try:
        root = fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise ScriptError(
            f"the FDX file was refused: {type(exc).__name__} (entities or DTDs are not allowed)"
        ) from None
    except ParseError as exc:
        raise ScriptError(f"the FDX file is not well-formed XML ({exc})") from None
    if root.tag != "FinalDraft":
        raise ScriptError(f"not a Final Draft file (root element <{root.tag[:40]}>)")
    content = root.find("Content")
    if content is None:
        raise ScriptError("the Final Draft file has no <Content>")
    elements: list[Element] = []
    for node in content.findall("Paragraph"):
        _paragraph(node, elements)
    fields: list[tuple[str, str]] = []
    title_page = root.find("TitlePage")
    if title_page is not None:
        lines = []
        for node in title_page.iter("Paragraph"):
            text = "".join(t.text or "" for t in node.findall("Text")).strip()
            if text:
                lines.append(text)
        if lines:
            fields.append(("title", lines[0]))
            if len(lines) > 1:
                fields.append(("credit", "\n".join(lines[1:])))
    revisions: list[Revision] = []
    revs = root.find("Revisions")
    if revs is not None:
        for rev in revs.findall("Revision"):
            rid = (rev.get("ID") or "").strip()
            if rid:
                revisions.append(Revision(rid, (rev.get("Name") or "").strip(), rev.get("Color")))
    return TitlePage(tuple(fields)), elements, tuple(revisions)
