"""Writes of the script breakdown: importing drafts, deciding on elements, linking characters to cast.

Every verb checks ``Perm.EDIT_PRODUCTION`` on the production through ``setwise.accounts.permissions`` and
writes inside a transaction; decisions on INTIMACY elements are also open to ``Perm.EDIT_INTIMACY_BREAKDOWN``
(the intimacy coordinator). A script the engine cannot read writes nothing. The import options (colour, format,
episode) are checked here only (``check_import_options``); a bad one raises ``InvalidImportOption``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from setwise.accounts.permissions import has_production_perm
from setwise.accounts.roles import Perm, ProductionRole
from setwise.breakdown import revisions
from setwise.breakdown.models import (
    Category,
    Character,
    Element,
    ElementStatus,
    Location,
    RevisionColour,
    Scene,
    SceneCharacter,
    SceneElement,
    ScriptDraft,
    ScriptFormat,
    Set,
)
from setwise.engines import screenplay
from setwise.engines.names import name_key
from setwise.productions.models import Membership, Production

Progress = Callable[[int, str], None]
MAX_EPISODE = 999
EPISODE_ORDER = 1_000_000  # scene order = episode * EPISODE_ORDER + position * 10
COLOUR_SEQUENCE = list(RevisionColour.values)


def can_edit_breakdown(user: Any, production: Production) -> bool:
    return has_production_perm(user, Perm.EDIT_PRODUCTION, production)


def can_decide_intimacy(user: Any, production: Production) -> bool:
    """Whether ``user`` may accept or reject the INTIMACY elements of the production's breakdown sheets."""
    return can_edit_breakdown(user, production) or has_production_perm(user, Perm.EDIT_INTIMACY_BREAKDOWN, production)


def can_view_intimacy(user: Any, production: Production) -> bool:
    """Whether ``user`` sees intimacy elements and flags: ``Perm.VIEW_INTIMACY``, or anyone who decides on
    them (the breakdown's editors must see what they accept). Cast and crew do not."""
    return has_production_perm(user, Perm.VIEW_INTIMACY, production) or can_decide_intimacy(user, production)


def _require_edit(user: Any, production: Production) -> None:
    if not can_edit_breakdown(user, production):
        raise PermissionDenied("You may not edit this production's script breakdown")


class InvalidImportOption(ValidationError):
    """An import option (``field``: colour, format or episode) the import does not accept."""

    def __init__(self, field: str, message: str):
        super().__init__(message, code="invalid")
        self.field = field


def check_import_options(colour: str | None, format: str | None, episode: int) -> None:
    """The one check of an import's options, before any work is queued or done."""
    if colour and colour not in RevisionColour.values:
        raise InvalidImportOption("colour", _("Unknown revision colour %(colour)s.") % {"colour": colour})
    if format and format not in ScriptFormat.values:
        raise InvalidImportOption(
            "format",
            _("Unknown script format %(format)s.") % {"format": format},
        )
    if not 1 <= episode <= MAX_EPISODE:
        raise InvalidImportOption("episode", _("The episode must be between 1 and %(max)s.") % {"max": MAX_EPISODE})


def next_colour(production: Production, episode: int = 1) -> str:
    """The colour the next draft gets by default: white first, then the revision sequence, wrapping."""
    last = (
        ScriptDraft.objects.filter(production=production, episode=episode)
        .order_by("-version")
        .values_list("colour", flat=True)
        .first()
    )
    if last is None:
        return RevisionColour.WHITE
    position = COLOUR_SEQUENCE.index(last) if last in COLOUR_SEQUENCE else 0
    return COLOUR_SEQUENCE[(position + 1) % len(COLOUR_SEQUENCE)]


@dataclass
class ImportResult:
    draft: int | None = None
    version: int = 0
    scenes: int = 0
    characters: int = 0
    suggestions: int = 0
    added: int = 0
    omitted: int = 0
    changed: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "draft": self.draft,
            "version": self.version,
            "scenes": self.scenes,
            "characters": self.characters,
            "suggestions": self.suggestions,
            "added": self.added,
            "omitted": self.omitted,
            "changed": self.changed,
            "errors": self.errors,
        }


def _noop(percent: int, message: str = "") -> None:
    return None


