"""Deliverables plan templates (``plan_templates/*.json``) read, checked and expanded into the items of one
production's plan. Plain Python: the services turn the items into ``Deliverable`` rows.

A template lists items by category; an item with ``per_episode`` is made once per episode (series), one with
``languages`` once per language of the territory's list of that name (``subtitles``, ``sdh``, ``dubs``), never in
the original language except for SDH. The territory adds its own items (classification documents).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from setwise.engines.audio import targets as audio_targets
from setwise.engines.timedtext import LANGUAGES as TIMEDTEXT_LANGUAGES
from setwise.post.timeline import MILESTONES, clean_durations

TEMPLATES = ("film", "series")
CATEGORIES = ("picture", "audio", "subtitles", "dubbing", "artwork", "documents")
LANGUAGE_LISTS = ("subtitles", "sdh", "dubs")
QC_KINDS = ("", "timedtext", "audio")
_ITEM_FIELDS = {
    "key",
    "category",
    "name",
    "milestone",
    "offset_days",
    "spec",
    "qc",
    "audio_target",
    "per_episode",
    "languages",
    "sdh",
}


class TemplateError(ValueError):
    """The template data is not usable (a bug in the shipped JSON, or a bad custom template)."""


@dataclass(frozen=True, slots=True)
class ItemSpec:
    key: str
    category: str
    name: str
    milestone: str
    offset_days: int = 0
    spec: dict[str, Any] = field(default_factory=dict)
    qc: str = ""
    audio_target: str = ""
    per_episode: bool = False
    languages: str = ""
    sdh: bool = False


@dataclass(frozen=True, slots=True)
class Template:
    key: str
    name: str
    format: str
    frame_rate: str
    durations: dict[str, int]
    items: tuple[ItemSpec, ...]


@dataclass(frozen=True, slots=True)
class Territory:
    key: str
    name: str
    original_language: str
    subtitles: tuple[str, ...]
    sdh: tuple[str, ...]
    dubs: tuple[str, ...]
    items: tuple[ItemSpec, ...]


@dataclass(frozen=True, slots=True)
class PlannedItem:
    """One deliverable of the plan to be."""

    key: str
    category: str
    name: str
    milestone: str
    offset_days: int
    spec: dict[str, Any]
    qc: str
    audio_target: str
    episode: int | None
    language: str
    sdh: bool


def _item(origin: str, row: dict[str, Any]) -> ItemSpec:
    unknown = set(row) - _ITEM_FIELDS
    if unknown:
        raise TemplateError(f"{origin}: item {row.get('key', '?')!r} has unknown fields {sorted(unknown)}")
    for name in ("key", "category", "name", "milestone"):
        if not isinstance(row.get(name), str) or not row[name]:
            raise TemplateError(f"{origin}: an item lacks {name!r}")
    if row["category"] not in CATEGORIES:
        raise TemplateError(f"{origin}: item {row['key']!r} has unknown category {row['category']!r}")
    if row["milestone"] not in MILESTONES:
        raise TemplateError(f"{origin}: item {row['key']!r} is due at unknown milestone {row['milestone']!r}")
    qc = str(row.get("qc", ""))
    if qc not in QC_KINDS:
        raise TemplateError(f"{origin}: item {row['key']!r} has unknown check {qc!r}")
    target = str(row.get("audio_target", ""))
    if (qc == "audio") != bool(target) or (target and target not in audio_targets()):
        raise TemplateError(f"{origin}: item {row['key']!r} needs a known audio target exactly when qc is 'audio'")
    languages = str(row.get("languages", ""))
    if languages and languages not in LANGUAGE_LISTS:
        raise TemplateError(f"{origin}: item {row['key']!r} has unknown language list {languages!r}")
    if bool(languages) != ("{language}" in row["name"]):
        raise TemplateError(f"{origin}: item {row['key']!r} must name {{language}} exactly when it has languages")
    return ItemSpec(
        key=row["key"],
        category=row["category"],
        name=row["name"],
        milestone=row["milestone"],
        offset_days=int(row.get("offset_days", 0)),
        spec=dict(row.get("spec", {})),
        qc=qc,
        audio_target=target,
        per_episode=bool(row.get("per_episode", False)),
        languages=languages,
        sdh=bool(row.get("sdh", False)),
    )


def _read(name: str) -> dict[str, Any]:
    text = resources.files("setwise.post.plan_templates").joinpath(name).read_text(encoding="utf-8")
    data = json.loads(text)
    if not isinstance(data, dict):
        raise TemplateError(f"{name}: not a JSON object")
    return data


def parse_template(data: dict[str, Any], origin: str = "template") -> Template:
    items = tuple(_item(origin, row) for row in data.get("items", []))
    keys = [i.key for i in items]
    if len(set(keys)) != len(keys):
        raise TemplateError(f"{origin}: item keys repeat")
    try:
        durations = clean_durations(data.get("durations", {}))
    except ValueError as exc:
        raise TemplateError(f"{origin}: {exc}") from None
    return Template(
        key=str(data["key"]),
        name=str(data["name"]),
        format=str(data["format"]),
        frame_rate=str(data.get("frame_rate", "23.976")),
        durations=durations,
        items=items,
    )


@cache
def load_template(key: str) -> Template:
    if key not in TEMPLATES:
        raise TemplateError(f"unknown plan template {key!r} (known: {', '.join(TEMPLATES)})")
    return parse_template(_read(f"{key}.json"), f"{key}.json")


def _languages(origin: str, values: object) -> tuple[str, ...]:
    if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
        raise TemplateError(f"{origin}: language lists must be lists of codes")
    return tuple(values)


@cache
def territories() -> dict[str, Territory]:
    data = _read("territories.json")
    out: dict[str, Territory] = {}
    for key, row in data["territories"].items():
        origin = f"territories.json {key}"
        out[key] = Territory(
            key=key,
            name=str(row["name"]),
            original_language=str(row["original_language"]),
            subtitles=_languages(origin, row.get("subtitles", [])),
            sdh=_languages(origin, row.get("sdh", [])),
            dubs=_languages(origin, row.get("dubs", [])),
            items=tuple(_item(origin, item) for item in row.get("items", [])),
        )
    if "default" not in out:
        raise TemplateError("territories.json: no 'default' territory")
    return out


def territory_for(country: str) -> Territory:
    known = territories()
    return known.get(country.upper(), known["default"])


def template_for_format(production_format: str) -> str:
    """The template a production of this format starts from (hybrids are planned like series)."""
    return "film" if production_format == "film" else "series"


def timedtext_language(code: str) -> str | None:
    """The timed-text engine's code for a language (``zh-TW`` -> ``zh-Hant``), or None when it has no rules."""
    lowered = code.strip().lower()
    for known in TIMEDTEXT_LANGUAGES:
        if known.lower() == lowered:
            return known
    return {"zh-tw": "zh-Hant", "zh": "zh-Hant"}.get(lowered)


