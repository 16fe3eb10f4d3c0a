"""The time limit of `solve` holds on instances the benchmark does not generate: many slots,
participants open in all of them (the pairs-times-slots work that once ran for minutes)."""

from __future__ import annotations

import random
import time

import pytest
from hypothesis import given, settings

from ponte.events.scheduler import (
    MAX_SLOTS,
    Instance,
    InstanceError,
    Meeting,
    MeetingRequest,
    Participant,
    _Board,
    _first_fit,
    _prepare,
    check,
    parse_instance,
    solve,
)
from tests.events.test_scheduler import brute_force, instances


def wide_instance(people: int, slots: int, requests: int, tables: int, seed: int = 0) -> Instance:
    """Everyone available in every one of many slots, random requests of priority 1 to 3."""
    rng = random.Random(seed)
    ids = [f"p{i}" for i in range(people)]
    pairs = [rng.sample(ids, 2) for _ in range(requests)]
    return Instance(
        slots,
        tables,
        tuple(Participant(pid) for pid in ids),
        tuple(MeetingRequest(a, b, rng.randint(1, 3)) for a, b in pairs),
    )


@pytest.mark.parametrize(
    ("slots", "available"),
    [(1_000, None), (400, 300)],
    ids=["open-everywhere", "large-availability"],
)
def test_solve_keeps_its_time_limit_on_an_instance_with_many_slots(
    slots: int, available: int | None
) -> None:
    inst = wide_instance(800, slots, 3_000, tables=200)
    if available is not None:
        rng = random.Random(1)
        inst = Instance(
            inst.slots,
            inst.tables,
            tuple(
                Participant(p.id, frozenset(rng.sample(range(slots), available)))
                for p in inst.participants
            ),
            inst.requests,
        )
    started = time.perf_counter()
    solution = solve(inst, time_limit=0.5)
    elapsed = time.perf_counter() - started
    # Generous for a busy machine; before the fix this took 4 to 10 seconds.
    assert elapsed < 2.0, elapsed
    assert check(inst, solution.meetings) == []
    assert solution.objective <= solution.bound
    assert solution.meetings


def random_parts(
    rng: random.Random, slots: int, tables: int, people: int, requests: int, fixed: int
) -> tuple[tuple[Participant, ...], tuple[MeetingRequest, ...], tuple[Meeting, ...]]:
    """Participants available everywhere (implicitly or listed) or in a few slots, random
    requests of priority 1 to 3, and up to `fixed` of them published at random places."""
    ids = [f"p{i}" for i in range(people)]
    participants = tuple(
        Participant(
            pid,
            rng.choice(
                [
                    None,
                    frozenset(range(slots)),
                    frozenset(rng.sample(range(slots), rng.randint(0, slots))),
                ]
            ),
        )
        for pid in ids
    )
    asked = tuple(MeetingRequest(*rng.sample(ids, 2), rng.randint(1, 3)) for _ in range(requests))
    published = tuple(
        Meeting(r.a, r.b, rng.randrange(slots), rng.randrange(tables))
        for r in rng.sample(asked, rng.randint(0, fixed))
    )
    return participants, asked, published


@pytest.mark.parametrize("seed", range(12))
def test_the_slots_open_to_each_pair_are_those_both_can_attend_and_a_table_is_free(
    seed: int,
) -> None:
    """`_prepare` finds each pair's open slots by set operations (a loop over every slot of
    every pair took a second at a thousand slots): checked against that plain loop, with
    participants available everywhere, nearly everywhere and in a few slots, and published
    meetings filling slots and keeping people busy."""
    rng = random.Random(seed)
    slots, tables = rng.randint(1, 12), rng.randint(1, 3)
    participants, requests, fixed = random_parts(rng, slots, tables, 10, 25, 8)
    problem = _prepare(Instance(slots, tables, participants, requests, fixed))

    available = {
        p.id: set(range(slots)) if p.available is None else set(p.available) for p in participants
    }
    in_use = [0] * slots
    busy = set()
    for k, s in problem.fixed_slot.items():
        in_use[s] += 1
        busy |= {(problem.a[k], s), (problem.b[k], s)}
    for k, open_slots in enumerate(problem.candidates):
        if k in problem.fixed_slot:
            assert open_slots == ()
            continue
        pa, pb = problem.a[k], problem.b[k]
        expected = tuple(
            s
            for s in sorted(available[pa] & available[pb])
            if in_use[s] < tables and (pa, s) not in busy and (pb, s) not in busy
        )
        assert open_slots == expected
        # ... and as the bits `_first_fit` reads them.
        mask = problem.slot_mask[pa] & problem.slot_mask[pb] & problem.open_mask
        assert mask == sum(1 << s for s in expected)


@pytest.mark.parametrize("seed", range(12))
def test_first_fit_by_bits_places_each_pair_where_a_slot_by_slot_scan_would(seed: int) -> None:
    """`_first_fit` finds a pair's first open slot with big-int operations (scanning every
    slot took a minute on 300,000 requests x 1,000 slots): the same schedule as the scan,
    with fixed meetings, partial availability and full slots, and after removals."""
    rng = random.Random(seed)
    slots, tables = rng.randint(1, 70), rng.randint(1, 3)
    participants, requests, fixed = random_parts(rng, slots, tables, 12, 60, 6)
    problem = _prepare(Instance(slots, tables, participants, requests, fixed))
    order = [k for k in problem.request_pair if k in set(problem.free)]

    def scan(board: _Board, pairs: list[int]) -> None:
        for k in pairs:
            if k not in board.slot_of:
                for s in problem.candidates[k]:
                    if board.fits(k, s):
                        board.place(k, s)
                        break

    by_bits, by_scan = _Board(problem), _Board(problem)
    _first_fit(problem, by_bits, order)
    scan(by_scan, order)
    assert by_bits.slot_of == by_scan.slot_of
    gone = rng.sample(sorted(by_bits.slot_of), len(by_bits.slot_of) // 3)
    for board in (by_bits, by_scan):
        for k in gone:
            board.remove(k)
    rest = list(reversed(order))
    _first_fit(problem, by_bits, rest)
    scan(by_scan, rest)
    assert by_bits.slot_of == by_scan.slot_of


def test_more_slots_than_the_maximum_is_refused_naming_the_field() -> None:
    data = {"slots": MAX_SLOTS + 1, "tables": 1, "participants": [], "requests": []}
    with pytest.raises(InstanceError) as error:
        parse_instance(data)
    assert error.value.field == "slots"
    assert parse_instance({**data, "slots": MAX_SLOTS}).slots == MAX_SLOTS


@settings(max_examples=60, deadline=None)
@given(
    instances(max_people=6, max_slots=3).map(
        lambda i: Instance(i.slots, i.tables, i.participants, i.requests[:7])
    )
)
def test_a_time_limit_already_spent_still_gives_a_checked_schedule_and_a_true_bound(
    inst: Instance,
) -> None:
    """With no time at all, the greedy pass falls back to first fit: still feasible, and the
    bound still at least the optimum."""
    solution = solve(inst, time_limit=1e-9)
    assert check(inst, solution.meetings) == []
    assert solution.objective <= brute_force(inst) <= solution.bound
