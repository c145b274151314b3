"""The ``setwise qc`` sub-commands, one module per kind of file."""

from setwise.post.qc_cli.audio import add_audio_arguments, run_audio
from setwise.post.qc_cli.timedtext import add_timedtext_arguments, run_timedtext

__all__ = ["add_audio_arguments", "add_timedtext_arguments", "run_audio", "run_timedtext"]
