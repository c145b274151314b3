"""The one error the timed-text engine raises for input it cannot read."""

from __future__ import annotations


class TimedTextError(ValueError):
    """A subtitle file that cannot be read; ``str(error)`` is one line, fit to show a user.

    ``line`` is the 1-based line of the file where the problem was found, when known; the message then starts
    with ``line N:``.
    """

    def __init__(self, message: str, line: int | None = None) -> None:
        text = " ".join(message.split()) or "the subtitle file could not be read"
        if len(text) > 300:
            text = text[:297] + "..."
        self.line = line
        super().__init__(f"line {line}: {text}" if line is not None else text)


class RuleDataError(ValueError):
    """The rule data files are inconsistent (e.g. an unverified value marked as an error)."""
