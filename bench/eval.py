"""`make eval`: matching quality on the development benchmark, written to bench/results/eval.json.

Runs `ponte eval --beir bench/data/dev --json` four times against the same corpus and qrels:

- dev                 every query as written (two thirds Italian);
- dev_en_translated   queries_en.jsonl, the English translations of the Italian queries;
- dev_it_only         only the Italian queries, as written;
- dev_it_as_en        the same Italian queries, asked in English;

and derives the issue's two targets: the hybrid's nDCG@10 gain over the better of lexical and
dense on `dev` (target >= +10%), and how far the Italian queries fall behind the same queries
asked in English (target <= 10%).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "bench" / "data" / "dev"
RESULT = ROOT / "bench" / "results" / "eval.json"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def ponte_eval(queries: Path | None = None) -> dict[str, Any]:
    command = [sys.executable, "-m", "ponte.cli", "eval", "--beir", str(DEV), "--json"]
    if queries is not None:
        command += ["--queries", str(queries)]
    print("$", " ".join(command[2:]), file=sys.stderr, flush=True)
    done = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def is_italian(query: dict[str, Any], english: dict[str, str]) -> bool:
    """A query's language: its metadata when given, else "translated, so Italian"."""
    metadata = query.get("metadata") or {}
    language = metadata.get("lang") or metadata.get("language")
    if language:
        return bool(language == "it")
    qid = str(query["_id"])
    return qid in english and english[qid].strip() != str(query.get("text", "")).strip()


def main() -> None:
    queries = read_jsonl(DEV / "queries.jsonl")
    translated = read_jsonl(DEV / "queries_en.jsonl")
    english = {str(q["_id"]): str(q.get("text", "")) for q in translated}
    italian_ids = {str(q["_id"]) for q in queries if is_italian(q, english)}
    with tempfile.TemporaryDirectory(prefix="ponte-eval-") as tmp:
        it_only = write_jsonl(
            Path(tmp) / "it.jsonl", [q for q in queries if str(q["_id"]) in italian_ids]
        )
        it_as_en = write_jsonl(
            Path(tmp) / "it_as_en.jsonl", [q for q in translated if str(q["_id"]) in italian_ids]
        )
        report: dict[str, Any] = {
            "dev": ponte_eval(),
            "dev_en_translated": ponte_eval(DEV / "queries_en.jsonl"),
            "dev_it_only": ponte_eval(it_only),
            "dev_it_as_en": ponte_eval(it_as_en),
        }
    dev = report["dev"]
    best_single = max(dev["lexical"]["ndcg@10"], dev["dense"]["ndcg@10"])
    italian = report["dev_it_only"]["hybrid"]["ndcg@10"]
    asked_in_english = report["dev_it_as_en"]["hybrid"]["ndcg@10"]
    report["targets"] = {
        "hybrid_gain_over_best_single": round(dev["hybrid"]["ndcg@10"] / best_single - 1, 4)
        if best_single
        else 0.0,
        "it_vs_en_gap": round((asked_in_english - italian) / asked_in_english, 4)
        if asked_in_english
        else 0.0,
    }
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report["targets"]), file=sys.stderr)
    print(f"wrote {RESULT.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