def import_script(
    user: Any,
    production: Production,
    data: bytes,
    filename: str,
    *,
    colour: str | None = None,
    format: str | None = None,
    episode: int = 1,
    progress: Progress = _noop,
) -> ImportResult:
    """Import a script file as the production's next draft.

    The first draft creates scenes, characters and suggested elements. A later draft is matched to the
    current scenes (``revisions.match_scenes``): matched scenes are updated in place and keep their accepted,
    rejected and hand-added elements; vanished scenes are marked omitted; new scenes are added. Input the
    engine cannot read gives ``errors`` (the engine's one-line message) and writes nothing.

    On a series each episode has its own drafts and scenes (``episode``); a revision is matched only to the
    scenes of its episode."""
    _require_edit(user, production)
    check_import_options(colour, format, episode)
    progress(5, _("Reading the script"))
    try:
        script = screenplay.parse(data, filename or None, format)
    except screenplay.ScriptError as exc:
        return ImportResult(errors=[{"row": None, "column": "", "message": str(exc)}])
    if not script.scenes:
        message = _("no scene headings were found; is this a screenplay?")
        return ImportResult(errors=[{"row": None, "column": "", "message": message}])
    progress(40, _("Found %(n)s scenes") % {"n": len(script.scenes)})
    with transaction.atomic():
        # Serialise imports of one production (version numbers, scene matching).
        Production.objects.select_for_update().filter(pk=production.pk).first()
        result = _apply(user, production, episode, script, filename, colour, progress)
    progress(100, _("Imported"))
    return result


def _apply(
    user: Any,
    production: Production,
    episode: int,
    script: screenplay.Script,
    filename: str,
    colour: str | None,
    progress: Progress,
) -> ImportResult:
    previous = ScriptDraft.objects.filter(production=production, episode=episode).order_by("-version").first()
    draft = ScriptDraft.objects.create(
        production=production,
        episode=episode,
        version=(previous.version + 1) if previous else 1,
        colour=colour or next_colour(production, episode),
        file_name=(filename or "script")[:200],
        format=script.format,
        language=script.language,
        title=(script.title or "")[:300],
        page_count=script.page_count,
        eighths=script.eighths,
        scene_count=len(script.scenes),
        uploaded_by=user if getattr(user, "pk", None) else None,
    )
    characters = _sync_characters(production, script)
    episode_scenes = Scene.objects.filter(production=production, episode=episode)
    old_scenes = list(episode_scenes.filter(omitted=False).order_by("order", "pk"))
    if old_scenes:
        matches = revisions.match_scenes(
            [revisions.OldScene(s.pk, s.number, s.heading, s.text) for s in old_scenes],
            [revisions.NewScene(s.index, s.number, s.heading, s.text) for s in script.scenes],
        )
    else:
        matches = {}
    progress(60, _("Matched scenes"))
    old_by_pk = {s.pk: s for s in old_scenes}
    used_numbers = {number.upper() for number in episode_scenes.values_list("number", flat=True)}
    diff: dict[str, Any] = {
        "previous_version": previous.version if previous else None,
        "added": [],
        "omitted": [],
        "changed": [],
        "unchanged": 0,
        "eighths_before": sum(s.eighths for s in old_scenes),
        "eighths_after": script.eighths,
    }
    to_create: list[Scene] = []
    to_update: list[Scene] = []  # rows whose content changed (every column rewritten)
    reordered: list[Scene] = []  # rows that only moved
    matched_pks: list[int] = []
    scene_for_index: dict[int, Scene] = {}
    previous_number: str | None = None
    for s in script.scenes:
        order = episode * EPISODE_ORDER + s.index * 10
        old_key = matches.get(s.index)
        if old_key is not None:
            scene = old_by_pk[old_key]
            before = (scene.heading, scene.text, scene.eighths, scene.number)
            number = s.number or scene.number
            after = (s.heading[:500], s.text, s.eighths, number)
            if before != after:
                diff["changed"].append(
                    {
                        "id": scene.pk,
                        "number": number,
                        "old_number": scene.number,
                        "heading": s.heading,
                        "old_eighths": scene.eighths,
                        "new_eighths": s.eighths,
                        "text_changed": before[:2] != after[:2],
                    }
                )
                scene.revised_in = draft
            else:
                diff["unchanged"] += 1
            content_before = _content(scene)
            _fill(scene, s, number)
            matched_pks.append(scene.pk)
            scene.draft = draft
            if _content(scene) != content_before:
                scene.order = order
                to_update.append(scene)
            elif scene.order != order:
                scene.order = order
                reordered.append(scene)
        else:
            if s.number:
                number = s.number
            elif previous is None:
                number = str(s.index)
            else:
                number = revisions.next_number(previous_number, used_numbers, str(s.index))
            used_numbers.add(number.upper())
            scene = Scene(
                production=production,
                episode=episode,
                draft=draft,
                order=order,
                revised_in=draft if previous else None,
            )
            _fill(scene, s, number)
            to_create.append(scene)
            if previous is not None:
                diff["added"].append({"number": number, "heading": s.heading, "eighths": s.eighths})
        previous_number = scene.number
        scene_for_index[s.index] = scene
    # Omitted: existing scenes nothing matched; they stay (numbers are not reused) after their neighbour.
    matched_keys = set(matches.values())
    new_order_of = {old_key: episode * EPISODE_ORDER + index * 10 for index, old_key in matches.items()}
    last_order, step = episode * EPISODE_ORDER, 0
    for scene in old_scenes:
        if scene.pk in matched_keys:
            last_order, step = new_order_of[scene.pk], 0
            continue
        step = min(step + 1, 9)
        scene.omitted = True
        scene.order = last_order + step
        scene.revised_in = draft
        to_update.append(scene)
        diff["omitted"].append(
            {"id": scene.pk, "number": scene.number, "heading": scene.heading, "eighths": scene.eighths}
        )
    Scene.objects.bulk_create(to_create)
    # Unchanged scenes only move to the new draft (one UPDATE); changed ones are rewritten.
    Scene.objects.filter(pk__in=matched_pks).update(draft=draft)
    if to_update:
        Scene.objects.bulk_update(to_update, [*SCENE_CONTENT_FIELDS, "draft", "order", "revised_in"], batch_size=200)
    if reordered:
        Scene.objects.bulk_update(reordered, ["order"], batch_size=500)
    _sync_sets(production, list(scene_for_index.values()))
    progress(75, _("Saved scenes"))
    _sync_scene_characters(script, scene_for_index, characters)
    suggestions = _sync_suggestions(production, script, scene_for_index)
    diff["added_eighths"] = sum(a["eighths"] for a in diff["added"])
    diff["omitted_eighths"] = sum(o["eighths"] for o in diff["omitted"])
    draft.diff = diff if previous else {}
    draft.save(update_fields=["diff"])
    _auto_link_cast(production)
    return ImportResult(
        draft=draft.pk,
        version=draft.version,
        scenes=len(script.scenes),
        characters=len(script.characters),
        suggestions=suggestions,
        added=len(diff["added"]),
        omitted=len(diff["omitted"]),
        changed=len(diff["changed"]),
    )


