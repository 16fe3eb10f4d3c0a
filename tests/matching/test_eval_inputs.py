"""`ponte eval` on BEIR datasets written the many ways real ones are: headers or not, BOMs,
integer ids, missing titles, duplicates, judgements of nothing; and the runner's averages
against figures computed by hand."""

from __future__ import annotations

import gzip
import json
import math
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from ponte.matching.embeddings import default_embedder
from ponte.matching.evaluation import (
    BeirFormatError,
    evaluate_beir,
    load_corpus,
    load_qrels,
    load_queries,
)


def write_jsonl(path: Path, rows: list[Any], *, bom: bool = False) -> Path:
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def test_qrels_with_or_without_a_header_a_bom_crlf_blank_and_repeated_lines(
    tmp_path: Path,
) -> None:
    expected = {"1": {"10": 2, "11": 0}, "q2": {"d": 1}}
    with_header = tmp_path / "with.tsv"
    with_header.write_bytes(
        b"\xef\xbb\xbfquery-id\tcorpus-id\tscore\r\n1\t10\t1\r\n\r\n1\t11\t0\r\nq2\td\t1\r\n"
        b"1\t10\t2\r\n"  # a repeated pair keeps its last score, as BEIR's loader does
    )
    without_header = tmp_path / "without.tsv"
    without_header.write_text("1\t10\t2\n1\t11\t0.0\nq2\td\t1\n\n", encoding="utf-8")
    other_header = tmp_path / "other.tsv"
    other_header.write_text("qid\tdocid\trelevance\n1\t10\t2\n1\t11\t0\nq2\td\t1\n")
    assert load_qrels(with_header) == expected
    assert load_qrels(without_header) == expected
    assert load_qrels(other_header) == expected


def test_qrels_in_trecs_four_columns_with_tabs_or_spaces(tmp_path: Path) -> None:
    """`query-id 0 corpus-id score`, as trec_eval writes them: the first line is data, not
    a header taken silently."""
    expected = {"1": {"10": 2, "11": 0}, "q2": {"d": 1}}
    tabs = tmp_path / "tabs.tsv"
    tabs.write_text("1\t0\t10\t2\n1\t0\t11\t0\nq2\t0\td\t1\n", encoding="utf-8")
    spaces = tmp_path / "spaces.txt"
    spaces.write_text("1 Q0 10 2\n1 Q0 11 0\nq2 Q0 d 1\n", encoding="utf-8")
    assert load_qrels(tabs) == expected
    assert load_qrels(spaces) == expected


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("q\td\t1\nq\td\tx\n", r"bad.tsv:2: score 'x' is not an integer"),
        ("q\td\t1.5\n", r"bad.tsv:1: score '1.5' is not an integer"),
        ("query-id\tcorpus-id\tscore\nq\td\tinf\n", r"bad.tsv:2: score 'inf'"),
        ("q\td\t1\nq d 1\n", r"bad.tsv:2: three tab-separated columns expected"),
    ],
)
def test_a_bad_qrels_line_is_named_by_its_number(
    tmp_path: Path, content: str, message: str
) -> None:
    (tmp_path / "bad.tsv").write_text(content, encoding="utf-8")
    with pytest.raises(BeirFormatError, match=message):
        load_qrels(tmp_path / "bad.tsv")


