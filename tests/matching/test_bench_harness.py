"""`make bench`'s harness runs end to end at a tiny size and writes the JSON it promises.

Correctness only: benchmarks are not tests, so no timing is asserted here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "bench" / "matching_bench.py"
MODES = ("lexical", "dense", "hybrid")
FILTERS = ("all", "allowed_50")


def test_harness_writes_the_promised_json(tmp_path: Path) -> None:
    out = tmp_path / "matching.json"
    proc = subprocess.run(
        [
            sys.executable,
            str(BENCH),
            "--sizes",
            "500",
            "--queries",
            "20",
            "--repeats",
            "1",
            "--no-embedding",
            "--in-process",
            "--tmpdir",
            str(tmp_path),
            "--out",
            str(out),
        ],  # fmt: skip
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "wrote" in proc.stdout

    result = json.loads(out.read_text())
    assert {"machine", "date", "embedding", "sizes", "incremental_update_s", "targets"} <= set(
        result
    )
    assert {"cpu_count", "python", "numpy", "tantivy"} <= set(result["machine"])
    assert list(result["sizes"]) == ["500"]
    size = result["sizes"]["500"]
    assert size["documents"] == 500
    for mode in MODES:
        for filt in FILTERS:
            engine = size["latency_ms"][mode][filt]
            baseline = size["baseline_latency_ms"][mode][filt]
            assert engine["queries"] == baseline["queries"] == 20
            assert 0 < engine["p50"] <= engine["p95"]
            assert 0 < baseline["p50"] <= baseline["p95"]
            assert set(size["speedup_vs_baseline"][mode][filt]) == {"p50", "p95"}
    assert size["build"]["docs_per_s"] > 0
    assert size["memory_mib"]["index_on_disk"]["total"] > 0
    assert "process_peak_rss" in size["memory_mib"]

    checks = size["checks"]
    # The engine is exact today; whatever it becomes, the filter must never leak a key.
    assert checks["allowed_violations"] == 0
    assert checks["embedder_misses"] == 0
    assert all(0.0 <= v <= 1.0 for v in checks["dense_recall_at_10_vs_exact"].values())
    # The numpy BM25 baseline scores the engine's own analysed terms: same top results.
    assert checks["lexical_overlap_at_10_vs_baseline"]["all"] >= 0.8

    incremental = result["incremental_update"]
    assert incremental["index_documents"] == 500
    assert result["incremental_update_s"] == incremental["max_s"]
    assert incremental["max_s"] is not None  # the new document did become visible
    assert "met" in result["targets"]
