"""TTML 1 / IMSC 1.1 reader, on a hardened XML parser.

The XML is parsed by defusedxml with DTDs, entity declarations and external references all refused (so no entity
expansion, no network, no file access); a refused construct is a ``TimedTextError`` naming it.

Timing: ``begin``/``end``/``dur`` on ``body``, ``div``, ``p`` and ``span`` (parallel and sequential time
containers), clock times ``HH:MM:SS(.fff)`` and ``HH:MM:SS:FF(.sub)``, offset times ``N(.n)h|m|s|ms|f|t``, with
``ttp:timeBase`` (media, smpte, clock), ``ttp:frameRate`` x ``ttp:frameRateMultiplier``, ``ttp:subFrameRate``,
``ttp:tickRate`` and ``ttp:dropMode``. Styling: referential (``style=``, chained), inline and region styles are
resolved per span; what QC needs is kept as ``Markup`` (italics, bold, underline, colours and fonts that differ from
white/the paragraph's own, pixel origins, vertical writing, ruby, emphasis, tate-chu-yoko).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Any
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as DefusedET
from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

from .errors import TimedTextError
from .model import (
    BOLD,
    COLOR,
    COMBINE,
    EMPHASIS,
    FONT,
    ITALIC,
    POSITION,
    POSITION_PX,
    RUBY,
    UNDERLINE,
    VERTICAL,
    Event,
    Markup,
    Position,
    Span,
)
from .timecode import FrameRate, timecode_to_frames

XML_NS = "http://www.w3.org/XML/1998/namespace"
_ID = f"{{{XML_NS}}}id"
_LANG = f"{{{XML_NS}}}lang"
_SPACE = f"{{{XML_NS}}}space"
MAX_DEPTH = 64

_CLOCK = re.compile(r"^(\d{1,4}):(\d{2}):(\d{2})(?:(\.\d{1,9})|([:;])(\d{1,4})(?:\.(\d{1,4}))?)?$")
_OFFSET = re.compile(r"^(\d{1,12}(?:\.\d{1,9})?)(h|ms|m|s|f|t)$")
_LENGTH = re.compile(r"(-?\d{1,9}(?:\.\d{1,9})?)(px|%|c|em|rw|rh)")
_WS = re.compile(r"[ \t\r\n]+")
_WHITE = {"white", "#fff", "#ffffff", "#ffffffff", "rgb(255,255,255)", "rgba(255,255,255,255)"}
_INHERITED = (
    "color",
    "fontFamily",
    "fontSize",
    "fontStyle",
    "fontWeight",
    "textDecoration",
    "textEmphasis",
    "textAlign",
    "backgroundColor",
)


def _split(name: str) -> tuple[str, str]:
    if name.startswith("{"):
        ns, _, local = name[1:].partition("}")
        return ns, local
    return "", name


def _is_styling(ns: str) -> bool:
    return ns.endswith("#styling") or ns.endswith("#style")


def _is_parameter(ns: str) -> bool:
    return ns.endswith("#parameter")


def _tts(element: Element) -> dict[str, str]:
    """The element's ``tts:*`` attributes by local name."""
    out: dict[str, str] = {}
    for key, value in element.attrib.items():
        if key[0] == "{":
            ns, local = _split(key)
            if _is_styling(ns):
                out[local] = value.strip()
    return out


@dataclass(frozen=True, slots=True)
class _Timing:
    frame_rate: Fraction
    sub_frame_rate: int
    tick_rate: Fraction
    smpte: bool
    drop: bool


@dataclass(slots=True)
class _Node:
    element: Element
    begin: Fraction
    end: Fraction | None
    style: dict[str, str]
    region: str | None
    preserve: bool
    depth: int


