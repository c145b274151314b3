"""Audio QC benchmark: a 60-minute 5.1 48 kHz 24-bit stem measured end to end (integrated loudness, loudness range
and true peak in one streamed pass from the file), against the issue's targets: under 12 s (300x real time) with
peak memory under 500 MB; pyloudnorm (a dev dependency) beside it on the same file, and agreement with pyloudnorm
on an excerpt.

The stem is programme-like and deterministic: scenes of 5-60 s with dialogue in the centre (syllable-modulated
band-limited noise), music beds in the fronts and surrounds, ambience, effects hits with LFE rumble and short
silent transitions. It is written block by block to a temporary file (deleted at the end unless ``--keep``, which
keeps it in the temp directory and reuses it on the next run).

    .venv/bin/python bench/audio.py [--minutes 60] [--workers 2] [--excerpt-minutes 10] [--skip-pyloudnorm] [--keep]

Every measurement runs in a fresh subprocess, with the file in the page cache (QC runs on a file just uploaded or
copied), so its memory is its own:

- time: wall clock around ``measure_file`` (and the CPU time of a single-process run);
- memory: the measuring process's peak resident set, the kernel's high-water mark ``VmHWM`` from
  /proc/self/status (Python, NumPy and SciPy included), and what the engine adds on top of the process as it was
  just before the call. Not ``getrusage().ru_maxrss``: Linux carries a process's maxrss across exec, and
  ``subprocess`` starts the child from this (larger, stem-writing) process, so ru_maxrss would report the parent's
  size whenever the child stays smaller; the bench prints it beside VmHWM for comparison. With worker processes
  the peak is the sum of every process's own ``VmHWM`` (read from /proc while they run): an upper bound, as the
  peaks need not coincide;
- pyloudnorm: ``soundfile.read`` of the whole file then ``Meter.integrated_loudness`` on L R C Ls Rs (it takes at
  most five channels, so the LFE is dropped: the same quantity, since BS.1770 leaves the LFE out), its own
  ``VmHWM``; skipped, and said so, if the machine lacks the memory for it;
- agreement: an excerpt of the stem written as its own 24-bit file, measured by the engine from the file and by
  pyloudnorm from the same samples, with its default filter (an approximation of K-weighting) and with its
  ``DeMan`` filter (the same bilinear design of the BS.1770 filter as the engine's).

Wall times depend on what else the machine runs: ``uptime`` is printed before and after.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from scipy import signal

RATE = 48_000
CHANNELS = 6  # L R C LFE Ls Rs
FIVE = [0, 1, 2, 4, 5]  # L R C Ls Rs: what pyloudnorm takes
TARGET_SECONDS_PER_HOUR = 12.0
TARGET_REALTIME = 300.0
TARGET_MB = 500.0
AGREE_DEMAN_LU = 0.01  # the same filter design: only rounding and block edges may differ
AGREE_DEFAULT_LU = 0.1  # pyloudnorm's default filter approximates K-weighting; Tech 3341's loudness tolerance


class _Programme:
    """Deterministic programme-like 5.1 material, generated block by block with filter state carried over."""

    def __init__(self, seed: int = 2026) -> None:
        self.rng = np.random.default_rng(seed)
        self.t = 0
        self.speech_band = signal.butter(2, [150, 3800], btype="bandpass", fs=RATE, output="sos")
        self.low = signal.butter(2, 90, btype="lowpass", fs=RATE, output="sos")
        self.pink = signal.butter(1, 600, btype="lowpass", fs=RATE, output="sos")
        self.z_speech = np.zeros((self.speech_band.shape[0], 2))
        self.z_low = np.zeros((self.low.shape[0], 2))
        self.z_pink = np.zeros((4, self.pink.shape[0], 2))
        self.scene_end = 0
        self._new_scene()

    def _new_scene(self) -> None:
        rng = self.rng
        self.scene_start = self.scene_end
        self.scene_end = self.scene_start + int(rng.uniform(5, 60) * RATE)
        self.dialogue_db = rng.uniform(-36, -26) if rng.random() < 0.75 else None
        self.music_db = rng.uniform(-42, -28) if rng.random() < 0.55 else None
        self.ambience_db = rng.uniform(-56, -44)
        self.notes = rng.uniform(110, 880, 4)
        self.silent_tail = int(rng.uniform(0.3, 1.5) * RATE) if rng.random() < 0.2 else 0
        # Effects: a few hits per scene, the loudest mixes peaking near -7 dBFS.
        hits = rng.poisson((self.scene_end - self.scene_start) / RATE / 12)
        self.hits = sorted(
            (int(rng.uniform(self.scene_start, self.scene_end)), rng.uniform(-24, -7), rng.uniform(0.05, 0.8))
            for _ in range(hits)
        )

    def block(self, frames: int) -> np.ndarray:
        out = np.zeros((frames, CHANNELS), dtype=np.float64)
        done = 0
        while done < frames:
            if self.t >= self.scene_end:
                self._new_scene()
            n = min(frames - done, self.scene_end - self.t)
            out[done : done + n] = self._render(n)
            done += n
            self.t += n
        return out

    def _render(self, n: int) -> np.ndarray:
        rng = self.rng
        idx = np.arange(self.t, self.t + n)
        secs = idx / RATE
        out = np.zeros((n, CHANNELS))
        noise, self.z_speech = signal.sosfilt(self.speech_band, rng.standard_normal(n), zi=self.z_speech)
        if self.dialogue_db is not None:
            syllables = np.clip(np.sin(2 * np.pi * 4.1 * secs) * np.sin(2 * np.pi * 0.37 * secs + 1.0), 0, None)
            out[:, 2] = 10 ** (self.dialogue_db / 20) * 4.0 * noise * syllables
        if self.music_db is not None:
            tone = sum(np.sin(2 * np.pi * f * secs) / (k + 1) for k, f in enumerate(self.notes))
            swell = 0.6 + 0.4 * np.sin(2 * np.pi * secs / 7.0)
            music = 10 ** (self.music_db / 20) * 1.4 * tone * swell
            out[:, 0] += music
            out[:, 1] += music * 0.9
            out[:, 4] += music * 0.35
            out[:, 5] += music * 0.3
        amb = 10 ** (self.ambience_db / 20)
        for k, ch in enumerate((0, 1, 4, 5)):
            pink, self.z_pink[k] = signal.sosfilt(self.pink, rng.standard_normal(n), zi=self.z_pink[k])
            out[:, ch] += amb * 8.0 * pink
        rumble, self.z_low = signal.sosfilt(self.low, rng.standard_normal(n), zi=self.z_low)
        lfe = np.zeros(n)
        for start, level_db, decay in self.hits:
            if start >= self.t + n or start + int(decay * 6 * RATE) < self.t:
                continue
            rel = np.maximum(idx - start, 0) / RATE
            env = np.where(idx >= start, np.exp(-rel / decay), 0.0)
            hit = 10 ** (level_db / 20) * env * rng.uniform(-1, 1, n)
            for ch, gain in ((0, 0.8), (1, 0.8), (2, 0.5), (4, 0.6), (5, 0.6)):
                out[:, ch] += gain * hit
            lfe += 10 ** (level_db / 20) * env * 5.0 * rumble
        out[:, 3] = lfe
        if self.silent_tail:
            out[idx >= self.scene_end - self.silent_tail] = 0.0
        return np.clip(out, -0.98, 0.98)


def write_stem(path: Path, minutes: float) -> None:
    import soundfile as sf

    frames = int(minutes * 60 * RATE)
    programme = _Programme()
    tmp = path.with_suffix(".part")
    with sf.SoundFile(tmp, "w", RATE, CHANNELS, subtype="PCM_24", format="WAV") as fh:
        done = 0
        while done < frames:
            n = min(RATE * 10, frames - done)
            fh.write(programme.block(n))
            done += n
    tmp.replace(path)


def _mb(kilobytes: float) -> float:
    return kilobytes / 1024


def _status_mb(field: str) -> float:
    """``VmRSS`` (resident now) or ``VmHWM`` (peak resident) of this process, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return _mb(int(line.split()[1]))
    return 0.0


