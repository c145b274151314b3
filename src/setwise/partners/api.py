from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from setwise.core.api_utils import Page

router = Router(tags=["partners"])
