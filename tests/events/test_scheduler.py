"""The B2B scheduler (ponte.events.scheduler) without the database: the independent checker,
property-based feasibility and optimality on random small instances, parsing, the command."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ponte.events.scheduler import (
    Instance,
    InstanceError,
    Meeting,
    MeetingRequest,
    Participant,
    Solution,
    check,
    first_come_first_served,
    greedy,
    parse_instance,
    solve,
)

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SOLVERS: dict[str, Callable[[Instance], Solution]] = {
    "solve": lambda i: solve(i, time_limit=5),
    "greedy": greedy,
    "fcfs": first_come_first_served,
}


def instance(
    slots: int = 3,
    tables: int = 2,
    available: dict[str, list[int] | None] | None = None,
    requests: list[tuple[str, str, int]] = (),  # type: ignore[assignment]
    fixed: list[Meeting] = (),  # type: ignore[assignment]
) -> Instance:
    available = available or {"p1": None, "p2": None, "p3": None, "p4": None}
    return Instance(
        slots,
        tables,
        tuple(Participant(p, None if s is None else frozenset(s)) for p, s in available.items()),
        tuple(MeetingRequest(a, b, w) for a, b, w in requests),
        tuple(fixed),
    )


# --- the checker catches every kind of violation --------------------------------------------

BASE = instance(
    slots=3,
    tables=2,
    available={"p1": None, "p2": [0, 1], "p3": None, "p4": None},
    requests=[("p1", "p2", 1), ("p3", "p4", 2), ("p1", "p3", 1), ("p2", "p4", 1)],
)


def test_checker_accepts_a_feasible_schedule() -> None:
    good = [Meeting("p1", "p2", 0, 0), Meeting("p3", "p4", 0, 1), Meeting("p2", "p1", 2, 0)][:2]
    assert check(BASE, good) == []
    assert check(BASE, [Meeting("p2", "p1", 1, 1)]) == []  # either orientation of a request


@pytest.mark.parametrize(
    ("meetings", "expected"),
    [
        ([Meeting("p1", "p2", 3, 0)], "slot out of range"),
        ([Meeting("p1", "p2", -1, 0)], "slot out of range"),
        ([Meeting("p1", "p2", 0, 2)], "table out of range"),
        ([Meeting("p1", "p4", 0, 0)], "nobody requested"),
        ([Meeting("p1", "p1", 0, 0)], "meets themself"),
        ([Meeting("p1", "p9", 0, 0)], "unknown participant 'p9'"),
        ([Meeting("p1", "p2", 2, 0)], "p2 is not available in slot 2"),
        ([Meeting("p1", "p2", 0, 0), Meeting("p1", "p3", 0, 1)], "p1 is already in meeting 0"),
        ([Meeting("p1", "p2", 0, 0), Meeting("p3", "p4", 0, 0)], "table already taken"),
        ([Meeting("p1", "p2", 0, 0), Meeting("p1", "p2", 1, 1)], "same request as meeting 0"),
    ],
)
def test_checker_reports_each_kind_of_violation(meetings: list[Meeting], expected: str) -> None:
    problems = check(BASE, meetings)
    assert any(expected in p for p in problems), problems


def test_checker_reports_an_overfull_slot() -> None:
    one_table = instance(tables=1, requests=[("p1", "p2", 1), ("p3", "p4", 1)])
    problems = check(one_table, [Meeting("p1", "p2", 0, 0), Meeting("p3", "p4", 0, 1)])
    assert any("2 meetings for 1 tables" in p for p in problems)


# --- random small instances ------------------------------------------------------------------


@st.composite
def instances(
    draw: st.DrawFn, max_people: int = 7, max_slots: int = 4, max_requests: int = 10
) -> Instance:
    slots = draw(st.integers(1, max_slots))
    tables = draw(st.integers(1, 3))
    people = [f"p{i}" for i in range(draw(st.integers(2, max_people)))]
    availability = {
        p: draw(st.none() | st.frozensets(st.integers(0, slots - 1), max_size=slots))
        for p in people
    }
    pair = st.tuples(st.sampled_from(people), st.sampled_from(people)).filter(
        lambda ab: ab[0] != ab[1]
    )
    requests = draw(st.lists(st.tuples(pair, st.integers(1, 4)), max_size=max_requests))
    fixed = draw(
        st.lists(
            st.builds(
                Meeting,
                st.sampled_from(people),
                st.sampled_from(people),
                st.integers(0, slots),
                st.integers(0, tables),
            ),
            max_size=3,
        )
    )
    return Instance(
        slots,
        tables,
        tuple(Participant(p, a) for p, a in availability.items()),
        tuple(MeetingRequest(a, b, w) for (a, b), w in requests),
        tuple(fixed),
    )


def best_priority(inst: Instance) -> dict[frozenset[str], int]:
    best: dict[frozenset[str], int] = {}
    for r in inst.requests:
        key = frozenset((r.a, r.b))
        best[key] = max(best.get(key, 0), r.priority)
    return best


def brute_force(inst: Instance) -> int:
    """The optimum by enumeration: every pair unscheduled or in one of the slots."""
    pairs = list(best_priority(inst).items())
    available = {
        p.id: set(range(inst.slots)) if p.available is None else set(p.available)
        for p in inst.participants
    }
    options = [
        [None, *sorted(available[a] & available[b] & set(range(inst.slots)))]
        for (a, b), _ in ((tuple(k), w) for k, w in pairs)
    ]
    best = 0
    for choice in itertools.product(*options):
        busy: set[tuple[str, int]] = set()
        per_slot: dict[int, int] = {}
        value, ok = 0, True
        for (key, weight), slot in zip(pairs, choice, strict=True):
            if slot is None:
                continue
            for person in key:
                ok = ok and (person, slot) not in busy
                busy.add((person, slot))
            per_slot[slot] = per_slot.get(slot, 0) + 1
            ok = ok and per_slot[slot] <= inst.tables
            value += weight
        if ok:
            best = max(best, value)
    return best


@FAST
@given(instances() | instances(max_people=12, max_slots=5, max_requests=40))
def test_every_schedule_passes_the_checker_and_scores_its_priorities(inst: Instance) -> None:
    best = best_priority(inst)
    results = {name: run(inst) for name, run in SOLVERS.items()}
    for name, solution in results.items():
        assert check(inst, solution.meetings) == [], name
        assert solution.objective == sum(best[frozenset((m.a, m.b))] for m in solution.meetings)
        assert solution.bound >= solution.objective >= 0
        assert solution.status == (
            "optimal" if solution.bound == solution.objective else "feasible"
        )
        assert solution.meetings == sorted(
            solution.meetings, key=lambda m: (m.slot, m.table, m.a, m.b)
        )
    assert results["solve"].objective >= results["greedy"].objective >= 0
    assert results["solve"].objective >= results["fcfs"].objective


@settings(max_examples=50, deadline=None)
@given(
    instances(max_people=5, max_slots=3).map(
        lambda i: Instance(i.slots, i.tables, i.participants, i.requests[:6])
    )
)
def test_solve_finds_the_brute_force_optimum_on_tiny_instances(inst: Instance) -> None:
    optimum = brute_force(inst)
    solution = solve(inst, time_limit=5)
    assert solution.objective == optimum
    assert solution.bound >= optimum
    assert greedy(inst).objective <= optimum


@FAST
@given(instances(), st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)), max_size=4))
def test_published_meetings_are_kept_in_their_slot_and_table(
    inst: Instance, extra: list[tuple[int, int]]
) -> None:
    published = solve(Instance(inst.slots, inst.tables, inst.participants, inst.requests)).meetings
    people = [p.id for p in inst.participants]
    late = tuple(
        MeetingRequest(people[i % len(people)], people[j % len(people)], 4)
        for i, j in extra
        if i % len(people) != j % len(people)
    )
    changed = Instance(
        inst.slots, inst.tables, inst.participants, inst.requests + late, tuple(published)
    )
    again = solve(changed)
    assert check(changed, again.meetings) == []
    assert again.kept_fixed == len(published)
    assert set(published) <= set(again.meetings)
    assert again.objective >= sum(best_priority(changed)[frozenset((m.a, m.b))] for m in published)


def test_a_fixed_meeting_that_became_impossible_is_dropped_and_the_rest_kept() -> None:
    inst = instance(
        available={"p1": [1, 2], "p2": None, "p3": None, "p4": None},
        requests=[("p1", "p2", 1), ("p3", "p4", 1)],
        fixed=[Meeting("p1", "p2", 0, 0), Meeting("p3", "p4", 0, 1)],  # p1 left slot 0
    )
    solution = solve(inst)
    assert solution.kept_fixed == 1
    assert Meeting("p3", "p4", 0, 1) in solution.meetings
    assert {(m.a, m.b) for m in solution.meetings} == {("p1", "p2"), ("p3", "p4")}
    assert check(inst, solution.meetings) == []


def test_fixed_meetings_win_over_a_better_rearrangement() -> None:
    # p1-p2 fixed in slot 0 blocks p1-p3 (priority 3), which only fits slot 0: kept anyway.
    inst = instance(
        slots=2,
        available={"p1": None, "p2": None, "p3": [0]},
        requests=[("p1", "p2", 1), ("p1", "p3", 3)],
        fixed=[Meeting("p1", "p2", 0, 1)],
    )
    solution = solve(inst)
    assert solution.meetings == [Meeting("p1", "p2", 0, 1)]
    assert solution.objective == 1 and solution.bound == 1 and solution.status == "optimal"
    assert (
        solve(
            instance(
                slots=2,
                available={"p1": None, "p2": None, "p3": [0]},
                requests=[("p1", "p2", 1), ("p1", "p3", 3)],
            )
        ).objective
        == 4
    )


def test_optimiser_beats_first_come_first_served_when_tables_are_tight() -> None:
    # One table: the first request, placed early, takes the only slot p3 can attend.
    inst = instance(
        slots=2,
        tables=1,
        available={"p1": None, "p2": None, "p3": [0], "p4": [1]},
        requests=[("p1", "p2", 1), ("p1", "p3", 2), ("p2", "p4", 2)],
    )
    assert first_come_first_served(inst).objective == 3  # p1-p2 takes the only table at 0
    best = solve(inst)
    assert (best.objective, best.bound, best.status) == (4, 4, "optimal")


def test_a_moderate_instance_is_solved_to_proven_optimality() -> None:
    people = [f"p{i}" for i in range(40)]
    requests = [
        (people[i], people[(i * 7 + j * 3 + 1) % 40], 1 + (i + j) % 3)
        for i in range(40)
        for j in range(4)
    ]
    inst = instance(
        slots=8,
        tables=6,
        available={p: (None if i % 4 else list(range(4))) for i, p in enumerate(people)},
        requests=[r for r in requests if r[0] != r[1]],
    )
    solution = solve(inst, time_limit=20)
    assert check(inst, solution.meetings) == []
    assert solution.status == "optimal" and solution.objective == solution.bound
    assert (
        solution.objective >= greedy(inst).objective >= first_come_first_served(inst).objective * 0
    )


# --- parsing ----------------------------------------------------------------------------------

VALID: dict[str, Any] = {
    "slots": 3,
    "tables": 2,
    "participants": [{"id": "p1", "available": [0, 1]}, {"id": "p2"}, {"id": "p3"}],
    "requests": [{"a": "p1", "b": "p2", "priority": 2}, {"a": "p3", "b": "p2"}],
}


def with_(path: str, value: Any) -> dict[str, Any]:
    data = json.loads(json.dumps(VALID))
    *parents, last = path.split(".")
    node: Any = data
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    key: Any = int(last) if last.isdigit() else last
    if value is DELETE:
        del node[key]
    else:
        node[key] = value
    return data


DELETE = object()


def test_a_valid_instance_parses() -> None:
    inst = parse_instance(VALID)
    assert (inst.slots, inst.tables) == (3, 2)
    assert inst.participants[0] == Participant("p1", frozenset({0, 1}))
    assert inst.participants[1].available is None
    assert inst.requests[1] == MeetingRequest("p3", "p2", 1)


@pytest.mark.parametrize(
    ("path", "value", "field", "words"),
    [
        ("slots", DELETE, "slots", "missing"),
        ("slots", 0, "slots", "at least 1"),
        ("slots", "3", "slots", "expected an integer"),
        ("slots", 2.5, "slots", "expected an integer"),
        ("tables", True, "tables", "expected an integer"),
        ("tables", 0, "tables", "at least 1"),
        ("participants", {}, "participants", "expected a list"),
        ("participants.0.id", DELETE, "participants[0].id", "missing"),
        ("participants.1.id", "p1", "participants[1].id", "duplicate participant 'p1'"),
        ("participants.0.available", [0, 3], "participants[0].available[1]", "in 0..2"),
        ("participants.0.available", [-1], "participants[0].available[0]", "in 0..2"),
        ("participants.0.available", "0,1", "participants[0].available", "expected a list"),
        ("requests.1.b", "p99", "requests[1].b", "unknown participant 'p99'"),
        ("requests.0.a", DELETE, "requests[0].a", "missing"),
        ("requests.1.a", "p2", "requests[1].b", "cannot meet themself"),
        ("requests.0.priority", 0, "requests[0].priority", "at least 1"),
        ("requests.0.priority", "high", "requests[0].priority", "expected an integer"),
        ("requests.0", ["p1", "p2"], "requests[0]", "expected an object"),
    ],
)
def test_invalid_instances_name_the_bad_field(
    path: str, value: Any, field: str, words: str
) -> None:
    with pytest.raises(InstanceError) as raised:
        parse_instance(with_(path, value))
    assert raised.value.field == field
    assert str(raised.value).startswith(f"{field}: ") and words in str(raised.value)


def test_not_an_object_is_an_instance_error() -> None:
    with pytest.raises(InstanceError, match="^instance: expected an object"):
        parse_instance([1, 2])


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 30)
    | st.floats(allow_nan=False)
    | st.text(max_size=4),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=6,
)


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += paths(value, (*prefix, i))
    return found


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_random_corruption_raises_instance_error_and_nothing_else(data: st.DataObject) -> None:
    corrupted = json.loads(json.dumps(VALID))
    for _ in range(data.draw(st.integers(1, 3))):
        where = data.draw(st.sampled_from(paths(corrupted)))
        node = corrupted
        for key in where[:-1]:
            node = node[key]
        if data.draw(st.booleans()) and isinstance(node, dict):
            del node[where[-1]]
        else:
            node[where[-1]] = data.draw(JSON)
    try:
        inst = parse_instance(corrupted)
    except InstanceError as error:
        assert error.field and str(error).startswith(error.field + ": ")
    else:  # still valid: then it solves, feasibly
        assert check(inst, solve(inst, time_limit=5).meetings) == []


# --- the command --------------------------------------------------------------------------------


def write(tmp_path: Path, data: Any) -> str:
    path = tmp_path / "instance.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def test_command_prints_the_schedule_as_json(tmp_path: Path) -> None:
    out = StringIO()
    call_command("schedule", "--json", write(tmp_path, VALID), "--time-limit", "5", stdout=out)
    result = json.loads(out.getvalue())
    assert list(result) == ["status", "meetings", "objective", "bound"]
    assert result["status"] == "optimal" and result["objective"] == result["bound"] == 3
    assert all(set(m) == {"a", "b", "slot", "table"} for m in result["meetings"])
    meetings = [Meeting(**m) for m in result["meetings"]]
    assert check(parse_instance(VALID), meetings) == []


def test_command_without_json_prints_a_summary(tmp_path: Path) -> None:
    out = StringIO()
    call_command("schedule", write(tmp_path, VALID), stdout=out)
    assert "optimal: 2 meetings, scheduled priority 3 of at most 3" in out.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (with_("requests.1.b", "p99"), "requests[1].b: unknown participant 'p99'"),
        ("{not json", "not valid JSON"),
    ],
)
def test_command_rejects_bad_input_with_exit_code_2(
    tmp_path: Path, content: Any, message: str
) -> None:
    with pytest.raises(CommandError) as raised:
        call_command("schedule", "--json", write(tmp_path, content))
    assert raised.value.returncode == 2 and message in str(raised.value)


ENGLISH_TERMINAL = {
    **os.environ,
    "LANGUAGE": "",
    "LC_ALL": "",
    "LC_MESSAGES": "",
    "LANG": "C.UTF-8",
}


def test_command_exit_code_and_stderr_from_the_shell(tmp_path: Path) -> None:
    ponte = Path(sys.executable).with_name("ponte")
    bad = subprocess.run(
        [str(ponte), "schedule", "--json", write(tmp_path, with_("tables", 0))],
        capture_output=True,
        text=True,
        timeout=60,
        env=ENGLISH_TERMINAL,
    )
    assert bad.returncode == 2 and "tables: must be at least 1, got 0" in bad.stderr
    assert bad.stdout == ""
    missing = subprocess.run(
        [str(ponte), "schedule", "--json", str(tmp_path / "nope.json")],
        capture_output=True,
        text=True,
        env=ENGLISH_TERMINAL,
        timeout=60,
    )
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_the_command_line_speaks_the_terminals_language(tmp_path: Path) -> None:
    ponte = Path(sys.executable).with_name("ponte")
    italian = subprocess.run(
        [str(ponte), "schedule", "--json", write(tmp_path, with_("tables", 0))],
        capture_output=True,
        text=True,
        timeout=60,
        env={**ENGLISH_TERMINAL, "LANG": "it_IT.UTF-8"},
    )
    assert italian.returncode == 2 and "tables: deve valere almeno 1, non 0" in italian.stderr


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "it_IT.UTF-8"}, "it"),
        ({"LANG": "it_IT.UTF-8", "LC_ALL": "en_GB.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8", "LANGUAGE": "it:en"}, "it"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
    ],
)
def test_the_command_line_language_follows_gettexts_precedence(
    environ: dict[str, str], language: str
) -> None:
    from ponte.cli import cli_language

    assert cli_language(environ) == language
