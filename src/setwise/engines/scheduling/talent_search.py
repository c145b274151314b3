"""The search behind ``talent.solve``: exact reductions, lower bounds and a vectorised dynamic program.

Private to ``talent``. Vocabulary: a *reduced* problem has merged scenes (``durations``, ``casts`` as actor
bitmasks) and merged actors (``costs``); a *state* is the set ``D`` of scenes already shot, a bitmask; ``M`` is
the set still to shoot. The cost of shooting scene ``s`` next depends on ``D`` only: the actors paid during ``s``
are ``cast[s]`` plus ``O(D)``, the actors who have scenes both in ``D`` and in ``M`` (Garcia de la Banda, Stuckey &
Chu 2011). States are expanded one layer (``|D|``) at a time as numpy arrays of ``uint64`` masks, keeping per
state the cheapest cost so far ``g`` and only the states whose ``f = g + h`` is below a threshold ``theta``.

Lower bound ``h(D)`` on the cost of the scenes still to shoot, the sum of two independent parts:

- actors not yet on location: at least their own remaining days;
- actors on location (``O``): each stays until their last remaining scene, so they cost ``sum c_a * C_a`` over
  their completion times ``C_a`` (counted from now). The relaxation of the paper above splits each remaining scene
  between its actors on location in proportion to their cost; Smith's rule then orders the actors exactly, plus
  a correction per scene (``_smith``). Where that does not cut a state, the exact minimum over completion orders
  for its ``EXACT_ACTORS`` most expensive actors on location (the ``k``-th actor to finish cannot finish before
  every remaining scene of the first ``k`` is shot: a dynamic program over subsets, ``_subset_dp``) plus the
  relaxation for the others. That second stage is worth its cost on some instances and not on others: each pass
  measures, layer by layer, how many states it cuts against its time, and runs it only where it pays.

Dominance rules (exchange arguments; checked against brute force in the tests): a scene whose cast is exactly
the actors on location is shot next; a scene ``s`` is not shot next while another scene ``t`` with
``cast[s] < cast[t] <= O | cast[s]`` remains.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
Idx = npt.NDArray[np.intp]

MAX_SEARCH_SCENES = 62  # scene and actor sets are uint64 masks
MAX_SEARCH_ACTORS = 62
MAX_CHILDREN = 4_000_000  # successor states of one layer before a pass gives up (memory)
EXACT_ACTORS = 6  # on-location actors bounded exactly (2**6 subsets per state)
GROUP_ROWS = 48  # states sharing their chosen actors, worth a dynamic program of their own
BLOCK_CELLS = 300_000  # rows x (scenes + actors) per vectorised block
SAMPLE_EVERY = 16  # with the exact stage off, every third layer still runs it on every 16th state, to measure
CUT_WORTH = 2.0  # a state cut saves about this many states' work of its layer (itself and part of its subtree)
FIRST_PASS_SHARE = 0.25  # of the time left, for a first pass at the incumbent's cost (the classic sizes end there)
UB_PASS_SHARE = 0.7  # of the time left, that a later pass at the incumbent's cost may be expected to take


def _bits(x: int) -> list[int]:
    out = []
    while x:
        low = x & -x
        out.append(low.bit_length() - 1)
        x ^= low
    return out


class _Timeout(Exception):
    pass


# --------------------------------------------------------------------------------------------- reduction


@dataclass(frozen=True, slots=True)
class Reduced:
    """An instance after the exact reductions, with what is needed to map an order back.

    ``groups[i]`` are the original scenes of merged scene ``i`` (shot back to back, in that order); ``prefix``
    are original scenes with no actor that matters (shot first); ``fixed`` is the cost that no order changes.
    The total cost of a reduced order is ``fixed + reduced_cost(order)``.
    """

    durations: tuple[int, ...]
    casts: tuple[int, ...]
    costs: tuple[int, ...]
    groups: tuple[tuple[int, ...], ...]
    prefix: tuple[int, ...]
    fixed: int

    @property
    def n(self) -> int:
        return len(self.durations)

    @property
    def m(self) -> int:
        return len(self.costs)

    def expand(self, order: Sequence[int]) -> list[int]:
        out = list(self.prefix)
        for k in order:
            out.extend(self.groups[k])
        return out

    def reduced_cost(self, order: Sequence[int]) -> int:
        first = [-1] * self.m
        last = [0] * self.m
        t = 0
        for s in order:
            d = self.durations[s]
            for a in _bits(self.casts[s]):
                if first[a] < 0:
                    first[a] = t
                last[a] = t + d
            t += d
        return sum(c * (e - b) for c, b, e in zip(self.costs, first, last, strict=True) if b >= 0)


def reduce_instance(durations: Sequence[int], costs: Sequence[int], plays: Sequence[Sequence[int]]) -> Reduced:
    """Exact pre-processing (Garcia de la Banda et al. 2011), repeated until nothing changes.

    An actor paid nothing, or in a single (merged) scene, is never idle: their pay is fixed. Scenes whose casts
    (of the actors that matter) are equal are shot back to back, so they merge. A scene with none of those
    actors costs nothing extra when shot first. Actors who appear in exactly the same merged scenes are one
    actor whose cost is the sum.
    """
    n = len(durations)
    casts = [set(p) for p in plays]
    own = [0] * len(costs)
    for i, p in enumerate(casts):
        for a in p:
            own[a] += durations[i]
    relevant = {a for a in range(len(costs)) if costs[a] > 0}
    groups: list[list[int]] = [[i] for i in range(n)]
    gdur = list(durations)
    gcast = [{a for a in p if a in relevant} for p in casts]
    prefix: list[int] = []
    changed = True
    while changed:
        changed = False
        count: dict[int, int] = {}
        for c in gcast:
            for a in c:
                count[a] = count.get(a, 0) + 1
        for a in sorted(relevant):
            if count.get(a, 0) <= 1:
                relevant.discard(a)
                for c in gcast:
                    c.discard(a)
                changed = True
        keep = []
        for k, c in enumerate(gcast):
            if c:
                keep.append(k)
            else:
                prefix.extend(groups[k])
                changed = True
        groups = [groups[k] for k in keep]
        gdur = [gdur[k] for k in keep]
        gcast = [gcast[k] for k in keep]
        seen: dict[frozenset[int], int] = {}
        ng: list[list[int]] = []
        nd: list[int] = []
        nc: list[set[int]] = []
        for k, c in enumerate(gcast):
            key = frozenset(c)
            j = seen.get(key)
            if j is None:
                seen[key] = len(ng)
                ng.append(list(groups[k]))
                nd.append(gdur[k])
                nc.append(c)
            else:
                ng[j].extend(groups[k])
                nd[j] += gdur[k]
                changed = True
        groups, gdur, gcast = ng, nd, nc
    fixed = sum(costs[a] * own[a] for a in range(len(costs)) if a not in relevant)
    signature: dict[frozenset[int], list[int]] = {}
    for a in sorted(relevant):
        signature.setdefault(frozenset(k for k, c in enumerate(gcast) if a in c), []).append(a)
    merged = list(signature.values())
    index = {a: i for i, members in enumerate(merged) for a in members}
    return Reduced(
        durations=tuple(gdur),
        casts=tuple(sum(1 << i for i in {index[a] for a in c}) for c in gcast),  # merged actors: one bit
        costs=tuple(sum(costs[a] for a in members) for members in merged),
        groups=tuple(tuple(g) for g in groups),
        prefix=tuple(prefix),
        fixed=fixed,
    )


# --------------------------------------------------------------------------------------------- tables


@dataclass(frozen=True, slots=True)
class _DpLayer:
    cols: Idx  # the subsets of p local actors
    prev: Idx  # for each of them and each member i: the subset without i ...
    bit: Idx  # ... and i
    p: int
    pair_cols: Idx  # cols, each repeated p times


def _dp_layers(k: int) -> list[_DpLayer]:
    size = 1 << k
    pop = [bin(x).count("1") for x in range(size)]
    layers = []
    for p in range(1, k + 1):
        cols = [x for x in range(size) if pop[x] == p]
        layers.append(
            _DpLayer(
                np.array(cols, dtype=np.intp),
                np.array([x ^ (1 << i) for x in cols for i in range(k) if x >> i & 1], dtype=np.intp),
                np.array([i for x in cols for i in range(k) if x >> i & 1], dtype=np.intp),
                p,
                np.repeat(np.array(cols, dtype=np.intp), p),
            )
        )
    return layers


def _byte_table(items: npt.NDArray[np.generic], combine: np.ufunc) -> npt.NDArray[Any]:
    """``table[k, v]``: ``items`` of the members of byte ``v`` of chunk ``k`` (item ``8k + i`` for bit ``i``) combined.

    ``items`` has one row (or value) per member, padded to a multiple of 8; the empty byte gets zeros.
    """
    chunks = len(items) // 8
    table = np.zeros((chunks, 256, *items.shape[1:]), dtype=items.dtype)
    for k in range(chunks):
        for i in range(8):
            table[k, 1 << i : 2 << i] = combine(table[k, : 1 << i], items[8 * k + i])
    return table


@dataclass(slots=True)
class _ExactStats:
    """How the exact stage fared in the current layer, to decide whether it runs in the next."""

    enabled: bool = True
    probe: bool = True  # off: sample this layer (every third one)
    layers_off: int = 0
    rows: int = 0
    cuts: int = 0
    seconds: float = 0.0

    def reset(self) -> None:
        self.rows = self.cuts = 0
        self.seconds = 0.0


class _Tables:
    """Byte-chunk lookup tables so that sums and unions over uint64 masks are a few numpy gathers."""

    def __init__(self, red: Reduced) -> None:
        n, m = red.n, red.m
        self.red = red
        self.n, self.m = n, m
        self.full = np.uint64((1 << n) - 1)
        self.casts = list(red.casts)
        self.costs = list(red.costs)
        self.cast_arr = np.array(red.casts, dtype=np.uint64)
        self.dur_arr = np.array(red.durations, dtype=np.float64)
        self.dur_int = np.array(red.durations, dtype=np.int64)
        self.cost_arr = np.array(red.costs, dtype=np.float64)
        self.scene_bit = np.uint64(1) << np.arange(n, dtype=np.uint64)
        self.scene_shift = np.arange(n, dtype=np.uint64)
        self.actor_shift = np.arange(m, dtype=np.uint64)
        self.inc = np.zeros((n, m), dtype=np.float64)  # scene x actor incidence
        for s in range(n):
            for a in _bits(red.casts[s]):
                self.inc[s, a] = 1.0
        self.inc_bool = self.inc > 0
        # over scene masks, by byte: union of casts, each actor's own days
        self.s_shift = [np.uint64(8 * k) for k in range((n + 7) // 8)]
        casts_u = np.array(red.casts + (0,) * (8 * len(self.s_shift) - n), dtype=np.uint64)
        days = np.vstack([self.inc * self.dur_arr[:, None], np.zeros((8 * len(self.s_shift) - n, m))])
        self.at = _byte_table(casts_u, np.bitwise_or)
        self.days_t = _byte_table(days, np.add)
        # over actor masks, by byte: total cost; per scene, cost and squared cost of its actors in the mask
        self.a_shift = [np.uint64(8 * k) for k in range(max(1, (m + 7) // 8))]
        pad = 8 * len(self.a_shift) - m
        costs_i = np.array(red.costs + (0,) * pad, dtype=np.int64)
        per_scene = np.vstack([self.inc.T * self.cost_arr[:, None], np.zeros((pad, n))])  # actor x scene
        self.ct = _byte_table(costs_i, np.add)
        self.tt = _byte_table(per_scene, np.add)
        self.qt = _byte_table(per_scene * np.concatenate([self.cost_arr, np.zeros(pad)])[:, None], np.add)
        # dominance: pairs (s, t) where s waits while t remains, when cast[s] < cast[t] <= on | cast[s]
        pairs = [
            (s, t)
            for s in range(n)
            for t in range(n)
            if t != s and red.casts[s] & ~red.casts[t] == 0 and red.casts[s] != red.casts[t]
        ]
        self.pair_s = np.array([p[0] for p in pairs], dtype=np.intp)
        self.pair_t = np.array([p[1] for p in pairs], dtype=np.intp)
        waiting = sorted({p[0] for p in pairs})
        self.pair_starts = np.array([min(i for i, p in enumerate(pairs) if p[0] == s) for s in waiting], np.intp)
        self.pair_scenes = np.array(waiting, dtype=np.intp)
        self.block = max(64, BLOCK_CELLS // (n + m))
        # the exact stage: per state, its most expensive actors on location
        self.priority = np.array(sorted(range(m), key=lambda a: (-red.costs[a], a)), dtype=np.intp)
        self.k = min(EXACT_ACTORS, m)
        self._dp: dict[int, list[_DpLayer]] = {}
        self._plans: dict[int, tuple[I64, F64]] = {}  # chosen actors (a mask) -> local scene types, costs
        self.exact = _ExactStats()

    # ---- mask arithmetic (element-wise)
    def _scene_bytes(self, x: U64) -> list[Idx]:
        return [((x >> sh) & np.uint64(255)).astype(np.intp) for sh in self.s_shift]

    def _actor_bytes(self, x: U64) -> list[Idx]:
        return [((x >> sh) & np.uint64(255)).astype(np.intp) for sh in self.a_shift]

    def aor(self, x: U64) -> U64:
        parts = self._scene_bytes(x)
        out: U64 = self.at[0][parts[0]]
        for k in range(1, len(parts)):
            out = out | self.at[k][parts[k]]
        return out

    def csum(self, x: U64) -> I64:
        parts = self._actor_bytes(x)
        out: I64 = self.ct[0][parts[0]]
        for k in range(1, len(parts)):
            out = out + self.ct[k][parts[k]]
        return out

    def _gather(self, table: F64, parts: list[Idx]) -> F64:
        out: F64 = table[0][parts[0]]
        for k in range(1, len(parts)):
            out += table[k][parts[k]]
        return out

    def scene_matrix(self, x: U64) -> Bools:
        out: Bools = ((x[:, None] >> self.scene_shift[None, :]) & np.uint64(1)).astype(np.bool_)
        return out

    def actor_matrix(self, x: U64) -> F64:
        out: F64 = ((x[:, None] >> self.actor_shift[None, :]) & np.uint64(1)).astype(np.float64)
        return out

    # ---- lower bound
    def bound(self, done: U64, g: I64 | None = None, theta: int | None = None, deadline: float = math.inf) -> I64:
        """``h(D)``: a lower bound on the cost of shooting the rest, for each state.

        With ``g`` and ``theta``, the exact stage runs (when enabled) on the states that the relaxation leaves
        below ``theta``; without them, the relaxation alone.
        """
        out = np.empty(len(done), dtype=np.int64)
        for lo in range(0, len(done), self.block):
            if time.perf_counter() > deadline:
                raise _Timeout
            blk = slice(lo, lo + self.block)
            out[blk] = self._bound(done[blk], None if g is None else g[blk], theta)
        return out

    def _bound(self, done: U64, g: I64 | None, theta: int | None) -> I64:
        remaining = self.full ^ done
        rem = self.scene_matrix(remaining)
        a_rem = self.aor(remaining)
        on = self.aor(done) & a_rem
        new = a_rem & ~on
        days = self._gather(self.days_t, self._scene_bytes(remaining))  # remaining own days per actor
        base = np.einsum("ra,ra,a->r", self.actor_matrix(new), days, self.cost_arr)
        total = base + self._smith(on, rem)
        if g is None or theta is None or self.k == 0:
            return _ceil(total)
        need = np.nonzero(g + _ceil(total) < theta)[0]
        if not self.exact.enabled:
            need = need[::SAMPLE_EVERY] if self.exact.probe else need[:0]
        if len(need):
            started = time.process_time()
            exact, rest = self._exact_on_location(on[need], rem[need])
            if rest.any():
                exact += self._smith(rest, rem[need])
            better = base[need] + exact
            total[need] = np.maximum(total[need], better)
            self.exact.rows += len(need)
            self.exact.cuts += int(np.count_nonzero(g[need] + _ceil(better) >= theta))
            self.exact.seconds += time.process_time() - started
        return _ceil(total)

    def _smith(self, on: U64, rem: Bools) -> F64:
        """The split-scene relaxation for the actors in ``on``: Smith's rule plus the pair correction.

        Scene ``s`` (still to shoot) is split between its actors ``P`` on location in proportion to their cost;
        actor ``a`` then needs ``sum d_s / T_s`` per unit of cost (``T_s``: cost of ``P``), and Smith's rule on
        these gives the least ``sum c_a C_a``; each scene adds back ``d_s (T_s^2 - sum c^2) / (2 T_s)``.
        """
        rows = len(on)
        if not on.any():
            return np.zeros(rows, dtype=np.float64)
        parts = self._actor_bytes(on)
        tot = self._gather(self.tt, parts)
        tot *= rem  # T_s per state and remaining scene
        inv = np.divide(self.dur_arr[None, :], tot, out=np.zeros_like(tot), where=tot > 0)  # d_s / T_s
        # sum_s d_s (T_s^2 - Q_s) / (2 T_s) = (sum_s d_s T_s - sum_s Q_s d_s / T_s) / 2
        corr = 0.5 * (
            np.einsum("rs,s->r", tot, self.dur_arr) - np.einsum("rs,rs->r", self._gather(self.qt, parts), inv)
        )
        on_m = self.actor_matrix(on)
        ratio = np.einsum("rs,sa->ra", inv, self.inc)
        ratio *= on_m
        order = np.argsort(ratio, axis=1)
        flat = (order + (np.arange(rows) * self.m)[:, None]).ravel()
        r = ratio.ravel()[flat].reshape(rows, self.m)
        w = (on_m * self.cost_arr[None, :]).ravel()[flat].reshape(rows, self.m)
        acc = np.cumsum(w * r, axis=1)
        result: F64 = np.einsum("ra,ra->r", w, acc) + corr
        return result

    def _exact_on_location(self, on: U64, rem: Bools) -> tuple[F64, U64]:
        """min over completion orders of sum c_a * C_a, for up to ``k`` actors on location per state.

        Each state takes its most expensive actors on location (``chosen``; the others are returned as a mask,
        for the relaxation). States with the same chosen set share scene types, and the dynamic program runs
        over that set's subsets; the others run together with per-state types.
        """
        rows = len(on)
        out = np.zeros(rows, dtype=np.float64)
        on_m = self.actor_matrix(on)
        ranked = on_m[:, self.priority]
        chosen_ranked = ranked * (np.cumsum(ranked, axis=1) <= self.k)
        chosen = np.zeros_like(on_m)
        chosen[:, self.priority] = chosen_ranked
        key = (chosen.astype(np.uint64) << self.actor_shift[None, :]).sum(axis=1, dtype=np.uint64)
        values, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
        remf = rem * self.dur_arr[None, :]  # duration of each remaining scene, 0 for those shot
        small = np.zeros(rows, dtype=np.bool_)
        for gi, v in enumerate(values.tolist()):
            if v == 0:
                continue
            if counts[gi] >= GROUP_ROWS:
                idx = np.nonzero(inverse == gi)[0]
                out[idx] = self._exact_group(int(v), remf[idx])
            else:
                small |= inverse == gi
        if small.any():
            idx = np.nonzero(small)[0]
            out[idx] = self._exact_block(chosen_ranked[idx], remf[idx])
        return out, on & ~key

    def _layers(self, k: int) -> list[_DpLayer]:
        layers = self._dp.get(k)
        if layers is None:
            layers = self._dp[k] = _dp_layers(k)
        return layers

    def _exact_block(self, chosen_ranked: F64, remf: F64) -> F64:
        """The dynamic program for states with different chosen sets (scene types computed per state)."""
        rows = len(chosen_ranked)
        counts = np.cumsum(chosen_ranked, axis=1)
        k = int(counts[:, -1].max())
        # position of each chosen actor among the state's chosen ones -> its bit in the local subsets
        slot = (counts - 1) * chosen_ranked  # (rows, m) in priority order
        bit_of = np.zeros_like(chosen_ranked)
        bit_of[:, self.priority] = np.where(chosen_ranked > 0, 2.0**slot, 0.0)
        types = np.einsum("ra,sa->rs", bit_of, self.inc).astype(np.int64)  # local type of each scene
        weight = np.zeros((k, rows), dtype=np.float64)
        r_idx, c_idx = np.nonzero(chosen_ranked)
        weight[slot[r_idx, c_idx].astype(np.intp), r_idx] = self.cost_arr[self.priority][c_idx]
        return _subset_dp(types, remf, weight, self._layers(k))

    def _exact_group(self, v: int, remf: F64) -> F64:
        """The dynamic program for states that share their chosen set ``v`` (a mask of actors)."""
        plan = self._plans.get(v)
        if plan is None:
            members = _bits(v)
            compact = {a: ci for ci, a in enumerate(members)}
            scene_type = np.array(
                [sum(1 << compact[a] for a in _bits(self.casts[s] & v)) for s in range(self.n)], dtype=np.int64
            )
            plan = self._plans[v] = (scene_type, np.array([self.costs[a] for a in members], dtype=np.float64))
        scene_type, costs = plan
        rows = len(remf)
        types = np.broadcast_to(scene_type[None, :], (rows, self.n))
        weight = np.broadcast_to(costs[:, None], (len(costs), rows))
        return _subset_dp(types, remf, weight, self._layers(len(costs)))

    # ---- successors
    def children(self, done: U64, g: I64) -> tuple[U64, I64, I64, npt.NDArray[np.int8]]:
        """Successor states (after dominance), their cost so far, parent index and scene shot."""
        out_d: list[U64] = []
        out_g: list[I64] = []
        out_p: list[I64] = []
        out_s: list[npt.NDArray[np.int8]] = []
        block = self.block
        for lo in range(0, len(done), block):
            d_blk = done[lo : lo + block]
            remaining = self.full ^ d_blk
            rem = self.scene_matrix(remaining)
            on = self.aor(d_blk) & self.aor(remaining)
            forced = rem & (on[:, None] == self.cast_arr[None, :])
            allowed = rem.copy()
            if len(self.pair_s):
                keep_on = on[:, None] | self.cast_arr[self.pair_s][None, :]
                waits = rem[:, self.pair_t] & ((self.cast_arr[self.pair_t][None, :] & ~keep_on) == 0)
                blocked = np.logical_or.reduceat(waits, self.pair_starts, axis=1)
                allowed[:, self.pair_scenes] &= ~blocked
            has_forced = forced.any(axis=1)
            if has_forced.any():
                rows = np.nonzero(has_forced)[0]
                first = np.argmax(forced[rows], axis=1)
                allowed[rows] = False
                allowed[rows, first] = True
            r, s = np.nonzero(allowed)
            out_d.append(d_blk[r] | self.scene_bit[s])
            out_g.append(g[lo : lo + block][r] + self.dur_int[s] * self.csum(on[r] | self.cast_arr[s]))
            out_p.append(r.astype(np.int64) + lo)
            out_s.append(s.astype(np.int8))
        return np.concatenate(out_d), np.concatenate(out_g), np.concatenate(out_p), np.concatenate(out_s)

    # ---- whole orders
    def order_costs(self, orders: npt.NDArray[np.intp]) -> I64:
        """Reduced cost of each order (a row of scene indices), vectorised."""
        d = self.dur_int[orders]
        end = np.cumsum(d, axis=1)
        start = end - d
        inc = self.inc_bool[orders]  # (orders, n, m)
        big = np.iinfo(np.int64).max
        first = np.where(inc, start[:, :, None], big).min(axis=1)
        last = np.where(inc, end[:, :, None], 0).max(axis=1)
        span = np.where(first < big, last - first, 0)
        result: I64 = span @ np.array(self.costs, dtype=np.int64)
        return result


def _subset_dp(types: I64, remf: F64, weight: F64, layers: list[_DpLayer]) -> F64:
    """min over orders of the local actors of ``sum c_a * (duration of the scenes touching the actors up to a)``.

    ``types[r, s]``: the local actors of scene ``s`` in state ``r`` (a mask, 0: none); ``remf[r, s]``: its
    duration if still to shoot, else 0; ``weight[i, r]``: the cost of local actor ``i``.
    """
    rows = len(remf)
    k = len(layers)
    size = 1 << k
    flat = types * rows + np.arange(rows, dtype=np.int64)[:, None]
    g = np.bincount(flat.ravel(), weights=remf.ravel(), minlength=rows * size).reshape(size, rows)
    for i in range(k):  # zeta transform: g[S] = duration of the scenes whose local actors lie inside S
        view = g.reshape(size >> (i + 1), 2, 1 << i, rows)
        view[:, 1] += view[:, 0]
    finish = g[size - 1 : size] - g[::-1]  # duration of the scenes touching S (type 0 cancels out)
    best = np.zeros((size, rows), dtype=np.float64)
    for layer in layers:
        cand = best[layer.prev] + weight[layer.bit] * finish[layer.pair_cols]
        best[layer.cols] = cand.reshape(len(layer.cols), layer.p, rows).min(axis=1)
    result: F64 = best[size - 1]
    return result


def _ceil(x: F64) -> I64:
    """Round a bound up to an integer (costs are integers), forgiving float noise."""
    result: I64 = np.ceil(x - 1e-9 * np.maximum(1.0, x)).astype(np.int64)
    return result


def _unique_best(done: U64, g: I64, n: int) -> Idx:
    """Indices of the cheapest entry for each distinct state (``n``: scenes, the bits of ``done``)."""
    if len(g) == 0:
        return np.zeros(0, dtype=np.intp)
    low = int(g.min())
    spare = 63 - n
    if int(g.max()) - low < 1 << spare:  # one sort on (done, g) packed in a word
        key = (done << np.uint64(spare)) | (g - low).astype(np.uint64)
        order = np.argsort(key)
    else:
        order = np.lexsort((g, done))
    sd = done[order]
    first = np.ones(len(sd), dtype=bool)
    first[1:] = sd[1:] != sd[:-1]
    picked: Idx = order[first]
    return picked


# --------------------------------------------------------------------------------------------- searches


def _path(parents: list[I64], scenes: list[npt.NDArray[np.int8]], index: int) -> list[int]:
    order = []
    for depth in range(len(scenes) - 1, -1, -1):
        order.append(int(scenes[depth][index]))
        index = int(parents[depth][index])
    order.reverse()
    return order


@dataclass(slots=True)
class PassResult:
    completed: bool  # every state with f < theta was expanded
    cost: int | None  # cheapest complete order (< theta), if any
    order: list[int] | None
    bound: int  # a proven lower bound on the optimum
    states: int
    seconds: float
    pruned_f: I64  # sample of f values cut by theta (to choose the next theta) ...
    pruned_w: F64  # ... and how many states each stands for


def threshold_pass(tables: _Tables, theta: int, deadline: float, max_children: int = MAX_CHILDREN) -> PassResult:
    """Expand, layer by layer, every state whose ``g + h`` is below ``theta``.

    Complete: if the optimum is below ``theta`` it is found (every state on an optimal path has ``f`` at most the
    optimum, and deduplication keeps the cheapest ``g`` per state). No order below ``theta`` otherwise proves
    ``theta``. Stopped early (time or memory), the smallest ``f`` of the last full layer is still a lower bound:
    every order cheaper than ``theta`` passes through one of its states.
    """
    started = time.perf_counter()
    n = tables.n
    done = np.zeros(1, dtype=np.uint64)
    g = np.zeros(1, dtype=np.int64)
    f = tables.bound(done)
    parents: list[I64] = []
    scenes: list[npt.NDArray[np.int8]] = []
    pruned: list[I64] = []
    weights: list[F64] = []
    states = 1
    tables.exact.enabled = tables.exact.probe = True
    tables.exact.layers_off = 0

    def result(completed: bool, cost: int | None, order: list[int] | None, bound: int) -> PassResult:
        sample = np.concatenate(pruned) if pruned else np.zeros(0, dtype=np.int64)
        weight = np.concatenate(weights) if weights else np.zeros(0, dtype=np.float64)
        return PassResult(completed, cost, order, bound, states, time.perf_counter() - started, sample, weight)

    if int(f[0]) >= theta:
        return result(True, None, None, theta)
    for depth in range(n):
        frontier = min(theta, int(f.min()))
        if time.perf_counter() > deadline or len(done) * (n - depth) > max_children:
            return result(False, None, None, frontier)
        layer_started = time.process_time()
        tables.exact.reset()
        try:
            cd, cg, cp, cs = tables.children(done, g)
            pick = _unique_best(cd, cg, tables.n)
            cd, cg, cp, cs = cd[pick], cg[pick], cp[pick], cs[pick]
            cf = np.maximum(cg + tables.bound(cd, cg, theta, deadline), f[cp])
        except _Timeout:
            return result(False, None, None, frontier)
        _tune_exact(tables.exact, time.process_time() - layer_started, len(done))
        ok = cf < theta
        if not ok.all():
            cut = cf[~ok]
            step = max(1, len(cut) // 20000)
            pruned.append(cut[::step])
            weights.append(np.full(len(cut[::step]), float(step)))
        sel = np.nonzero(ok)[0]
        done, g, f = cd[sel], cg[sel], cf[sel]
        parents.append(cp[sel])
        scenes.append(cs[sel])
        states += len(sel)
        if len(sel) == 0:
            return result(True, None, None, theta)
    best = int(np.argmin(g))
    cost = int(g[best])
    return result(True, cost, _path(parents, scenes, best), cost)


def _tune_exact(stats: _ExactStats, layer_seconds: float, parents: int) -> None:
    """Keep the exact stage on while the states it cuts would have cost more to expand than it costs to run.

    A state cut now saves about ``CUT_WORTH`` times what one state of this layer cost (its successors and their
    bounds, and some of the states after them). Processor time, not wall time: other programs on the machine should
    not change the search. Small layers say little.
    """
    if stats.rows >= 256 and parents >= 256:
        per_state = max(0.0, layer_seconds - stats.seconds) / parents
        stats.enabled = CUT_WORTH * stats.cuts * per_state > stats.seconds
    stats.layers_off = 0 if stats.enabled else stats.layers_off + 1
    stats.probe = stats.layers_off % 3 == 0


def beam(tables: _Tables, width: int, deadline: float) -> tuple[int, list[int]] | None:
    """Beam search guided by ``g + h``: a good order quickly (or None if the deadline passes first)."""
    done = np.zeros(1, dtype=np.uint64)
    g = np.zeros(1, dtype=np.int64)
    parents: list[I64] = []
    scenes: list[npt.NDArray[np.int8]] = []
    try:
        for _depth in range(tables.n):
            if time.perf_counter() > deadline:
                return None
            cd, cg, cp, cs = tables.children(done, g)
            pick = _unique_best(cd, cg, tables.n)
            cd, cg, cp, cs = cd[pick], cg[pick], cp[pick], cs[pick]
            f = cg + tables.bound(cd, deadline=deadline)
            sel = np.argpartition(f, width - 1)[:width] if len(f) > width else np.arange(len(f))
            done, g = cd[sel], cg[sel]
            parents.append(cp[sel])
            scenes.append(cs[sel])
    except _Timeout:
        return None
    best = int(np.argmin(g))
    return int(g[best]), _path(parents, scenes, best)


def local_search(tables: _Tables, order: list[int], deadline: float) -> tuple[int, list[int]]:
    """Move blocks of one to four scenes (as they are, or reversed) to their best places, and reverse segments,
    until no move helps. The candidate orders of each block or segment start are costed at once."""
    n = len(order)
    current = np.array(order, dtype=np.intp)
    best = int(tables.order_costs(current[None, :])[0])
    improved = True
    while improved and time.perf_counter() < deadline:
        improved = False
        for length in (1, 2, 3, 4):
            if length >= n:
                break
            for i in range(n - length + 1):
                block = current[i : i + length]
                rest = np.concatenate([current[:i], current[i + length :]])
                cands = []
                for piece in (block, block[::-1]) if length > 1 else (block,):
                    for j in range(len(rest) + 1):
                        cands.append(np.concatenate([rest[:j], piece, rest[j:]]))
                costs = tables.order_costs(np.array(cands))
                k = int(np.argmin(costs))
                if costs[k] < best:
                    best, current, improved = int(costs[k]), cands[k], True
                if time.perf_counter() > deadline:
                    return best, [int(s) for s in current]
        for i in range(n - 2):
            cands = [np.concatenate([current[:i], current[i:j][::-1], current[j:]]) for j in range(i + 3, n + 1)]
            costs = tables.order_costs(np.array(cands))
            k = int(np.argmin(costs))
            if costs[k] < best:
                best, current, improved = int(costs[k]), cands[k], True
            if time.perf_counter() > deadline:
                break
    return best, [int(s) for s in current]


@dataclass(slots=True)
class Outcome:
    order: list[int]  # reduced scenes
    cost: int  # reduced cost of ``order``
    bound: int  # proven lower bound on the reduced optimum
    states: int  # states kept by the exact passes
    passes: int


Progress = Callable[[int, int], None]  # (reduced cost, reduced bound) whenever either improves


def solve_reduced(red: Reduced, deadline: float, progress: Progress | None = None) -> Outcome:
    """Best order and proven bound for a reduced problem by ``deadline`` (``math.inf``: run to optimality).

    A beam search and local search give the incumbent; a first threshold pass at the incumbent's cost finds and
    proves the optimum of the classic sizes at once. Otherwise passes at growing thresholds (each one that
    completes proves its threshold) alternate with wider beams, until the threshold reaches the incumbent.
    """
    n = red.n
    if n == 0:
        return Outcome([], 0, 0, 0, 0)
    if n > MAX_SEARCH_SCENES or red.m > MAX_SEARCH_ACTORS:
        return _heuristic_only(red, deadline)
    tables = _Tables(red)
    bound = int(tables.bound(np.zeros(1, dtype=np.uint64))[0])
    width = 16 if n <= 24 else 64
    found = beam(tables, width, deadline)
    order = found[1] if found else list(range(n))
    ub, order = local_search(tables, order, min(deadline, time.perf_counter() + 0.05 + 0.02 * n))

    def report() -> None:
        if progress is not None:
            progress(ub, min(bound, ub))

    report()
    if n > 24 and deadline - time.perf_counter() > 10.0 and bound < ub:  # beyond the classic sizes: a wider beam
        width = 1024
        found = beam(tables, width, time.perf_counter() + 0.1 * (deadline - time.perf_counter()))
        if found and found[0] < ub:
            ub, order = local_search(tables, found[1], time.perf_counter() + 0.05 + 0.02 * n)
            report()
    states = passes = 0
    if bound >= ub:
        return Outcome(order, ub, ub, 0, 0)
    remaining = deadline - time.perf_counter()
    budget = deadline if math.isinf(remaining) else time.perf_counter() + FIRST_PASS_SHARE * remaining
    theta = ub
    while bound < ub and time.perf_counter() < deadline:
        result = threshold_pass(tables, theta, budget if passes == 0 else deadline)
        states += result.states
        passes += 1
        if result.cost is not None and result.order is not None and result.cost < ub:
            ub, order = result.cost, result.order
        bound = max(bound, result.bound)
        if result.completed and result.cost is not None:  # the optimum: below theta and the cheapest there is
            bound = ub
        report()
        if bound >= ub:
            break
        left = deadline - time.perf_counter()
        if left > 1.0 and width < 4096:
            width *= 4
            found = beam(tables, width, time.perf_counter() + 0.2 * left)
            if found and found[0] < ub:
                ub, order = local_search(tables, found[1], time.perf_counter() + 0.05 * left)
                report()
        # the next pass should keep up to three times the states, fewer when time would run out before it ends
        left = deadline - time.perf_counter()
        affordable = math.inf if math.isinf(left) else UB_PASS_SHARE * left / max(result.seconds, 1e-3)
        growth = min(3.0, max(1.2, affordable))
        theta = _next_theta(bound, ub, theta, result, growth, affordable)
    bound = min(bound, ub)
    return Outcome(order, ub, bound, states, passes)


def _next_theta(
    bound: int, ub: int, theta: int, result: PassResult, growth: float = 3.0, affordable: float = 0.0
) -> int:
    """The threshold of the next pass, between the proven ``bound`` and the incumbent ``ub``.

    After a completed pass, the number of states a pass at a higher threshold keeps is estimated from the sample of
    the states this one cut: those below the new threshold, and about as many again below them. ``ub`` when that
    pass should keep at most ``affordable`` times this one's states (the time left allows it; only that pass can
    prove the incumbent optimal); otherwise the threshold that keeps about ``growth`` times its states, or ``ub``
    once that is within reach. After a pass that ran out of time or memory: a quarter of the way up.
    """
    if not result.completed:
        return max(bound + 1, min(ub, bound + (theta - bound) // 4))
    target = max(growth * result.states, 2000.0) / 2.0
    values, weights = result.pruned_f, result.pruned_w
    if result.states + 2.0 * float(weights[values < ub].sum()) <= affordable * result.states:
        return ub
    if len(values):
        order = np.argsort(values)
        cumulative = np.cumsum(weights[order])
        pos = int(np.searchsorted(cumulative, target))
        if pos < len(values):
            return int(min(ub, max(bound + 1, int(values[order][pos]))))
    return ub


def _heuristic_only(red: Reduced, deadline: float) -> Outcome:
    """Too many scenes or actors for the masks: a greedy order, block moves, and the own-days bound."""
    order = sorted(range(red.n), key=lambda s: (-bin(red.casts[s]).count("1"), s))
    stop = deadline if not math.isinf(deadline) else time.perf_counter() + 10.0
    cost = red.reduced_cost(order)
    improved = True
    while improved and time.perf_counter() < stop:
        improved = False
        for i in range(red.n):
            rest = order[:i] + order[i + 1 :]
            for j in range(red.n):
                cand = [*rest[:j], order[i], *rest[j:]]
                c = red.reduced_cost(cand)
                if c < cost:
                    cost, order, improved = c, cand, True
                    break
            if time.perf_counter() > stop:
                break
    own = sum(red.durations[s] * sum(red.costs[a] for a in _bits(red.casts[s])) for s in range(red.n))
    return Outcome(order, cost, min(cost, own), 0, 0)


__all__ = ["MAX_SEARCH_ACTORS", "MAX_SEARCH_SCENES", "Outcome", "Reduced", "reduce_instance", "solve_reduced"]
