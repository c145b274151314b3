"""The ``setwise`` command: Django's management commands with Setwise's settings.

``setwise demo``, ``setwise serve``, ``setwise partners import|export`` and every Django command
(``setwise migrate``, ``setwise db_worker``, ``setwise rqworker``, ...).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "setwise.config.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else ["setwise", *argv])
    args[0] = "setwise"
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