def test_corpus_lines_as_real_datasets_write_them(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "corpus.jsonl",
        [
            {"_id": 7, "text": "no title at all", "metadata": {"url": "http://x", "authors": []}},
            {"_id": "8", "title": "", "text": "empty title"},
            {"_id": "9", "title": None, "text": "null title", "metadata": None},
            {"_id": "offer:1", "title": "T", "text": "first", "metadata": {"lang": ["it"]}},
            {"_id": "offer:1", "title": "T2", "text": "second"},
        ],
        bom=True,
    )
    docs = load_corpus(path)
    assert [(d.key, d.title, d.text, d.language) for d in docs] == [
        ("7", "", "no title at all", None),
        ("8", "", "empty title", None),
        ("9", "", "null title", None),
        ("offer:1", "T2", "second", None),  # the last line of a repeated _id wins
    ]
    queries = write_jsonl(
        tmp_path / "q.jsonl", [{"_id": 1, "text": "a"}, {"_id": "1", "text": "b"}]
    )
    assert load_queries(queries) == {"1": "b"}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b'{"_id": "a", "text": "x"}\n{"_id": "b", "text": \n', r"c.jsonl:2: not valid JSON"),
        (
            b'{"_id": "a", "text": "x"}\n\n{"_id": "b", "text": "caf\xe9"}\n',
            r"c.jsonl:3: not UTF-8",
        ),
        (b'{"_id": null, "text": "x"}\n', r"c.jsonl:1: _id must be a non-empty string or an int"),
        (b'{"_id": "", "text": "x"}\n', r"c.jsonl:1: _id must be"),
        (b'{"_id": "a", "text": ["x"]}\n', r"c.jsonl:1: text must be a string"),
        (b'["a"]\n', r"c.jsonl:1: a JSON object with an _id is expected"),
    ],
)
def test_a_bad_jsonl_line_is_named_by_file_and_number(
    tmp_path: Path, raw: bytes, message: str
) -> None:
    (tmp_path / "c.jsonl").write_bytes(raw)
    with pytest.raises(BeirFormatError, match=message):
        load_corpus(tmp_path / "c.jsonl")


# --- the runner, against hand-computed figures ------------------------------------------------


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """Lexical retrieval is deterministic here: every query word occurs in the documents named.

    q1 "zorbatron": only d1 has it; judged d1 = 1, d2 = 2 (never retrieved), d3 = 0.
    q2 "quillifex": judged only with grade 0 (counts, scores 0, as in pytrec_eval).
    d5 "vexolind": d5 (the query's own id, short, so BM25 puts it first) and d6; judged d6 = 1.
    q3 has no judgements; q9 is judged but has no line in queries.jsonl: neither is evaluated.
    """
    root = tmp_path / "beir"
    (root / "qrels").mkdir(parents=True)
    write_jsonl(
        root / "corpus.jsonl",
        [
            {"_id": "d1", "title": "Zorbatron", "text": "zorbatron lamina"},
            {"_id": "d2", "title": "", "text": "lamina piatta"},
            {"_id": "d3", "text": "quillifex"},
            {"_id": "d5", "text": "vexolind"},
            {"_id": "d6", "text": "vexolind con molte altre parole di riempimento qui"},
        ],
    )
    write_jsonl(
        root / "queries.jsonl",
        [
            {"_id": "q1", "text": "zorbatron"},
            {"_id": "q2", "text": "quillifex"},
            {"_id": "d5", "text": "vexolind"},
            {"_id": "q3", "text": "zorbatron"},
        ],
    )
    (root / "qrels" / "test.tsv").write_text(
        "query-id\tcorpus-id\tscore\n"
        "q1\td1\t1\nq1\td2\t2\nq1\td3\t0\nq2\td3\t0\nd5\td6\t1\nq9\td1\t1\nq1\tmissing\t0\n",
        encoding="utf-8",
    )
    return root


def test_the_runner_averages_beir_metrics_over_the_judged_queries(
    tiny: Path, embedding_cache: Path
) -> None:
    messages: list[str] = []
    report = evaluate_beir(
        tiny,
        modes=("lexical",),
        embedder=default_embedder(embedding_cache),
        progress=messages.append,
    )
    q1_ndcg = 1.0 / (2.0 + 1.0 / math.log2(3))  # d1 (1) first; ideal d2 (2), d1 (1)
    assert (report["queries"], report["documents"]) == (3, 5)
    assert report["lexical"] == {
        "ndcg@10": pytest.approx((q1_ndcg + 0.0 + 1.0) / 3, abs=1e-4),
        "recall@100": pytest.approx((0.5 + 0.0 + 1.0) / 3, abs=1e-4),
        # d5 is the query itself: dropped, as BEIR does, so d6 is first.
        "mrr@10": pytest.approx((1.0 + 0.0 + 1.0) / 3, abs=1e-4),
    }
    said = "\n".join(messages)
    assert "judged query ids without a line in" in said and "not evaluated: 1" in said


