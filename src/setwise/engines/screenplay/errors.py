"""The one error the screenplay engine raises for input it cannot read."""

from __future__ import annotations


class ScriptError(ValueError):
    """A script file that cannot be read; ``str(error)`` is one line, fit to show a user."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()) or "the script could not be read")
