"""`ponte match` driven the way an unseen checker drives it: odd query files, odd item keys,
hidden items, and what exactly reaches standard output."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ponte.accounts.models import User
from tests.matching.conftest import World


def match(*args: str) -> str:
    out = StringIO()
    call_command("match", *args, stdout=out)
    return out.getvalue()


def failure(*args: str) -> str:
    with pytest.raises(CommandError) as error:
        match(*args)
    assert error.value.returncode == 2
    return str(error.value)


def test_a_queries_file_with_a_bom_and_crlf_is_read(world: World, tmp_path: Path) -> None:
    queries = tmp_path / "q.jsonl"
    queries.write_bytes(
        b'\xef\xbb\xbf{"id": 1, "text": "conservanti naturali"}\r\n\r\n'
        b'{"id": {"ref": [1, "a"]}, "text": "recyclable jars", "kind": ["offer"]}\r\n'
    )
    lines = match("--json", "--top", "2", "--queries", str(queries)).splitlines()
    assert [json.loads(line)["id"] for line in lines] == [1, {"ref": [1, "a"]}]
    assert {r["kind"] for r in json.loads(lines[1])["results"]} == {"offer"}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b'{"id": 1, "text": "creme"}\n{"id": NaN, "text": "creme"}\n', ":2: not valid JSON"),
        (b'{"id": 1, "text": "creme"}\n{"id": 2, "text": "caf\xe9"}\n', ":2: not UTF-8 text"),
        (b'{"id": 1, "text": "creme"}\n\n{"id": 3, "text": "x", "kind": "lab"}\n', ":3: unknown"),
    ],
)
def test_a_bad_line_stops_the_run_before_anything_is_printed(
    world: World, tmp_path: Path, raw: bytes, message: str
) -> None:
    queries = tmp_path / "q.jsonl"
    queries.write_bytes(raw)
    out = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("match", "--json", "--queries", str(queries), stdout=out)
    assert error.value.returncode == 2
    assert f"{queries}{message}" in str(error.value)
    assert out.getvalue() == ""


def test_queries_without_json_print_a_readable_table_per_query(
    world: World, tmp_path: Path
) -> None:
    queries = tmp_path / "q.jsonl"
    queries.write_text('{"id": "a", "text": "conservanti naturali"}\n', encoding="utf-8")
    out = match("--top", "1", "--queries", str(queries))
    assert out.startswith('# "a"\n  1.')
    assert "Words in common" in out


def test_an_item_key_is_read_leniently_but_only_as_an_item(world: World) -> None:
    need = world.public_need
    expected = match("--json", "--top", "3", "--for", f"need:{need.pk}")
    assert match("--json", "--top", "3", "--for", f" NEED:00{need.pk} ") == expected
    for bad in ("need:abc", "foo:1", "need:", "need:-1", "need:٣", "project:1", "need"):
        assert "is not an item" in failure("--json", "--for", bad)


def test_a_hidden_item_is_reported_exactly_like_a_missing_one(world: World) -> None:
    secret = world.secret_need.pk
    missing = secret + 1000
    hidden = failure("--json", "--for", f"need:{secret}")
    absent = failure("--json", "--for", f"need:{missing}")
    assert hidden.replace(str(secret), "ID") == absent.replace(str(missing), "ID")


def test_results_ids_are_what_for_accepts(world: World, member_user: User) -> None:
    results = json.loads(match("--json", "--top", "5", "preservative systems"))
    assert results
    for r in results:
        assert set(r) >= {"kind", "id", "title", "score", "reasons"}
        json.loads(match("--json", "--top", "1", "--for", f"{r['kind']}:{r['id']}"))


def test_every_kind_filter_and_a_logged_in_user_not_found(world: World, member_user: User) -> None:
    for kind in ("org", "person", "offer", "need", "project"):
        results = json.loads(match("--json", "--kind", kind, "conservanti"))
        assert {r["kind"] for r in results} <= {kind}
    message = failure("--json", "--as", member_user.username, "--for", "need:999999")
    assert f"visible to user {member_user.username!r}" in message


def test_top_outside_its_range_is_refused(world: World, capsys: Any) -> None:
    for top in ("0", "-1", "101", "1000000"):
        assert "--top must be between 1 and 100" in failure("--json", "--top", top, "creme")
    assert len(json.loads(match("--json", "--top", "100", "creme"))) <= 100


@pytest.mark.parametrize("key", ["need:²", "org:٣", "offer:¹²", "need:", "need:1a", "town:1"])
def test_a_key_needs_a_known_kind_and_an_ascii_id(key: str) -> None:
    """Digits `str.isdigit` accepts but `int` or a URL would not ("²") are no id."""
    from ponte.matching.documents import split_key

    with pytest.raises(ValueError):
        split_key(key)
