from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntimacyConfig(AppConfig):
    name = "setwise.intimacy"
    label = "intimacy"
    verbose_name = _("Intimacy coordination")
