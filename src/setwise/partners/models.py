from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from setwise.engines.names import fold, name_key


class Kind(models.TextChoices):
    PRODUCTION = "production", _("Production company")
    VFX = "vfx", _("VFX")
    POST = "post", _("Post / DI")
    DUBBING = "dubbing", _("Dubbing")
    SUBTITLING = "subtitling", _("Subtitling")
    SOUND = "sound", _("Sound / Atmos mix stage")
    EQUIPMENT = "equipment", _("Equipment")
    LOCATION = "location", _("Location / fixer")
    TRAINING = "training", _("Training")


class Status(models.TextChoices):
    ACTIVE = "active", _("Active")
    ONBOARDING = "onboarding", _("Onboarding")
    INACTIVE = "inactive", _("Inactive")


class Size(models.TextChoices):
    MICRO = "micro", _("1-9 people")
    SMALL = "small", _("10-49 people")
    MEDIUM = "medium", _("50-249 people")
    LARGE = "large", _("250+ people")


class Outcome(models.TextChoices):
    DELIVERED = "delivered", _("Delivered")
    ONGOING = "ongoing", _("Ongoing")
    DELAYED = "delayed", _("Delivered late")
    CANCELLED = "cancelled", _("Cancelled")


class PartnerKind(models.Model):
    """One of the fixed kinds of partner (rows created by migration), so partners can have several."""

    code = models.CharField(max_length=20, primary_key=True, choices=Kind.choices)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return str(self.get_code_display())


class Language(models.Model):
    """A working language (ISO 639-1), e.g. ko, ja, th, id, zh, en."""

    code = models.CharField(max_length=8, primary_key=True)
    name = models.CharField(max_length=60)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


CAPABILITY_MAX_LENGTH = 100


class Capability(models.Model):
    """A capability or certification tag, e.g. 'Dolby Atmos certified stage', 'IMF delivery', 'ACES'."""

    slug = models.SlugField(max_length=120, unique=True, allow_unicode=True)  # room for the slug of any name
    name = models.CharField(max_length=CAPABILITY_MAX_LENGTH)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("capabilities")

    def __str__(self) -> str:
        return self.name


class PartnerQuerySet(models.QuerySet["Partner"]):
    def search(self, query: str) -> PartnerQuerySet:
        qs = self
        for term in fold(query).split():
            qs = qs.filter(search_text__contains=term)
        return qs


class Partner(models.Model):
    """A company in the studio's production-partner network."""

    name = models.CharField(_("name (romanised)"), max_length=200)
    name_local = models.CharField(_("name in local script"), max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=2, db_index=True, help_text=_("ISO 3166 alpha-2"))
    city = models.CharField(_("city"), max_length=100, blank=True)
    kinds = models.ManyToManyField(PartnerKind, related_name="partners", verbose_name=_("kinds"))
    capabilities = models.ManyToManyField(
        Capability, related_name="partners", blank=True, verbose_name=_("capabilities")
    )
    languages = models.ManyToManyField(Language, related_name="partners", blank=True, verbose_name=_("languages"))
    size = models.CharField(_("size"), max_length=10, choices=Size.choices, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE)
    notes = models.TextField(_("notes"), blank=True)
    admins = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="administered_partners", blank=True, verbose_name=_("partner admins")
    )
    # Derived on every save by the services: duplicate keys and the folded search text.
    name_key = models.CharField(max_length=200, db_index=True, editable=False, default="")
    name_local_key = models.CharField(max_length=200, db_index=True, editable=False, default="")
    search_text = models.TextField(editable=False, default="")
    first_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False, db_index=True)
    collaboration_count = models.PositiveIntegerField(default=0, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(
        m2m_fields=[kinds, capabilities, languages], excluded_fields=["search_text", "collaboration_count"]
    )

    objects = PartnerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["country", "name_key"])]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        if self.name_local and self.name_local != self.name:
            return f"{self.name_local} ({self.name})"
        return self.name

    def refresh_derived(self) -> None:
        """Recompute the duplicate keys; the search text is rebuilt by ``services.reindex``."""
        # Case folding can lengthen a name (ß -> ss); the keys keep to their column.
        self.name_key = name_key(self.name)[:200]
        self.name_local_key = name_key(self.name_local)[:200] if self.name_local else ""


class Contact(models.Model):
    """A person at a partner company."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=150)
    name_local = models.CharField(_("name in local script"), max_length=150, blank=True)
    title = models.CharField(_("title"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_primary = models.BooleanField(_("primary contact"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_primary", "name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.name


class Collaboration(models.Model):
    """A partner's work on a studio production: the collaboration history of the network."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="collaborations")
    production = models.ForeignKey(
        "productions.Production",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="collaborations",
    )
    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    services = models.CharField(_("services"), max_length=200, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.DELIVERED)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "title"]
        indexes = [models.Index(fields=["partner", "year"])]
        verbose_name = _("collaboration")
        verbose_name_plural = _("collaborations")

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"
