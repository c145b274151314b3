"""``setwise qc timedtext``: to be implemented."""

from __future__ import annotations

import argparse
from typing import Any, TextIO


def add_timedtext_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file")
    parser.add_argument("--json", action="store_true")


def run_timedtext(options: dict[str, Any], stdout: TextIO) -> int:
    raise NotImplementedError
