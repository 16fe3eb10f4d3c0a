"""`ponte schedule`: solve a stand-alone B2B scheduling instance (issue 5's JSON format).

ponte schedule --json instance.json                  # the schedule as JSON on stdout
ponte schedule --json --time-limit 30 instance.json
ponte schedule --method greedy instance.json          # a readable summary
cat instance.json | ponte schedule --json -

Invalid instances: one line on stderr naming the field (`requests[3].b: unknown participant
'p99'`), exit code 2. See docs/scheduling.md.
"""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from collections import Counter
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ponte.events.scheduler import (
    InstanceError,
    Solution,
    first_come_first_served,
    greedy,
    parse_instance,
    solve,
)


def fail(message: str) -> CommandError:
    return CommandError(message, returncode=2)


def read_instance(path: str) -> Any:
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise fail(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise fail(f"{path}: cannot read the file ({error})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise fail(
            f"{path}: not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})"
        ) from None


SPEC_KEYS = ("status", "meetings", "objective", "bound")


class Command(BaseCommand):
    help = (
        "Schedule B2B meetings for a stand-alone JSON instance: slots, tables, participants "
        "with their availability, and meeting requests with priorities. Prints the schedule "
        "(--json) or a summary."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("instance", help="The instance file (JSON), or - for stdin.")
        parser.add_argument(
            "--json", action="store_true", help="Print the schedule as JSON (issue 5's format)."
        )
        parser.add_argument(
            "--time-limit",
            type=float,
            default=10.0,
            metavar="SECONDS",
            help="Time limit of the optimiser in seconds (default 10).",
        )
        parser.add_argument(
            "--method",
            choices=("optimal", "greedy", "fcfs"),
            default="optimal",
            help="optimal (default), greedy, or fcfs (first come, first served, a baseline).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        time_limit = options["time_limit"]
        if not time_limit > 0:
            raise fail(f"--time-limit: must be a positive number of seconds, got {time_limit}")
        try:
            instance = parse_instance(read_instance(options["instance"]))
        except InstanceError as error:
            raise fail(str(error)) from None
        if options["method"] == "greedy":
            solution = greedy(instance)
        elif options["method"] == "fcfs":
            solution = first_come_first_served(instance)
        else:
            solution = solve(instance, time_limit=time_limit)
        if options["json"]:
            # Exactly the documented shape; method and timing go to stderr.
            out = solution.as_json()
            self.stdout.write(json.dumps({k: out[k] for k in SPEC_KEYS}, ensure_ascii=False))
            self.stderr.write(
                f"method={solution.method} seconds={solution.seconds:.3f} "
                f"kept_fixed={solution.kept_fixed}"
            )
        else:
            self.stdout.write(summary(instance.slots, instance.tables, solution))


def summary(slots: int, tables: int, solution: Solution) -> str:
    gap = solution.bound - solution.objective
    gap_pct = 100 * gap / solution.bound if solution.bound else 0.0
    per_slot = Counter(m.slot for m in solution.meetings)
    lines = [
        f"{solution.status}: {len(solution.meetings)} meetings, scheduled priority "
        f"{solution.objective} of at most {solution.bound} (gap {gap}, {gap_pct:.2f}%)",
        f"method {solution.method}, {solution.seconds:.2f} s"
        + (f", {solution.kept_fixed} published meetings kept" if solution.kept_fixed else ""),
        f"tables used per slot (of {tables}):",
    ]
    for slot in range(slots):
        lines.append(f"  slot {slot:>3}: {per_slot.get(slot, 0):>4}")
    return "\n".join(lines)
