"""B2B scheduler benchmark (`make bench`): optimiser vs first-come-first-served vs greedy.

Generated instances shaped like brokerage events (50, 200, 500, 1,000 participants; 3-8
requests each with Zipf-skewed popularity; 12-24 slots; limited tables; most participants
there all day, some only mornings or afternoons, some with a break) in three variants:
`tables` (40 % of the tables needed), `availability` (ample tables, two thirds of the
participants there half a day or with a break) and `loose` (ample tables). For each:
FCFS, greedy and `solve` within the default 10 s (objective, proven bound, gap, time), every
schedule verified by `check`. At 1,000 participants the result is compared with a long run
stored in bench/results/scheduler_reference.json (redone with --long). See bench/README.md.

    python bench/scheduler_bench.py                         # -> bench/results/scheduler.json
    python bench/scheduler_bench.py --sizes 50,200 --out /tmp/s.json
    python bench/scheduler_bench.py --long --long-seconds 3600   # refresh the reference
    python bench/scheduler_bench.py --dump /tmp/inst --sizes 1000   # instances for `ponte schedule`
"""

from __future__ import annotations

import argparse
import bisect
import datetime
import json
import math
import os
import platform
import random
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

import numpy as np  # noqa: E402
from scipy.optimize import Bounds, LinearConstraint, milp  # noqa: E402

from ponte.events import scheduler  # noqa: E402
from ponte.events.scheduler import (  # noqa: E402
    Instance,
    MeetingRequest,
    Participant,
    Solution,
    check,
    first_come_first_served,
    greedy,
    solve,
)

SIZES = (50, 200, 500, 1000)
SLOTS = {50: 12, 200: 16, 500: 16, 1000: 24}  # 20-30 minute meetings over one or two half days
VARIANTS = ("tables", "availability", "loose")
TIGHT = ("tables", "availability")
TABLE_SHARE = {"tables": 0.4, "availability": 1.5, "loose": 1.5}  # of ceil(requests / slots)
# Shares of participants there all day / mornings only / afternoons only / all day but a break.
PRESENCE = {
    "tables": (0.75, 0.10, 0.10, 0.05),
    "availability": (0.35, 0.20, 0.20, 0.25),
    "loose": (0.75, 0.10, 0.10, 0.05),
}
ZIPF_EXPONENT = 0.9
PRIORITIES = (1, 2, 3)
PRIORITY_SHARES = (0.5, 0.3, 0.2)
REFERENCE_SIZE = 1000
TARGET_GAP_500 = 1.0  # % below the proven bound, at 500 participants within 10 s
TARGET_GAP_1000 = 2.0  # % below the long run's best, at 1,000 participants within 10 s
TARGET_GAIN = 10.0  # % more scheduled priority than FCFS where tables or availability are tight
OUT = HERE / "results" / "scheduler.json"
REFERENCE = HERE / "results" / "scheduler_reference.json"


def generate(size: int, variant: str, seed: int = 0) -> Instance:
    """One brokerage-shaped instance; the same for the same (size, variant, seed)."""
    rng = random.Random(f"scheduler-{size}-{variant}-{seed}")
    slots = SLOTS[size]
    half = slots // 2
    ids = [f"p{i}" for i in range(size)]
    participants = []
    all_day, mornings, afternoons, _ = PRESENCE[variant]
    for pid in ids:
        r = rng.random()
        available: frozenset[int] | None
        if r < all_day:
            available = None
        elif r < all_day + mornings:
            available = frozenset(range(half))
        elif r < all_day + mornings + afternoons:
            available = frozenset(range(half, slots))
        else:
            start, length = rng.randrange(slots - 3), rng.randint(2, 4)
            available = frozenset(s for s in range(slots) if not start <= s < start + length)
        participants.append(Participant(pid, available))
    ranking = ids[:]
    rng.shuffle(ranking)
    cumulative = list(np.cumsum([1 / (i + 1) ** ZIPF_EXPONENT for i in range(size)]))
    requests = []
    for pid in ids:
        targets: set[str] = set()
        wanted = rng.randint(3, 8)
        while len(targets) < wanted:
            target = ranking[
                min(bisect.bisect_left(cumulative, rng.random() * cumulative[-1]), size - 1)
            ]
            if target != pid:
                targets.add(target)
        for target in sorted(targets):
            requests.append(
                MeetingRequest(pid, target, rng.choices(PRIORITIES, PRIORITY_SHARES)[0])
            )
    rng.shuffle(requests)  # the order requests arrived in: what FCFS follows
    tables = math.ceil(math.ceil(len(requests) / slots) * TABLE_SHARE[variant])
    return Instance(slots, tables, tuple(participants), tuple(requests))