SCENE_CONTENT_FIELDS = [
    "number",
    "heading",
    "int_ext",
    "set_name",
    "location",
    "time_of_day",
    "text",
    "eighths",
    "page_start",
    "page_end",
    "omitted",
]


def _content(scene: Scene) -> tuple[object, ...]:
    return tuple(getattr(scene, name) for name in SCENE_CONTENT_FIELDS)


def _fill(scene: Scene, s: screenplay.Scene, number: str) -> None:
    scene.number = number[:16]
    scene.heading = s.heading[:500]
    scene.int_ext = s.int_ext or ""
    scene.set_name = (s.set or "")[:300]
    scene.location = (s.location or "")[:300]
    scene.time_of_day = s.time_of_day or ""
    scene.text = s.text
    scene.eighths = s.eighths
    scene.page_start = s.page_start
    scene.page_end = s.page_end
    scene.omitted = False


def _place_names(scene: Scene) -> tuple[str, str]:
    """(location, set) of a scene: a heading without a separate location (``INT. POLICE STATION``) is a set
    that is its own location."""
    set_name = scene.set_name.strip() or scene.location.strip() or scene.heading.strip()
    return (scene.location.strip() or set_name)[:300], set_name[:300]


def _place_key(name: str) -> str:
    return (name_key(name) or name.casefold())[:300]


