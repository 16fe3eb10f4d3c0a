"""`ponte match`: ranked, explained suggestions from the command line, as a visitor or a user.

ponte match --json --top 5 "conservanti naturali per creme"
ponte match --json --for need:12 [--kind org]
ponte match --json --top 10 --queries queries.jsonl      # one JSON line out per line in
ponte match --as pmi "packaging riciclabile"
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError

from ponte.matching import selectors
from ponte.matching.documents import KIND_MODELS, split_key
from ponte.matching.types import KINDS, Result


def fail(message: str) -> CommandError:
    return CommandError(message, returncode=2)


def parse_kinds(value: Any, where: str) -> tuple[str, ...]:
    if value in (None, "", []):
        return ()
    kinds = (value,) if isinstance(value, str) else value
    if not isinstance(kinds, list | tuple) or not all(isinstance(k, str) for k in kinds):
        raise fail(f"{where}: kind must be a string or a list of strings")
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise fail(f"{where}: unknown kind {unknown[0]!r} (use one of {', '.join(KINDS)})")
    return tuple(kinds)


def read_queries(
    path: Path, default_kinds: tuple[str, ...]
) -> list[tuple[Any, str, tuple[str, ...]]]:
    """(id, text, kinds) per line; every problem is reported with its line number."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise fail(f"--queries: no such file {str(path)!r}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise fail(f"--queries: cannot read {str(path)!r}: {error}") from None
    queries = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise fail(f"{where}: not valid JSON ({error.msg})") from None
        if not isinstance(row, dict):
            raise fail(f"{where}: expected a JSON object with id and text")
        if "id" not in row:
            raise fail(f"{where}: missing 'id'")
        text = row.get("text")
        if not isinstance(text, str) or not text.strip():
            raise fail(f"{where}: 'text' must be a non-empty string")
        kinds = parse_kinds(row.get("kind", row.get("kinds")), where) or default_kinds
        queries.append((row["id"], text, kinds))
    return queries


class Command(BaseCommand):
    help = (
        "Suggest organisations, people, offers and needs for free text, for an existing item "
        "(--for need:ID) or for every line of a JSON-lines file (--queries), with reasons. "
        "Runs as an anonymous visitor unless --as USERNAME is given."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("text", nargs="?", help="What to look for, in Italian or English.")
        parser.add_argument("--for", dest="for_key", metavar="KIND:ID", help="An existing item.")
        parser.add_argument(
            "--queries", type=Path, metavar="FILE", help='JSON lines: {"id", "text", "kind"}.'
        )
        parser.add_argument(
            "--kind", action="append", choices=KINDS, help="Only this kind (repeatable)."
        )
        parser.add_argument("--top", type=int, default=10, help="How many results (default 10).")
        parser.add_argument("--json", action="store_true", help="Print JSON.")
        parser.add_argument("--as", dest="as_user", metavar="USERNAME", help="See as this user.")

    def handle(self, *args: Any, **options: Any) -> None:
        sources = [options["text"], options["for_key"], options["queries"]]
        if sum(s is not None for s in sources) != 1:
            raise fail("Give exactly one of: free text, --for KIND:ID, --queries FILE.")
        top = options["top"]
        if not 1 <= top <= selectors.MAX_TOP:
            raise fail(f"--top must be between 1 and {selectors.MAX_TOP}.")
        user = self._user(options["as_user"])
        kinds = tuple(options["kind"] or ())
        if options["queries"] is not None:
            self._queries(user, options["queries"], kinds, top)
            return
        if options["for_key"] is not None:
            results = self._for(user, options["for_key"], kinds, top)
        else:
            text = options["text"].strip()
            if not text:
                raise fail("The text to match is empty.")
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
            raise fail(f"--as: no user named {username!r}.")
        if not user.is_active:
            raise fail(f"--as: user {username!r} is not active.")
        return user

    def _for(self, user: Any, key: str, kinds: tuple[str, ...], top: int) -> list[Result]:
        try:
            kind, ident = split_key(key)
        except ValueError:
            raise fail(
                f"--for: {key!r} is not an item: write KIND:ID with KIND one of "
                f"{', '.join(KIND_MODELS)} (e.g. need:12)."
            ) from None
        who = "visitors" if not user.is_authenticated else f"user {user.get_username()!r}"
        try:
            return selectors.suggestions_for(user, key, kinds or None, top)
        except selectors.UnknownItem:
            raise fail(f"--for: no {kind} with id {ident} visible to {who}.") from None

    def _queries(self, user: Any, path: Path, kinds: tuple[str, ...], top: int) -> None:
        queries = read_queries(path, kinds)
        results = selectors.search_many(user, [(text, k) for _id, text, k in queries], top)
        for (query_id, _text, _kinds), found in zip(queries, results, strict=True):
            self.stdout.write(
                json.dumps(
                    {"id": query_id, "results": [r.as_json() for r in found]}, ensure_ascii=False
                )
            )

    def _table(self, results: list[Result]) -> None:
        if not results:
            self.stdout.write("No results.")
            return
        for rank, r in enumerate(results, start=1):
            self.stdout.write(f"{rank:>3}. {r.score:7.4f}  {r.kind}:{r.id:<6} {r.title}")
            why = []
            if r.reasons.get("shared_competences"):
                why.append(
                    "competences "
                    + ", ".join(
                        f"{c.get('code')} ({c.get('match')})"
                        for c in r.reasons["shared_competences"]
                    )
                )
            if r.reasons.get("matched_terms"):
                why.append("terms " + ", ".join(map(str, r.reasons["matched_terms"][:8])))
            for name in ("trl_fit", "partnership", "org_kind"):
                if r.reasons.get(name):
                    why.append(f"{name.replace('_', ' ')} {r.reasons[name]}")
            for flag in ("same_cluster", "same_region"):
                if r.reasons.get(flag):
                    why.append(flag.replace("_", " "))
            if why:
                self.stdout.write("              " + "; ".join(why))
