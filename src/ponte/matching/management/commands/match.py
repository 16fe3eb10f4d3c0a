"""`ponte match`: ranked, explained suggestions from the command line, as a visitor or a user.

ponte match --json --top 5 "conservanti naturali per creme"
ponte match --json --for need:12 [--kind org]
ponte match --json --top 10 --queries queries.jsonl      # one JSON line out per line in
ponte match --as pmi "packaging riciclabile"

A queries file is checked whole before anything is searched: a line that is not a JSON object
with an `id` and a non-empty `text` (or names an unknown kind) stops the run with its line
number and exit code 2, and nothing is printed, so a half-answered file is never mistaken for
a complete one. Blank lines are skipped; each `id` is echoed back exactly as written.
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ponte.matching import selectors
from ponte.matching.documents import KIND_MODELS, split_key
from ponte.matching.types import KINDS, Result
from ponte.web.text import json_reason


def fail(message: str) -> CommandError:
    return CommandError(message, returncode=2)


def parse_kinds(value: Any, where: str) -> tuple[str, ...]:
    if value in (None, "", []):
        return ()
    kinds = (value,) if isinstance(value, str) else value
    if not isinstance(kinds, list | tuple) or not all(isinstance(k, str) for k in kinds):
        raise fail(_("%(where)s: kind must be a string or a list of strings") % {"where": where})
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise fail(
            _("%(where)s: unknown kind %(kind)r (use one of %(kinds)s)")
            % {"where": where, "kind": unknown[0], "kinds": ", ".join(KINDS)}
        )
    return tuple(kinds)


def _not_json(constant: str) -> Any:
    raise ValueError(constant)


class _Number:
    """A JSON number with a fraction or an exponent, kept as written: read as a float,
    `1e400` became `Infinity` (not JSON) on the way out and `1.50` became `1.5`."""

    __slots__ = ("literal",)

    def __init__(self, literal: str) -> None:
        self.literal = literal


def echo(value: Any) -> str:
    """`value` as JSON, its numbers exactly as the queries file wrote them (integers of any
    size already are: Python's int is exact)."""
    if isinstance(value, _Number):
        return value.literal
    if isinstance(value, dict):
        members = (f"{json.dumps(k, ensure_ascii=False)}: {echo(v)}" for k, v in value.items())
        return "{" + ", ".join(members) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(echo(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def read_queries(
    path: Path, default_kinds: tuple[str, ...]
) -> list[tuple[Any, str, tuple[str, ...]]]:
    """(id, text, kinds) per line; every problem is reported with its line number. UTF-8,
    with or without a byte-order mark; NaN and Infinity are not JSON and are refused."""
    try:
        raw_lines = path.read_bytes().splitlines()
    except FileNotFoundError:
        raise fail(_("--queries: no such file %(file)r") % {"file": str(path)}) from None
    except OSError as error:
        raise fail(
            _("--queries: cannot read %(file)r: %(error)s")
            % {"file": str(path), "error": error.strerror}
        ) from None
    queries = []
    for number, raw in enumerate(raw_lines, start=1):
        where = f"{path}:{number}"
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            raise fail(_("%(where)s: not UTF-8 text") % {"where": where}) from None
        if not line.strip():
            continue
        try:
            row = json.loads(line, parse_constant=_not_json, parse_float=_Number)
        except json.JSONDecodeError as error:
            raise fail(
                _("%(where)s: not valid JSON (%(error)s at column %(column)d)")
                % {"where": where, "error": json_reason(error), "column": error.colno}
            ) from None
        except ValueError as error:
            raise fail(
                _("%(where)s: not valid JSON (%(constant)s is not a JSON value)")
                % {"where": where, "constant": error}
            ) from None
        if not isinstance(row, dict):
            raise fail(_("%(where)s: expected a JSON object with id and text") % {"where": where})
        if "id" not in row:
            raise fail(_("%(where)s: missing 'id'") % {"where": where})
        text = row.get("text")
        if not isinstance(text, str) or not text.strip():
            raise fail(_("%(where)s: 'text' must be a non-empty string") % {"where": where})
        kinds = parse_kinds(row.get("kind", row.get("kinds")), where) or default_kinds
        queries.append((row["id"], text, kinds))
    return queries


class Command(BaseCommand):
    help = gettext_noop(
        "Suggest organisations, people, offers and needs for free text, for an existing item "
        "(--for need:ID) or for every line of a JSON-lines file (--queries), with reasons. "
        "Runs as an anonymous visitor unless --as USERNAME is given."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> Any:
        self.help = _(self.help)  # marked with gettext_noop, translated once a language is on
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("text", nargs="?", help=_("What to look for, in Italian or English."))
        parser.add_argument(
            "--for", dest="for_key", metavar="KIND:ID", help=_("An existing item, e.g. need:12.")
        )
        parser.add_argument(
            "--queries",
            type=Path,
            metavar="FILE",
            help=_('JSON lines: {"id", "text", "kind"}; one JSON line out per query.'),
        )
        parser.add_argument(
            "--kind", action="append", choices=KINDS, help=_("Only this kind (repeatable).")
        )
        parser.add_argument(
            "--top", type=int, default=10, help=_("How many results, 1 to 100 (default 10).")
        )
        parser.add_argument("--json", action="store_true", help=_("Print JSON."))
        parser.add_argument("--as", dest="as_user", metavar="USERNAME", help=_("See as this user."))

    def handle(self, *args: Any, **options: Any) -> None:
        sources = [options["text"], options["for_key"], options["queries"]]
        if sum(s is not None for s in sources) != 1:
            raise fail(_("Give exactly one of: free text, --for KIND:ID, --queries FILE."))
        top = options["top"]
        if not 1 <= top <= selectors.MAX_TOP:
            raise fail(_("--top must be between 1 and %(max)d.") % {"max": selectors.MAX_TOP})
        user = self._user(options["as_user"])
        kinds = tuple(options["kind"] or ())
        if options["queries"] is not None:
            self._queries(user, options["queries"], kinds, top, as_json=options["json"])
            return
        if options["for_key"] is not None:
            results = self._for(user, options["for_key"], kinds, top)
        else:
            text = options["text"].strip()
            if not text:
                raise fail(_("The text to match is empty."))
            results = selectors.search(user, text, kinds, top)
        if options["json"]:
            self.stdout.write(json.dumps([r.as_json() for r in results], ensure_ascii=False))
        else:
            self._table(results)

    def _user(self, username: str | None) -> Any:
        if username is None:
            return AnonymousUser()
        user = get_user_model()._default_manager.filter(username=username).first()
        if user is None:
            raise fail(_("--as: no user named %(name)r.") % {"name": username})
        if not user.is_active:
            raise fail(_("--as: user %(name)r is not active.") % {"name": username})
        return user

    def _for(self, user: Any, key: str, kinds: tuple[str, ...], top: int) -> list[Result]:
        written = key
        kind, sep, ident = key.strip().partition(":")
        key = f"{kind.strip().lower()}{sep}{ident.strip()}"
        try:
            kind, ident = split_key(key)
            if not ident.isascii():
                raise ValueError(key)
        except ValueError:
            raise fail(
                _(
                    "--for: %(key)r is not an item: write KIND:ID with KIND one of %(kinds)s "
                    "(e.g. need:12)."
                )
                % {"key": written, "kinds": ", ".join(KIND_MODELS)}
            ) from None
        ident = str(int(ident))  # need:012 is need:12
        key = f"{kind}:{ident}"
        # The same words whether the item does not exist or is hidden from this viewer.
        try:
            return selectors.suggestions_for(user, key, kinds or None, top)
        except selectors.UnknownItem:
            if not user.is_authenticated:
                message = _("--for: no %(kind)s with id %(id)s visible to visitors.")
            else:
                message = _("--for: no %(kind)s with id %(id)s visible to user %(name)r.")
            raise fail(message % {"kind": kind, "id": ident, "name": user.get_username()}) from None

    def _queries(
        self, user: Any, path: Path, kinds: tuple[str, ...], top: int, *, as_json: bool
    ) -> None:
        queries = read_queries(path, kinds)
        results = selectors.search_many(user, [(text, k) for _id, text, k in queries], top)
        for (query_id, _text, _kinds), found in zip(queries, results, strict=True):
            if as_json:
                listed = json.dumps([r.as_json() for r in found], ensure_ascii=False)
                self.stdout.write(f'{{"id": {echo(query_id)}, "results": {listed}}}')
            else:
                self.stdout.write(f"# {echo(query_id)}")
                self._table(found)

    def _table(self, results: list[Result]) -> None:
        if not results:
            self.stdout.write(_("No results."))
            return
        for rank, r in enumerate(results, start=1):
            self.stdout.write(f"{rank:>3}. {r.score:7.4f}  {r.kind}:{r.id:<6} {r.title}")
            why = []
            shared = r.reasons.get("shared_competences") or []
            if shared:
                codes = ", ".join(
                    str(c.get("code"))
                    if c.get("match", "exact") == "exact"
                    else _("%(code)s (narrower)") % {"code": c.get("code")}
                    if c.get("match") == "narrower"
                    else _("%(code)s (broader)") % {"code": c.get("code")}
                    for c in shared
                    if isinstance(c, dict)
                )
                why.append(_("Shared competences: %(codes)s") % {"codes": codes})
            why.extend(selectors.describe(r.reasons))
            if why:
                self.stdout.write("              " + "; ".join(why))
