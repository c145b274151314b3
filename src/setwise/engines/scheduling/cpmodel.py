"""The day-level CP-SAT model: which scene goes to which (unit, date) slot.

One builder serves the whole problem, the decomposition's blocks and the large-neighbourhood windows: ``free``
scenes get a boolean per allowed slot, ``fixed`` scenes are constants, other scenes are absent. Every hard
constraint of ``validate`` that does not depend on the order within a day is a constraint here; the objective is
the day-level part of ``evaluate`` (company moves counted as locations - 1 per day, which in-day sequencing
achieves), so the model's bound is a valid lower bound of the true objective.

In explanation mode (``guard`` given) each relaxable constraint group is enforced only if its guard literal is
true, so CP-SAT can name a small infeasible set of groups.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence

from ortools.sat.python import cp_model

from .evaluate import holding
from .index import Index, Key

Var = cp_model.IntVar
Lit = int | Var  # a literal or the constants 0/1
Expr = cp_model.LinearExprT


Val = Callable[[Lit], int]  # a hint value of a literal or constant


def _split(lits: Sequence[Lit]) -> tuple[list[Var], int]:
    """The variables among ``lits`` and the sum of the constants."""
    return [v for v in lits if not isinstance(v, int)], sum(v for v in lits if isinstance(v, int))


def _f_or(xs: list[Var]) -> Callable[[Val], int]:
    return lambda val: int(any(val(x) for x in xs))


def _f_span(vs: list[tuple[int, Lit]], fixed: int, dates: list[int]) -> Callable[[Val], int]:
    return lambda val: max([fixed] + [t + 1 for (_k, u), t in zip(vs, dates, strict=True) if val(u)])


def _f_arrive(lu: Lit, carry: Lit) -> Callable[[Val], int]:
    return lambda val: max(0, val(lu) - val(carry))


def _f_carry(lu: Lit, carry: Lit, used: Lit) -> Callable[[Val], int]:
    return lambda val: val(lu) if val(used) else val(carry)


def _f_index(f: Callable[[Val], list[int]], i: int) -> Callable[[Val], int]:
    return lambda val: f(val)[i]


def _f_drop(f: Callable[[Val], tuple[int, int, int]], part: str, t: int = 0) -> Callable[[Val], int]:
    def value(val: Val) -> int:
        length, start, end = f(val)
        if part == "flag":
            return int(length > 0)
        if part == "start":
            return start if length else 0
        if part == "end":
            return end if length else 0
        if part == "length":
            return length
        if part == "before":
            return int(length > 0 and t < start)
        return int(length > 0 and t > end)

    return value


def _lin(terms: list[tuple[Var, int]], const: int = 0) -> Expr:
    if not terms:
        return const
    expr = cp_model.LinearExpr.weighted_sum([v for v, _ in terms], [c for _, c in terms])
    return expr + const if const else expr


class Builder:
    """Build the model; ``assignment(solver_or_callback)`` reads scene -> slot back, ``hint(assign)`` warm-starts."""

    def __init__(
        self,
        ix: Index,
        free: Mapping[int, Sequence[int]],
        fixed: Mapping[int, int],
        *,
        guard: Callable[[Key], list[Var]] | None = None,
        objective: bool = True,
        model: cp_model.CpModel | None = None,
    ) -> None:
        self.ix = ix
        self.free = free
        self.fixed = fixed
        self.model = m = model if model is not None else cp_model.CpModel()
        self._guard = guard
        self._defs: list[tuple[Var, Callable[[Callable[[Lit], int]], int]]] = []
        p = ix.problem
        lim = p.limits
        move_min = p.company_move_minutes
        self.x: dict[tuple[int, int], Var] = {}
        free_at: dict[int, list[int]] = defaultdict(list)
        fixed_at: dict[int, list[int]] = defaultdict(list)
        for s, k in fixed.items():
            fixed_at[k].append(s)
        for s, ks in free.items():
            row = []
            for k in ks:
                v = m.new_bool_var(f"x{s}_{k}")
                self.x[(s, k)] = v
                free_at[k].append(s)
                row.append(v)
            m.add_exactly_one(row)
        if guard is not None:
            for (s, k), keys in ix.reasons.items():
                xv = self.x.get((s, k))
                if xv is not None:
                    for key in keys:
                        for g in guard(key):
                            m.add_bool_or([g.Not(), xv.Not()])
        self.active = sorted(free_at)
        present = set(free) | set(fixed)
        self.present = present

        # --- per slot ----------------------------------------------------------------------------------------------
        self.used: dict[int, Lit] = {}
        self.night: dict[int, Lit] = {}
        self.shoot: dict[int, tuple[list[tuple[Var, int]], int]] = {}  # linear terms, constant
        self.lu: dict[tuple[int, int], Lit] = {}
        self.locs_at: dict[int, set[int]] = {}
        self.cw: dict[tuple[int, int], Lit] = {}
        self.cmin: dict[tuple[int, int], tuple[list[tuple[Var, int]], int, int]] = {}  # terms, const, max
        self.moves: dict[int, tuple[list[tuple[Var, int]], int]] = {}
        self.cast_at: dict[int, list[int]] = {}
        slots_with_content = sorted(set(free_at) | set(fixed_at))
        self.content_slots = slots_with_content
        for k in slots_with_content:
            fs = fixed_at.get(k, [])
            vs = free_at.get(k, [])
            xs = [self.x[(s, k)] for s in vs]
            used = 1 if fs else self._or(xs)
            self.used[k] = used
            fixed_locs = {ix.loc[s] for s in fs}
            by_loc: dict[int, list[Var]] = defaultdict(list)
            for s in vs:
                if ix.loc[s] not in fixed_locs:
                    by_loc[ix.loc[s]].append(self.x[(s, k)])
            for l_ in fixed_locs:
                self.lu[(l_, k)] = 1
            lu_vars: list[Var] = []
            for l_, lxs in by_loc.items():
                luv = self._or(lxs)
                self.lu[(l_, k)] = luv
                if not isinstance(luv, int):
                    lu_vars.append(luv)
            self.locs_at[k] = fixed_locs | set(by_loc)
            # moves = locations - used
            move_terms: list[tuple[Var, int]] = [(v, 1) for v in lu_vars]
            move_const = len(fixed_locs)
            if isinstance(used, int):
                move_const -= used
            else:
                move_terms.append((used, -1))
            self.moves[k] = (move_terms, move_const)
            night_fixed = any(ix.night[s] for s in fs)
            self.night[k] = 1 if night_fixed else self._or([self.x[(s, k)] for s in vs if ix.night[s]])
            load_const = sum(ix.minutes[s] for s in fs)
            terms = [(self.x[(s, k)], ix.minutes[s]) for s in vs] + [(v, move_min * c) for v, c in move_terms]
            const = load_const + move_min * move_const
            self.shoot[k] = (terms, const)
            if vs:
                m.add(_lin(terms, const) <= ix.capacity).only_enforce_if(self.g(("capacity",)))
            # wrap = call + overhead + shooting
            wrap_terms, wrap_const = self._wrap(k)
            for s in vs:
                if ix.minors[s]:
                    m.add(_lin(wrap_terms, wrap_const) <= lim.minor_wrap_minute).only_enforce_if(
                        [self.x[(s, k)], *self.g(("minor_wrap",))]
                    )
            if vs and any(ix.minors[s] for s in fs):
                m.add(_lin(wrap_terms, wrap_const) <= lim.minor_wrap_minute).only_enforce_if(self.g(("minor_wrap",)))
            # locations of one day within reach
            locs = sorted(self.locs_at[k])
            if vs and len(locs) > 1:
                for i, a in enumerate(locs):
                    for b in locs[i + 1 :]:
                        if not ix.reach[a][b]:
                            la, lb = self.lu[(a, k)], self.lu[(b, k)]
                            if isinstance(la, int) and isinstance(lb, int):
                                continue
                            m.add(la + lb <= 1).only_enforce_if(self.g(("reach",)))
            # cast on the slot
            fixed_cast: dict[int, int] = defaultdict(int)
            for s in fs:
                for c in ix.cast[s]:
                    fixed_cast[c] += ix.minutes[s]
            free_cast: dict[int, list[int]] = defaultdict(list)
            for s in vs:
                for c in ix.cast[s]:
                    free_cast[c].append(s)
            self.cast_at[k] = sorted(set(fixed_cast) | set(free_cast))
            for c in self.cast_at[k]:
                fss = free_cast.get(c, [])
                cw = 1 if c in fixed_cast else self._or([self.x[(s, k)] for s in fss])
                self.cw[(c, k)] = cw
                cterms = [(self.x[(s, k)], ix.minutes[s]) for s in fss]
                cconst = fixed_cast.get(c, 0)
                top = cconst + sum(ix.minutes[s] for s in fss) + lim.cast_overhead_minutes
                self.cmin[(c, k)] = (cterms, cconst, top)
                if fss and top > ix.day_limit[c]:
                    overhead_terms = [] if isinstance(cw, int) else [(cw, lim.cast_overhead_minutes)]
                    oconst = lim.cast_overhead_minutes if isinstance(cw, int) else 0
                    m.add(_lin(cterms + overhead_terms, cconst + oconst) <= ix.day_limit[c]).only_enforce_if(
                        self.g(("person_day", ix.cast_ids[c]))
                    )
                wb = ix.wrap_by[c]
                if wb is not None and fss:
                    lits = [] if isinstance(cw, int) else [cw]
                    m.add(_lin(wrap_terms, wrap_const) <= wb).only_enforce_if(lits + self.g(("curfew", ix.cast_ids[c])))

        # --- performers across slots --------------------------------------------------------------------------------
        self.work: dict[tuple[int, int], Lit] = {}
        cast_present: set[int] = {c for (c, _k) in self.cw}
        slots_by_date: dict[int, list[int]] = defaultdict(list)
        for k in slots_with_content:
            slots_by_date[ix.slots[k][1]].append(k)
        self.cast_dates: dict[int, list[int]] = defaultdict(list)
        for t, ks in sorted(slots_by_date.items()):
            for c in sorted({c for k in ks for c in self.cast_at[k]}):
                cws = [self.cw[(c, k)] for k in ks if (c, k) in self.cw]
                if len(cws) == 1:
                    self.work[(c, t)] = cws[0]
                else:
                    vars_, const = _split(cws)
                    if vars_:
                        m.add(cp_model.LinearExpr.sum(vars_) + const <= 1).only_enforce_if(self.g(("double_booking",)))
                        w: Lit = 1 if const else self._or(vars_)
                    else:
                        w = 1
                    self.work[(c, t)] = w
                self.cast_dates[c].append(t)
        # a performer's week
        for c in sorted(cast_present):
            by_week: dict[int, list[int]] = defaultdict(list)
            for k in slots_with_content:
                if (c, k) in self.cw:
                    by_week[ix.week[ix.slots[k][1]]].append(k)
            for ks in by_week.values():
                if not any(not isinstance(self.cw[(c, k)], int) for k in ks):
                    continue
                top = sum(self.cmin[(c, k)][2] for k in ks)
                if top <= ix.week_limit[c]:
                    continue
                terms = []
                const = 0
                for k in ks:
                    ct, cc, _ = self.cmin[(c, k)]
                    terms += ct
                    const += cc
                    cw = self.cw[(c, k)]
                    if isinstance(cw, int):
                        const += lim.cast_overhead_minutes * cw
                    else:
                        terms.append((cw, lim.cast_overhead_minutes))
                m.add(_lin(terms, const) <= ix.week_limit[c]).only_enforce_if(self.g(("person_week", ix.cast_ids[c])))

        # --- each unit's weeks, runs and rest -------------------------------------------------------------------------
        active_set = set(self.active)
        for _ui, uslots in enumerate(ix.unit_slots):
            weeks: dict[int, list[int]] = defaultdict(list)
            for k in uslots:
                if k in self.used:
                    weeks[ix.week[ix.slots[k][1]]].append(k)
            for ks in weeks.values():
                act = [k for k in ks if k in active_set]
                if not act:
                    continue
                # constant part from slots without free scenes
                const_min = sum(self._work_const(k) for k in ks if k not in active_set)
                const_days = sum(1 for k in ks if k not in active_set)
                if const_min > lim.max_work_minutes_week or const_days >= lim.max_days_week + 1:
                    for k in act:
                        u = self.used[k]
                        if not isinstance(u, int):
                            m.add(u == 0).only_enforce_if(self.g(("week_hours",)))
                    continue
                terms = []
                const = const_min
                dterms: list[Var] = []
                dconst = const_days
                for k in act:
                    st, sc = self.shoot[k]
                    terms += st
                    const += sc
                    u = self.used[k]
                    if isinstance(u, int):
                        const += lim.day_overhead_minutes * u
                        dconst += u
                    else:
                        terms.append((u, lim.day_overhead_minutes))
                        dterms.append(u)
                m.add(_lin(terms, const) <= lim.max_work_minutes_week).only_enforce_if(self.g(("week_hours",)))
                if dconst + len(dterms) > lim.max_days_week:
                    m.add(sum(dterms) + dconst <= lim.max_days_week).only_enforce_if(self.g(("days_week",)))
            # runs of consecutive calendar dates
            n = lim.max_consecutive_days
            by_t = {ix.slots[k][1]: k for k in uslots}
            content_by_t = {ix.slots[k][1]: k for k in uslots if k in self.used}
            for t0 in sorted(content_by_t):
                window = [t0 + i for i in range(n + 1)]
                if not all(t in by_t for t in window):
                    continue
                dates = [ix.dates[t] for t in window]
                if (dates[-1] - dates[0]).days != n:
                    continue
                ks = [by_t[t] for t in window]
                if not any(k in active_set for k in ks) or not all(k in self.used for k in ks):
                    continue
                uvars, uconst = _split([self.used[k] for k in ks])
                m.add(cp_model.LinearExpr.sum(uvars) + uconst <= n).only_enforce_if(self.g(("consecutive",)))
            # turnaround between consecutive calendar dates
            for t, k1 in sorted(content_by_t.items()):
                k2 = content_by_t.get(t + 1)
                if k2 is None or (ix.dates[t + 1] - ix.dates[t]).days != 1:
                    continue
                if k1 not in active_set and k2 not in active_set:
                    continue
                wt, wc = self._wrap(k1)
                call_terms, call_const = self._call(k2)
                # 1440 + call2 - wrap1 >= turnaround
                terms = call_terms + [(v, -c) for v, c in wt]
                const = 1440 + call_const - wc
                lits = [u for u in (self.used[k1], self.used[k2]) if not isinstance(u, int)]
                m.add(_lin(terms, const) >= lim.min_turnaround_minutes).only_enforce_if(lits + self.g(("turnaround",)))

        # --- order constraints ----------------------------------------------------------------------------------------
        for order in p.orders:
            a, b = ix.sidx[order.before], ix.sidx[order.after]
            if a not in present or b not in present or (a not in free and b not in free):
                continue
            gl = self.g(("order", order.before, order.after))
            m.add(self._date_expr(a) <= self._date_expr(b)).only_enforce_if(gl)
            if len(ix.units) > 1:
                for k1 in self._slots_of(a):
                    t = ix.slots[k1][1]
                    for k2 in self._slots_of(b):
                        if ix.slots[k2][1] == t and k2 != k1:
                            la, lb = self._x_lit(a, k1), self._x_lit(b, k2)
                            lits = [v for v in (la, lb) if not isinstance(v, int)]
                            if lits:
                                m.add_bool_or([v.Not() for v in lits]).only_enforce_if(gl)

        if objective:
            self._objective()

    # --- helpers ------------------------------------------------------------------------------------------------------

    def g(self, key: Key) -> list[Var]:
        return self._guard(key) if self._guard is not None else []

    def _or(self, xs: list[Var]) -> Lit:
        """A literal true iff one of ``xs`` is (0 when ``xs`` is empty)."""
        if not xs:
            return 0
        if len(xs) == 1:
            return xs[0]
        m = self.model
        v = m.new_bool_var("")
        for x in xs:
            m.add_implication(x, v)
        m.add_bool_or([*xs, v.Not()])
        self._defs.append((v, _f_or(xs)))
        return v

    def _x_lit(self, s: int, k: int) -> Lit:
        if s in self.fixed:
            return int(self.fixed[s] == k)
        return self.x.get((s, k), 0)

    def _slots_of(self, s: int) -> list[int]:
        if s in self.fixed:
            return [self.fixed[s]]
        return list(self.free[s])

    def _date_expr(self, s: int) -> Expr:
        ix = self.ix
        if s in self.fixed:
            return ix.slots[self.fixed[s]][1]
        return _lin([(self.x[(s, k)], ix.slots[k][1]) for k in self.free[s]])

    def _call(self, k: int) -> tuple[list[tuple[Var, int]], int]:
        lim = self.ix.problem.limits
        delta = lim.night_call_minute - lim.day_call_minute
        n = self.night[k]
        if isinstance(n, int):
            return [], lim.day_call_minute + delta * n
        return [(n, delta)], lim.day_call_minute

    def _wrap(self, k: int) -> tuple[list[tuple[Var, int]], int]:
        lim = self.ix.problem.limits
        ct, cc = self._call(k)
        st, sc = self.shoot[k]
        return ct + st, cc + sc + lim.day_overhead_minutes

    def _work_const(self, k: int) -> int:
        st, sc = self.shoot[k]
        assert not st
        return sc + self.ix.problem.limits.day_overhead_minutes

    # --- objective ----------------------------------------------------------------------------------------------------

    def _objective(self) -> None:
        ix = self.ix
        m = self.model
        p = ix.problem
        w = p.weights
        terms: list[tuple[Var, int]] = []
        const = 0
        # shooting days: main unit span, other units' days
        main_slots = [k for k in ix.unit_slots[ix.main] if k in self.used]
        fixed_span = max((ix.slots[k][1] + 1 for k in main_slots if isinstance(self.used[k], int)), default=0)
        var_span = [(k, self.used[k]) for k in main_slots if not isinstance(self.used[k], int)]
        if var_span:
            top = max(ix.slots[k][1] + 1 for k, _ in var_span)
            span = m.new_int_var(fixed_span, max(top, fixed_span), "span")
            for k, u in var_span:
                assert not isinstance(u, int)
                m.add(span >= ix.slots[k][1] + 1).only_enforce_if(u)
            terms.append((span, w.shooting_day))
            self._defs.append((span, _f_span(var_span, fixed_span, [ix.slots[k][1] for k, _u in var_span])))
        else:
            const += w.shooting_day * fixed_span
        for ui in range(1, len(ix.units)):
            for k in ix.unit_slots[ui]:
                u = self.used.get(k, 0)
                if isinstance(u, int):
                    const += w.shooting_day * u
                else:
                    terms.append((u, w.shooting_day))
        # company moves (locations - 1 per day)
        for k in self.content_slots:
            mt, mc = self.moves[k]
            terms += [(v, c * w.company_move) for v, c in mt]
            const += mc * w.company_move
        # location changes: arrivals per unit and location, "previous shooting day" carried over idle slots
        for uslots in ix.unit_slots:
            content = [k for k in uslots if k in self.used]
            if not content:
                continue
            locs = sorted({l_ for k in content for l_ in self.locs_at[k]})
            for l_ in locs:
                carry: Lit = 0
                for k in content:
                    lu = self.lu.get((l_, k), 0)
                    used = self.used[k]
                    if not (isinstance(lu, int) and lu == 0):
                        if isinstance(carry, int):
                            if carry == 0:
                                if isinstance(lu, int):
                                    const += w.location_change * lu
                                else:
                                    terms.append((lu, w.location_change))
                        elif isinstance(lu, int):  # lu == 1: arrival = 1 - carry
                            const += w.location_change
                            terms.append((carry, -w.location_change))
                        else:
                            a = m.new_bool_var("")
                            m.add(a >= lu - carry)
                            terms.append((a, w.location_change))
                            self._defs.append((a, _f_arrive(lu, carry)))
                    if isinstance(used, int):
                        if used:
                            carry = lu
                    elif not (isinstance(lu, int) and isinstance(carry, int) and lu == 0 and carry == 0):
                        cn = m.new_bool_var("")
                        if not (isinstance(lu, int) and lu == 0):
                            m.add(cn >= lu)
                        m.add(cn <= lu + 1 - used)
                        m.add(cn <= carry + used)
                        m.add(cn >= carry - used)
                        self._defs.append((cn, _f_carry(lu, carry, used)))
                        carry = cn
        # holding
        T = len(ix.dates)
        gap = p.limits.drop_pickup_min_days
        for c in sorted({c for (c, _t) in self.work}):
            cost = ix.cost[c] * w.holding
            if cost == 0:
                continue
            dates = self.cast_dates[c]
            fixed_t = [t for t in dates if isinstance(self.work[(c, t)], int)]
            var_t = [t for t in dates if not isinstance(self.work[(c, t)], int)]
            if not var_t:
                const += cost * holding(sorted(fixed_t), gap if ix.drop[c] else None)
                continue
            lo_first = min(fixed_t) if fixed_t else T - 1
            hi_last = max(fixed_t) if fixed_t else 0
            first = m.new_int_var(min(dates), lo_first, "")
            last = m.new_int_var(hi_last, max(dates), "")
            wl: dict[int, Lit] = {}
            for t in var_t:
                wv = self.work[(c, t)]
                assert not isinstance(wv, int)
                wl[t] = wv
                m.add(first <= t).only_enforce_if(wv)
                m.add(last >= t).only_enforce_if(wv)

            def _work_ts(val: Callable[[Lit], int], ft: list[int] = fixed_t, wl: dict[int, Lit] = wl) -> list[int]:
                return sorted(ft + [t for t, v in wl.items() if val(v)])

            self._defs.append((first, _f_index(_work_ts, 0)))
            self._defs.append((last, _f_index(_work_ts, -1)))
            # hold = last - first + 1 - workdays - drop
            terms += [(last, cost), (first, -cost)]
            const += cost * (1 - len(fixed_t))
            terms += [(v, -cost) for v in wl.values() if not isinstance(v, int)]
            if ix.drop[c]:
                df = m.new_bool_var("")
                ds = m.new_int_var(0, T - 1, "")
                de = m.new_int_var(0, T - 1, "")
                dl = m.new_int_var(0, T, "")
                m.add(dl == de - ds + 1).only_enforce_if(df)
                m.add(dl == 0).only_enforce_if(df.Not())
                m.add(dl >= gap).only_enforce_if(df)
                m.add(ds >= first + 1).only_enforce_if(df)
                m.add(de <= last - 1).only_enforce_if(df)
                bvars: list[tuple[Var, Var, int]] = []
                for t in sorted(set(fixed_t) | set(var_t)):
                    b1 = m.new_bool_var("")
                    b2 = m.new_bool_var("")
                    m.add(ds >= t + 1).only_enforce_if(b1)
                    m.add(de <= t - 1).only_enforce_if(b2)
                    wv2 = self.work[(c, t)]
                    lits = [b1, b2, df.Not()]
                    if not isinstance(wv2, int):
                        lits.append(wv2.Not())
                    m.add_bool_or(lits)
                    bvars.append((b1, b2, t))
                terms.append((dl, -cost))

                def _drop(val: Callable[[Lit], int], f: Callable[..., list[int]] = _work_ts) -> tuple[int, int, int]:
                    ts = f(val)
                    best = (0, 0, -1)  # length, start, end
                    for a, b in itertools.pairwise(ts):
                        if b - a - 1 >= gap and b - a - 1 > best[0]:
                            best = (b - a - 1, a + 1, b - 1)
                    return best

                self._defs.append((df, _f_drop(_drop, "flag")))
                self._defs.append((ds, _f_drop(_drop, "start")))
                self._defs.append((de, _f_drop(_drop, "end")))
                self._defs.append((dl, _f_drop(_drop, "length")))
                for b1, b2, t in bvars:
                    self._defs.append((b1, _f_drop(_drop, "before", t)))
                    self._defs.append((b2, _f_drop(_drop, "after", t)))
        # emotional scenes early
        k_early = w.emotional_early_days
        if k_early > 0 and w.emotional_early:
            for s in self.present:
                if not ix.emotional[s]:
                    continue
                if s in self.fixed:
                    const += w.emotional_early * max(0, k_early - ix.slots[self.fixed[s]][1])
                else:
                    for k in self.free[s]:
                        pen = max(0, k_early - ix.slots[k][1])
                        if pen:
                            terms.append((self.x[(s, k)], w.emotional_early * pen))
        self.objective_const = const
        self.model.minimize(_lin(terms, const))

    # --- solutions and hints ------------------------------------------------------------------------------------------

    def assignment(self, value: Callable[[Var], int]) -> dict[int, int]:
        """Scene -> slot for the free scenes, from a solver's (or a callback's) ``value``."""
        out: dict[int, int] = {}
        for (s, k), v in self.x.items():
            if value(v):
                out[s] = k
        return out

    def hint(self, assign: Mapping[int, int]) -> None:
        """Hint every variable from a scene -> slot assignment of the free scenes (missing ones: no hint)."""
        m = self.model
        m.clear_hints()  # type: ignore[no-untyped-call]
        values: dict[int, int] = {}
        for (s, k), v in self.x.items():
            values[v.index] = int(assign.get(s) == k)

        def val(lit: Lit) -> int:
            if isinstance(lit, int):
                return lit
            return values.get(lit.index, 0)

        if not all(s in assign for s in self.free):
            for (_s, _k), v in self.x.items():
                m.add_hint(v, values[v.index])
            return
        for v, fn in self._defs:
            values[v.index] = int(fn(val))
        for (_s, _k), v in self.x.items():
            m.add_hint(v, values[v.index])
        for v, _fn in self._defs:
            m.add_hint(v, values[v.index])