class _TreePeak:
    """The sum of the high-water marks (``VmHWM``) of the processes started below this one, sampled every 200 ms
    while they run (a high-water mark only grows, so a sample shortly before a process ends sees its peak)."""

    def __init__(self) -> None:
        self.peaks: dict[int, float] = {}
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> _TreePeak:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()

    def _run(self) -> None:
        root = os.getpid()
        while not self._done.wait(0.2):
            parents: dict[int, int] = {}
            for entry in os.scandir("/proc"):
                if entry.name.isdigit():
                    try:
                        stat = Path(entry.path, "stat").read_text()
                    except OSError:
                        continue
                    parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
            tree = {root}
            grew = True
            while grew:
                grew = False
                for pid, ppid in parents.items():
                    if ppid in tree and pid not in tree:
                        tree.add(pid)
                        grew = True
            for pid in tree - {root}:
                with contextlib.suppress(OSError):
                    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                        if line.startswith("VmHWM:"):
                            self.peaks[pid] = max(self.peaks.get(pid, 0.0), _mb(int(line.split()[1])))


def _child_setwise(path: str, workers: int) -> dict[str, float | None]:
    from setwise.engines.audio import measure_file

    before = _status_mb("VmRSS")
    tree = _TreePeak() if workers > 1 else contextlib.nullcontext()
    cpu_start = time.process_time()
    start = time.perf_counter()
    with tree:
        m = measure_file(path, workers=workers)
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    own = _status_mb("VmHWM")
    others = sum(tree.peaks.values()) if isinstance(tree, _TreePeak) else 0.0
    return {
        "seconds": elapsed,
        "cpu": cpu,
        "integrated": m.integrated_lufs,
        "lra": m.loudness_range_lu,
        "true_peak": m.true_peak_dbtp,
        "duration": m.duration_s,
        "peak_mb": own + others,
        "own_mb": own,
        "ru_maxrss_mb": _mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss),
        "before_mb": before,
        "processes": 1 + (len(tree.peaks) if isinstance(tree, _TreePeak) else 0),
    }


