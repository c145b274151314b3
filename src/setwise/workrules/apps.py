from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkrulesConfig(AppConfig):
    name = "setwise.workrules"
    label = "workrules"
    verbose_name = _("Working-hour rules")
