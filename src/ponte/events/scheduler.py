"""The B2B meeting scheduler: accepted requests onto (slot, table), maximising scheduled priority.

Pure Python over plain data (no Django); `ponte.events` services feed it and `ponte schedule`
runs it on a stand-alone JSON instance. See docs/scheduling.md.

Model: one binary variable per (request, slot both participants can attend); each request at
most once, each participant in at most one meeting per slot, at most `tables` meetings per
slot; maximise the sum of priorities. Tables within a slot are interchangeable, so they are
numbered after the slots are chosen. HiGHS (through `scipy.optimize.milp`) solves it within a
time limit; a greedy pass (priority first, scarcest first, then a repair pass) runs before it
and is returned instead whenever the solver has nothing better in time.

Already published meetings (`Instance.fixed`) are hard constraints whenever they are still
feasible: a participant's printed agenda is worth more than one extra meeting elsewhere. A
fixed meeting is dropped only if it became impossible (request withdrawn, a participant no
longer available, the slot gone, a clash with another fixed meeting, fewer tables). The proven
bound and "optimal" are then relative to the problem with the kept meetings in place.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import coo_array

from ponte.web.text import translated

Status = Literal["optimal", "feasible"]

MAX_SLOTS = 1_000  # a week of ten-minute meetings round the clock; more is a typo
MAX_TABLES = 1_000_000
MAX_PRIORITY = 10**30  # far beyond any real use; the solvers scale weights, bounds stay exact
SOLVER_MAX_WEIGHT = 1e6  # the largest weight HiGHS sees: larger priorities are scaled down
# Problems of at most this many pairs, with priorities beyond floating point, are searched
# exactly (`_exact_search`), within this many nodes.
EXACT_SEARCH_MAX_PAIRS = 24
EXACT_SEARCH_MAX_NODES = 200_000
FULL_MILP_MAX = 20_000  # variables; see solve()
# Building the LP model in Python (measured 5 us a variable on a loaded 2-core machine; the
# estimate errs high so that an LP which cannot finish in time is not even started).
MODEL_SECONDS_PER_VARIABLE = 6e-6
DISP = False  # HiGHS's log on stdout, for tuning


def _(message: str) -> str:
    """Marked `_` so makemessages collects the messages; translated once Django is set up."""
    return translated(message)


class InstanceError(ValueError):
    """An invalid instance; `field` names the culprit the way the JSON spells it
    (`requests[3].b`), and `str(error)` is `"<field>: <message>"`."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Participant:
    id: str
    available: frozenset[int] | None = None  # None: every slot


@dataclass(frozen=True)
class MeetingRequest:
    a: str
    b: str
    priority: int = 1
    id: str | None = None


@dataclass(frozen=True)
class Meeting:
    a: str
    b: str
    slot: int
    table: int


@dataclass(frozen=True)
class Instance:
    slots: int
    tables: int
    participants: tuple[Participant, ...]
    requests: tuple[MeetingRequest, ...]
    fixed: tuple[Meeting, ...] = ()  # published meetings: kept in place whenever still feasible


@dataclass
class Solution:
    status: Status
    meetings: list[Meeting]
    objective: int
    bound: int
    method: str
    seconds: float
    kept_fixed: int = 0
    stats: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """The output of `ponte schedule --json`: the four keys of issue 5, then extras."""
        return {
            "status": self.status,
            "meetings": [
                {"a": m.a, "b": m.b, "slot": m.slot, "table": m.table} for m in self.meetings
            ],
            "objective": self.objective,
            "bound": self.bound,
            "method": self.method,
            "seconds": round(self.seconds, 3),
            "kept_fixed": self.kept_fixed,
        }


# --- parsing -------------------------------------------------------------------------------


