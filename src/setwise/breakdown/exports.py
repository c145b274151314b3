"""Exports of the breakdown: the scene list and the breakdown sheets as spreadsheets (openpyxl) and as PDF
(a Django template rendered to HTML, then WeasyPrint, with the Noto fonts for CJK and Thai text)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from setwise.breakdown.models import (
    CATEGORY_COLOURS,
    CONFIRMED_STATUSES,
    Category,
    Scene,
    SceneCharacter,
    SceneElement,
    ScriptDraft,
    format_eighths,
)
from setwise.core.pdf import font_stack, page_counter_css, render_pdf
from setwise.productions.models import Production


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text(cell: Cell) -> Cell:
    """Mark a cell as plain text: a value starting with "=" stays literal text (no visible apostrophe) and
    never runs as a formula in a spreadsheet."""
    cell.data_type = "s"
    return cell


def _widths(sheet: object, widths: list[int]) -> None:
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width  # type: ignore[attr-defined]


def _scenes(production: Production) -> list[Scene]:
    return list(
        Scene.objects.filter(production=production)
        .filter(omitted=False)
        .order_by("order", "pk")
        .prefetch_related(
            Prefetch(
                "scene_characters",
                queryset=SceneCharacter.objects.select_related("character").order_by(
                    "-dialogue_count", "character__name"
                ),
            )
        )
    )


def scene_list_xlsx(production: Production) -> bytes:
    """One row per scene: number, heading, INT/EXT, set, location, time of day, pages, eighths, characters."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Scenes")[:31]
    header = [
        _("Scene"),
        _("Heading"),
        _("INT/EXT"),
        _("Set"),
        _("Location"),
        _("Time of day"),
        _("Pages"),
        _("Eighths"),
        _("Length"),
        _("Characters"),
    ]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for s in _scenes(production):
        sheet.append(
            [
                s.number,
                s.heading,
                s.int_ext,
                s.set_name,
                s.location,
                s.time_of_day,
                f"{s.page_start}-{s.page_end}" if s.page_end != s.page_start else str(s.page_start),
                s.eighths,
                format_eighths(s.eighths),
                ", ".join(sc.character.name for sc in s.scene_characters.all()),
            ]
        )
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                _text(cell)
    sheet.freeze_panes = "A2"
    _widths(sheet, [8, 40, 9, 24, 24, 12, 8, 8, 8, 50])
    return _save(workbook)


def breakdown_xlsx(
    production: Production, scenes: Iterable[Scene] | None = None, include_intimacy: bool = True
) -> bytes:
    """Breakdown sheets: one block per scene (heading, length, cast), then its accepted and hand-added
    elements by category, each category in its breakdown colour. Suggestions and rejections are left out, and
    intimacy elements unless ``include_intimacy`` (the caller checks ``services.can_view_intimacy``)."""
    scene_list = list(scenes) if scenes is not None else _scenes(production)
    confirmed = SceneElement.objects.filter(scene__in=scene_list, status__in=CONFIRMED_STATUSES)
    if not include_intimacy:
        confirmed = confirmed.exclude(element__category=Category.INTIMACY)
    confirmed = confirmed.select_related("element").order_by("element__name")
    by_scene: dict[int, dict[str, list[str]]] = {}
    for se in confirmed:
        by_scene.setdefault(se.scene_id, {}).setdefault(se.element.category, []).append(se.element.name)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Breakdown")[:31]
    labels = {value: str(label) for value, label in Category.choices}
    row = 1
    for s in scene_list:
        _text(sheet.cell(row=row, column=1, value=_("Scene %(number)s") % {"number": s.number})).font = Font(bold=True)
        _text(sheet.cell(row=row, column=2, value=s.heading)).font = Font(bold=True)
        row += 1
        facts: list[tuple[str, str]] = [
            (_("INT/EXT"), s.int_ext),
            (_("Set"), s.set_name),
            (_("Location"), s.location),
            (_("Time of day"), s.time_of_day),
            (_("Length"), format_eighths(s.eighths)),
        ]
        for label, value in facts:
            sheet.cell(row=row, column=1, value=label)
            _text(sheet.cell(row=row, column=2, value=value))
            row += 1
        elements = by_scene.get(s.pk, {})
        for category, label in labels.items():
            names = elements.get(category)
            if not names:
                continue
            fill_hex, text_hex = CATEGORY_COLOURS[category]
            cell = sheet.cell(row=row, column=1, value=str(label))
            cell.fill = PatternFill("solid", fgColor=fill_hex.lstrip("#"))
            cell.font = Font(bold=True, color=text_hex.lstrip("#"))
            _text(sheet.cell(row=row, column=2, value=", ".join(names)))
            row += 1
        row += 1
    _widths(sheet, [22, 80])
    return _save(workbook)


# --- PDF ---------------------------------------------------------------------------------------------------------


