"""Build Ponte's development benchmark (BEIR layout) in bench/data/dev/.

    .venv/bin/python bench/make_dev_corpus.py          # writes the files
    .venv/bin/python bench/make_dev_corpus.py --check  # rebuilds in memory, compares, exits 1 on drift

Sources, all in the repository:
- the demo data modules (src/ponte/demo/): every offer, organisation profile and person
  profile, exported without a database (bench/data/dev/source/demo_export.py);
- hand-written queries, each with the documents written to answer it and a few deliberate hard
  negatives, graded by hand (bench/data/dev/source/targets_*.py), plus hand-graded demo documents;
- hand-written long-tail subjects turned into varied documents (source/longtail*.py), graded
  per subject where a subject answers a query.

No search or retrieval code is used anywhere: every judgement is written in the sources.
Output is deterministic (fixed seeds, stable ordering).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "data" / "dev"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(OUT))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ponte.settings")
import django  # noqa: E402

django.setup()

from source import (  # noqa: E402
    longtail_cos,
    longtail_cos2,
    longtail_extra,
    longtail_other,
    targets_a,
    targets_b,
    targets_c,
    targets_d,
    targets_e,
)
from source.demo_export import demo_documents, offer_id, org_id  # noqa: E402
from source.longtail import Names, subject_documents  # noqa: E402
from source.model import Query  # noqa: E402

from ponte.demo.data_offers import OFFERS  # noqa: E402

SEED = 20260224
KIND_PREFIX = {"offer": "offer", "org": "org", "person": "person", "project": "project"}


def all_queries() -> list[Query]:
    queries: list[Query] = []
    for module in (targets_a, targets_b, targets_c, targets_d, targets_e):
        queries.extend(module.QUERIES)
    return queries


def demo_ref(ref: str) -> str:
    """Turn a hand-written demo reference into a corpus id."""
    if ref.startswith("O"):
        return offer_id(OFFERS[int(ref[1:])].title)
    prefix, _, name = ref.partition(":")
    if prefix == "G":
        return org_id(name)
    if prefix == "R":
        return "org:" + name
    if prefix == "P":
        return "person:" + name
    raise ValueError(f"bad demo reference {ref!r}")


def build() -> dict[str, str]:
    """Return the content of every output file, keyed by its path relative to OUT."""
    rng = random.Random(SEED)
    corpus: list[dict] = demo_documents()
    demo_ids = {doc["_id"] for doc in corpus}
    qrels: dict[tuple[str, str], int] = {}
    queries = all_queries()
    qids = [q.qid for q in queries]
    assert len(set(qids)) == len(qids), "duplicate query ids"

    # Synthetic documents, collected first and given neutral ids after a shuffle, so an id
    # never tells which query a document was written for.
    synthetic: list[tuple[dict, dict[str, int]]] = []
    for query in queries:
        for doc in query.docs:
            grades = {query.qid: doc.grade, **doc.also}
            synthetic.append(
                (
                    {
                        "kind": doc.kind,
                        "profile": None,
                        "lang": doc.lang,
                        "title": doc.title,
                        "text": doc.text,
                        "competences": list(doc.competences),
                        "trl": doc.trl if doc.kind == "offer" else None,
                        "cluster": doc.cluster or query.cluster,
                    },
                    grades,
                )
            )
        for ref, grade in query.demo.items():
            if grade <= 0:
                continue
            corpus_id = demo_ref(ref)
            if corpus_id not in demo_ids:
                raise ValueError(f"{query.qid}: demo reference {ref!r} -> {corpus_id} not found")
            qrels[(query.qid, corpus_id)] = grade
    taken_people = {
        doc["title"].split(" ", 1)[-1] for doc in corpus if doc["_id"].startswith("person:")
    }
    names = Names(random.Random(SEED + 1), taken_people)
    subjects = (
        longtail_cos.SUBJECTS
        + longtail_cos2.SUBJECTS
        + longtail_other.SUBJECTS
        + longtail_extra.SUBJECTS
    )
    keys = [s.key for s in subjects]
    assert len(set(keys)) == len(keys), "duplicate subject keys"
    for subject in subjects:
        for doc in subject_documents(subject, random.Random(f"{SEED}:{subject.key}"), names):
            synthetic.append((doc, doc.pop("rel")))

    rng.shuffle(synthetic)
    counters: Counter[str] = Counter()
    seen_texts = {doc["text"] for doc in corpus}
    for doc, grades in synthetic:
        if doc["text"] in seen_texts:
            raise ValueError(f"duplicate text: {doc['text'][:80]}")
        seen_texts.add(doc["text"])
        counters[doc["kind"]] += 1
        corpus_id = f"{KIND_PREFIX[doc['kind']]}:s{counters[doc['kind']]:04d}"
        metadata = {
            "kind": doc["kind"],
            "lang": doc["lang"],
            "competences": doc["competences"],
            "trl": doc["trl"],
            "cluster": doc["cluster"],
            "synthetic": True,
        }
        if doc.get("profile"):
            metadata["profile"] = doc["profile"]
        corpus.append(
            {"_id": corpus_id, "title": doc["title"], "text": doc["text"], "metadata": metadata}
        )
        for qid, grade in grades.items():
            if grade > 0:
                if qid not in qids:
                    raise ValueError(f"grade for unknown query {qid}")
                qrels[(qid, corpus_id)] = grade

    files: dict[str, str] = {}
    files["corpus.jsonl"] = "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in corpus)
    files["queries.jsonl"] = "".join(
        json.dumps(
            {"_id": q.qid, "text": q.text, "metadata": {"lang": q.lang, "cluster": q.cluster}},
            ensure_ascii=False,
        )
        + "\n"
        for q in queries
    )
    files["queries_en.jsonl"] = "".join(
        json.dumps(
            {
                "_id": q.qid,
                "text": q.text_en,
                "metadata": {"lang": "en", "translated_from": "it", "cluster": q.cluster},
            },
            ensure_ascii=False,
        )
        + "\n"
        for q in queries
        if q.lang == "it"
    )
    order = {qid: i for i, qid in enumerate(qids)}
    rows = sorted(qrels.items(), key=lambda item: (order[item[0][0]], -item[1], item[0][1]))
    files["qrels/test.tsv"] = "query-id\tcorpus-id\tscore\n" + "".join(
        f"{qid}\t{cid}\t{grade}\n" for (qid, cid), grade in rows
    )
    for query in queries:
        if query.lang == "it" and not query.text_en:
            raise ValueError(f"{query.qid}: Italian query without translation")
        if query.lang == "en" and query.text_en:
            raise ValueError(f"{query.qid}: English query with a translation")
    return files


def summary(files: dict[str, str]) -> str:
    corpus = [json.loads(line) for line in files["corpus.jsonl"].splitlines()]
    queries = [json.loads(line) for line in files["queries.jsonl"].splitlines()]
    rows = [line.split("\t") for line in files["qrels/test.tsv"].splitlines()[1:]]
    per_query = Counter(r[0] for r in rows)
    lines = [
        f"documents: {len(corpus)} "
        + str(dict(Counter(d["metadata"]["kind"] for d in corpus)))
        + " lang "
        + str(dict(Counter(d["metadata"]["lang"] for d in corpus))),
        f"synthetic: {sum(1 for d in corpus if d['metadata'].get('synthetic'))}",
        f"queries: {len(queries)} " + str(dict(Counter(q["metadata"]["lang"] for q in queries))),
        f"judgements: {len(rows)} grades " + str(dict(sorted(Counter(r[2] for r in rows).items()))),
        f"relevant per query: min {min(per_query.values())} max {max(per_query.values())} "
        f"mean {len(rows) / len(queries):.1f}",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the files on disk")
    args = parser.parse_args()
    files = build()
    if args.check:
        drift = [
            name
            for name, content in files.items()
            if not (OUT / name).exists() or (OUT / name).read_text(encoding="utf-8") != content
        ]
        if drift:
            print("out of date:", ", ".join(drift))
            return 1
        print("bench/data/dev is up to date")
        return 0
    for name, content in files.items():
        path = OUT / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    digest = hashlib.sha256(files["corpus.jsonl"].encode()).hexdigest()[:12]
    print(summary(files))
    print(f"corpus sha256 {digest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