def as_json(instance: Instance) -> dict[str, Any]:
    """The instance in `ponte schedule`'s input format (issue 5)."""
    return {
        "slots": instance.slots,
        "tables": instance.tables,
        "participants": [
            {"id": p.id} if p.available is None else {"id": p.id, "available": sorted(p.available)}
            for p in instance.participants
        ],
        "requests": [{"a": r.a, "b": r.b, "priority": r.priority} for r in instance.requests],
    }


def describe(instance: Instance) -> dict[str, Any]:
    best: dict[frozenset[str], int] = {}
    for r in instance.requests:
        pair = frozenset((r.a, r.b))
        best[pair] = max(best.get(pair, 0), r.priority)
    pairs = set(best)
    received: dict[str, int] = {}
    for r in instance.requests:
        received[r.b] = received.get(r.b, 0) + 1
    part_time = sum(p.available is not None for p in instance.participants)
    return {
        "participants": len(instance.participants),
        "requests": len(instance.requests),
        "distinct_pairs": len(pairs),
        "priority_sum": sum(best.values()),
        "slots": instance.slots,
        "tables": instance.tables,
        "tables_needed": math.ceil(len(pairs) / instance.slots),
        "part_time_participants": part_time,
        "most_requested": max(received.values()),
    }


def run(name: str, instance: Instance, solver: Any) -> dict[str, Any]:
    started = time.perf_counter()
    solution: Solution = solver(instance)
    seconds = time.perf_counter() - started
    violations = check(instance, solution.meetings)
    row: dict[str, Any] = {
        "objective": solution.objective,
        "meetings": len(solution.meetings),
        "seconds": round(seconds, 3),
        "violations": len(violations),
    }
    if name == "optimiser":
        row.update(
            bound=solution.bound,
            gap_pct=round(100 * (solution.bound - solution.objective) / solution.bound, 3),
            status=solution.status,
            method=solution.method,
            stats=solution.stats,
        )
    return row


def long_run(instance: Instance, seconds: float) -> dict[str, Any]:
    """The best schedule found with a long budget: `solve` with it, and, independently, the
    plain HiGHS MILP on the full model (no greedy, no LP stage) with the same budget."""
    started = time.perf_counter()
    best = solve(instance, time_limit=seconds)
    solve_seconds = time.perf_counter() - started
    problem = scheduler._prepare(instance)
    variables = [(k, s) for k in problem.free for s in problem.candidates[k]]
    cost, matrix, upper = scheduler._model(problem, variables)
    started = time.perf_counter()
    res = milp(
        cost,
        integrality=np.ones(len(variables)),
        bounds=Bounds(0, 1),
        constraints=[LinearConstraint(matrix, -np.inf, upper)],
        options={"time_limit": seconds, "mip_rel_gap": 1e-7},
    )
    milp_seconds = time.perf_counter() - started
    milp_objective = None if res.x is None else int(round(-res.fun)) + problem.fixed_weight
    milp_bound = (
        None
        if res.mip_dual_bound is None or not math.isfinite(res.mip_dual_bound)
        else math.floor(-res.mip_dual_bound + 1e-6) + problem.fixed_weight
    )
    objectives = [best.objective] + ([milp_objective] if milp_objective is not None else [])
    bounds = [best.bound] + ([milp_bound] if milp_bound is not None else [])
    return {
        "budget_seconds": seconds,
        "solve": {
            "objective": best.objective,
            "bound": best.bound,
            "status": best.status,
            "seconds": round(solve_seconds, 2),
        },
        "plain_milp": {
            "objective": milp_objective,
            "bound": milp_bound,
            "status": str(res.message),
            "seconds": round(milp_seconds, 2),
        },
        "best_objective": max(objectives),
        "best_bound": min(bounds),
    }


