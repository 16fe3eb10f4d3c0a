"""Pure helpers around the scheduler's output: why a request was left out, what moved
since the published schedule. No Django, so they are tested on plain data."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ponte.events.scheduler import Instance, Meeting

#: Why an accepted request has no meeting.
NO_COMMON_SLOT = "no_common_slot"
SLOTS_TAKEN = "slots_taken"


def pair(a: str, b: str) -> frozenset[str]:
    return frozenset((a, b))


def explain_unscheduled(instance: Instance, meetings: Sequence[Meeting]) -> dict[str, str]:
    """For every request without a meeting, by request id (or "a|b"), the reason:
    `NO_COMMON_SLOT` when the two sides share no slot they can both attend, `SLOTS_TAKEN`
    when every shared slot is taken by one side's other meetings or has no table left (the
    scheduler preferred meetings of higher priority or scarcer participants there)."""
    every = frozenset(range(instance.slots))
    available = {
        p.id: (p.available if p.available is not None else every) for p in instance.participants
    }
    scheduled = {pair(m.a, m.b) for m in meetings}
    busy: dict[str, set[int]] = defaultdict(set)
    per_slot: dict[int, int] = defaultdict(int)
    for m in meetings:
        busy[m.a].add(m.slot)
        busy[m.b].add(m.slot)
        per_slot[m.slot] += 1
    reasons: dict[str, str] = {}
    for request in instance.requests:
        if pair(request.a, request.b) in scheduled:
            continue
        key = request.id or f"{request.a}|{request.b}"
        common = available.get(request.a, every) & available.get(request.b, every)
        reasons[key] = NO_COMMON_SLOT if not common else SLOTS_TAKEN
    return reasons


@dataclass(frozen=True)
class Move:
    """A request whose place changed between the published schedule and a new run;
    a None side means the meeting is new (before) or dropped (after)."""

    request: str
    before: tuple[int, int] | None
    after: tuple[int, int] | None

    @property
    def kind(self) -> str:
        if self.before is None:
            return "added"
        if self.after is None:
            return "dropped"
        return "moved" if self.before[0] != self.after[0] else "table_changed"


def moves(
    published: Mapping[str, tuple[int, int]], proposed: Mapping[str, tuple[int, int]]
) -> list[Move]:
    """Every difference between two schedules given as request id → (slot, table)."""
    changes = [
        Move(rid, published.get(rid), proposed.get(rid))
        for rid in set(published) | set(proposed)
        if published.get(rid) != proposed.get(rid)
    ]
    order = {"dropped": 0, "moved": 1, "table_changed": 2, "added": 3}
    return sorted(
        changes,
        key=lambda m: (order[m.kind], int(m.request) if m.request.isdigit() else 0, m.request),
    )