def test_gzipped_files_as_the_hugging_face_copies_ship_them(
    tiny: Path, embedding_cache: Path
) -> None:
    """corpus.jsonl.gz and queries.jsonl.gz beside a plain qrels/test.tsv: the same figures
    as the plain files; a truncated stream is named, not a traceback."""
    embedder = default_embedder(embedding_cache)
    plain = evaluate_beir(tiny, modes=("lexical",), embedder=embedder, progress=lambda m: None)
    for name in ("corpus.jsonl", "queries.jsonl"):
        data = (tiny / name).read_bytes()
        (tiny / f"{name}.gz").write_bytes(gzip.compress(data))
        (tiny / name).unlink()
    packed = evaluate_beir(tiny, modes=("lexical",), embedder=embedder, progress=lambda m: None)
    assert packed == plain

    whole = (tiny / "corpus.jsonl.gz").read_bytes()
    (tiny / "corpus.jsonl.gz").write_bytes(whole[: len(whole) // 2])
    with pytest.raises(BeirFormatError, match="not a complete gzip file"):
        evaluate_beir(tiny, modes=("lexical",), embedder=embedder, progress=lambda m: None)


def test_a_document_judged_for_a_query_with_the_same_id_is_kept(
    tiny: Path, embedding_cache: Path
) -> None:
    """Numeric ids in two namespaces may coincide: a judged answer is never dropped."""
    with (tiny / "qrels" / "test.tsv").open("a", encoding="utf-8") as qrels:
        qrels.write("d5\td5\t1\n")
    report = evaluate_beir(
        tiny,
        modes=("lexical",),
        embedder=default_embedder(embedding_cache),
        progress=lambda message: None,
    )
    assert report["lexical"]["recall@100"] == pytest.approx((0.5 + 0.0 + 1.0) / 3, abs=1e-4)
    assert report["lexical"]["mrr@10"] == pytest.approx((1.0 + 0.0 + 1.0) / 3, abs=1e-4)


# --- the command --------------------------------------------------------------------------


def run_eval(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("eval", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_prints_one_json_object_and_leaves_the_site_alone(
    tiny: Path, site_index: Path, capsys: Any
) -> None:
    out, _ = run_eval("--beir", str(tiny), "--json")
    assert out.count("\n") == 1 and out.endswith("\n")
    report = json.loads(out)
    assert list(report) == ["queries", "documents", "lexical", "dense", "hybrid"]
    assert (report["queries"], report["documents"]) == (3, 5)
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "queries judged: 3 of 4" in captured.err  # progress on stderr
    assert not site_index.exists()  # the site's index was never opened


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda root: (root / "corpus.jsonl").unlink(), "corpus.jsonl: file not found"),
        (lambda root: (root / "queries.jsonl").write_text("{oops\n"), "queries.jsonl:1: not"),
        (lambda root: (root / "corpus.jsonl").write_text("\n"), "corpus.jsonl: no documents"),
        (
            lambda root: (root / "qrels" / "test.tsv").write_text("zz\td1\t1\n"),
            "no query of",
        ),
    ],
)
def test_bad_benchmarks_exit_with_code_2_and_a_clear_message(
    tiny: Path, settings: Any, tmp_path: Path, change: Any, message: str
) -> None:
    settings.MATCHING_EMBED_CACHE = tmp_path / "cache"
    change(tiny)
    with pytest.raises(CommandError, match=message) as error:
        run_eval("--beir", str(tiny), "--json")
    assert error.value.returncode == 2
