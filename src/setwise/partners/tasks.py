from __future__ import annotations

from typing import Any


def start_import(user: Any, data: bytes, filename: str) -> Any:
    raise NotImplementedError
