"""Uploads (partner spreadsheets, scripts): the one size limit and the one message that explains it."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _


def too_large(size: int | None) -> str | None:
    """A translated explanation when an upload of ``size`` bytes is over SETWISE_IMPORT_MAX_BYTES, else None."""
    limit = settings.SETWISE_IMPORT_MAX_BYTES
    if size is None or size <= limit:
        return None
    return _("The file is too large (%(size)s MB); the limit is %(limit)s MB.") % {
        "size": round(size / 1048576, 1),
        "limit": round(limit / 1048576, 1),
    }