def machine() -> dict[str, Any]:
    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu_model": cpu,
        "cpu_count": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "platform": platform.platform(),
        "python": platform.python_version(),
        "scipy": metadata.version("scipy"),
        "numpy": metadata.version("numpy"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--long", action="store_true", help="redo the long runs at 1,000")
    parser.add_argument("--long-seconds", type=float, default=3600.0)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--reference", type=Path, default=REFERENCE)
    parser.add_argument(
        "--dump",
        type=Path,
        metavar="DIR",
        help="only write the instances as JSON files (DIR/scheduler-SIZE-VARIANT.json) "
        "for `ponte schedule --json`, and exit",
    )
    args = parser.parse_args(argv)
    sizes = [int(float(s)) for s in args.sizes.split(",")]
    variants = args.variants.split(",")
    if args.dump is not None:
        args.dump.mkdir(parents=True, exist_ok=True)
        for size in sizes:
            for variant in variants:
                path = args.dump / f"scheduler-{size}-{variant}.json"
                path.write_text(json.dumps(as_json(generate(size, variant, args.seed))) + "\n")
                print(path)
        return 0

    reference: dict[str, Any] = {}
    if args.reference.exists():
        reference = json.loads(args.reference.read_text())
    if args.long:
        runs = {}
        for variant in variants:
            print(
                f"long run: {REFERENCE_SIZE} {variant}, up to {args.long_seconds:.0f} s", flush=True
            )
            runs[variant] = long_run(
                generate(REFERENCE_SIZE, variant, args.seed), args.long_seconds
            )
        reference = {
            "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "seed": args.seed,
            "size": REFERENCE_SIZE,
            "machine": machine(),
            "runs": {**reference.get("runs", {}), **runs},
        }
        args.reference.parent.mkdir(parents=True, exist_ok=True)
        args.reference.write_text(json.dumps(reference, indent=2) + "\n")

    result: dict[str, Any] = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "seed": args.seed,
        "time_limit_s": args.time_limit,
        "machine": machine(),
        "instances": {},
    }
    targets: dict[str, bool] = {}
    for size in sizes:
        for variant in variants:
            instance = generate(size, variant, args.seed)
            entry: dict[str, Any] = {"instance": describe(instance)}
            entry["fcfs"] = run("fcfs", instance, first_come_first_served)
            entry["greedy"] = run("greedy", instance, greedy)
            entry["optimiser"] = run(
                "optimiser", instance, lambda i: solve(i, time_limit=args.time_limit)
            )
            fcfs, opt = entry["fcfs"]["objective"], entry["optimiser"]["objective"]
            entry["gain_vs_fcfs_pct"] = round(100 * (opt - fcfs) / fcfs, 2) if fcfs else None
            entry["gain_vs_greedy_pct"] = round(
                100 * (opt - entry["greedy"]["objective"]) / max(entry["greedy"]["objective"], 1), 2
            )
            key = f"{size}/{variant}"
            targets[f"{key} feasible"] = all(
                entry[m]["violations"] == 0 for m in ("fcfs", "greedy", "optimiser")
            )
            if size == 500:
                targets[f"{key} within {TARGET_GAP_500}% of the proven bound"] = (
                    entry["optimiser"]["gap_pct"] <= TARGET_GAP_500
                )
            ref = reference.get("runs", {}).get(variant) if size == REFERENCE_SIZE else None
            if ref is not None and reference.get("seed") == args.seed:
                gap = 100 * (ref["best_objective"] - opt) / ref["best_objective"]
                entry["vs_long_run"] = {
                    "best_objective": ref["best_objective"],
                    "best_bound": ref["best_bound"],
                    "gap_pct": round(gap, 3),
                    "reference": str(args.reference.relative_to(HERE.parent))
                    if args.reference.is_relative_to(HERE.parent)
                    else str(args.reference),
                }
                targets[f"{key} within {TARGET_GAP_1000}% of the long run"] = gap <= TARGET_GAP_1000
            if variant in TIGHT:
                targets[f"{key} at least {TARGET_GAIN}% over FCFS"] = (
                    entry["gain_vs_fcfs_pct"] is not None
                    and entry["gain_vs_fcfs_pct"] >= TARGET_GAIN
                )
            result["instances"][key] = entry
            print(row(key, entry), flush=True)
    result["targets"] = {"met": targets, "all_met": all(targets.values())}
    result["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(table(result))
    return 0


HEADER = (
    f"{'instance':<18}{'req':>6}{'T':>5}{'FCFS':>7}{'greedy':>8}{'optimiser':>10}{'bound':>7}"
    f"{'gap%':>7}{'status':>9}{'sec':>7}{'+FCFS%':>8}{'long':>7}"
)


def row(key: str, e: dict[str, Any]) -> str:
    o = e["optimiser"]
    long = e.get("vs_long_run", {}).get("best_objective", "")
    return (
        f"{key:<18}{e['instance']['requests']:>6}{e['instance']['tables']:>5}"
        f"{e['fcfs']['objective']:>7}{e['greedy']['objective']:>8}{o['objective']:>10}"
        f"{o['bound']:>7}{o['gap_pct']:>7.2f}{o['status']:>9}{o['seconds']:>7.2f}"
        f"{e['gain_vs_fcfs_pct']:>8.1f}{long:>7}"
    )


def table(result: dict[str, Any]) -> str:
    m = result["machine"]
    lines = [
        "",
        f"Ponte scheduler bench — {result['date']} — {m['cpu_count']} CPUs ({m['cpu_model']}), "
        f"load {m['load_average']}, time limit {result['time_limit_s']} s",
        "objective = scheduled priority; bound = proven upper bound; +FCFS% = optimiser over FCFS",
        HEADER,
    ]
    lines += [row(key, e) for key, e in result["instances"].items()]
    lines.append("")
    for name, ok in result["targets"]["met"].items():
        lines.append(f"  [{'x' if ok else ' '}] {name}")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
