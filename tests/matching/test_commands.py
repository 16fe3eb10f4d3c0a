"""`ponte match` and `ponte index` through call_command, on the tiny indexed site."""

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


def match_json(*args: str) -> list[dict[str, Any]]:
    results = json.loads(match("--json", *args))
    assert isinstance(results, list)
    return results


def test_free_text_prints_kind_id_title_score_and_reasons(world: World) -> None:
    results = match_json("--top", "3", "conservanti naturali per creme")
    assert 1 <= len(results) <= 3
    for r in results:
        assert set(r) >= {"kind", "id", "title", "score", "reasons"}
        assert isinstance(r["score"], float) and isinstance(r["reasons"], dict)
    assert ("offer", str(world.public_offer.pk)) in [(r["kind"], r["id"]) for r in results]
    assert any("matched_terms" in r["reasons"] for r in results)


def test_kind_limits_the_results(world: World) -> None:
    results = match_json("--kind", "person", "preservative systems")
    assert results and {r["kind"] for r in results} == {"person"}


def test_visitors_do_not_see_confidential_items_but_their_owner_does(
    world: World, member_user: User
) -> None:
    query = "zircofenolo conservante sieri"
    secret = {"kind": "need", "id": str(world.secret_need.pk)}
    as_visitor = match_json("--top", "20", query)
    as_owner = match_json("--top", "1", "--as", member_user.username, query)
    assert secret not in [{"kind": r["kind"], "id": r["id"]} for r in as_visitor]
    assert {"kind": as_owner[0]["kind"], "id": as_owner[0]["id"]} == secret


def test_for_an_item_suggests_its_complementary_kinds_without_itself(world: World) -> None:
    need = world.public_need
    results = match_json("--top", "10", "--for", f"need:{need.pk}")
    assert results
    assert {r["kind"] for r in results} <= {"offer", "org", "person"}
    assert not any(r["kind"] == "need" and r["id"] == str(need.pk) for r in results)


def test_queries_prints_one_json_line_per_query(world: World, tmp_path: Path) -> None:
    queries = tmp_path / "queries.jsonl"
    queries.write_text(
        '{"id": "q1", "text": "conservanti naturali"}\n'
        "\n"
        '{"id": 2, "text": "recyclable jars", "kind": "offer"}\n',
        encoding="utf-8",
    )
    lines = [
        json.loads(line)
        for line in match("--json", "--top", "2", "--queries", str(queries)).splitlines()
    ]
    assert [line["id"] for line in lines] == ["q1", 2]
    assert all(len(line["results"]) <= 2 for line in lines)
    assert {r["kind"] for r in lines[1]["results"]} == {"offer"}
    assert set(lines[0]["results"][0]) >= {"kind", "id", "title", "score", "reasons"}


def test_the_readable_table_lists_ranks_and_reasons(world: World) -> None:
    out = match("--top", "3", "conservanti naturali per creme")
    assert out.startswith("  1.") and "Conservanti naturali per creme" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as", "nobody", "creme"], "no user named 'nobody'"),
        (["--for", "need:999999"], "no need with id 999999 visible to visitors"),
        (["--for", "needle:1"], "is not an item"),
        (["--queries", "/nonexistent/queries.jsonl"], "no such file"),
        (["--top", "0", "creme"], "--top"),
        ([], "exactly one of"),
    ],
)
def test_mistakes_exit_with_code_2_and_name_the_problem(
    world: World, args: list[str], message: str
) -> None:
    with pytest.raises(CommandError) as error:
        match(*args)
    assert error.value.returncode == 2
    assert message in str(error.value)


def test_a_bad_line_in_the_queries_file_is_reported_with_its_number(
    world: World, tmp_path: Path
) -> None:
    queries = tmp_path / "queries.jsonl"
    queries.write_text('{"id": 1, "text": "creme"}\n{"id": 2, "text": \n', encoding="utf-8")
    with pytest.raises(CommandError) as error:
        match("--queries", str(queries))
    assert error.value.returncode == 2
    assert f"{queries}:2: not valid JSON" in str(error.value)


def test_a_confidential_item_cannot_be_used_as_a_source_by_visitors(world: World) -> None:
    with pytest.raises(CommandError, match="visible to visitors"):
        match("--for", f"need:{world.secret_need.pk}")


def test_index_status_compares_the_index_with_the_database(world: World) -> None:
    out = StringIO()
    call_command("index", "--status", "--json", stdout=out)
    status = json.loads(out.getvalue())
    assert status["indexed"] == {k: v for k, v in status["in_database"].items() if v}
    assert status["pending_updates"] == 0


def test_an_index_from_an_older_analysis_asks_for_a_rebuild_until_it_is_done(
    world: World,
) -> None:
    """An index written before today's analysis (acronyms spelt out, region codes) still
    serves, and `--status` says to rebuild; incremental saves do not hide that, a rebuild
    does."""
    from ponte.matching import index as matching_index
    from ponte.matching.services import reindex

    engine = matching_index.get_engine()
    meta_path = engine._meta_path()
    meta = json.loads(meta_path.read_text())
    meta_path.write_text(json.dumps({**meta, "analysis": 1}))

    def status() -> tuple[bool, str]:
        as_json, text = StringIO(), StringIO()
        call_command("index", "--status", "--json", stdout=as_json)
        call_command("index", "--status", stdout=text)
        return json.loads(as_json.getvalue())["analysis_current"], text.getvalue()

    current, text = status()
    assert current is False and "ponte index --rebuild" in text
    reindex("offer", world.public_offer.pk)  # an incremental save keeps the verdict
    assert status()[0] is False
    call_command("index", "--rebuild", stdout=StringIO())
    current, text = status()
    assert current is True and "older text analysis" not in text


def test_index_rebuild_reports_what_it_indexed(world: World) -> None:
    out = StringIO()
    call_command("index", "--rebuild", stdout=out)
    assert "Indexed" in out.getvalue() and "removed 0 stale" in out.getvalue()
