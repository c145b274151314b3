"""Write the API's OpenAPI document, the committed contract that tests/test_openapi.py compares against."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

DEFAULT_PATH = Path(settings.PROJECT_DIR) / "docs" / "openapi.json"


def openapi_document() -> dict[str, Any]:
    from setwise.config.api import api

    return dict(api.get_openapi_schema(path_prefix="/api/"))


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


class Command(BaseCommand):
    help = "Write the OpenAPI document of the JSON API (default: docs/openapi.json; '-' for standard output)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", "-o", default=str(DEFAULT_PATH))

    def handle(self, *args: Any, output: str, **options: Any) -> None:
        text = render(openapi_document())
        if output == "-":
            self.stdout.write(text, ending="")
            return
        path = Path(output)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {path}")