def _child_pyloudnorm(path: str) -> dict[str, float | None]:
    import pyloudnorm
    import soundfile as sf

    start = time.perf_counter()
    data, rate = sf.read(path, dtype="float32")
    data = np.ascontiguousarray(data[:, FIVE])
    loaded = time.perf_counter()
    value = pyloudnorm.Meter(rate).integrated_loudness(data)
    end = time.perf_counter()
    return {
        "seconds": end - start,
        "measure_seconds": end - loaded,
        "integrated": float(value),
        "duration": len(data) / rate,
        "peak_mb": _status_mb("VmHWM"),
    }


def _child_agreement(path: str) -> dict[str, float | None]:
    import pyloudnorm
    import soundfile as sf

    from setwise.engines.audio import measure_file

    ours = measure_file(path)
    data, rate = sf.read(path, dtype="float64")
    five = np.ascontiguousarray(data[:, FIVE])
    return {
        "ours": ours.integrated_lufs,
        "default": float(pyloudnorm.Meter(rate).integrated_loudness(five)),
        "deman": float(pyloudnorm.Meter(rate, filter_class="DeMan").integrated_loudness(five)),
        "duration": ours.duration_s,
    }


def _run_child(kind: str, path: Path, workers: int = 1) -> dict[str, float | None]:
    out = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, __file__, "--child", kind, "--stem", str(path), "--workers", str(workers)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float | None] = json.loads(out.stdout)
    return result


def _available_mb() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return _mb(int(line.split()[1]))
    return float("inf")


def _uptime() -> str:
    done = subprocess.run(["uptime"], capture_output=True, text=True, check=False)  # noqa: S607
    return done.stdout.strip() or " ".join(f"{x:.2f}" for x in os.getloadavg())