class _Reader:
    def __init__(self, text: str) -> None:
        self.lines: dict[int, int] = {}
        self.root = self._parse(text)
        self.styles: dict[str, Element] = {}
        self.resolved: dict[str, dict[str, str]] = {}
        self.regions: dict[str, dict[str, str]] = {}
        self.events: list[Event] = []

    # -- XML ---------------------------------------------------------------------------------------------------
    def _parse(self, text: str) -> Element:
        parser = DefusedET.DefusedXMLParser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
        expat: Any = parser.parser  # the pyexpat parser underneath, for line numbers
        start = expat.StartElementHandler
        lines = self.lines

        def start_element(tag: str, attrs: Any) -> Element:
            element: Element = start(tag, attrs)
            lines[id(element)] = expat.CurrentLineNumber
            return element

        expat.StartElementHandler = start_element
        text = re.sub(r"^\s*<\?xml[^>]{0,300}\?>", "", text, count=1)
        try:
            parser.feed(text)
            root: Element = parser.close()
        except DTDForbidden:
            raise TimedTextError(
                "the TTML declares a DTD (<!DOCTYPE>), which is refused: no entities or external references",
                expat.CurrentLineNumber or None,
            ) from None
        except EntitiesForbidden:
            raise TimedTextError(
                "the TTML declares entities, which are refused", expat.CurrentLineNumber or None
            ) from None
        except ExternalReferenceForbidden:
            raise TimedTextError(
                "the TTML refers to an external resource, which is refused", expat.CurrentLineNumber or None
            ) from None
        except DefusedXmlException as exc:
            raise TimedTextError(f"the TTML uses a refused XML feature ({type(exc).__name__})") from None
        except ParseError as exc:
            line = exc.position[0] if getattr(exc, "position", None) else None
            message = re.sub(r":\s*line \d+, column \d+$", "", str(exc))
            raise TimedTextError(f"malformed XML: {message}", line) from None
        except (ValueError, RecursionError) as exc:
            raise TimedTextError(f"malformed XML: {exc}") from None
        return root

    def line(self, element: Element) -> int | None:
        return self.lines.get(id(element))

    # -- parameters ------------------------------------------------------------------------------------------
    def parameters(self) -> tuple[_Timing, Fraction | None, bool]:
        params: dict[str, str] = {}
        for key, value in self.root.attrib.items():
            ns, local = _split(key)
            if _is_parameter(ns):
                params[local] = value.strip()
        at = self.line(self.root)
        declared = "frameRate" in params
        try:
            frame_rate = Fraction(int(params.get("frameRate", "30")))
            multiplier = Fraction(1)
            if "frameRateMultiplier" in params:
                num, den = params["frameRateMultiplier"].split()
                multiplier = Fraction(int(num), int(den))
            sub_frame_rate = int(params.get("subFrameRate", "1"))
            if "tickRate" in params:
                tick_rate = Fraction(int(params["tickRate"]))
            else:
                tick_rate = frame_rate * sub_frame_rate if declared else Fraction(1)
        except (ValueError, ZeroDivisionError):
            raise TimedTextError(
                "malformed ttp:frameRate, ttp:frameRateMultiplier, ttp:subFrameRate or ttp:tickRate", at
            ) from None
        effective = frame_rate * multiplier
        if not (0 < effective <= 1000 and 0 < sub_frame_rate <= 1000 and 0 < tick_rate <= 10**9):
            raise TimedTextError("ttp:frameRate, ttp:subFrameRate and ttp:tickRate must be positive", at)
        time_base = params.get("timeBase", "media")
        if time_base not in ("media", "smpte", "clock"):
            raise TimedTextError(f"unknown ttp:timeBase {time_base[:20]!r}", at)
        drop = time_base == "smpte" and params.get("dropMode", "nonDrop") in ("dropNTSC", "dropPAL")
        if drop and round(effective) not in (30, 60):
            drop = False
        timing = _Timing(effective, sub_frame_rate, tick_rate, time_base == "smpte", drop)
        return timing, (effective if declared else None), drop

    def time(self, value: str, timing: _Timing, element: Element) -> Fraction:
        value = value.strip()
        clock = _CLOCK.match(value)
        if clock:
            h, m, s, fraction, _sep, frames, sub = clock.groups()
            if int(m) > 59 or int(s) > 60:
                raise TimedTextError(f"time {value!r} has minutes or seconds out of range", self.line(element))
            seconds = Fraction((int(h) * 60 + int(m)) * 60 + int(s))
            if fraction:
                return (seconds + Fraction(fraction)) * 1000
            if frames is None:
                return seconds * 1000
            fps = timing.frame_rate
            if int(frames) >= max(1, round(fps + Fraction(49, 100))):
                raise TimedTextError(f"time {value!r}: frame {frames} is not below the frame rate", self.line(element))
            subframes = Fraction(int(sub), timing.sub_frame_rate) if sub else Fraction(0)
            if timing.smpte and timing.drop:
                try:
                    count = timecode_to_frames(f"{int(h):02d}:{m}:{s};{int(frames):02d}", FrameRate(fps, True))
                except TimedTextError as exc:
                    raise TimedTextError(str(exc), self.line(element)) from None
                return (count + subframes) * 1000 / fps
            if timing.smpte:
                count = int(seconds) * round(fps) + int(frames)
                return (count + subframes) * 1000 / fps
            return seconds * 1000 + (int(frames) + subframes) * 1000 / fps
        offset = _OFFSET.match(value)
        if offset:
            number, metric = Fraction(offset.group(1)), offset.group(2)
            if metric == "h":
                return number * 3_600_000
            if metric == "m":
                return number * 60_000
            if metric == "s":
                return number * 1000
            if metric == "ms":
                return number
            if metric == "f":
                return number * 1000 / timing.frame_rate
            return number * 1000 / timing.tick_rate
        raise TimedTextError(
            f"malformed time expression {value[:30]!r} (expected HH:MM:SS.fff, HH:MM:SS:FF or e.g. 2.5s)",
            self.line(element),
        )

    # -- styles and regions ----------------------------------------------------------------------------------
    def collect_head(self) -> None:
        for element in self.root.iter():
            local = _split(element.tag)[1]
            if local == "style" and _ID in element.attrib:
                self.styles[element.attrib[_ID]] = element
        for element in self.root.iter():
            _ns, local = _split(element.tag)
            if local == "region" and _ID in element.attrib:
                props = self.referenced(element.attrib.get("style", ""))
                for child in element:
                    if _split(child.tag)[1] == "style" and _ID not in child.attrib:
                        props.update(self.referenced(child.attrib.get("style", "")))
                        props.update(_tts(child))
                props.update(_tts(element))
                self.regions[element.attrib[_ID]] = props

    def style_of(self, style_id: str, seen: frozenset[str] = frozenset()) -> dict[str, str]:
        cached = self.resolved.get(style_id)
        if cached is not None:
            return cached
        element = self.styles.get(style_id)
        if element is None or style_id in seen or len(seen) > 32:
            return {}
        props: dict[str, str] = {}
        for ref in element.attrib.get("style", "").split():
            props.update(self.style_of(ref, seen | {style_id}))
        props.update(_tts(element))
        self.resolved[style_id] = props
        return props

    def referenced(self, refs: str) -> dict[str, str]:
        props: dict[str, str] = {}
        for ref in refs.split():
            props.update(self.style_of(ref))
        return props

    def own_style(self, element: Element) -> dict[str, str]:
        refs = element.attrib.get("style")
        props = self.referenced(refs) if refs else {}
        inline = _tts(element)
        if inline:
            props = {**props, **inline}
        return props

    # -- body ------------------------------------------------------------------------------------------------
    def read(self) -> tuple[tuple[Event, ...], str | None, Fraction | None, bool]:
        _ns, local = _split(self.root.tag)
        if local != "tt":
            raise TimedTextError(
                f"not a TTML document: the root element is <{local[:30]}>, not <tt>", self.line(self.root)
            )
        timing, declared_rate, drop = self.parameters()
        self.collect_head()
        body = next((child for child in self.root if _split(child.tag)[1] == "body"), None)
        language = self.root.attrib.get(_LANG) or None
        if body is None:
            return (), language, declared_rate, drop
        root_node = _Node(self.root, Fraction(0), None, {}, None, self.root.attrib.get(_SPACE) == "preserve", 0)
        stack: list[tuple[Element, _Node]] = [(body, root_node)]
        while stack:
            element, parent = stack.pop()
            node = self.enter(element, parent, timing)
            local = _split(element.tag)[1]
            if local == "p":
                self.paragraph(element, node, timing)
                continue
            if local in ("body", "div"):
                children = [c for c in element if _split(c.tag)[1] in ("div", "p")]
                if element.attrib.get("timeContainer") == "seq":
                    self.sequence(children, node, timing, stack)
                else:
                    stack.extend((child, node) for child in reversed(children))
        return tuple(self.events), language, declared_rate, drop

    def sequence(
        self, children: list[Element], node: _Node, timing: _Timing, stack: list[tuple[Element, _Node]]
    ) -> None:
        """Children of a sequential container start when the previous one ends."""
        cursor = node.begin
        shifted: list[tuple[Element, _Node]] = []
        for child in children:
            base = _Node(node.element, cursor, node.end, node.style, node.region, node.preserve, node.depth)
            shifted.append((child, base))
            child_node = self.enter(child, base, timing)
            if child_node.end is None:
                break
            cursor = child_node.end
        stack.extend(reversed(shifted))

    def enter(self, element: Element, parent: _Node, timing: _Timing) -> _Node:
        depth = parent.depth + 1
        if depth > MAX_DEPTH:
            raise TimedTextError(f"the TTML is nested more than {MAX_DEPTH} levels deep", self.line(element))
        attrib = element.attrib
        begin = parent.begin
        end = parent.end
        if "begin" in attrib:
            begin = parent.begin + self.time(attrib["begin"], timing, element)
        if "end" in attrib:
            end = parent.begin + self.time(attrib["end"], timing, element)
        elif "dur" in attrib:
            end = begin + self.time(attrib["dur"], timing, element)
        if parent.end is not None and end is not None and end > parent.end:
            end = parent.end
        region = attrib.get("region", parent.region)
        own = self.own_style(element)
        style = {k: v for k, v in parent.style.items() if k in _INHERITED}
        if region != parent.region and region in self.regions:
            style.update({k: v for k, v in self.regions[region].items() if k in _INHERITED})
        style.update(own)
        space = attrib.get(_SPACE)
        preserve = parent.preserve if space is None else space == "preserve"
        return _Node(element, begin, end, style, region, preserve, depth)

    def paragraph(self, p: Element, node: _Node, timing: _Timing) -> None:
        line_no = self.line(p)
        markup: list[Markup] = []
        lines: list[list[Span]] = [[]]
        timed: list[tuple[Fraction, Fraction | None]] = []
        base_color = node.style.get("color", "white")
        base_family = node.style.get("fontFamily")
        base_size = node.style.get("fontSize")
        if base_color.replace(" ", "").lower() not in _WHITE:
            markup.append(Markup(COLOR, f'tts:color="{base_color[:30]}"'))
        region = self.regions.get(node.region or "", {})
        vertical = region.get("writingMode", node.style.get("writingMode", "lrtb")).startswith("tb")
        if vertical:
            markup.append(Markup(VERTICAL, f'tts:writingMode="{region.get("writingMode", "tb")}"'))
        position = self._position(region, node.style, markup)
        ruby_text: list[str] = []
        for kind, value, style, element in self._content(p, node, timing, timed):
            if kind == "br":
                lines.append([])
                continue
            if kind == "ruby":
                ruby_text.append(value)
                continue
            if kind == "ruby_container":
                markup.append(Markup(RUBY, 'tts:ruby="container"'))
                continue
            if kind == "ruby_end":
                annotation = _WS.sub(" ", "".join(ruby_text)).strip()
                ruby_text.clear()
                if annotation and lines[-1]:
                    last = lines[-1][-1]
                    lines[-1][-1] = Span(last.text, last.italic, last.bold, last.underline, annotation)
                continue
            italic = style.get("fontStyle", "normal") in ("italic", "oblique")
            bold = style.get("fontWeight", "normal") == "bold"
            underline = "underline" in style.get("textDecoration", "") and "noUnderline" not in style.get(
                "textDecoration", ""
            )
            if element is not p and value.strip():
                if style.get("color", base_color) != base_color:
                    markup.append(Markup(COLOR, f'tts:color="{style.get("color", "")[:30]}"'))
                if style.get("fontFamily") != base_family or style.get("fontSize") != base_size:
                    markup.append(Markup(FONT, "tts:fontFamily/tts:fontSize on a span"))
            if value.strip():
                if italic:
                    markup.append(Markup(ITALIC, 'tts:fontStyle="italic"'))
                if bold:
                    markup.append(Markup(BOLD, 'tts:fontWeight="bold"'))
                if underline:
                    markup.append(Markup(UNDERLINE, 'tts:textDecoration="underline"'))
                if "textEmphasis" in style and style["textEmphasis"] != "none":
                    markup.append(Markup(EMPHASIS, f'tts:textEmphasis="{style["textEmphasis"][:30]}"'))
                if style.get("textCombine", "none") != "none":
                    markup.append(Markup(COMBINE, f'tts:textCombine="{style["textCombine"][:20]}"'))
            if node.preserve and "\n" in value:
                pieces = value.split("\n")
                for i, piece in enumerate(pieces):
                    if i:
                        lines.append([])
                    if piece:
                        lines[-1].append(Span(piece, italic, bold, underline))
            elif value:
                lines[-1].append(Span(value, italic, bold, underline))
        begin, end = node.begin, node.end
        if timed and ("begin" not in p.attrib or end is None):
            begins = [b for b, _ in timed]
            ends = [e for _, e in timed if e is not None]
            if "begin" not in p.attrib:
                begin = min(begins)
            if end is None and ends:
                end = max(ends)
        if end is None:
            raise TimedTextError("a <p> has no end time (no end or dur on it or its parents)", line_no)
        out_lines: list[str] = []
        out_spans: list[tuple[Span, ...]] = []
        for spans in lines:
            text, cleaned = _clean_line(spans, node.preserve)
            out_lines.append(text)
            out_spans.append(cleaned)
        while out_lines and not out_lines[-1]:
            out_lines.pop()
            out_spans.pop()
        while out_lines and not out_lines[0]:
            out_lines.pop(0)
            out_spans.pop(0)
        self.events.append(
            Event(
                index=len(self.events) + 1,
                start=begin,
                end=end,
                lines=tuple(out_lines),
                spans=tuple(out_spans),
                markup=tuple(dict.fromkeys(markup)),
                position=position,
                vertical=vertical,
                identifier=p.attrib.get(_ID),
                source_line=line_no,
            )
        )

    def _position(self, region: dict[str, str], style: dict[str, str], markup: list[Markup]) -> Position | None:
        origin = style.get("origin") or style.get("position") or region.get("origin") or region.get("position")
        align = region.get("displayAlign") or None
        if not origin:
            return (
                Position(align={"before": "top", "center": "middle", "after": "bottom"}.get(align, align))
                if align
                else None
            )
        values = _LENGTH.findall(origin)
        unit = values[0][1] if values else None
        if unit == "px":
            markup.append(Markup(POSITION_PX, f'tts:origin="{origin[:40]}"'))
        else:
            markup.append(Markup(POSITION, f'tts:origin="{origin[:40]}"'))
        x = float(values[0][0]) if values else None
        y = float(values[1][0]) if len(values) > 1 else None
        return Position(unit, x, y, {"before": "top", "center": "middle", "after": "bottom"}.get(align or "", align))

    def _content(
        self, p: Element, node: _Node, timing: _Timing, timed: list[tuple[Fraction, Fraction | None]]
    ) -> Iterator[tuple[str, str, dict[str, str], Element]]:
        """``(kind, text, style, element)`` in document order: kind ``text``, ``br``, ``ruby_container``, ``ruby``
        (annotation text) or ``ruby_end``."""
        # Each stack entry: (element, node, ruby role, phase) - phase 0 = enter, 1 = leave (emit tail).
        stack: list[tuple[Element, _Node, str, int]] = [(p, node, "", 0)]
        while stack:
            element, current, ruby, phase = stack.pop()
            if phase == 1:
                if ruby in ("text", "textContainer"):
                    yield "ruby_end", "", current.style, element
                tail = element.tail
                if element is not p and tail:
                    parent_ruby = stack[-1][2] if stack else ""
                    yield from self._text(tail, stack[-1][1] if stack else node, parent_ruby, element)
                continue
            local = _split(element.tag)[1]
            if element is not p:
                if local == "br":
                    yield "br", "", current.style, element
                    if element.tail:
                        parent_ruby = stack[-1][2] if stack else ""
                        yield from self._text(element.tail, stack[-1][1] if stack else node, parent_ruby, element)
                    continue
                if local != "span":
                    if element.tail:
                        parent_ruby = stack[-1][2] if stack else ""
                        yield from self._text(element.tail, stack[-1][1] if stack else node, parent_ruby, element)
                    continue
                child = self.enter(element, current, timing)
                if any(k in element.attrib for k in ("begin", "end", "dur")):
                    timed.append((child.begin, child.end))
                role = child.style.get("ruby", "")
                current = child
                ruby = role if role in ("text", "textContainer", "delimiter") else ruby
                if role == "container":
                    yield "ruby_container", "", current.style, element
            stack.append((element, current, ruby, 1))
            if element.text:
                yield from self._text(element.text, current, ruby, element)
            for sub in reversed(list(element)):
                stack.append((sub, current, ruby, 0))

    def _text(
        self, text: str, node: _Node, ruby: str, element: Element
    ) -> Iterator[tuple[str, str, dict[str, str], Element]]:
        if ruby == "delimiter":
            return
        if not node.preserve:
            text = _WS.sub(" ", text)
        if ruby in ("text", "textContainer"):
            yield "ruby", text, node.style, element
        else:
            yield "text", text, node.style, element


def _clean_line(spans: list[Span], preserve: bool) -> tuple[str, tuple[Span, ...]]:
    out: list[Span] = []
    for span in spans:
        text = span.text
        if not text and span.ruby is None:
            continue
        if not preserve and out and out[-1].text.endswith(" ") and text.startswith(" "):
            text = text.lstrip(" ")
        if not text and span.ruby is None:
            continue
        out.append(Span(text, span.italic, span.bold, span.underline, span.ruby))
    if out:
        first = out[0]
        out[0] = Span(first.text.lstrip(), first.italic, first.bold, first.underline, first.ruby)
        last = out[-1]
        out[-1] = Span(last.text.rstrip(), last.italic, last.bold, last.underline, last.ruby)
    out = [s for s in out if s.text or s.ruby]
    return "".join(s.text for s in out), tuple(out)


def read_ttml(text: str) -> tuple[tuple[Event, ...], str | None, Fraction | None, bool]:
    """Events, ``xml:lang``, the declared effective frame rate (or ``None``) and whether it is drop-frame."""
    return _Reader(text).read()