def _sync_sets(production: Production, scenes: list[Scene]) -> None:
    """Create the locations and sets the scenes name (matched by ``name_key``, so ``Minho's House`` and
    ``MINHO'S HOUSE`` are one place) and link each scene to its set."""
    wanted = {_place_names(s) for s in scenes}
    locations = {loc.name_key: loc for loc in Location.objects.filter(production=production)}
    new_locations: dict[str, Location] = {}
    for location_name, _set_name in sorted(wanted):
        key = _place_key(location_name)
        if key not in locations and key not in new_locations:
            new_locations[key] = Location(production=production, name=location_name, name_key=key)
    if new_locations:
        Location.objects.bulk_create(new_locations.values())
        locations.update({loc.name_key: loc for loc in Location.objects.filter(production=production)})
    sets = {(st.location_id, st.name_key): st for st in Set.objects.filter(production=production)}
    new_sets: dict[tuple[int, str], Set] = {}
    for location_name, set_name in sorted(wanted):
        location = locations[_place_key(location_name)]
        set_key = (location.pk, _place_key(set_name))
        if set_key not in sets and set_key not in new_sets:
            new_sets[set_key] = Set(production=production, location=location, name=set_name, name_key=set_key[1])
    if new_sets:
        Set.objects.bulk_create(new_sets.values())
        sets = {(st.location_id, st.name_key): st for st in Set.objects.filter(production=production)}
    changed = []
    for scene in scenes:
        location_name, set_name = _place_names(scene)
        location = locations[_place_key(location_name)]
        st = sets[(location.pk, _place_key(set_name))]
        if scene.set_id != st.pk:
            scene.set = st
            changed.append(scene)
    if changed:
        Scene.objects.bulk_update(changed, ["set"], batch_size=500)


def _sync_characters(production: Production, script: screenplay.Script) -> dict[str, Character]:
    """Create or update the production's characters; ``{any spelling: Character}``."""
    by_spelling: dict[str, Character] = {}
    for character in Character.objects.filter(production=production).all():
        for spelling in [character.name, *character.aliases]:
            by_spelling.setdefault(spelling.upper(), character)
    for c in script.characters:
        spellings = [c.name, *c.aliases]
        existing = next((by_spelling[x.upper()] for x in spellings if x.upper() in by_spelling), None)
        if existing is None:
            existing = Character.objects.create(production=production, name=c.name[:200], aliases=list(c.aliases))
        else:
            known = {existing.name.upper(), *(a.upper() for a in existing.aliases)}
            extra = [x for x in spellings if x.upper() not in known]
            if extra:
                existing.aliases = [*existing.aliases, *extra]
                existing.save(update_fields=["aliases"])
        for spelling in spellings:
            by_spelling[spelling.upper()] = existing
    return by_spelling


def _sync_scene_characters(
    script: screenplay.Script, scene_for_index: dict[int, Scene], characters: dict[str, Character]
) -> None:
    SceneCharacter.objects.filter(scene__in=list(scene_for_index.values())).delete()
    rows: list[SceneCharacter] = []
    for s in script.scenes:
        counts = dict(s.dialogue_counts)
        seen: set[int] = set()
        for name in s.present:
            character = characters.get(name.upper())
            if character is None or character.pk in seen:
                continue
            seen.add(character.pk)
            rows.append(
                SceneCharacter(
                    scene=scene_for_index[s.index],
                    character=character,
                    speaking=name in s.speaking,
                    dialogue_count=counts.get(name, 0),
                )
            )
    SceneCharacter.objects.bulk_create(rows, batch_size=1000)