def write_excerpt(stem: Path, path: Path, start_s: float, minutes: float) -> None:
    import soundfile as sf

    with sf.SoundFile(stem) as src, sf.SoundFile(path, "w", RATE, CHANNELS, subtype="PCM_24", format="WAV") as dst:
        src.seek(int(start_s * RATE))
        left = int(minutes * 60 * RATE)
        while left:
            block = src.read(min(left, RATE * 10), dtype="int32")  # 24-bit codes, shifted: copied exactly
            dst.write(block)
            left -= len(block)


@contextlib.contextmanager
def _stem(args: argparse.Namespace) -> Iterator[Path]:
    if args.stem:
        yield Path(args.stem)
        return
    name = f"setwise-bench-audio-{args.minutes:g}min-5.1-48k-24bit.wav"
    if args.keep:
        path = Path(tempfile.gettempdir()) / name
        if not path.exists():
            _write_timed(path, args.minutes)
        else:
            print(f"reusing {path} ({path.stat().st_size / 1e9:.2f} GB)")
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="setwise-bench-audio-") as tmp:
        path = Path(tmp) / name
        _write_timed(path, args.minutes)
        yield path


def _write_timed(path: Path, minutes: float) -> None:
    print(f"writing a {minutes:g}-minute 5.1 48 kHz 24-bit stem to {path} ...", flush=True)
    start = time.perf_counter()
    write_stem(path, minutes)
    print(f"  written in {time.perf_counter() - start:.1f} s ({path.stat().st_size / 1e9:.2f} GB)")


