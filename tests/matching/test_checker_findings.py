"""What an outside checker of issue 3 found on inputs the developers had not tried: each test
failed before its fix."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command

from ponte.matching import selectors
from ponte.matching.evaluation import BeirFormatError, load_corpus, load_qrels, load_queries
from tests.matching.conftest import World

# --- ponte match --queries ------------------------------------------------------------------


def not_json(constant: str) -> None:
    raise AssertionError(f"{constant} is not JSON")


def test_query_ids_are_echoed_exactly_as_written_and_the_output_stays_json(
    world: World, tmp_path: Path
) -> None:
    """A number too large for a float came back as `Infinity` (not JSON) and 1.50 as 1.5."""
    queries = tmp_path / "q.jsonl"
    queries.write_text(
        '{"id": 1e400, "text": "conservanti"}\n'
        '{"id": 1.50, "text": "conservanti"}\n'
        '{"id": {"ref": [2.0, -0.0, 12345678901234567890123]}, "text": "conservanti"}\n',
        encoding="utf-8",
    )
    out = StringIO()
    call_command("match", "--json", "--top", "1", "--queries", str(queries), stdout=out)
    lines = out.getvalue().splitlines()
    assert [line.split(', "results": ')[0] for line in lines] == [
        '{"id": 1e400',
        '{"id": 1.50',
        '{"id": {"ref": [2.0, -0.0, 12345678901234567890123]}',
    ]
    for line in lines:
        assert set(json.loads(line, parse_constant=not_json)) == {"id", "results"}


def test_query_ids_are_echoed_exactly_in_the_readable_table_too(
    world: World, tmp_path: Path
) -> None:
    queries = tmp_path / "q.jsonl"
    queries.write_text('{"id": 1.50, "text": "conservanti"}\n', encoding="utf-8")
    out = StringIO()
    call_command("match", "--top", "1", "--queries", str(queries), stdout=out)
    assert out.getvalue().splitlines()[0] == "# 1.50"


# --- ponte eval: BEIR files -----------------------------------------------------------------


def test_a_json_error_on_the_last_character_of_a_line_names_that_line_and_column(
    tmp_path: Path,
) -> None:
    """The newline was parsed with the line, so the error was "at column 1"."""
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(b'{"_id": "a", "text": "x"}\n{"_id": "c", "text": "z"\r\n')
    with pytest.raises(BeirFormatError, match=r"corpus.jsonl:2: not valid JSON \(.* column 25\)"):
        load_corpus(path)


def test_the_qrels_header_may_follow_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "test.tsv"
    path.write_bytes(b"\xef\xbb\xbf\r\n\r\nquery-id\tcorpus-id\tscore\r\nq1\td1\t1\r\n")
    assert load_qrels(path) == {"q1": {"d1": 1}}


def test_only_the_first_non_blank_qrels_line_may_be_a_header(tmp_path: Path) -> None:
    path = tmp_path / "test.tsv"
    path.write_text("q1\td1\t1\nquery-id\tcorpus-id\tscore\n", encoding="utf-8")
    with pytest.raises(BeirFormatError, match=r"test.tsv:2: score 'score' is not an integer"):
        load_qrels(path)


@pytest.mark.parametrize(
    "line",
    [
        b'{"_id": "q1"}\n',
        b'{"_id": "q1", "query": "stabilita"}\n',
        b'{"_id": "q1", "text": null}\n',
        b'{"_id": "q1", "text": "   "}\n',
    ],
)
def test_a_query_without_text_is_a_named_error_not_an_empty_search(
    tmp_path: Path, line: bytes
) -> None:
    """A query line without text was searched as the empty string and scored."""
    path = tmp_path / "queries.jsonl"
    path.write_bytes(b'{"_id": "q0", "text": "creme"}\n' + line)
    with pytest.raises(BeirFormatError, match=r"queries.jsonl:2: text must be a non-empty"):
        load_queries(path)


def test_a_missing_test_split_names_the_splits_the_qrels_folder_has(
    tmp_path: Path,
) -> None:
    (tmp_path / "qrels").mkdir()
    (tmp_path / "qrels" / "dev.tsv").write_text("q1\td1\t1\n", encoding="utf-8")
    (tmp_path / "qrels" / "train.tsv").write_text("q1\td1\t1\n", encoding="utf-8")
    with pytest.raises(BeirFormatError) as error:
        load_qrels(tmp_path / "qrels" / "test.tsv")
    assert str(error.value) == (
        f"{tmp_path / 'qrels' / 'test.tsv'}: file not found "
        "(qrels/ has dev.tsv, train.tsv; ponte eval reads test.tsv)"
    )


def test_a_directory_given_as_a_file_is_not_called_missing(tmp_path: Path) -> None:
    with pytest.raises(BeirFormatError, match=r": not a file$"):
        load_queries(tmp_path)


# --- free text without a word to match -------------------------------------------------------


@pytest.mark.parametrize("text", ["???", "il la di", "the of and", "a", "🧴 🧪"])
def test_text_with_no_word_to_match_finds_nothing_rather_than_anything(
    world: World, text: str
) -> None:
    """Only stop words or punctuation: the embedding still ranked every document, and the
    first came back with score 0.8 and the reason "close in meaning"."""
    assert selectors.search(AnonymousUser(), text, (), 10) == []
    assert selectors.search_many(AnonymousUser(), [(text, ()), ("conservanti", ())], 10)[0] == []
    out = StringIO()
    call_command("match", "--json", text, stdout=out)
    assert json.loads(out.getvalue()) == []


def test_a_word_among_stop_words_is_still_searched(world: World) -> None:
    assert selectors.search(AnonymousUser(), "il la di conservanti", (), 10)
