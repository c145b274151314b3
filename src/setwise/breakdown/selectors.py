"""Reads of a production's script breakdown. Callers pass a production they got through
``setwise.accounts.permissions.get_production_for_user``; children are looked up through it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from setwise.breakdown.models import (
    CATEGORY_COLOURS,
    CONFIRMED_STATUSES,
    Category,
    Element,
    ElementStatus,
    IntExt,
    Scene,
    SceneCharacter,
    SceneElement,
)
from setwise.productions.models import Production

SORTS = {
    "order": "order",
    "number": "number",
    "heading": "heading",
    "int_ext": "int_ext",
    "time": "time_of_day",
    "set": "set_name",
    "eighths": "eighths",
}


@dataclass(frozen=True)
class SceneFilters:
    q: str = ""
    int_ext: str = ""
    time_of_day: str = ""
    character: str = ""
    show_omitted: bool = False
    episode: int | None = None

    @classmethod
    def from_params(cls, params: Any) -> SceneFilters:
        int_ext = (params.get("int_ext") or "").strip()
        episode = (params.get("episode") or "").strip()
        return cls(
            episode=int(episode) if episode.isdigit() and len(episode) < 4 else None,
            q=(params.get("q") or "").strip()[:200],
            int_ext=int_ext if int_ext in IntExt.values else "",
            time_of_day=(params.get("time") or "").strip().upper()[:16],
            character=(params.get("character") or "").strip()[:200],
            show_omitted=params.get("omitted") in ("1", "on", "true"),
        )


def _confirmed(category: str) -> Exists:
    return Exists(
        SceneElement.objects.filter(scene=OuterRef("pk"), element__category=category, status__in=CONFIRMED_STATUSES)
    )


def scene_table(production: Production, filters: SceneFilters | None = None) -> QuerySet[Scene]:
    """The production's scenes with their characters (one prefetch) and the intimacy / VFX flags."""
    filters = filters or SceneFilters()
    qs = Scene.objects.filter(production=production).annotate(
        needs_intimacy=_confirmed(Category.INTIMACY), needs_vfx=_confirmed(Category.VFX)
    )
    if not filters.show_omitted:
        qs = qs.filter(omitted=False)
    if filters.q:
        qs = qs.filter(
            Q(heading__icontains=filters.q)
            | Q(number__iexact=filters.q)
            | Q(set_name__icontains=filters.q)
            | Q(location__icontains=filters.q)
        )
    if filters.episode is not None:
        qs = qs.filter(episode=filters.episode)
    if filters.int_ext:
        qs = qs.filter(int_ext=filters.int_ext)
    if filters.time_of_day:
        qs = qs.filter(time_of_day=filters.time_of_day)
    if filters.character:
        qs = qs.filter(scene_characters__character__name=filters.character)
    return qs.select_related("revised_in").prefetch_related(
        Prefetch(
            "scene_characters",
            queryset=SceneCharacter.objects.select_related("character").order_by("-dialogue_count", "character__name"),
        )
    )


def get_scene(production: Production, scene_id: int) -> Scene:
    return get_object_or_404(
        Scene.objects.filter(production=production).select_related("draft", "revised_in"), pk=scene_id
    )


def scene_elements(scene: Scene) -> list[SceneElement]:
    return list(scene.scene_elements.select_related("element").order_by("element__category", "element__name"))


@dataclass
class CategoryGroup:
    category: str
    label: str
    colour: str
    text_colour: str
    items: list[SceneElement]


def group_by_category(items: list[SceneElement]) -> list[CategoryGroup]:
    """Elements grouped in the breakdown sheet's category order (categories with no element left out)."""
    groups: dict[str, list[SceneElement]] = {}
    for se in items:
        groups.setdefault(se.element.category, []).append(se)
    return [
        CategoryGroup(value, str(label), *CATEGORY_COLOURS[value], groups[value])
        for value, label in Category.choices
        if value in groups
    ]


def element_manager(production: Production, category: str = "") -> QuerySet[Element]:
    """Every element of the production with the scenes that use it (suggested, accepted or hand-added)."""
    qs = Element.objects.filter(production=production).all()
    if category in Category.values:
        qs = qs.filter(category=category)
    used = SceneElement.objects.exclude(status=ElementStatus.REJECTED).filter(scene__omitted=False)
    return qs.prefetch_related(
        Prefetch(
            "scene_elements",
            queryset=used.select_related("scene").order_by("scene__order"),
            to_attr="uses",
        )
    ).order_by("category", "name")


def flagged_scenes(production: Production, category: str) -> QuerySet[Scene]:
    """Scenes with an accepted (or hand-added) element of ``category``: the intimacy coordinator's queue
    for ``intimacy``, the post supervisor's list for ``vfx``."""
    confirmed = SceneElement.objects.filter(element__category=category, status__in=CONFIRMED_STATUSES)
    return (
        Scene.objects.filter(production=production)
        .filter(omitted=False, pk__in=confirmed.values("scene_id"))
        .prefetch_related(
            Prefetch(
                "scene_elements",
                queryset=confirmed.select_related("element").order_by("element__name"),
                to_attr="flagged",
            ),
            Prefetch("scene_characters", queryset=SceneCharacter.objects.select_related("character")),
        )
        .order_by("order", "pk")
    )
