"""Delivery targets as data (``delivery_targets.json``, from rules.md 4.3) and the check of a measurement against
one of them.

Each rule row carries ``id``, its limit (``target`` and ``tolerance``, ``minimum``/``maximum`` or ``allowed``
values), ``source``, ``status`` and ``last_checked``. Rows marked ``U`` (unverified) are configurable defaults and
only ever give warnings; the loader refuses a ``U`` row that asks for ``severity: error``.

Rule ids: ``integrated_loudness`` (LUFS, target ± tolerance), ``true_peak`` (dBTP maximum), ``loudness_range``
(LU, minimum/maximum), ``sample_rate``, ``bit_depth``, ``sample_format`` (``pcm``/``float``), ``channels``
(allowed counts) and ``clipping`` (maximum number of clipped runs). A finding names the rule, the measured value
(``None`` for -inf), the limit as text and whether it is an error or a warning.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

from .meter import Measurement

Severity = Literal["error", "warning"]
Status = Literal["V", "S", "U"]
RULE_IDS = (
    "integrated_loudness",
    "true_peak",
    "loudness_range",
    "sample_rate",
    "bit_depth",
    "sample_format",
    "channels",
    "clipping",
)
_FIELDS = {"id", "target", "tolerance", "minimum", "maximum", "allowed", "severity", "source", "status", "last_checked"}


@dataclass(frozen=True)
class TargetRule:
    id: str
    source: str
    status: Status
    last_checked: str
    severity: Severity = "error"
    target: float | None = None
    tolerance: float | None = None
    minimum: float | None = None
    maximum: float | None = None
    allowed: tuple[int | str, ...] = ()

    @property
    def limit(self) -> str:
        if self.target is not None:
            return f"{self.target:.1f} ±{self.tolerance or 0.0:.1f}"
        if self.allowed:
            return " or ".join(str(v) for v in self.allowed)
        if self.minimum is not None and self.maximum is not None:
            return f"{self.minimum:g}..{self.maximum:g}"
        if self.maximum is not None:
            return f"<= {self.maximum:g}"
        return f">= {self.minimum:g}"


@dataclass(frozen=True)
class DeliveryTarget:
    key: str
    name: str
    rules: tuple[TargetRule, ...]


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    measured: float | int | str | None
    limit: str
    message: str
    source: str
    status: Status


def _rule(target: str, row: dict[str, Any]) -> TargetRule:
    unknown = set(row) - _FIELDS
    if unknown or row.get("id") not in RULE_IDS:
        raise ValueError(f"delivery target {target}: bad rule row {row!r}")
    status = row["status"]
    if status not in ("V", "S", "U"):
        raise ValueError(f"delivery target {target}: rule {row['id']} has status {status!r}")
    severity = row.get("severity", "warning" if status == "U" else "error")
    if status == "U" and severity == "error":
        raise ValueError(f"delivery target {target}: unverified rule {row['id']} cannot be an error")
    limits = [row.get(k) for k in ("target", "minimum", "maximum")]
    if all(v is None for v in limits) and not row.get("allowed"):
        raise ValueError(f"delivery target {target}: rule {row['id']} has no limit")
    return TargetRule(
        id=row["id"],
        source=row["source"],
        status=status,
        last_checked=row["last_checked"],
        severity=severity,
        target=row.get("target"),
        tolerance=row.get("tolerance"),
        minimum=row.get("minimum"),
        maximum=row.get("maximum"),
        allowed=tuple(row.get("allowed", ())),
    )


def parse_targets(data: dict[str, Any]) -> dict[str, DeliveryTarget]:
    """Validate the targets document (the shape of ``delivery_targets.json``)."""
    return {
        key: DeliveryTarget(key, spec["name"], tuple(_rule(key, row) for row in spec["rules"]))
        for key, spec in data["targets"].items()
    }


@functools.cache
def targets() -> dict[str, DeliveryTarget]:
    """The delivery targets shipped with the engine, by key (``ebu_r128``, ``streaming`` ...)."""
    text = resources.files(__package__).joinpath("delivery_targets.json").read_text(encoding="utf-8")
    return parse_targets(json.loads(text))


def _fmt(value: float | None, unit: str) -> str:
    return f"-inf {unit}" if value is None else f"{value:.1f} {unit}"


def _check(rule: TargetRule, m: Measurement) -> Finding | None:
    def finding(measured: float | int | str | None, message: str) -> Finding:
        return Finding(rule.id, rule.severity, measured, rule.limit, message, rule.source, rule.status)

    if rule.id == "integrated_loudness" and rule.target is not None:
        value = m.integrated_lufs
        tolerance = rule.tolerance or 0.0
        if value is None or abs(value - rule.target) > tolerance + 1e-9:
            return finding(
                value,
                f"integrated loudness {_fmt(value, 'LUFS')} is outside {rule.target:.1f} ±{tolerance:.1f} LUFS",
            )
    elif rule.id == "true_peak" and rule.maximum is not None:
        if m.true_peak_dbtp is not None and m.true_peak_dbtp > rule.maximum + 1e-9:
            return finding(m.true_peak_dbtp, f"true peak {m.true_peak_dbtp:.1f} dBTP is above {rule.maximum:.1f} dBTP")
    elif rule.id == "loudness_range":
        lra = m.loudness_range_lu
        if (rule.minimum is not None and lra < rule.minimum) or (rule.maximum is not None and lra > rule.maximum):
            return finding(lra, f"loudness range {lra:.1f} LU is outside {rule.limit} LU")
    elif rule.id in ("sample_rate", "bit_depth", "sample_format", "channels"):
        measured: int | str | None = {
            "sample_rate": m.sample_rate,
            "bit_depth": m.bit_depth,
            "sample_format": m.sample_format,
            "channels": m.channels,
        }[rule.id]
        if measured not in rule.allowed:
            shown = f"float{m.container_bits}" if rule.id == "bit_depth" and measured is None else measured
            label = rule.id.replace("_", " ")
            return finding(measured, f"{label} {shown} is not {rule.limit}")
    elif rule.id == "clipping" and rule.maximum is not None and m.clip_runs > rule.maximum:
        first = f" (first on {m.clipping[0].channel} at {m.clipping[0].start_s:.3f} s)" if m.clipping else ""
        return finding(m.clip_runs, f"{m.clip_runs} clipped runs{first}")
    return None


def check(measurement: Measurement, target: str | DeliveryTarget) -> tuple[Finding, ...]:
    """The findings of a measurement against a delivery target (a key of ``targets()`` or a target itself)."""
    if isinstance(target, str):
        known = targets()
        if target not in known:
            raise KeyError(f"unknown delivery target {target!r} (known: {', '.join(sorted(known))})")
        target = known[target]
    return tuple(f for f in (_check(rule, measurement) for rule in target.rules) if f is not None)