def _verdict(ok: bool, name: str, value: str) -> None:
    print(f"{'PASS' if ok else 'MISS'}  {name:<44} {value}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=60.0)
    ap.add_argument("--stem", default=None, help="measure this 5.1 file instead of generating one")
    ap.add_argument("--workers", type=int, default=2, help="also measure with this many processes (1: skip)")
    ap.add_argument("--excerpt-minutes", type=float, default=10.0)
    ap.add_argument("--skip-pyloudnorm", action="store_true", help="skip pyloudnorm on the whole file")
    ap.add_argument("--keep", action="store_true", help="keep the generated stem in the temp directory and reuse it")
    ap.add_argument("--child", choices=["setwise", "pyloudnorm", "agreement"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        children = {
            "setwise": lambda: _child_setwise(args.stem, args.workers),
            "pyloudnorm": lambda: _child_pyloudnorm(args.stem),
            "agreement": lambda: _child_agreement(args.stem),
        }
        print(json.dumps(children[args.child]()))
        return

    with _stem(args) as path:
        with path.open("rb") as fh:
            while fh.read(1 << 24):
                pass
        print(f"uptime before: {_uptime()} ({os.cpu_count()} CPUs)")
        print()
        print(f"{'measure':<44}{'wall s':>8}{'cpu s':>8}{'x real time':>13}{'peak MB':>9}  result")
        rows: list[tuple[int, dict[str, float | None]]] = []
        for workers in sorted({1, max(1, args.workers)}):
            ours = _run_child("setwise", path, workers)
            rows.append((workers, ours))
            seconds = float(ours["seconds"] or 0)
            name = f"setwise I + LRA + TP, {'1 process' if workers == 1 else f'{workers} processes'}"
            cpu = f"{float(ours['cpu'] or 0):.2f}" if workers == 1 else ""
            print(
                f"{name:<44}{seconds:>8.2f}{cpu:>8}{float(ours['duration'] or 0) / seconds:>13.0f}"
                f"{float(ours['peak_mb'] or 0):>9.0f}  I {ours['integrated']:.2f} LUFS, LRA {ours['lra']:.1f} LU,"
                f" TP {ours['true_peak']:.2f} dBTP"
            )
        ref: dict[str, float | None] | None = None
        if not args.skip_pyloudnorm:
            # float32 copy of all six channels, then of five, the meter's own copy and a float64 channel at a time.
            need_mb = path.stat().st_size / 2**20 * 4 / 3 * 2.4
            if _available_mb() < need_mb * 1.2:
                print(
                    f"{'pyloudnorm I only':<44}  skipped: needs ~{need_mb:.0f} MB, {_available_mb():.0f} MB available"
                )
            else:
                ref = _run_child("pyloudnorm", path)
                total = float(ref["seconds"] or 0)
                measure = float(ref["measure_seconds"] or 0)
                duration = float(ref["duration"] or 0)
                print(
                    f"{'pyloudnorm I only (L R C Ls Rs), read + measure':<44}{total:>8.2f}{'':>8}"
                    f"{duration / total:>13.0f}{float(ref['peak_mb'] or 0):>9.0f}  I {ref['integrated']:.2f} LUFS"
                )
                print(f"{'pyloudnorm I only, measure once read':<44}{measure:>8.2f}{'':>8}{duration / measure:>13.0f}")

        one = rows[0][1]
        print()
        print(
            f"memory, 1 process: peak {float(one['peak_mb'] or 0):.0f} MB (VmHWM), of which"
            f" {float(one['before_mb'] or 0):.0f} MB was the process before the call (Python, NumPy, SciPy);"
            f" ru_maxrss {float(one['ru_maxrss_mb'] or 0):.0f} MB (includes the parent's size at spawn)"
        )
        for workers, ours in rows[1:]:
            print(
                f"memory, {workers} processes: {float(ours['peak_mb'] or 0):.0f} MB = the caller's"
                f" {float(ours['own_mb'] or 0):.0f} MB + the peaks of {int(ours['processes'] or 1) - 1} more processes"
                " (forkserver and workers)"
            )

        minutes = min(args.excerpt_minutes, args.minutes)
        start_s = max(0.0, (args.minutes - minutes) * 60 / 2)
        with tempfile.TemporaryDirectory(prefix="setwise-bench-excerpt-") as tmp:
            excerpt = Path(tmp) / "excerpt.wav"
            write_excerpt(path, excerpt, start_s, minutes)
            agree = _run_child("agreement", excerpt)
        ours_i = float(agree["ours"] or 0)
        d_deman = ours_i - float(agree["deman"] or 0)
        d_default = ours_i - float(agree["default"] or 0)
        print(
            f"agreement on {minutes:g} min from minute {start_s / 60:g}: setwise {ours_i:.3f} LUFS,"
            f" pyloudnorm DeMan {agree['deman']:.3f} ({d_deman:+.4f} LU),"
            f" pyloudnorm default {agree['default']:.3f} ({d_default:+.4f} LU)"
        )

        print()
        for workers, ours in rows:
            seconds = float(ours["seconds"] or 0)
            hours = float(ours["duration"] or 0) / 3600
            rtf = float(ours["duration"] or 0) / seconds
            label = f"{workers} process{'es' if workers > 1 else ''}"
            peak = float(ours["peak_mb"] or 0)
            _verdict(
                seconds / hours < TARGET_SECONDS_PER_HOUR, f"60 min in < 12 s ({label})", f"{seconds / hours:.2f} s"
            )
            _verdict(rtf >= TARGET_REALTIME, f"real time >= 300x ({label})", f"{rtf:.0f}x")
            _verdict(peak < TARGET_MB, f"peak memory < 500 MB ({label})", f"{peak:.0f} MB")
        _verdict(abs(d_deman) <= AGREE_DEMAN_LU, "I = pyloudnorm DeMan within 0.01 LU", f"{d_deman:+.4f} LU")
        _verdict(abs(d_default) <= AGREE_DEFAULT_LU, "I = pyloudnorm default within 0.1 LU", f"{d_default:+.4f} LU")
        if ref is not None:
            d_full = float(one["integrated"] or 0) - float(ref["integrated"] or 0)
            _verdict(abs(d_full) <= AGREE_DEFAULT_LU, "whole file: I = pyloudnorm within 0.1 LU", f"{d_full:+.4f} LU")
        print(f"uptime after: {_uptime()}")


if __name__ == "__main__":
    main()
