"""Script drafts, scenes, characters and breakdown elements of a production.

A production's scenes are stable rows: importing a revised draft updates the matched scenes in place (so the
breakdown decisions and, later, schedule placement stay attached), marks vanished scenes omitted and adds new
ones. Every draft keeps the diff against the draft before it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from setwise.productions.models import Membership, Production


class RevisionColour(models.TextChoices):
    """The industry's revision colour sequence (WGA order)."""

    WHITE = "white", _("White")
    BLUE = "blue", _("Blue")
    PINK = "pink", _("Pink")
    YELLOW = "yellow", _("Yellow")
    GREEN = "green", _("Green")
    GOLDENROD = "goldenrod", _("Goldenrod")
    BUFF = "buff", _("Buff")
    SALMON = "salmon", _("Salmon")
    CHERRY = "cherry", _("Cherry")


REVISION_HEX = {
    "white": "#ffffff",
    "blue": "#a7c7e7",
    "pink": "#f8c8dc",
    "yellow": "#fff3a0",
    "green": "#b8e6b8",
    "goldenrod": "#f0c75e",
    "buff": "#f0dc82",
    "salmon": "#ffa07a",
    "cherry": "#de6b7f",
}


class ScriptFormat(models.TextChoices):
    FOUNTAIN = "fountain", _("Fountain")
    FDX = "fdx", _("Final Draft")
    PDF = "pdf", _("PDF")


class IntExt(models.TextChoices):
    INT = "INT", _("INT")
    EXT = "EXT", _("EXT")
    INT_EXT = "INT/EXT", _("INT/EXT")


class Category(models.TextChoices):
    """The standard colour-coded breakdown categories."""

    CAST = "cast", _("Cast")
    STUNTS = "stunts", _("Stunts")
    EXTRAS = "extras", _("Extras / background")
    MINORS = "minors", _("Minors")
    INTIMACY = "intimacy", _("Intimacy")
    SFX = "sfx", _("Special effects")
    PROPS = "props", _("Props")
    VEHICLES = "vehicles", _("Vehicles")
    ANIMALS = "animals", _("Animals")
    WEAPONS = "weapons", _("Weapons")
    WARDROBE = "wardrobe", _("Wardrobe")
    MAKEUP = "makeup", _("Makeup / hair")
    SET_DRESSING = "set_dressing", _("Set dressing")
    GREENERY = "greenery", _("Greenery")
    SPECIAL_EQUIPMENT = "special_equipment", _("Special equipment")
    SOUND = "sound", _("Sound / music")
    VFX = "vfx", _("Visual effects")
    SECURITY = "security", _("Security")
    NOTES = "notes", _("Notes")


# Breakdown-sheet colours (the conventional highlighter colours: cast red, stunts orange, extras green, SFX blue,
# props violet, vehicles and animals pink, sound brown, ...); ``text`` is a readable foreground on it.
CATEGORY_COLOURS: dict[str, tuple[str, str]] = {
    "cast": ("#e53935", "#ffffff"),
    "stunts": ("#fb8c00", "#000000"),
    "extras": ("#43a047", "#ffffff"),
    "minors": ("#fdd835", "#000000"),
    "intimacy": ("#ad1457", "#ffffff"),
    "sfx": ("#1e88e5", "#ffffff"),
    "props": ("#8e24aa", "#ffffff"),
    "vehicles": ("#f48fb1", "#000000"),
    "animals": ("#f06292", "#000000"),
    "weapons": ("#546e7a", "#ffffff"),
    "wardrobe": ("#26c6da", "#000000"),
    "makeup": ("#ffb74d", "#000000"),
    "set_dressing": ("#a1887f", "#000000"),
    "greenery": ("#9ccc65", "#000000"),
    "special_equipment": ("#5d4037", "#ffffff"),
    "sound": ("#8d6e63", "#ffffff"),
    "vfx": ("#00897b", "#ffffff"),
    "security": ("#37474f", "#ffffff"),
    "notes": ("#e0e0e0", "#000000"),
}


class ElementStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    MANUAL = "manual", _("Added by hand")


# What counts as part of the breakdown (suggestions and rejected ones do not).
CONFIRMED_STATUSES = (ElementStatus.ACCEPTED, ElementStatus.MANUAL)
# Decisions a revised draft never overwrites.
DECIDED_STATUSES = (ElementStatus.ACCEPTED, ElementStatus.REJECTED, ElementStatus.MANUAL)


class ScriptDraft(models.Model):
    """One imported script file: the first draft (white) or a revision."""

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="script_drafts")
    episode = models.PositiveSmallIntegerField(_("episode"), default=1)
    version = models.PositiveSmallIntegerField(_("version"))
    colour = models.CharField(
        _("revision colour"), max_length=12, choices=RevisionColour.choices, default=RevisionColour.WHITE
    )
    file_name = models.CharField(_("file name"), max_length=200)
    format = models.CharField(_("format"), max_length=12, choices=ScriptFormat.choices)
    language = models.CharField(_("language"), max_length=8, blank=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), default=0)
    eighths = models.PositiveIntegerField(_("length in eighths"), default=0)
    scene_count = models.PositiveIntegerField(_("scenes"), default=0)
    diff = models.JSONField(_("changes from the previous draft"), default=dict, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["production", "episode", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["production", "episode", "version"], name="unique_draft_episode_version")
        ]
        verbose_name = _("script draft")
        verbose_name_plural = _("script drafts")

    def __str__(self) -> str:
        return f"{self.production} · {self.episode} · v{self.version} ({self.get_colour_display()})"

    @property
    def colour_hex(self) -> str:
        return REVISION_HEX.get(self.colour, "#ffffff")


class Location(models.Model):
    """A place the production shoots, named as the script names it (``민호의 집``, ``POLICE STATION``); the
    address, map position and nearest hospital are filled in by the locations department for call sheets."""

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="locations")
    name = models.CharField(_("name"), max_length=300)
    name_key = models.CharField(max_length=300, editable=False)
    address = models.CharField(_("address"), max_length=500, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    hospital = models.CharField(_("nearest hospital"), max_length=300, blank=True)
    hospital_address = models.CharField(_("hospital address"), max_length=500, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["production", "name"]
        constraints = [models.UniqueConstraint(fields=["production", "name_key"], name="unique_location_name")]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self) -> str:
        return self.name


class Set(models.Model):
    """A set at a location (``거실`` at ``민호의 집``); scenes on one set shoot together without a move."""

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="sets")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="sets")
    name = models.CharField(_("name"), max_length=300)
    name_key = models.CharField(max_length=300, editable=False)

    class Meta:
        ordering = ["production", "location__name", "name"]
        constraints = [models.UniqueConstraint(fields=["location", "name_key"], name="unique_set_name")]
        verbose_name = _("set")
        verbose_name_plural = _("sets")

    def __str__(self) -> str:
        return f"{self.location.name} / {self.name}" if self.name != self.location.name else self.name


