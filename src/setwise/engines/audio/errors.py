"""The one error the audio engine raises for a file it cannot read."""

from __future__ import annotations


class AudioError(ValueError):
    """A WAV/BWF file that cannot be read or measured; ``str(error)`` is one line, fit to show a user."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()) or "the audio file could not be read")
