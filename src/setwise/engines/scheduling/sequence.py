"""Shooting order within a day: locations kept together (one company move per extra location), day scenes before
night scenes, sets grouped, and order constraints kept.

Without an order constraint inside the day the result is optimal for (moves, night-before-day pairs) in that
priority: locations are contiguous blocks, day scenes lead each block, and blocks are sorted by Smith's rule
(night/day ratio), which minimises the pairs between blocks. With order constraints inside the day an exact
dynamic programme over subsets runs (up to 11 scenes), otherwise a precedence-respecting greedy.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from .model import Problem


def sequence_day(problem: Problem, scene_ids: Sequence[str]) -> tuple[str, ...]:
    """The scenes of one day in shooting order."""
    pos = {s.id: i for i, s in enumerate(problem.scenes)}
    ids = sorted(set(scene_ids), key=lambda s: pos.get(s, len(pos)))
    if len(ids) <= 1:
        return tuple(ids)
    inside = set(ids)
    preds: dict[str, set[str]] = defaultdict(set)
    for o in problem.orders:
        if o.before in inside and o.after in inside:
            preds[o.after].add(o.before)
    if not preds:
        return _blocks(problem, ids)
    if len(ids) <= 11:
        found = _dp(problem, ids, preds)
        if found is not None:
            return found
    return _greedy(problem, ids, preds)


def _blocks(problem: Problem, ids: list[str]) -> tuple[str, ...]:
    scenes = problem.scene_by_id
    blocks: dict[str, list[str]] = {}
    for sid in ids:
        blocks.setdefault(scenes[sid].location, []).append(sid)

    def ordered(block: list[str]) -> list[str]:
        set_rank: dict[str, int] = {}
        for sid in block:
            set_rank.setdefault(scenes[sid].set, len(set_rank))
        day = sorted((s for s in block if not scenes[s].night), key=lambda s: set_rank[scenes[s].set])
        night = [s for s in block if scenes[s].night]
        last_set = scenes[day[-1]].set if day else None
        night.sort(key=lambda s: (scenes[s].set != last_set, set_rank[scenes[s].set]))
        return day + night

    def ratio(block: list[str]) -> tuple[float, int]:
        n = sum(1 for s in block if scenes[s].night)
        d = len(block) - n
        return (n / d if d else float("inf"), 0)

    keys = list(blocks)
    keys.sort(key=lambda loc: ratio(blocks[loc]))  # stable: ties keep first appearance
    out: list[str] = []
    for loc in keys:
        out += ordered(blocks[loc])
    return tuple(out)


def _cost_step(problem: Problem, prev: str | None, nxt: str, nights_done: int) -> tuple[int, int, int]:
    scenes = problem.scene_by_id
    s = scenes[nxt]
    move = int(prev is not None and scenes[prev].location != s.location)
    inv = 0 if s.night else nights_done
    set_change = int(prev is not None and (scenes[prev].location, scenes[prev].set) != (s.location, s.set))
    return (move, inv, set_change)


def _dp(problem: Problem, ids: list[str], preds: dict[str, set[str]]) -> tuple[str, ...] | None:
    n = len(ids)
    scenes = problem.scene_by_id
    bit = {sid: 1 << i for i, sid in enumerate(ids)}
    need = [sum(bit[p] for p in preds.get(sid, ())) for sid in ids]
    night = [scenes[sid].night for sid in ids]
    w_inv = problem.weights.night_before_day
    inf = (1 << 60, 0, 0)
    # state: (mask, last) -> (moves, weighted inversions, set changes), parent
    best: dict[tuple[int, int], tuple[tuple[int, int, int], int]] = {}
    for j in range(n):
        if need[j] == 0:
            best[(1 << j, j)] = ((0, 0, 0), -1)
    full = (1 << n) - 1
    for mask in range(1, full + 1):
        nights_done = sum(1 for i in range(n) if mask >> i & 1 and night[i])
        for last in range(n):
            entry = best.get((mask, last))
            if entry is None:
                continue
            cost = entry[0]
            for j in range(n):
                if mask >> j & 1 or (need[j] & mask) != need[j]:
                    continue
                mv, inv, sc = _cost_step(problem, ids[last], ids[j], nights_done)
                new = (cost[0] + mv, cost[1] + w_inv * inv, cost[2] + sc)
                key = (mask | 1 << j, j)
                old = best.get(key)
                if old is None or new < old[0]:
                    best[key] = (new, last)
    ends = [(best[(full, j)][0], j) for j in range(n) if (full, j) in best]
    if not ends:
        return None
    _cost, last = min(ends, key=lambda e: e[0] if e[0] != inf else inf)
    order: list[int] = []
    mask = full
    while last != -1:
        order.append(last)
        prev = best[(mask, last)][1]
        mask &= ~(1 << last)
        last = prev
    return tuple(ids[i] for i in reversed(order))


def _greedy(problem: Problem, ids: list[str], preds: dict[str, set[str]]) -> tuple[str, ...]:
    """Topological order preferring the current location, then day scenes, then the blocks' order."""
    scenes = problem.scene_by_id
    base = {sid: i for i, sid in enumerate(_blocks(problem, ids))}
    done: set[str] = set()
    out: list[str] = []
    remaining = set(ids)
    while remaining:
        ready = [s for s in remaining if preds.get(s, set()) <= done]
        if not ready:  # a cycle: cannot happen for a valid problem; keep the block order
            ready = list(remaining)
        cur = scenes[out[-1]].location if out else None
        ready.sort(key=lambda s: (scenes[s].location != cur, scenes[s].night, base[s]))
        pick = ready[0]
        out.append(pick)
        done.add(pick)
        remaining.discard(pick)
    return tuple(out)
