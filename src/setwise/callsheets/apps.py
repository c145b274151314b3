from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallSheetsConfig(AppConfig):
    name = "setwise.callsheets"
    label = "callsheets"
    verbose_name = _("Call sheets and calendars")