def _production_language(production: Production, drafts: list[ScriptDraft]) -> str:
    return production.language or next((d.language for d in drafts if d.language), "") or get_language() or "en"


def _draft_label(draft: ScriptDraft | None, episodes: int) -> str:
    if draft is None:
        return ""
    label = _("Draft %(version)s · %(colour)s") % {"version": draft.version, "colour": draft.get_colour_display()}
    if episodes > 1:
        label = _("Episode %(episode)s") % {"episode": draft.episode} + " · " + label
    return label


def _pdf_context(production: Production, drafts: list[ScriptDraft], title: str) -> dict[str, object]:
    lang = _production_language(production, drafts)
    latest = max(drafts, key=lambda d: (d.created_at, d.pk), default=None)
    colour = latest.colour_hex if latest else "#ffffff"
    return {
        "production": production,
        "document_title": title,
        "lang": lang,
        "font_stack": font_stack(lang),
        "draft_label": _draft_label(latest, production.episodes),
        "draft_colour": colour,
        "page_counter": page_counter_css(_("Page {page} of {pages}")),
    }


def scene_list_pdf(production: Production, base_url: str) -> bytes:
    """The scene list on A4 landscape: number, heading, INT/EXT, time of day, length in eighths, pages,
    characters; the totals at the end; the current draft and page x of y in the footer."""
    scenes = _scenes(production)
    drafts = list(ScriptDraft.objects.filter(production=production))
    context = _pdf_context(production, drafts, _("Scene list"))
    context.update(
        {
            "scenes": scenes,
            "scene_count": len(scenes),
            "total_eighths": sum(s.eighths for s in scenes),
            "show_episode": production.episodes > 1,
        }
    )
    return render_pdf("breakdown/pdf/scene_list.html", context, base_url)


@dataclass
class SheetBox:
    """One category box of a breakdown sheet."""

    category: str
    label: str
    colour: str
    text_colour: str
    names: list[str] = field(default_factory=list)


@dataclass
class Sheet:
    scene: Scene
    synopsis: str
    characters: list[str]
    boxes: list[SheetBox]
    draft_label: str
    draft_colour: str


def _synopsis(scene: Scene, limit: int = 300) -> str:
    """The scene's first line of action (the heading left out), shortened to ``limit`` characters."""
    for line in scene.text.splitlines():
        line = line.strip()
        if line and line != scene.heading.strip():
            return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
    return ""


def breakdown_pdf(
    production: Production, base_url: str, scenes: Iterable[Scene] | None = None, include_intimacy: bool = True
) -> bytes:
    """Breakdown sheets, one page per scene in the usual layout: a header (production, scene number, heading,
    INT/EXT, time of day, length in eighths, first line of action), then a box per breakdown category in its
    colour. The same data as ``breakdown_xlsx``: accepted and hand-added elements only, intimacy elements only
    with ``include_intimacy`` (the caller checks ``services.can_view_intimacy``). The scene's characters open
    the cast box."""
    scene_list = list(scenes) if scenes is not None else _scenes(production)
    confirmed = SceneElement.objects.filter(scene__in=scene_list, status__in=CONFIRMED_STATUSES)
    if not include_intimacy:
        confirmed = confirmed.exclude(element__category=Category.INTIMACY)
    confirmed = confirmed.select_related("element").order_by("element__name")
    by_scene: dict[int, dict[str, list[str]]] = {}
    for se in confirmed:
        by_scene.setdefault(se.scene_id, {}).setdefault(se.element.category, []).append(se.element.name)
    characters: dict[int, list[str]] = {}
    for sc in (
        SceneCharacter.objects.filter(scene__in=scene_list)
        .select_related("character")
        .order_by("-speaking", "-dialogue_count", "character__name")
    ):
        characters.setdefault(sc.scene_id, []).append(sc.character.name)
    drafts = list(ScriptDraft.objects.filter(production=production))
    by_pk = {d.pk: d for d in drafts}
    categories = [(v, str(label)) for v, label in Category.choices if include_intimacy or v != Category.INTIMACY]
    sheets = []
    for s in scene_list:
        elements = by_scene.get(s.pk, {})
        names = characters.get(s.pk, [])
        boxes = []
        for category, label in categories:
            items = list(elements.get(category, []))
            if category == Category.CAST:
                items = [*names, *(n for n in items if n not in names)]
            boxes.append(SheetBox(category, label, *CATEGORY_COLOURS[category], items))
        draft = by_pk.get(s.draft_id)
        sheets.append(
            Sheet(
                scene=s,
                synopsis=_synopsis(s),
                characters=names,
                boxes=boxes,
                draft_label=_draft_label(draft, production.episodes),
                draft_colour=draft.colour_hex if draft else "#ffffff",
            )
        )
    context = _pdf_context(production, drafts, _("Breakdown sheets"))
    context.update({"sheets": sheets, "show_episode": production.episodes > 1})
    return render_pdf("breakdown/pdf/breakdown.html", context, base_url)
