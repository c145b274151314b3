from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BreakdownConfig(AppConfig):
    name = "setwise.breakdown"
    label = "breakdown"
    verbose_name = _("Script breakdown")