def expand(
    template: Template, territory: Territory, episodes: int, original_language: str | None = None
) -> list[PlannedItem]:
    """Every deliverable of the plan, in template order (per-episode items episode by episode)."""
    original = original_language or territory.original_language
    lists = {
        "subtitles": [lang for lang in territory.subtitles if lang != original],
        "sdh": list(territory.sdh),
        "dubs": [lang for lang in territory.dubs if lang != original],
    }
    episode_numbers: list[int | None] = list(range(1, max(1, episodes) + 1)) if template.format != "film" else [None]
    shared: list[PlannedItem] = []
    per_episode: dict[int | None, list[PlannedItem]] = {n: [] for n in episode_numbers}
    for spec in (*template.items, *territory.items):
        languages: list[str] = lists[spec.languages] if spec.languages else [""]
        for language in languages:
            qc = spec.qc
            if qc == "timedtext" and timedtext_language(language) is None:
                qc = ""  # no rules for this language: checked by hand
            for episode in episode_numbers if spec.per_episode else [None]:
                item = PlannedItem(
                    key=spec.key,
                    category=spec.category,
                    name=spec.name.replace("{language}", language),
                    milestone=spec.milestone,
                    offset_days=spec.offset_days,
                    spec=dict(spec.spec),
                    qc=qc,
                    audio_target=spec.audio_target,
                    episode=episode,
                    language=timedtext_language(language) or language if language else "",
                    sdh=spec.sdh,
                )
                (per_episode[episode] if spec.per_episode and episode is not None else shared).append(item)
    ordered: list[PlannedItem] = []
    for number in episode_numbers:
        ordered += per_episode.get(number, [])
    return ordered + shared
