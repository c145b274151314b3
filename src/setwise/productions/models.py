from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from setwise.accounts.roles import ProductionRole


class Format(models.TextChoices):
    FILM = "film", _("Film")
    SERIES = "series", _("Series")
    HYBRID = "hybrid", _("Hybrid")


class Stage(models.TextChoices):
    DEVELOPMENT = "development", _("Development")
    PRE_PRODUCTION = "pre_production", _("Pre-production")
    PRODUCTION = "production", _("Production")
    POST_PRODUCTION = "post_production", _("Post-production")
    DELIVERED = "delivered", _("Delivered")


class Production(models.Model):
    """A film, series or hybrid the studio makes with its partners."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    title_local = models.CharField(_("title in local script"), max_length=200, blank=True)
    format = models.CharField(_("format"), max_length=16, choices=Format.choices)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.DEVELOPMENT)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166 alpha-2"))
    language = models.CharField(_("original language"), max_length=8, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    episodes = models.PositiveSmallIntegerField(_("episodes"), default=1)
    logline = models.TextField(_("logline"), blank=True)
    budget = models.DecimalField(_("budget"), max_digits=16, decimal_places=2, null=True, blank=True)
    shoot_start = models.DateField(_("shoot start"), null=True, blank=True)
    shoot_end = models.DateField(_("shoot end"), null=True, blank=True)
    launch_date = models.DateField(_("launch date"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-shoot_start", "title"]
        verbose_name = _("production")
        verbose_name_plural = _("productions")

    def __str__(self) -> str:
        return self.title


class Membership(models.Model):
    """A person's role on one production; one row per role (a producer may also be a line producer)."""

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=32, choices=ProductionRole.choices)
    department = models.CharField(_("department"), max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["production", "user", "role"], name="unique_membership_role")]
        ordering = ["production", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.production}"
