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

import math
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


@dataclass(frozen=True, slots=True)
class _Timing:
    """Time parameters as integers: the effective frame rate is ``fps_num / fps_den``."""

    fps_num: int
    fps_den: int
    nominal: int  # whole frames counted per timecode second (30 at 29.97)
    sub_frame_rate: int
    tick_num: int
    tick_den: int
    smpte: bool
    drop_rate: FrameRate | None  # set for smpte drop-frame time codes


@dataclass(slots=True)
class _Node:
    element: Element
    begin: Fraction
    end: Fraction | None
    style: dict[str, str]
    region: str | None
    preserve: bool
    depth: int


@dataclass(frozen=True, slots=True)
class _Look:
    """What a computed style means for QC and the model (cached per style)."""

    italic: bool
    bold: bool
    underline: bool
    markup: tuple[Markup, ...]  # italic, bold, underline, emphasis, tate-chu-yoko
    ruby: str


_ALIGN = {"before": "top", "center": "middle", "after": "bottom"}
_ZERO = Fraction(0)


class _Reader:
    def __init__(self, text: str) -> None:
        self.lines: dict[int, int] = {}
        self.root = self._parse(text)
        self.styles: dict[str, Element] = {}
        self.resolved: dict[str, dict[str, str]] = {}
        self.regions: dict[str, dict[str, str]] = {}
        self.events: list[Event] = []
        self._locals: dict[str, str] = {}
        self._styling_keys: dict[str, str | None] = {}
        self._style_cache: dict[tuple[int, str | None, str | None, tuple[tuple[str, str], ...]], dict[str, str]] = {}
        self._looks: dict[int, _Look] = {}
        self._placements: dict[tuple[str | None, str | None], tuple[Position | None, bool, tuple[Markup, ...]]] = {}

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

    def local(self, tag: str) -> str:
        name = self._locals.get(tag)
        if name is None:
            name = _split(tag)[1] if isinstance(tag, str) else ""
            self._locals[tag] = name
        return name

    def tts(self, element: Element) -> tuple[tuple[str, str], ...]:
        """The element's ``tts:*`` attributes as ``(local name, value)`` pairs."""
        out: list[tuple[str, str]] = []
        keys = self._styling_keys
        for key, value in element.attrib.items():
            if key[0] != "{":
                continue
            if key in keys:
                name = keys[key]
            else:
                ns, local = _split(key)
                name = keys[key] = local if _is_styling(ns) else None
            if name is not None:
                out.append((name, value.strip()))
        return tuple(out)

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
            frame_rate = int(params.get("frameRate", "30"))
            num, den = 1, 1
            if "frameRateMultiplier" in params:
                num_text, den_text = params["frameRateMultiplier"].split()
                num, den = int(num_text), int(den_text)
            sub_frame_rate = int(params.get("subFrameRate", "1"))
            if "tickRate" in params:
                tick = Fraction(int(params["tickRate"]))
            else:
                tick = Fraction(frame_rate * sub_frame_rate) if declared else Fraction(1)
            effective = Fraction(frame_rate * num, den)
        except (ValueError, ZeroDivisionError):
            raise TimedTextError(
                "malformed ttp:frameRate, ttp:frameRateMultiplier, ttp:subFrameRate or ttp:tickRate", at
            ) from None
        if not (0 < effective <= 1000 and 0 < sub_frame_rate <= 1000 and 0 < tick <= 10**9):
            raise TimedTextError("ttp:frameRate, ttp:subFrameRate and ttp:tickRate must be positive", at)
        time_base = params.get("timeBase", "media")
        if time_base not in ("media", "smpte", "clock"):
            raise TimedTextError(f"unknown ttp:timeBase {time_base[:20]!r}", at)
        nominal = max(1, math.ceil(effective - Fraction(1, 100)))
        drop = time_base == "smpte" and params.get("dropMode", "nonDrop") in ("dropNTSC", "dropPAL")
        drop = drop and nominal in (30, 60)
        timing = _Timing(
            fps_num=effective.numerator,
            fps_den=effective.denominator,
            nominal=nominal,
            sub_frame_rate=sub_frame_rate,
            tick_num=tick.numerator,
            tick_den=tick.denominator,
            smpte=time_base == "smpte",
            drop_rate=FrameRate(effective, True) if drop else None,
        )
        return timing, (effective if declared else None), drop

    def time(self, value: str, timing: _Timing, element: Element) -> Fraction:
        """A time expression in milliseconds, exactly (one ``Fraction`` built from integers)."""
        value = value.strip()
        clock = _CLOCK.match(value)
        if clock:
            h, m, s, fraction, _sep, frames, sub = clock.groups()
            minutes, seconds = int(m), int(s)
            if minutes > 59 or seconds > 60:
                raise TimedTextError(f"time {value!r} has minutes or seconds out of range", self.line(element))
            total = (int(h) * 60 + minutes) * 60 + seconds
            if fraction:
                scale = 10 ** (len(fraction) - 1)
                return Fraction((total * scale + int(fraction[1:])) * 1000, scale)
            if frames is None:
                return Fraction(total * 1000)
            frame = int(frames)
            if frame >= timing.nominal:
                raise TimedTextError(f"time {value!r}: frame {frames} is not below the frame rate", self.line(element))
            subrate = timing.sub_frame_rate
            subframes = min(int(sub), subrate - 1) if sub else 0
            den = timing.fps_num * subrate
            if timing.smpte:
                if timing.drop_rate is not None:
                    try:
                        count = timecode_to_frames(f"{int(h):02d}:{m}:{s};{frame:02d}", timing.drop_rate)
                    except TimedTextError as exc:
                        raise TimedTextError(str(exc), self.line(element)) from None
                else:
                    count = total * timing.nominal + frame
                return Fraction((count * subrate + subframes) * 1000 * timing.fps_den, den)
            return Fraction(total * 1000 * den + (frame * subrate + subframes) * 1000 * timing.fps_den, den)
        offset = _OFFSET.match(value)
        if offset:
            number, metric = offset.group(1), offset.group(2)
            whole, _, decimals = number.partition(".")
            scale = 10 ** len(decimals)
            count = int(whole) * scale + (int(decimals) if decimals else 0)
            if metric == "h":
                return Fraction(count * 3_600_000, scale)
            if metric == "m":
                return Fraction(count * 60_000, scale)
            if metric == "s":
                return Fraction(count * 1000, scale)
            if metric == "ms":
                return Fraction(count, scale)
            if metric == "f":
                return Fraction(count * 1000 * timing.fps_den, scale * timing.fps_num)
            return Fraction(count * 1000 * timing.tick_den, scale * timing.tick_num)
        raise TimedTextError(
            f"malformed time expression {value[:30]!r} (expected HH:MM:SS.fff, HH:MM:SS:FF or e.g. 2.5s)",
            self.line(element),
        )

    # -- styles and regions ----------------------------------------------------------------------------------
    def collect_head(self) -> None:
        """Styles and regions declared in ``<head>`` (regions declared inline in content are not supported)."""
        head = next((child for child in self.root if self.local(child.tag) == "head"), None)
        if head is None:
            return
        for element in head.iter():
            if self.local(element.tag) == "style" and _ID in element.attrib:
                self.styles[element.attrib[_ID]] = element
        for element in head.iter():
            if self.local(element.tag) == "region" and _ID in element.attrib:
                props = self.referenced(element.attrib.get("style", ""))
                for child in element:
                    if self.local(child.tag) == "style" and _ID not in child.attrib:
                        props.update(self.referenced(child.attrib.get("style", "")))
                        props.update(self.tts(child))
                props.update(self.tts(element))
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
        props.update(self.tts(element))
        self.resolved[style_id] = props
        return props

    def referenced(self, refs: str) -> dict[str, str]:
        props: dict[str, str] = {}
        for ref in refs.split():
            props.update(self.style_of(ref))
        return props

    def computed(self, parent: _Node, region: str | None, element: Element) -> dict[str, str]:
        """The element's computed style (inherited, region, referential, inline), one shared dict per distinct
        combination so that what follows from a style is worked out once."""
        refs = element.attrib.get("style")
        inline = self.tts(element)
        region_key = region if region != parent.region else None
        key = (id(parent.style), region_key, refs, inline)
        cached = self._style_cache.get(key)
        if cached is not None:
            return cached
        style = {k: v for k, v in parent.style.items() if k in _INHERITED}
        if region_key is not None and region in self.regions:
            style.update({k: v for k, v in self.regions[region].items() if k in _INHERITED})
        if refs:
            style.update(self.referenced(refs))
        style.update(inline)
        self._style_cache[key] = style
        return style

    def look(self, style: dict[str, str]) -> _Look:
        cached = self._looks.get(id(style))
        if cached is not None:
            return cached
        italic = style.get("fontStyle", "normal") in ("italic", "oblique")
        bold = style.get("fontWeight", "normal") == "bold"
        decoration = style.get("textDecoration", "")
        underline = "underline" in decoration and "noUnderline" not in decoration
        markup: list[Markup] = []
        if italic:
            markup.append(Markup(ITALIC, f'tts:fontStyle="{style["fontStyle"][:20]}"'))
        if bold:
            markup.append(Markup(BOLD, 'tts:fontWeight="bold"'))
        if underline:
            markup.append(Markup(UNDERLINE, 'tts:textDecoration="underline"'))
        if style.get("textEmphasis", "none") != "none":
            markup.append(Markup(EMPHASIS, f'tts:textEmphasis="{style["textEmphasis"][:30]}"'))
        if style.get("textCombine", "none") != "none":
            markup.append(Markup(COMBINE, f'tts:textCombine="{style["textCombine"][:20]}"'))
        look = _Look(italic, bold, underline, tuple(markup), style.get("ruby", ""))
        self._looks[id(style)] = look
        return look

    def placement(
        self, region_id: str | None, style: dict[str, str]
    ) -> tuple[Position | None, bool, tuple[Markup, ...]]:
        """Position, vertical writing and their markup for a paragraph in ``region_id`` with ``style``."""
        own = style.get("origin") or style.get("position")
        key = (region_id, own)
        cached = self._placements.get(key)
        if cached is not None:
            return cached
        region = self.regions.get(region_id or "", {})
        markup: list[Markup] = []
        mode = region.get("writingMode", style.get("writingMode", "lrtb"))
        vertical = mode.startswith("tb")
        if vertical:
            markup.append(Markup(VERTICAL, f'tts:writingMode="{mode[:10]}"'))
        origin = own or region.get("origin") or region.get("position")
        align_value = region.get("displayAlign")
        align = _ALIGN.get(align_value, align_value) if align_value else None
        position: Position | None = Position(align=align) if align else None
        if origin:
            values = _LENGTH.findall(origin)
            unit = values[0][1] if values else None
            kind = POSITION_PX if unit == "px" else POSITION
            markup.append(Markup(kind, f'tts:origin="{origin[:40]}"'))
            x = float(values[0][0]) if values else None
            y = float(values[1][0]) if len(values) > 1 else None
            position = Position(unit, x, y, align)
        result = (position, vertical, tuple(markup))
        self._placements[key] = result
        return result

    # -- body ------------------------------------------------------------------------------------------------
    def read(self) -> tuple[tuple[Event, ...], str | None, Fraction | None, bool]:
        local = self.local(self.root.tag)
        if local != "tt":
            raise TimedTextError(
                f"not a TTML document: the root element is <{local[:30]}>, not <tt>", self.line(self.root)
            )
        timing, declared_rate, drop = self.parameters()
        self.collect_head()
        body = next((child for child in self.root if self.local(child.tag) == "body"), None)
        language = self.root.attrib.get(_LANG) or None
        if body is None:
            return (), language, declared_rate, drop
        root_style: dict[str, str] = {}
        self._style_cache[(0, None, None, ())] = root_style  # keeps the root style alive for id() keys
        root_node = _Node(self.root, _ZERO, None, root_style, None, self.root.attrib.get(_SPACE) == "preserve", 0)
        stack: list[tuple[Element, _Node]] = [(body, root_node)]
        while stack:
            element, parent = stack.pop()
            node = self.enter(element, parent, timing)
            local = self.local(element.tag)
            if local == "p":
                self.paragraph(element, node, timing)
                continue
            if local in ("body", "div"):
                children = [c for c in element if self.local(c.tag) in ("div", "p")]
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
        value = attrib.get("begin")
        if value is not None:
            offset = self.time(value, timing, element)
            begin = parent.begin + offset if parent.begin else offset
        value = attrib.get("end")
        if value is not None:
            offset = self.time(value, timing, element)
            end = parent.begin + offset if parent.begin else offset
        elif "dur" in attrib:
            end = begin + self.time(attrib["dur"], timing, element)
        if parent.end is not None and end is not None and end > parent.end:
            end = parent.end
        region = attrib.get("region", parent.region)
        style = self.computed(parent, region, element)
        space = attrib.get(_SPACE)
        preserve = parent.preserve if space is None else space == "preserve"
        return _Node(element, begin, end, style, region, preserve, depth)

    def paragraph(self, p: Element, node: _Node, timing: _Timing) -> None:
        line_no = self.line(p)
        style = node.style
        base_color = style.get("color", "white")
        markup: list[Markup] = []
        if base_color not in _WHITE and base_color.replace(" ", "").lower() not in _WHITE:
            markup.append(Markup(COLOR, f'tts:color="{base_color[:30]}"'))
        position, vertical, placed = self.placement(node.region, style)
        markup.extend(placed)
        timed: list[tuple[Fraction, Fraction | None]] = []
        look = self.look(style)
        if not len(p) or all(self.local(child.tag) == "br" for child in p):
            # The common case: text and line breaks only, one styling.
            pieces = [p.text or ""] + [child.tail or "" for child in p]
            if not node.preserve:
                pieces = [_collapse(piece) for piece in pieces]
            elif any("\n" in piece for piece in pieces):
                pieces = [line for piece in pieces for line in piece.split("\n")]
            while pieces and not pieces[-1]:
                pieces.pop()
            while pieces and not pieces[0]:
                pieces.pop(0)
            lines: tuple[str, ...] = tuple(pieces)
            if any(lines):
                markup.extend(look.markup)
            spans: tuple[tuple[Span, ...], ...] = tuple(
                (Span(line, look.italic, look.bold, look.underline),) if line else () for line in lines
            )
        else:
            lines, spans = self.rich(p, node, timing, timed, markup, base_color)
        begin, end = node.begin, node.end
        if timed and ("begin" not in p.attrib or end is None):
            if "begin" not in p.attrib:
                begin = min(b for b, _ in timed)
            ends = [e for _, e in timed if e is not None]
            if end is None and ends:
                end = max(ends)
        if end is None:
            raise TimedTextError("a <p> has no end time (no end or dur on it or its parents)", line_no)
        self.events.append(
            Event(
                index=len(self.events) + 1,
                start=begin,
                end=end,
                lines=lines,
                spans=spans,
                markup=tuple(dict.fromkeys(markup)) if len(markup) > 1 else tuple(markup),
                position=position,
                vertical=vertical,
                identifier=p.attrib.get(_ID),
                source_line=line_no,
            )
        )

    def rich(
        self,
        p: Element,
        node: _Node,
        timing: _Timing,
        timed: list[tuple[Fraction, Fraction | None]],
        markup: list[Markup],
        base_color: str,
    ) -> tuple[tuple[str, ...], tuple[tuple[Span, ...], ...]]:
        """Lines and spans of a paragraph with spans: styles per span, ruby, timed spans."""
        lines: list[list[Span]] = [[]]
        ruby_text: list[str] = []
        base_family = node.style.get("fontFamily")
        base_size = node.style.get("fontSize")
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
            look = self.look(style)
            if value.strip():
                markup.extend(look.markup)
                if element is not p:
                    if style.get("color", base_color) != base_color:
                        markup.append(Markup(COLOR, f'tts:color="{style.get("color", "")[:30]}"'))
                    if style.get("fontFamily") != base_family or style.get("fontSize") != base_size:
                        markup.append(Markup(FONT, "tts:fontFamily/tts:fontSize on a span"))
            if node.preserve and "\n" in value:
                for i, piece in enumerate(value.split("\n")):
                    if i:
                        lines.append([])
                    if piece:
                        lines[-1].append(Span(piece, look.italic, look.bold, look.underline))
            elif value:
                lines[-1].append(Span(value, look.italic, look.bold, look.underline))
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
        return tuple(out_lines), tuple(out_spans)

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
            local = self.local(element.tag)
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


def _collapse(text: str) -> str:
    """XML default whitespace handling: runs of space, tab, CR and LF become one space; ends trimmed (other
    spaces such as U+3000 are text)."""
    if "\n" in text or "\t" in text or "\r" in text or "  " in text:
        text = _WS.sub(" ", text)
    return text.strip(" ")


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