def _sync_suggestions(production: Production, script: screenplay.Script, scene_for_index: dict[int, Scene]) -> int:
    """Suggested elements from the engine. Decisions (accepted, rejected, hand-added) are never touched; a
    suggestion nobody decided on that the new text no longer triggers is dropped."""
    categories = set(Category.values)
    wanted: dict[tuple[int, tuple[str, str]], list[str]] = {}
    for s in script.scenes:
        scene = scene_for_index[s.index]
        for g in s.suggestions:
            if g.category not in categories or not g.name.strip():
                continue
            key = (scene.pk, (g.category, g.name.strip()[:200]))
            wanted.setdefault(key, [])
            wanted[key].extend(t for t in g.triggers if t not in wanted[key])
    elements = {(e.category, e.name): e for e in Element.objects.filter(production=production).all()}
    missing = {pair for _pk, pair in wanted} - set(elements)
    created = Element.objects.bulk_create(
        [Element(production=production, category=c, name=n) for c, n in sorted(missing)], batch_size=1000
    )
    elements.update({(e.category, e.name): e for e in created})
    existing: dict[tuple[int, int], SceneElement] = {
        (se.scene_id, se.element_id): se for se in SceneElement.objects.filter(scene__in=list(scene_for_index.values()))
    }
    keep: set[tuple[int, int]] = set()
    new_rows: list[SceneElement] = []
    changed_rows: list[SceneElement] = []
    for (scene_pk, pair), triggers in wanted.items():
        pk_pair = (scene_pk, elements[pair].pk)
        keep.add(pk_pair)
        se = existing.get(pk_pair)
        if se is None:
            new_rows.append(SceneElement(scene_id=scene_pk, element=elements[pair], triggers=triggers[:20]))
        elif se.triggers != triggers[:20]:
            se.triggers = triggers[:20]
            changed_rows.append(se)
    stale = [se.pk for key, se in existing.items() if key not in keep and se.status == ElementStatus.SUGGESTED]
    if stale:
        SceneElement.objects.filter(pk__in=stale).delete()
    SceneElement.objects.bulk_create(new_rows, batch_size=1000)
    if changed_rows:
        SceneElement.objects.bulk_update(changed_rows, ["triggers"], batch_size=1000)
    return len(new_rows)


def _auto_link_cast(production: Production) -> None:
    """Link unlinked characters to the cast member whose membership names the character (the department
    field of a cast membership holds the character played, e.g. "MIN-HO")."""
    cast = {
        m.department.strip().upper(): m
        for m in production.memberships.filter(role=ProductionRole.CAST).exclude(department="")
    }
    if not cast:
        return
    for character in Character.objects.filter(production=production).filter(cast_member__isnull=True):
        for spelling in [character.name, *character.aliases]:
            member = cast.get(spelling.upper())
            if member is not None:
                character.cast_member = member
                character.save(update_fields=["cast_member"])
                break


@transaction.atomic
def set_element_status(user: Any, scene_element: SceneElement, status: str) -> SceneElement:
    """Accept or reject an element of a scene (or put it back to suggested). INTIMACY elements may also be
    decided by the intimacy coordinator (``Perm.EDIT_INTIMACY_BREAKDOWN``); other categories need
    ``Perm.EDIT_PRODUCTION``."""
    production = scene_element.scene.production
    if scene_element.element.category == Category.INTIMACY:
        if not can_decide_intimacy(user, production):
            raise PermissionDenied("You may not decide on this production's intimacy elements")
    else:
        _require_edit(user, production)
    if status not in (ElementStatus.ACCEPTED, ElementStatus.REJECTED, ElementStatus.SUGGESTED):
        raise ValidationError(_("An element can be accepted, rejected or put back to suggested."))
    if scene_element.status == ElementStatus.MANUAL and status != ElementStatus.REJECTED:
        return scene_element  # hand-added elements are already part of the breakdown
    scene_element.status = status
    scene_element.save(update_fields=["status", "updated_at"])
    return scene_element


@transaction.atomic
def add_element(user: Any, scene: Scene, category: str, name: str) -> SceneElement:
    """Add an element to a scene by hand (creating the production's element if it is new)."""
    _require_edit(user, scene.production)
    name = " ".join(name.split())[:200]
    if category not in Category.values:
        raise ValidationError(_("Unknown category."))
    if not name:
        raise ValidationError(_("Name the element."))
    element, _created = Element.objects.get_or_create(production=scene.production, category=category, name=name)
    se, created = SceneElement.objects.get_or_create(
        scene=scene, element=element, defaults={"status": ElementStatus.MANUAL}
    )
    if not created and se.status != ElementStatus.MANUAL:
        se.status = ElementStatus.MANUAL
        se.save(update_fields=["status", "updated_at"])
    return se


@transaction.atomic
def link_character(user: Any, character: Character, membership: Membership | None) -> Character:
    """Link a character to the cast member who plays it (a cast membership of the same production)."""
    _require_edit(user, character.production)
    if membership is not None and (
        membership.production_id != character.production_id or membership.role != ProductionRole.CAST
    ):
        raise ValidationError(_("Choose a cast member of this production."))
    character.cast_member = membership
    character.save(update_fields=["cast_member"])
    return character
