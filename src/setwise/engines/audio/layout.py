"""Channel labels, layouts and the ITU-R BS.1770-4 channel weights.

Labels: ``L R C LFE Ls Rs`` (5.1 surrounds, nominally ±110°), ``Lss Rss`` (7.1 side surrounds, ±90°), ``Lrs Rrs``
(7.1 rear surrounds, ±135–150°), ``Lc Rc`` (front left/right of centre), ``Cs`` (back centre), ``LFE2``, heights
``Tc Tfl Tfc Tfr Tbl Tbc Tbr`` and ``Ch<n>`` for a channel with no known position.

Weights follow BS.1770-4's position rule: a channel below 30° elevation with azimuth between 60° and 120° weighs
1.41 (+1.5 dB), the LFE is excluded (0.0) and every other channel weighs 1.0. So 5.1 surrounds and 7.1 side
surrounds weigh 1.41, 7.1 rear surrounds and heights 1.0. ``rules.md`` 4.1 gives ``L R C 1.0, Ls Rs 1.41, LFE
excluded`` for 5.1, which this matches.

WAVE_FORMAT_EXTENSIBLE files name their channels with ``dwChannelMask`` (speaker bits in ascending order are the
file's channel order). A file without a mask gets the usual order for its channel count: 1 mono (``C``), 2
``L R``, 3 ``L R C``, 4 ``L R Ls Rs``, 5 ``L R C Ls Rs`` (the EBU test set's 5.0 order), 6 ``L R C LFE Ls Rs``,
7 ``L R C LFE Cs Ls Rs`` and 8 ``L R C LFE Lrs Rrs Lss Rss`` (the WAVE 7.1 order, mask 0x63F); a file laid out
otherwise (for example SMPTE 7.1, sides before rears) can be measured with explicit labels.
"""

from __future__ import annotations

# (mask bit, label) in WAVE speaker order. Back and side pairs are renamed below by what else the mask holds.
_SPEAKERS: tuple[tuple[int, str], ...] = (
    (0x1, "L"),
    (0x2, "R"),
    (0x4, "C"),
    (0x8, "LFE"),
    (0x10, "BL"),
    (0x20, "BR"),
    (0x40, "Lc"),
    (0x80, "Rc"),
    (0x100, "Cs"),
    (0x200, "SL"),
    (0x400, "SR"),
    (0x800, "Tc"),
    (0x1000, "Tfl"),
    (0x2000, "Tfc"),
    (0x4000, "Tfr"),
    (0x8000, "Tbl"),
    (0x10000, "Tbc"),
    (0x20000, "Tbr"),
)

_DEFAULTS: dict[int, tuple[str, ...]] = {
    1: ("C",),
    2: ("L", "R"),
    3: ("L", "R", "C"),
    4: ("L", "R", "Ls", "Rs"),
    5: ("L", "R", "C", "Ls", "Rs"),
    6: ("L", "R", "C", "LFE", "Ls", "Rs"),
    7: ("L", "R", "C", "LFE", "Cs", "Ls", "Rs"),
    8: ("L", "R", "C", "LFE", "Lrs", "Rrs", "Lss", "Rss"),
}

SURROUND_WEIGHT = 1.41
_SURROUNDS = frozenset({"Ls", "Rs", "Lss", "Rss"})
_EXCLUDED = frozenset({"LFE", "LFE2"})
KNOWN_LABELS = frozenset(
    {"L", "R", "C", "LFE", "LFE2", "Ls", "Rs", "Lss", "Rss", "Lrs", "Rrs", "Lc", "Rc", "Cs"}
    | {"Tc", "Tfl", "Tfc", "Tfr", "Tbl", "Tbc", "Tbr"}
)


def labels_from_mask(mask: int, channels: int) -> tuple[str, ...]:
    """The file-order labels for a WAVE_FORMAT_EXTENSIBLE channel mask; channels beyond the mask are ``Ch<n>``."""
    bits = [label for bit, label in _SPEAKERS if mask & bit]
    has_back = bool(mask & 0x30)
    has_side = bool(mask & 0x600)
    renamed: list[str] = []
    for label in bits:
        if label in ("BL", "BR"):
            # With side speakers too, back speakers are the 7.1 rears; alone they are the 5.1 surrounds.
            renamed.append(("Lrs" if label == "BL" else "Rrs") if has_side else ("Ls" if label == "BL" else "Rs"))
        elif label in ("SL", "SR"):
            renamed.append(("Lss" if label == "SL" else "Rss") if has_back else ("Ls" if label == "SL" else "Rs"))
        else:
            renamed.append(label)
    renamed = renamed[:channels]
    return tuple(renamed) + tuple(f"Ch{i + 1}" for i in range(len(renamed), channels))


def default_labels(channels: int) -> tuple[str, ...]:
    """The labels of a file without a channel mask (see the module docstring)."""
    return _DEFAULTS.get(channels, tuple(f"Ch{i + 1}" for i in range(channels)))


def weight(label: str) -> float:
    """The BS.1770-4 weight of one channel: 1.41 for surrounds at 60–120°, 0.0 for the LFE, else 1.0."""
    if label in _EXCLUDED:
        return 0.0
    return SURROUND_WEIGHT if label in _SURROUNDS else 1.0


def layout_name(labels: tuple[str, ...]) -> str:
    """A short layout name: ``mono``, ``2.0``, ``5.1``, ``7.1`` ...; ``<n>ch`` for unnamed channels."""
    if any(label not in KNOWN_LABELS for label in labels):
        return f"{len(labels)}ch"
    if labels == ("C",):
        return "mono"
    lfe = sum(1 for label in labels if label in _EXCLUDED)
    tops = sum(1 for label in labels if label.startswith("T"))
    main = len(labels) - lfe - tops
    name = f"{main}.{lfe}"
    return f"{name}.{tops}" if tops else name
