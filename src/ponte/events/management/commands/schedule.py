"""`ponte schedule`: solve a stand-alone B2B scheduling instance (issue 5's JSON format).

ponte schedule --json instance.json                  # the schedule as JSON on stdout
ponte schedule --json --time-limit 30 instance.json
ponte schedule --json -v 2 instance.json             # also method and time on stderr
ponte schedule --method greedy instance.json          # a readable summary
cat instance.json | ponte schedule --json -

Invalid instances: one line on stderr naming the field (`requests[3].b: unknown participant
'p99'`), exit code 2. See docs/scheduling.md.
"""

from __future__ import annotations

import json
import sys
import time
from argparse import ArgumentParser
from collections import Counter
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from ponte import cli
from ponte.events.scheduler import (
    InstanceError,
    Solution,
    first_come_first_served,
    greedy,
    parse_instance,
    solve,
)
from ponte.web.text import json_reason


def fail(message: str) -> CommandError:
    return CommandError(message, returncode=2)


class DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose keys are all different: with `{"slots": 8, "slots": 16}` Python
    would silently keep the last value and other readers the first, so the file is refused."""
    obj: dict[str, Any] = {}
    for key, value in pairs:
        if key in obj:
            raise DuplicateKey(key)
        obj[key] = value
    return obj


class NotJsonConstant(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _no_constants(name: str) -> Any:
    """NaN, Infinity and -Infinity: Python's reader takes them, JSON has no such numbers."""
    raise NotJsonConstant(name)


def read_instance(path: str) -> Any:
    """The parsed JSON of `path` (or stdin for `-`); a UTF-8 byte-order mark is allowed."""
    try:
        raw = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except FileNotFoundError:
        raise fail(_("%(path)s: no such file") % {"path": path}) from None
    except IsADirectoryError:
        raise fail(_("%(path)s: is a directory, not a file") % {"path": path}) from None
    except OSError as error:
        raise fail(
            _("%(path)s: cannot read the file (%(error)s)")
            % {"path": path, "error": error.strerror or error}
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise fail(
            _("%(path)s: not UTF-8 text (invalid byte at position %(position)s)")
            % {"path": path, "position": error.start}
        ) from None
    try:
        return json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constants)
    except NotJsonConstant as error:
        raise fail(
            _("%(path)s: not valid JSON (%(name)s is not a JSON number)")
            % {"path": path, "name": error.name}
        ) from None
    except DuplicateKey as error:
        raise fail(
            _("%(path)s: not valid JSON (key %(key)s appears twice in one object)")
            % {"path": path, "key": json.dumps(error.key)}
        ) from None
    except json.JSONDecodeError as error:
        raise fail(
            _("%(path)s: not valid JSON (%(reason)s at line %(line)s, column %(column)s)")
            % {
                "path": path,
                "reason": json_reason(error),
                "line": error.lineno,
                "column": error.colno,
            }
        ) from None
    except RecursionError:
        raise fail(_("%(path)s: not valid JSON (nested too deeply)") % {"path": path}) from None
    except ValueError:  # an integer with more digits than Python converts (4,300)
        raise fail(
            _("%(path)s: not valid JSON (a number with too many digits)") % {"path": path}
        ) from None


SPEC_KEYS = ("status", "meetings", "objective", "bound")
MAX_TIME_LIMIT = 86_400  # a day; also keeps out inf and nan


class Command(BaseCommand):
    help = gettext_noop(
        "Schedule B2B meetings for a stand-alone JSON instance: slots, tables, participants "
        "with their availability, and meeting requests with priorities. Prints the schedule "
        "(--json) or a summary."
    )

    requires_system_checks: list[str] = []

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        self.help = _(self.help)  # marked with gettext_noop, translated once a language is on
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("instance", help=_("The instance file (JSON), or - for stdin."))
        parser.add_argument(
            "--json",
            action="store_true",
            help=_("Print the schedule as JSON (see docs/scheduling.md)."),
        )
        parser.add_argument(
            "--time-limit",
            type=float,
            default=10.0,
            metavar="SECONDS",
            help=_("Time limit of the optimiser in seconds (default 10)."),
        )
        parser.add_argument(
            "--method",
            choices=("optimal", "greedy", "fcfs"),
            default="optimal",
            help=_("optimal (default), greedy, or fcfs (first come, first served, a baseline)."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        time_limit = options["time_limit"]
        if not 0 < time_limit <= MAX_TIME_LIMIT:
            raise fail(
                _(
                    "--time-limit: must be a number of seconds above 0 and at most %(max)s, got %(value)s"
                )
                % {"max": MAX_TIME_LIMIT, "value": time_limit}
            )
        try:
            instance = parse_instance(read_instance(options["instance"]))
        except InstanceError as error:
            raise fail(str(error)) from None
        if options["method"] == "greedy":
            solution = greedy(instance, time_limit=solver_budget(time_limit, started))
        elif options["method"] == "fcfs":
            solution = first_come_first_served(instance)
        else:
            solution = solve(instance, time_limit=solver_budget(time_limit, started))
        if options["json"]:
            # Exactly the documented shape; method and timing only with -v 2, on stderr, so
            # even `2>&1` gives parseable JSON.
            out = solution.as_json()
            # ASCII with \u escapes: the same JSON, and it prints on any terminal encoding
            # (a participant called "Zoë" crashed the command under PYTHONIOENCODING=ascii).
            self.stdout.write(json.dumps({k: out[k] for k in SPEC_KEYS}))
            if options["verbosity"] >= 2:
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
    status = _("optimal") if solution.status == "optimal" else _("feasible")
    lines = [
        ngettext(
            "%(status)s: %(meetings)s meeting, scheduled priority %(objective)s of at most "
            "%(bound)s (gap %(gap)s, %(gap_pct).2f%%)",
            "%(status)s: %(meetings)s meetings, scheduled priority %(objective)s of at most "
            "%(bound)s (gap %(gap)s, %(gap_pct).2f%%)",
            len(solution.meetings),
        )
        % {
            "status": status,
            "meetings": len(solution.meetings),
            "objective": solution.objective,
            "bound": solution.bound,
            "gap": gap,
            "gap_pct": gap_pct,
        },
        _("method %(method)s, %(seconds).2f s")
        % {"method": solution.method, "seconds": solution.seconds}
        + (
            ngettext(
                ", %(count)s published meeting kept",
                ", %(count)s published meetings kept",
                solution.kept_fixed,
            )
            % {"count": solution.kept_fixed}
            if solution.kept_fixed
            else ""
        ),
        _("tables used per slot (of %(tables)s):") % {"tables": tables},
    ]
    for slot in range(slots):
        lines.append(
            "  " + _("slot %(slot)3d: %(count)4d") % {"slot": slot, "count": per_slot.get(slot, 0)}
        )
    return "\n".join(lines)


def solver_budget(time_limit: float, handle_started: float) -> float:
    """What is left of `time_limit` for the solver once this process has started (Python,
    Django, scipy: about a second, when run as `ponte schedule`; from `handle` when called
    otherwise) and read the instance, so the whole command keeps the limit; at least a tenth
    of it, so that a limit shorter than the start-up still gets the greedy schedule and its
    bound."""
    started = cli.STARTED if cli.STARTED is not None else handle_started
    spent = time.monotonic() - started
    return max(time_limit - spent, time_limit / 10)
