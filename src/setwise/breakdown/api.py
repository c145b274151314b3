"""The script breakdown over JSON: the same selectors, services and permissions as the breakdown pages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from setwise.accounts.permissions import get_production_for_user
from setwise.accounts.roles import Perm
from setwise.breakdown import selectors, services
from setwise.breakdown.models import Category, Scene, SceneElement, ScriptDraft
from setwise.breakdown.schemas import (
    DecisionIn,
    DraftOut,
    ElementIn,
    ImportStartedOut,
    SceneDetailOut,
    SceneElementOut,
    SceneOut,
)
from setwise.core.api_utils import Page, paginate

router = Router(tags=["breakdown"])


class SceneQuery(Schema):
    episode: int | None = None
    q: str = ""
    int_ext: str = ""
    time: str = ""
    character: str = ""
    omitted: bool = False
    limit: int = 100
    offset: int = 0  # paginate clamps it, so a huge offset is an empty page, never a database error


def _scene_row(scene: Scene) -> dict[str, Any]:
    return {
        "id": scene.pk,
        "episode": scene.episode,
        "number": scene.number,
        "heading": scene.heading,
        "int_ext": scene.int_ext or None,
        "set": scene.set_name,
        "location": scene.location or None,
        "time_of_day": scene.time_of_day or None,
        "eighths": scene.eighths,
        "length": scene.eighths_display,
        "page_start": scene.page_start,
        "page_end": scene.page_end,
        "omitted": scene.omitted,
        "draft_version": scene.draft.version,
        "characters": [
            {"name": sc.character.name, "speaking": sc.speaking, "dialogue_count": sc.dialogue_count}
            for sc in scene.scene_characters.all()
        ],
    }


def _element_row(se: SceneElement) -> dict[str, Any]:
    return {
        "id": se.pk,
        "category": se.element.category,
        "name": se.element.name,
        "status": se.status,
        "triggers": list(se.triggers),
    }


@router.get("/{slug}/scenes", response=Page[SceneOut], summary="The production's scenes in script order")
def list_scenes(request: HttpRequest, slug: str, filters: Query[SceneQuery]) -> dict[str, Any]:
    production = get_production_for_user(request.user, slug)
    params = {k: ("1" if v is True else "" if v is False or v is None else str(v)) for k, v in filters.dict().items()}
    qs = selectors.scene_table(production, selectors.SceneFilters.from_params(params)).select_related("draft")
    page = paginate(qs.order_by("order", "pk"), filters.limit, filters.offset)
    return {**page, "items": [_scene_row(s) for s in page["items"]]}


@router.get("/{slug}/scenes/{scene_id}", response=SceneDetailOut, summary="A scene with its breakdown elements")
def get_scene(request: HttpRequest, slug: str, scene_id: int) -> dict[str, Any]:
    production = get_production_for_user(request.user, slug)
    scene = get_object_or_404(selectors.scene_table(production, selectors.SceneFilters(show_omitted=True)), pk=scene_id)
    elements = selectors.scene_elements(scene)
    if not services.can_view_intimacy(request.user, production):
        elements = [se for se in elements if se.element.category != Category.INTIMACY]
    return {**_scene_row(scene), "text": scene.text, "elements": [_element_row(se) for se in elements]}


@router.get("/{slug}/script/drafts", response=list[DraftOut], summary="The production's script drafts, newest first")
def list_drafts(request: HttpRequest, slug: str) -> list[ScriptDraft]:
    production = get_production_for_user(request.user, slug)
    return list(ScriptDraft.objects.filter(production=production).order_by("episode", "-version"))


@router.post(
    "/{slug}/script",
    response={202: ImportStartedOut},
    summary="Import a script draft (Fountain, FDX or PDF) as a background job; a revision keeps the breakdown",
)
def upload_script(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    file: File[UploadedFile],
    colour: Form[str] = "",
    format: Form[str] = "",
    episode: Form[int] = 1,
) -> Any:
    from setwise.breakdown.tasks import start_import
    from setwise.config.api import problem

    production = get_production_for_user(request.user, slug, Perm.EDIT_PRODUCTION)
    if file.size is not None and file.size > settings.SETWISE_IMPORT_MAX_BYTES:
        return problem(
            request,
            413,
            "File too large",
            f"The file is {round(file.size / 1048576, 1)} MB; the limit is "
            f"{round(settings.SETWISE_IMPORT_MAX_BYTES / 1048576, 1)} MB.",
        )
    try:
        job = start_import(
            request.user, production, file.read(), file.name or "script", colour=colour, format=format, episode=episode
        )
    except services.InvalidImportOption as exc:
        detail = "; ".join(exc.messages)
        return problem(request, 422, "Invalid request", detail, errors=[{"field": exc.field, "message": detail}])
    status_url = f"/api/jobs/{job.pk}"
    response["Location"] = status_url
    return Status(202, {"job_id": job.pk, "status_url": status_url})


def _scene_element(request: HttpRequest, slug: str, scene_id: int, item_id: int) -> SceneElement:
    # The decision itself checks the permission: INTIMACY elements are open to the intimacy coordinator too.
    production = get_production_for_user(request.user, slug)
    scene = selectors.get_scene(production, scene_id)
    return get_object_or_404(scene.scene_elements.select_related("element", "scene__production"), pk=item_id)


@router.post(
    "/{slug}/scenes/{scene_id}/elements/{item_id}/decision",
    response=SceneElementOut,
    summary="Accept or reject a suggested element (or put it back to suggested)",
)
def decide_element(request: HttpRequest, slug: str, scene_id: int, item_id: int, body: DecisionIn) -> dict[str, Any]:
    item = _scene_element(request, slug, scene_id, item_id)
    return _element_row(services.set_element_status(request.user, item, body.status))


@router.post(
    "/{slug}/scenes/{scene_id}/elements",
    response={201: SceneElementOut},
    summary="Add an element to a scene by hand",
)
def add_element(request: HttpRequest, slug: str, scene_id: int, body: ElementIn) -> Any:
    production = get_production_for_user(request.user, slug, Perm.EDIT_PRODUCTION)
    scene = selectors.get_scene(production, scene_id)
    se = services.add_element(request.user, scene, body.category, body.name)
    return Status(201, _element_row(SceneElement.objects.select_related("element").get(pk=se.pk)))