class Scene(models.Model):
    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="scenes")
    # RESTRICT: a draft with scenes cannot be deleted on its own, but deleting the production removes both.
    draft = models.ForeignKey(ScriptDraft, on_delete=models.RESTRICT, related_name="scenes")
    episode = models.PositiveSmallIntegerField(_("episode"), default=1)
    number = models.CharField(_("scene number"), max_length=16)
    heading = models.CharField(_("heading"), max_length=500)
    int_ext = models.CharField(_("INT/EXT"), max_length=8, choices=IntExt.choices, blank=True)
    set_name = models.CharField(_("set"), max_length=300, blank=True)
    location = models.CharField(_("location"), max_length=300, blank=True)
    set = models.ForeignKey(
        Set, on_delete=models.SET_NULL, null=True, blank=True, related_name="scenes", verbose_name=_("set")
    )
    time_of_day = models.CharField(_("time of day"), max_length=16, blank=True)
    text = models.TextField(_("text"), blank=True)
    eighths = models.PositiveIntegerField(_("length in eighths"), default=0)
    page_start = models.PositiveIntegerField(_("first page"), default=1)
    page_end = models.PositiveIntegerField(_("last page"), default=1)
    order = models.PositiveIntegerField(_("order"), default=0)
    omitted = models.BooleanField(_("omitted"), default=False)
    revised_in = models.ForeignKey(
        ScriptDraft,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="revised_scenes",
        verbose_name=_("last changed in"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["production", "order", "pk"]
        indexes = [models.Index(fields=["production", "order"])]
        verbose_name = _("scene")
        verbose_name_plural = _("scenes")

    def __str__(self) -> str:
        return f"{self.number}. {self.heading}"

    @property
    def eighths_display(self) -> str:
        return format_eighths(self.eighths)


def format_eighths(eighths: int) -> str:
    """Page length as breakdown sheets print it: ``3/8``, ``1``, ``1 3/8``."""
    pages, rest = divmod(max(0, int(eighths)), 8)
    if not rest:
        return str(pages)
    return f"{pages} {rest}/8" if pages else f"{rest}/8"


class Character(models.Model):
    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="characters")
    name = models.CharField(_("name"), max_length=200)
    aliases = models.JSONField(_("aliases"), default=list, blank=True)
    cast_member = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="characters",
        limit_choices_to={"role": "cast"},
        verbose_name=_("cast member"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["production", "name"]
        constraints = [models.UniqueConstraint(fields=["production", "name"], name="unique_character_name")]
        verbose_name = _("character")
        verbose_name_plural = _("characters")

    def __str__(self) -> str:
        return self.name


class SceneCharacter(models.Model):
    scene = models.ForeignKey(Scene, on_delete=models.CASCADE, related_name="scene_characters")
    character = models.ForeignKey(Character, on_delete=models.CASCADE, related_name="scene_characters")
    speaking = models.BooleanField(_("speaking"), default=False)
    dialogue_count = models.PositiveIntegerField(_("speeches"), default=0)

    class Meta:
        ordering = ["scene", "character__name"]
        constraints = [models.UniqueConstraint(fields=["scene", "character"], name="unique_scene_character")]
        verbose_name = _("character in scene")
        verbose_name_plural = _("characters in scenes")

    def __str__(self) -> str:
        return f"{self.scene} · {self.character}"


class Element(models.Model):
    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="breakdown_elements")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    name = models.CharField(_("name"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["production", "category", "name"]
        constraints = [models.UniqueConstraint(fields=["production", "category", "name"], name="unique_element_name")]
        verbose_name = _("breakdown element")
        verbose_name_plural = _("breakdown elements")

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.name}"

    @property
    def colour(self) -> str:
        return CATEGORY_COLOURS.get(self.category, ("#e0e0e0", "#000000"))[0]

    @property
    def text_colour(self) -> str:
        return CATEGORY_COLOURS.get(self.category, ("#e0e0e0", "#000000"))[1]


class SceneElement(models.Model):
    scene = models.ForeignKey(Scene, on_delete=models.CASCADE, related_name="scene_elements")
    element = models.ForeignKey(Element, on_delete=models.CASCADE, related_name="scene_elements")
    status = models.CharField(
        _("status"), max_length=12, choices=ElementStatus.choices, default=ElementStatus.SUGGESTED
    )
    triggers = models.JSONField(_("trigger words"), default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["scene", "element__category", "element__name"]
        constraints = [models.UniqueConstraint(fields=["scene", "element"], name="unique_scene_element")]
        verbose_name = _("element in scene")
        verbose_name_plural = _("elements in scenes")

    def __str__(self) -> str:
        return f"{self.scene} · {self.element} ({self.status})"