def _int(
    value: Any, where: str, minimum: int, maximum: int | None = None, *, index: bool = False
) -> int:
    """An integer (not a boolean) in range; `index` words the range as `in 0..S-1`."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InstanceError(
            where, _("expected an integer, got %(value)s") % {"value": _show(value)}
        )
    if index and not minimum <= value <= (maximum if maximum is not None else value):
        raise InstanceError(
            where,
            _("must be in %(low)s..%(high)s, got %(value)s")
            % {"low": minimum, "high": maximum, "value": value},
        )
    if value < minimum:
        raise InstanceError(
            where, _("must be at least %(low)s, got %(value)s") % {"low": minimum, "value": value}
        )
    if maximum is not None and value > maximum:
        raise InstanceError(
            where, _("must be at most %(high)s, got %(value)s") % {"high": maximum, "value": value}
        )
    return value


def _str(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise InstanceError(where, _("expected a string, got %(value)s") % {"value": _show(value)})
    if not value.strip():
        raise InstanceError(where, _("must not be empty"))
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise InstanceError(where, _("expected a list, got %(value)s") % {"value": _show(value)})
    return value


def _object(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise InstanceError(where, _("expected an object, got %(value)s") % {"value": _show(value)})
    return value


def _required(obj: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in obj:
        raise InstanceError(f"{where}.{key}" if where else key, _("missing"))
    return obj[key]


def _show(value: Any) -> str:
    """What a JSON value is, for an error message: `a string ('3')`, `a number (2.5)`."""
    if value is None:
        return "null"
    if isinstance(value, dict):
        return _("an object")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, bool):
        kind = _("a boolean")
    elif isinstance(value, int):
        kind = _("an integer")
    elif isinstance(value, float):
        kind = _("a number")
    elif isinstance(value, str):
        kind = _("a string")
    else:
        return type(value).__name__
    shown = repr(value)
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return f"{kind} ({shown})"


def _participant_id(value: Any, where: str, known: Mapping[str, Participant]) -> str:
    pid = _str(value, where)
    if pid not in known:
        raise InstanceError(where, _("unknown participant %(id)s") % {"id": _quote(pid)})
    return pid


def _quote(text: str) -> str:
    shown = repr(text)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def parse_instance(data: Any) -> Instance:
    """The JSON instance of `ponte schedule` (issue 5), validated field by field.

    Unknown keys are ignored. Every problem raises `InstanceError` naming the field:
    `slots`, `participants[2].available[0]`, `requests[3].b`, `fixed[0].slot`...
    """
    top = _object(data, "instance")
    slots = _int(_required(top, "slots", ""), "slots", 1, MAX_SLOTS)
    tables = _int(_required(top, "tables", ""), "tables", 1, MAX_TABLES)

    participants: dict[str, Participant] = {}
    for i, raw in enumerate(_list(_required(top, "participants", ""), "participants")):
        where = f"participants[{i}]"
        obj = _object(raw, where)
        pid = _str(_required(obj, "id", where), f"{where}.id")
        if pid in participants:
            raise InstanceError(
                f"{where}.id", _("duplicate participant %(id)s") % {"id": _quote(pid)}
            )
        available: frozenset[int] | None = None
        if obj.get("available") is not None:
            available = frozenset(
                _int(s, f"{where}.available[{j}]", 0, slots - 1, index=True)
                for j, s in enumerate(_list(obj["available"], f"{where}.available"))
            )
        participants[pid] = Participant(pid, available)

    requests = []
    for i, raw in enumerate(_list(_required(top, "requests", ""), "requests")):
        where = f"requests[{i}]"
        obj = _object(raw, where)
        a = _participant_id(_required(obj, "a", where), f"{where}.a", participants)
        b = _participant_id(_required(obj, "b", where), f"{where}.b", participants)
        if a == b:
            raise InstanceError(
                f"{where}.b",
                _("a participant cannot meet themself (%(id)s)") % {"id": _quote(a)},
            )
        priority = _int(obj.get("priority", 1), f"{where}.priority", 1, MAX_PRIORITY)
        rid = obj.get("id")
        if isinstance(rid, bool) or not isinstance(rid, str | int | None):
            raise InstanceError(
                f"{where}.id", _("expected a string, got %(value)s") % {"value": _show(rid)}
            )
        requests.append(MeetingRequest(a, b, priority, None if rid is None else str(rid)))

    fixed = []
    raw_fixed = top.get("fixed")
    for i, raw in enumerate([] if raw_fixed is None else _list(raw_fixed, "fixed")):
        where = f"fixed[{i}]"
        obj = _object(raw, where)
        a = _participant_id(_required(obj, "a", where), f"{where}.a", participants)
        b = _participant_id(_required(obj, "b", where), f"{where}.b", participants)
        if a == b:
            raise InstanceError(
                f"{where}.b",
                _("a participant cannot meet themself (%(id)s)") % {"id": _quote(a)},
            )
        # No upper limit: a published meeting may sit in a slot or at a table that no longer
        # exists after a late change; the scheduler then drops it.
        slot = _int(_required(obj, "slot", where), f"{where}.slot", 0)
        table = _int(_required(obj, "table", where), f"{where}.table", 0)
        fixed.append(Meeting(a, b, slot, table))

    return Instance(slots, tables, tuple(participants.values()), tuple(requests), tuple(fixed))


# --- the independent checker ---------------------------------------------------------------


def check(instance: Instance, meetings: Sequence[Meeting]) -> list[str]:
    """Every way `meetings` breaks the rules, as text; [] means the schedule is feasible.

    Written against the rules alone (shares nothing with the solvers): slots and tables in
    range, a request behind every meeting and no request met twice, both participants known,
    distinct and available, nobody twice in a slot, one meeting per table and slot.
    """
    problems: list[str] = []
    availability = {p.id: p.available for p in instance.participants}
    requested = {frozenset((r.a, r.b)) for r in instance.requests}
    seen_pairs: dict[frozenset[str], int] = {}
    seen_person: dict[tuple[str, int], int] = {}
    seen_table: dict[tuple[int, int], int] = {}
    per_slot: dict[int, int] = defaultdict(int)
    for i, m in enumerate(meetings):
        name = f"meeting {i} ({m.a}-{m.b}, slot {m.slot}, table {m.table})"
        if not 0 <= m.slot < instance.slots:
            problems.append(f"{name}: slot out of range 0..{instance.slots - 1}")
        if not 0 <= m.table < instance.tables:
            problems.append(f"{name}: table out of range 0..{instance.tables - 1}")
        if m.a == m.b:
            problems.append(f"{name}: a participant meets themself")
        pair = frozenset((m.a, m.b))
        if pair not in requested:
            problems.append(f"{name}: nobody requested this meeting")
        if pair in seen_pairs:
            problems.append(f"{name}: same request as meeting {seen_pairs[pair]}")
        seen_pairs.setdefault(pair, i)
        for person in dict.fromkeys((m.a, m.b)):
            if person not in availability:
                problems.append(f"{name}: unknown participant {person!r}")
            else:
                available = availability[person]
                if available is not None and m.slot not in available:
                    problems.append(f"{name}: {person} is not available in slot {m.slot}")
            key = (person, m.slot)
            if key in seen_person:
                problems.append(
                    f"{name}: {person} is already in meeting {seen_person[key]} in slot {m.slot}"
                )
            seen_person.setdefault(key, i)
        where = (m.slot, m.table)
        if where in seen_table:
            problems.append(f"{name}: table already taken by meeting {seen_table[where]}")
        seen_table.setdefault(where, i)
        per_slot[m.slot] += 1
    for slot, count in sorted(per_slot.items()):
        if count > instance.tables:
            problems.append(f"slot {slot}: {count} meetings for {instance.tables} tables")
    return problems


# --- the problem as the solvers see it -----------------------------------------------------


@dataclass
class _Problem:
    """Requests merged per unordered pair (highest priority), fixed meetings resolved."""

    instance: Instance
    a: list[str]
    b: list[str]
    weight: list[int]
    candidates: list[tuple[int, ...]]  # slots still open to each free pair, ascending
    request_pair: list[int | None]  # request index -> pair index (None: not schedulable)
    fixed_slot: dict[int, int]  # pair index -> slot, for the fixed meetings kept
    fixed_table: dict[int, int]  # pair index -> the table it had, when still valid
    capacity: list[int]  # tables left per slot once the fixed meetings are placed
    free: list[int]  # pairs to schedule (not fixed, at least one candidate slot)
    # The same slots as bits, for `_first_fit`'s big-int operations (a loop over every slot
    # of every pair took a minute on 300,000 requests x 1,000 slots): per participant, their
    # slots less those of their fixed meetings; and the slots with a table left. A free
    # pair's candidate slots are exactly slot_mask[a] & slot_mask[b] & open_mask.
    slot_mask: dict[str, int] = field(default_factory=dict)
    open_mask: int = 0

    @property
    def fixed_weight(self) -> int:
        return sum(self.weight[k] for k in self.fixed_slot)

    @property
    def scale(self) -> float:
        """Weights are divided by this before HiGHS sees them (1 for ordinary priorities):
        HiGHS treats costs of 1e20 and more as infinite and loses precision well before."""
        top = max((self.weight[k] for k in self.free), default=1)
        return max(1.0, float(top) / SOLVER_MAX_WEIGHT)

    @property
    def exact_in_floats(self) -> bool:
        """True when the solver's floating-point objective and dual bound are exact enough
        to round to the integer optimum (ordinary priorities, unscaled)."""
        return self.scale == 1.0 and sum(self.weight[k] for k in self.free) < 2**31

    def cheap_bound(self) -> int:
        """Fixed meetings plus the smaller of two combinatorial bounds on the free pairs: the
        best pairs that fit in the remaining tables, and half the sum over participants of
        their best pairs that fit in the slots open to them (each meeting has two sides)."""
        room = sum(self.capacity)
        by_tables = sum(sorted((self.weight[k] for k in self.free), reverse=True)[:room])
        pairs: dict[str, list[int]] = defaultdict(list)
        for k in self.free:
            pairs[self.a[k]].append(k)
            pairs[self.b[k]].append(k)
        total = 0
        for mine in pairs.values():
            # The union of the open slots matters only when it could be smaller than the
            # number of pairs (on instances with many slots, computing it is the slow part).
            room = len(mine)
            if max(len(self.candidates[k]) for k in mine) < room:
                room = len(set().union(*(self.candidates[k] for k in mine)))
            total += sum(sorted((self.weight[k] for k in mine), reverse=True)[:room])
        by_people = total // 2
        return self.fixed_weight + min(by_tables, by_people)


def _prepare(instance: Instance) -> _Problem:
    slots, tables = instance.slots, instance.tables
    all_slots = frozenset(range(max(slots, 0)))
    available: dict[str, frozenset[int]] = {}
    for p in instance.participants:
        available[p.id] = (
            all_slots
            if p.available is None or p.available >= all_slots
            else p.available & all_slots
        )

    a: list[str] = []
    b: list[str] = []
    weight: list[int] = []
    index: dict[frozenset[str], int] = {}
    request_pair: list[int | None] = []
    for r in instance.requests:
        if r.a == r.b or r.a not in available or r.b not in available:
            request_pair.append(None)
            continue
        key = frozenset((r.a, r.b))
        k = index.get(key)
        if k is None:
            k = index[key] = len(a)
            a.append(r.a)
            b.append(r.b)
            weight.append(max(r.priority, 1))
        else:
            weight[k] = max(weight[k], r.priority)
        request_pair.append(k)

    # Keep the fixed meetings that are still possible, most valuable first.
    capacity = [max(tables, 0)] * max(slots, 0)
    busy: set[tuple[str, int]] = set()
    fixed_slot: dict[int, int] = {}
    fixed_table: dict[int, int] = {}
    tables_taken: set[tuple[int, int]] = set()
    fixed_pairs = [index.get(frozenset((m.a, m.b))) for m in instance.fixed]
    fixed_weights = [0 if k is None else weight[k] for k in fixed_pairs]
    for i in sorted(range(len(instance.fixed)), key=lambda i: (-fixed_weights[i], i)):
        m, k = instance.fixed[i], fixed_pairs[i]
        if (
            k is None
            or k in fixed_slot
            or not 0 <= m.slot < slots
            or m.slot not in available[a[k]]
            or m.slot not in available[b[k]]
            or (a[k], m.slot) in busy
            or (b[k], m.slot) in busy
            or capacity[m.slot] <= 0
        ):
            continue
        fixed_slot[k] = m.slot
        capacity[m.slot] -= 1
        busy.update(((a[k], m.slot), (b[k], m.slot)))
        if 0 <= m.table < tables and (m.slot, m.table) not in tables_taken:
            fixed_table[k] = m.table
            tables_taken.add((m.slot, m.table))

    # The slots open to each pair, by set operations (a loop over every slot of every pair
    # took a second on a thousand slots, beyond short time limits). A participant's own
    # sorted slots are shared by all their pairs with someone available everywhere.
    candidates: list[tuple[int, ...]] = []
    free: list[int] = []
    every_slot = tuple(range(max(slots, 0)))  # shared by the pairs open everywhere (no copy)
    full = frozenset(s for s, left in enumerate(capacity) if left <= 0)
    busy_in: dict[str, set[int]] = defaultdict(set)
    for person, s in busy:
        busy_in[person].add(s)
    own_slots: dict[str, tuple[int, ...]] = {}
    for k in range(len(a)):
        if k in fixed_slot:
            candidates.append(())
            continue
        pa, pb = available[a[k]], available[b[k]]
        blocked = full | busy_in.get(a[k], frozenset()) | busy_in.get(b[k], frozenset())
        common: tuple[int, ...]
        if blocked:
            common = tuple(sorted((pa & pb) - blocked))
        elif pa is all_slots and pb is all_slots:
            common = every_slot
        elif pa is all_slots or pb is all_slots:
            only = b[k] if pa is all_slots else a[k]
            if only not in own_slots:
                own_slots[only] = tuple(sorted(available[only]))
            common = own_slots[only]
        else:
            common = tuple(sorted(pa & pb))
        candidates.append(common)
        if common:
            free.append(k)
    every_mask = (1 << max(slots, 0)) - 1
    slot_mask = {
        person: (every_mask if slots_open is all_slots else _bits(slots_open))
        & ~_bits(busy_in.get(person, ()))
        for person, slots_open in available.items()
    }
    return _Problem(
        instance,
        a,
        b,
        weight,
        candidates,
        request_pair,
        fixed_slot,
        fixed_table,
        capacity,
        free,
        slot_mask,
        _bits(s for s, left in enumerate(capacity) if left > 0),
    )


def _bits(slots: Iterable[int]) -> int:
    mask = 0
    for s in slots:
        mask |= 1 << s
    return mask


def _finish(
    problem: _Problem,
    chosen: Mapping[int, int],
    bound: int,
    method: str,
    started: float,
    stats: dict[str, Any] | None = None,
) -> Solution:
    """Number the tables (a fixed meeting keeps its table) and package the solution."""
    slots = dict(problem.fixed_slot)
    slots.update(chosen)
    by_slot: dict[int, list[int]] = defaultdict(list)
    for k, s in slots.items():
        by_slot[s].append(k)
    meetings = []
    for s, pairs in by_slot.items():
        taken = {problem.fixed_table[k] for k in pairs if k in problem.fixed_table}
        spare = (t for t in range(problem.instance.tables) if t not in taken)
        rest = sorted((k for k in pairs if k not in problem.fixed_table), key=lambda k: k)
        for k in pairs:
            if k in problem.fixed_table:
                meetings.append(Meeting(problem.a[k], problem.b[k], s, problem.fixed_table[k]))
        for k in rest:
            meetings.append(Meeting(problem.a[k], problem.b[k], s, next(spare)))
    meetings.sort(key=lambda m: (m.slot, m.table, m.a, m.b))
    objective = sum(problem.weight[k] for k in slots)
    bound = max(bound, objective)
    return Solution(
        status="optimal" if bound == objective else "feasible",
        meetings=meetings,
        objective=objective,
        bound=bound,
        method=method,
        seconds=time.perf_counter() - started,
        kept_fixed=len(problem.fixed_slot),
        stats=stats or {},
    )


class _Board:
    """Who is busy when and how many tables are used: the state the heuristics share."""

    def __init__(self, problem: _Problem) -> None:
        self.p = problem
        self.used = [0] * len(problem.capacity)
        self.at: dict[tuple[str, int], int] = {}  # (participant, slot) -> pair (free pairs only)
        self.slot_of: dict[int, int] = {}
        self.members: list[set[int]] = [set() for _ in problem.capacity]
        # The same as bits: each participant's busy slots, and the slots with no table left.
        self.busy: dict[str, int] = defaultdict(int)
        self.full = 0

    def fits(self, k: int, s: int) -> bool:
        p = self.p
        return (
            self.used[s] < p.capacity[s]
            and (p.a[k], s) not in self.at
            and (p.b[k], s) not in self.at
        )

    def place(self, k: int, s: int) -> None:
        p = self.p
        self.used[s] += 1
        self.at[p.a[k], s] = k
        self.at[p.b[k], s] = k
        self.slot_of[k] = s
        self.members[s].add(k)
        bit = 1 << s
        self.busy[p.a[k]] |= bit
        self.busy[p.b[k]] |= bit
        if self.used[s] >= p.capacity[s]:
            self.full |= bit

    def remove(self, k: int) -> int:
        p = self.p
        s = self.slot_of.pop(k)
        self.used[s] -= 1
        del self.at[p.a[k], s]
        del self.at[p.b[k], s]
        self.members[s].discard(k)
        bit = ~(1 << s)
        self.busy[p.a[k]] &= bit
        self.busy[p.b[k]] &= bit
        self.full &= bit
        return s

    def relocate(self, m: int, avoid: int) -> bool:
        """Move meeting m to another slot that has room for it; True if moved."""
        for s2 in self.p.candidates[m]:
            if s2 != avoid and self.fits(m, s2):
                self.remove(m)
                self.place(m, s2)
                return True
        return False


def first_come_first_served(instance: Instance) -> Solution:
    """The baseline: requests in the order given, each in the earliest slot with room."""
    started = time.perf_counter()
    problem = _prepare(instance)
    board = _Board(problem)
    free = set(problem.free)
    _first_fit(problem, board, [k for k in problem.request_pair if k in free])
    return _finish(problem, board.slot_of, problem.cheap_bound(), "fcfs", started)


def _greedy_order(problem: _Problem) -> list[int]:
    """Priority first, then the scarcest pairs: fewest common slots, busiest participants."""
    demand: dict[str, int] = defaultdict(int)
    for k in problem.free:
        demand[problem.a[k]] += 1
        demand[problem.b[k]] += 1
    return sorted(
        problem.free,
        key=lambda k: (
            -problem.weight[k],
            len(problem.candidates[k]),
            -(demand[problem.a[k]] + demand[problem.b[k]]),
            k,
        ),
    )


def _fill(
    problem: _Problem, board: _Board, order: list[int], deadline: float | None = None
) -> None:
    """Place the pairs of `order` not yet on the board, each in the open slot that its
    participants' pairs still to come need least (and the emptier slot on a tie).

    Scoring every open slot of every pair is linear in pairs x slots, seconds on instances
    with hundreds of slots: past `deadline` the remaining pairs take their first open slot,
    so a time limit holds on any instance."""
    pending = [k for k in order if k not in board.slot_of]
    pressure: dict[tuple[str, int], int] = defaultdict(int)
    for i, k in enumerate(pending):
        if deadline is not None and i % 256 == 0 and time.perf_counter() > deadline:
            _first_fit(problem, board, pending)
            return
        for s in problem.candidates[k]:
            pressure[problem.a[k], s] += 1
            pressure[problem.b[k], s] += 1
    for i, k in enumerate(pending):
        if deadline is not None and i % 256 == 0 and time.perf_counter() > deadline:
            _first_fit(problem, board, pending[i:])
            return
        a, b = problem.a[k], problem.b[k]
        best: tuple[float, int] | None = None
        for s in problem.candidates[k]:
            pressure[a, s] -= 1
            pressure[b, s] -= 1
            if board.fits(k, s):
                score = pressure[a, s] + pressure[b, s] + board.used[s] / problem.capacity[s]
                if best is None or score < best[0]:
                    best = (score, s)
        if best is not None:
            board.place(k, best[1])


def _first_fit(problem: _Problem, board: _Board, pairs: list[int]) -> None:
    """Each pair of `pairs` not yet on the board in its first open slot with room: the lowest
    bit of its candidate slots less the full ones and its two participants' busy ones (a few
    big-int operations a pair, whatever the number of slots)."""
    masks, open_mask, busy = problem.slot_mask, problem.open_mask, board.busy
    for k in pairs:
        if k in board.slot_of:
            continue
        a, b = problem.a[k], problem.b[k]
        room = masks[a] & masks[b] & open_mask & ~(board.full | busy[a] | busy[b])
        if room:
            board.place(k, (room & -room).bit_length() - 1)


def _greedy_board(
    problem: _Problem, order: list[int], fill_deadline: float, repair_deadline: float
) -> _Board:
    """The greedy schedule: `_fill` in `order` (slot scoring until `fill_deadline`), then
    `_repair` until `repair_deadline`."""
    board = _Board(problem)
    _fill(problem, board, order, fill_deadline)
    _repair(problem, board, order, repair_deadline)
    return board


def _repair(problem: _Problem, board: _Board, order: list[int], deadline: float) -> None:
    for _ in range(3):
        improved = False
        for k in order:
            if k in board.slot_of:
                continue
            if time.perf_counter() > deadline:
                return
            if _insert(problem, board, k):
                improved = True
        if not improved:
            return


def _insert(problem: _Problem, board: _Board, k: int) -> bool:
    """Schedule k in one of its slots, moving one meeting elsewhere or, failing that,
    displacing one of lower priority. True if k got scheduled."""
    a, b = problem.a[k], problem.b[k]
    displace: tuple[int, int, int] | None = None  # (weight lost, slot, victim)
    for s in problem.candidates[k]:
        if board.fits(k, s):
            board.place(k, s)
            return True
        blockers = {m for m in (board.at.get((a, s)), board.at.get((b, s))) if m is not None}
        if len(blockers) == 1:
            movable = list(blockers)
        elif not blockers:  # the slot is full: try moving one of its cheapest meetings
            movable = sorted(board.members[s], key=lambda m: (problem.weight[m], m))[:8]
        else:
            continue
        for m in movable:
            if board.relocate(m, avoid=s):
                board.place(k, s)
                return True
            if problem.weight[m] < problem.weight[k] and (
                displace is None or problem.weight[m] < displace[0]
            ):
                displace = (problem.weight[m], s, m)
    if displace is not None:
        _, s, m = displace
        board.remove(m)
        if board.fits(k, s):
            board.place(k, s)
            return True
        board.place(m, s)
    return False


def greedy(instance: Instance, time_limit: float = 5.0) -> Solution:
    """Fast heuristic (milliseconds to a second): the fallback and the solver's yardstick.
    Its slot scoring stops at half of `time_limit` (the rest take their first open slot) and
    its repair pass at the limit."""
    started = time.perf_counter()
    problem = _prepare(instance)
    board = _greedy_board(
        problem, _greedy_order(problem), started + time_limit / 2, started + time_limit
    )
    return _finish(problem, board.slot_of, problem.cheap_bound(), "greedy", started)


def solve(instance: Instance, time_limit: float = 10.0) -> Solution:
    """The best schedule found within `time_limit` seconds, with a proven upper bound;
    "optimal" only when the schedule reaches the bound.

    Stages, each stopping when the schedule reaches the bound or time runs out: greedy; the
    LP relaxation by HiGHS's dual simplex (its optimum, rounded down, is the bound; on
    brokerage-shaped instances its vertex is integral or nearly); rounding the LP solution
    and repairing it; a MILP on the variables where LP and schedule disagree (RINS); and the
    full MILP, whose dual bound can close the last unit of gap, when the LP took little time
    and the model is moderate (at most FULL_MILP_MAX variables).
    """
    started = time.perf_counter()
    deadline = started + max(time_limit, 0.0)
    problem = _prepare(instance)
    order = _greedy_order(problem)
    board = _greedy_board(
        problem,
        order,
        started + time_limit / 2,
        min(deadline, started + max(0.02, time_limit / 20)),
    )
    best = dict(board.slot_of)
    method = "greedy"
    bound = problem.cheap_bound()
    stats: dict[str, Any] = {
        "pairs": len(problem.free),
        "greedy_objective": _value(problem, best),
        "greedy_seconds": round(time.perf_counter() - started, 3),
    }

    def done() -> bool:
        return _value(problem, best) >= bound or time.perf_counter() >= deadline - 0.01

    def offer(chosen: Mapping[int, int] | None, name: str) -> None:
        nonlocal best, method
        if (
            chosen is not None
            and _value(problem, chosen) > _value(problem, best)
            and _consistent(problem, chosen)
        ):
            best, method = dict(chosen), name

    if done():
        return _finish(problem, best, bound, method, started, stats)

    # Priorities floats cannot tell apart (1 beside 10^15): HiGHS stops within its tolerance
    # of the optimum, not at it. A small problem is then searched exactly, in integers.
    if not problem.exact_in_floats and len(problem.free) <= EXACT_SEARCH_MAX_PAIRS:
        found, complete = _exact_search(problem, best, deadline)
        offer(found, "exact")
        if complete:
            bound = min(bound, _value(problem, best))
            stats["exact_search"] = "complete"
            return _finish(problem, best, bound, method, started, stats)
        stats["exact_search"] = "stopped"

    # Building the model in Python costs microseconds per variable: on a model that could not
    # be built and solved in the time left, the greedy schedule stands.
    size = sum(len(problem.candidates[k]) for k in problem.free)
    stats["variables"] = size
    if size * MODEL_SECONDS_PER_VARIABLE > (deadline - time.perf_counter()) / 2:
        stats["lp_skipped"] = True
        return _finish(problem, best, bound, method, started, stats)
    variables = [(k, s) for k in problem.free for s in problem.candidates[k]]
    cost, matrix, upper = _model(problem, variables)
    stats.update(variables=len(variables), constraints=len(upper))
    lp_started = time.perf_counter()
    lp = linprog(
        cost,
        A_ub=matrix if len(upper) else None,
        b_ub=upper if len(upper) else None,
        bounds=(0, 1),
        method="highs-ds",
        options={"time_limit": max(deadline - lp_started, 0.01), "presolve": True},
    )
    lp_seconds = time.perf_counter() - lp_started
    stats.update(lp_status=int(lp.status), lp_seconds=round(lp_seconds, 3))
    if lp.status != 0 or lp.x is None:
        return _finish(problem, best, bound, method, started, stats)
    lp_bound = _dual_bound(problem, variables, matrix, upper, lp.ineqlin.marginals)
    if lp_bound is not None:
        bound = min(bound, problem.fixed_weight + lp_bound)
    x = np.clip(lp.x, 0.0, 1.0)
    stats["lp_bound"] = round(problem.fixed_weight - float(lp.fun) * problem.scale, 3)
    stats["lp_fractional"] = int(((x > 1e-6) & (x < 1 - 1e-6)).sum())

    # Round: the LP's choices by decreasing value, then greedy for the rest, then repair.
    rounded = _Board(problem)
    for j in sorted(np.flatnonzero(x > 1e-6), key=lambda j: (-x[j], j)):
        k, s = variables[j]
        if k not in rounded.slot_of and rounded.fits(k, s):
            rounded.place(k, s)
    _fill(problem, rounded, order, deadline)
    _repair(problem, rounded, order, min(deadline, time.perf_counter() + time_limit / 20))
    offer(rounded.slot_of, "lp")
    stats["lp_rounded_objective"] = _value(problem, rounded.slot_of)
    if done():
        return _finish(problem, best, bound, method, started, stats)

    # RINS: keep what the LP and the schedule agree on, search the rest exactly.
    agreed = {k: s for j, (k, s) in enumerate(variables) if x[j] > 1 - 1e-6 and best.get(k) == s}
    rest = _restrict(problem, agreed)
    open_vars = [
        (k, s)
        for j, (k, s) in enumerate(variables)
        if (x[j] > 1e-6 or best.get(k) == s) and s in rest.candidates[k]
    ]
    sub = _milp(rest, open_vars, deadline - time.perf_counter())
    stats["rins"] = sub.stats
    if sub.chosen is not None:
        offer({**agreed, **sub.chosen}, "lp+rins")
    # HiGHS's presolve and symmetry detection cannot be interrupted: on a large model they
    # overrun the time limit by seconds, so the full MILP runs on moderate models only.
    if done() or deadline - time.perf_counter() < 3 * lp_seconds or len(variables) > FULL_MILP_MAX:
        return _finish(problem, best, bound, method, started, stats)

    full = _milp(problem, variables, deadline - time.perf_counter())
    stats["milp"] = full.stats
    if full.bound is not None and problem.exact_in_floats:
        bound = min(bound, problem.fixed_weight + full.bound)
    offer(full.chosen, "milp")
    return _finish(problem, best, bound, method, started, stats)


def _exact_search(
    problem: _Problem, start: Mapping[int, int], deadline: float
) -> tuple[dict[int, int], bool]:
    """The best schedule of the free pairs by depth-first branch and bound in exact integer
    arithmetic, starting from `start`: (schedule, True) when the search finished (the
    schedule is optimal), (best found, False) when it ran out of nodes or time."""
    pairs = sorted(problem.free, key=lambda k: (-problem.weight[k], len(problem.candidates[k])))
    rest = [0] * (len(pairs) + 1)  # the weight of the pairs from i on: the bound on the rest
    for i in range(len(pairs) - 1, -1, -1):
        rest[i] = rest[i + 1] + problem.weight[pairs[i]]
    board = _Board(problem)
    best = dict(start)
    best_value = sum(problem.weight[k] for k in best)
    nodes = 0

    def search(i: int, value: int) -> bool:
        nonlocal best, best_value, nodes
        nodes += 1
        if nodes > EXACT_SEARCH_MAX_NODES or (nodes % 1024 == 0 and time.perf_counter() > deadline):
            return False
        if value > best_value:
            best, best_value = dict(board.slot_of), value
        if i == len(pairs) or value + rest[i] <= best_value:
            return True
        k = pairs[i]
        for s in problem.candidates[k]:
            if board.fits(k, s):
                board.place(k, s)
                finished = search(i + 1, value + problem.weight[k])
                board.remove(k)
                if not finished:
                    return False
        return search(i + 1, value)

    complete = search(0, 0)
    return best, complete


def _dual_bound(
    problem: _Problem,
    variables: list[tuple[int, int]],
    matrix: Any,
    upper: np.ndarray,
    marginals: Any,
) -> int | None:
    """An upper bound on the free pairs' objective from the LP's duals, valid whatever the
    solver's tolerances (weak duality): for any y >= 0, max{w.x : Ax <= b, 0 <= x <= 1} is at
    most b.y + sum_j max(0, w_j - (A^T y)_j). Evaluated in floating point with a margin far
    above its rounding error, then rounded down (the objective is an integer)."""
    if marginals is None or len(marginals) != len(upper):
        return None
    y = np.maximum(-np.asarray(marginals, dtype=float), 0.0) * problem.scale
    weights = np.array([problem.weight[k] for k, _ in variables], dtype=float)
    priced = matrix.T @ y if len(upper) else np.zeros(len(variables))
    value = float(upper @ y) + float(np.maximum(weights - priced, 0.0).sum())
    magnitude = float(upper @ y) + float(weights.sum()) + float(priced.sum())
    if not math.isfinite(value + magnitude):
        return None
    return math.floor(value + 1e-11 * magnitude + 1e-6)


def _value(problem: _Problem, chosen: Mapping[int, int]) -> int:
    return problem.fixed_weight + sum(problem.weight[k] for k in chosen)


def _restrict(problem: _Problem, placed: Mapping[int, int]) -> _Problem:
    """The problem left once the pairs of `placed` sit in their slots (as if fixed)."""
    capacity = list(problem.capacity)
    busy: set[tuple[str, int]] = set()
    for k, s in placed.items():
        capacity[s] -= 1
        busy.update(((problem.a[k], s), (problem.b[k], s)))
    candidates = [
        ()
        if k in placed
        else tuple(
            s
            for s in slots
            if capacity[s] > 0 and (problem.a[k], s) not in busy and (problem.b[k], s) not in busy
        )
        for k, slots in enumerate(problem.candidates)
    ]
    slot_mask = dict(problem.slot_mask)
    for k, s in placed.items():
        for person in (problem.a[k], problem.b[k]):
            slot_mask[person] &= ~(1 << s)
    return replace(
        problem,
        candidates=candidates,
        capacity=capacity,
        free=[k for k in problem.free if candidates[k]],
        fixed_slot={**problem.fixed_slot, **placed},
        slot_mask=slot_mask,
        open_mask=_bits(s for s, left in enumerate(capacity) if left > 0),
    )


@dataclass
class _MilpResult:
    chosen: dict[int, int] | None
    bound: int | None  # proven upper bound on the free pairs' objective
    stats: dict[str, Any]


def _model(
    problem: _Problem, variables: list[tuple[int, int]]
) -> tuple[np.ndarray, Any, np.ndarray]:
    """(cost to minimise, constraint matrix, row upper bounds) of the assignment model."""
    n = len(variables)
    rows: list[int] = []
    cols: list[int] = []
    upper: list[float] = []

    def group(keyed: Mapping[Any, list[int]], limit: Any) -> None:
        for key, members in keyed.items():
            cap = limit(key)
            if len(members) > cap:
                row = len(upper)
                upper.append(cap)
                rows.extend([row] * len(members))
                cols.extend(members)

    by_pair: dict[int, list[int]] = defaultdict(list)
    by_person: dict[tuple[str, int], list[int]] = defaultdict(list)
    by_slot: dict[int, list[int]] = defaultdict(list)
    people: dict[int, set[str]] = defaultdict(set)
    for j, (k, s) in enumerate(variables):
        by_pair[k].append(j)
        by_person[problem.a[k], s].append(j)
        by_person[problem.b[k], s].append(j)
        by_slot[s].append(j)
        people[s].update((problem.a[k], problem.b[k]))
    group(by_pair, lambda _: 1)
    group(by_person, lambda _: 1)
    # A slot's tables bind only if more meetings than tables could take place in it at all.
    group(
        by_slot, lambda s: problem.capacity[s] if problem.capacity[s] < len(people[s]) // 2 else n
    )

    cost = -np.array([problem.weight[k] for k, _ in variables], dtype=float) / problem.scale
    matrix = coo_array(
        (np.ones(len(rows)), (np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64))),
        shape=(len(upper), n),
    ).tocsr()
    return cost, matrix, np.array(upper, dtype=float)


def _milp(problem: _Problem, variables: list[tuple[int, int]], time_limit: float) -> _MilpResult:
    """HiGHS branch and bound on `variables` (a subset of the problem's, or all of them)."""
    n = len(variables)
    if n == 0:
        return _MilpResult({}, 0, {"variables": 0})
    cost, matrix, upper = _model(problem, variables)
    constraints = []
    if len(upper):
        constraints.append(LinearConstraint(matrix, -np.inf, upper))
    res = milp(
        cost,
        integrality=np.ones(n),
        bounds=Bounds(0, 1),
        constraints=constraints,
        options={
            "time_limit": max(time_limit, 0.01),
            "mip_rel_gap": 1e-7,
            "presolve": True,
            "disp": DISP,
        },
    )
    stats: dict[str, Any] = {
        "variables": n,
        "constraints": len(upper),
        "status": int(res.status),
        "message": str(res.message),
    }
    bound = None
    dual = getattr(res, "mip_dual_bound", None)
    if dual is not None and math.isfinite(dual):
        bound = math.floor(-dual + 1e-6)
    chosen = None
    if res.x is not None:
        chosen = {variables[j][0]: variables[j][1] for j in np.flatnonzero(res.x > 0.5)}
        if res.status == 0 and bound is None:
            bound = sum(problem.weight[k] for k in chosen)
    return _MilpResult(chosen, bound, stats)


def _consistent(problem: _Problem, chosen: Mapping[int, int]) -> bool:
    """Guards against a solver answer off by a tolerance: every rule, on the pair level."""
    used = list(problem.capacity)
    seen: set[tuple[str, int]] = set()
    for k, s in chosen.items():
        if s not in problem.candidates[k]:
            return False
        used[s] -= 1
        for person in (problem.a[k], problem.b[k]):
            if (person, s) in seen:
                return False
            seen.add((person, s))
    return min(used, default=0) >= 0
