"""The e-mail that takes a person their call: subject, plain text and HTML, in the person's language with times
in the production's time zone, and their personal link."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from setwise.callsheets import selectors, timing
from setwise.callsheets.models import Recipient


def call_sheet_message(person: Recipient, link: str) -> EmailMultiAlternatives:
    sheet = person.call_sheet
    production = sheet.production
    language = (
        (person.user.language if person.user is not None else "") or production.language or settings.LANGUAGE_CODE
    )
    tz = timing.zone(production.time_zone)
    with translation.override(language), timezone.override(tz):
        view = selectors.sheet_view(sheet)
        context = {"person": person, "sheet": sheet, "production": production, "view": view, "link": link}
        call = timezone.localtime(person.call_time).strftime("%H:%M")
        subject = _("Call sheet: %(production)s, day %(day)s of %(days)s (%(date)s): your call %(call)s") % {
            "production": production.title,
            "day": sheet.day_number,
            "days": sheet.day_count,
            "date": sheet.date.isoformat(),
            "call": call,
        }
        text = render_to_string("callsheets/email/call.txt", context)
        html = render_to_string("callsheets/email/call.html", context)
    message = EmailMultiAlternatives(subject, text, None, [person.email])
    message.attach_alternative(html, "text/html")
    return message
