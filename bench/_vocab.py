"""The real vocabulary of Ponte's demo data, read from the source files without importing them.

The demo modules and the taxonomy import Django models, so they are parsed with `ast` instead:
every string literal is assigned a language, either explicitly (a call with an `"it"`/`"en"`
argument, such as `Offer(…, "it", …)`; the positional `name_it`/`name_en` of the taxonomy helpers)
or by counting stop words. Words are counted per language and ranked by frequency, which is what
the synthetic corpus samples from (Zipf-like, by rank).
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (
    *sorted((ROOT / "src/ponte/demo").glob("data_*.py")),
    ROOT / "src/ponte/competences/taxonomy.py",
)
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
IT_STOP = frozenset((
    "di", "il", "la", "le", "lo", "gli", "per", "con", "che", "del", "della", "dei", "delle",
    "nel", "nella", "nei", "un", "una", "uno", "sono", "non", "si", "da", "al", "alla", "ai",
    "alle", "sul", "sulla", "tra", "fra", "ci", "ne", "come", "anche", "più", "è", "ed", "o", "ma",
))  # fmt: skip
EN_STOP = frozenset((
    "the", "of", "and", "for", "with", "to", "in", "on", "is", "are", "we", "our", "a", "an",
    "by", "from", "that", "this", "as", "at", "be", "it", "its", "or", "into", "you", "your",
    "can", "than",
))  # fmt: skip
# Taxonomy helpers: positional index of each language's strings.
POSITIONAL = {
    "_t": {2: "it", 3: "en"},
    "_branch": {1: "it", 2: "en", 3: "it", 4: "en"},
    "_cross": {1: "it", 2: "en", 3: "it", 4: "en"},
    "Term": {2: "it", 3: "en", 4: "it", 5: "en"},
}


@dataclass(frozen=True)
class Vocabulary:
    """Per language, words ranked by frequency (most frequent first) and their counts."""

    words: dict[str, tuple[str, ...]]
    counts: dict[str, tuple[int, ...]]
    passages: dict[str, tuple[str, ...]]  # real multi-word texts, for embedding throughput
    competences: dict[str, str | None]  # taxonomy code -> parent code


def _strings(node: ast.AST) -> list[str]:
    return [
        n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]


def _guess(text: str) -> str | None:
    words = [w.lower() for w in WORD.findall(text)]
    if len(words) < 3:
        return None
    it = sum(w in IT_STOP for w in words)
    en = sum(w in EN_STOP for w in words)
    if it > en:
        return "it"
    if en > it:
        return "en"
    return None


def _labelled(tree: ast.AST) -> dict[str, str]:
    """Map each string literal to a language, explicit labels winning over guesses."""
    labels: dict[str, str] = {}
    explicit: dict[str, str] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        if name in POSITIONAL:
            for index, lang in POSITIONAL[name].items():
                if index < len(node.args):
                    for s in _strings(node.args[index]):
                        explicit[s] = lang
            continue
        values = [a for a in (*node.args, *(k.value for k in node.keywords))]
        langs = {
            a.value
            for a in values
            if isinstance(a, ast.Constant) and a.value in ("it", "en") and isinstance(a.value, str)
        }
        if len(langs) == 1:
            lang = langs.pop()
            for a in values:
                for s in _strings(a):
                    if s not in ("it", "en") and len(s.split()) >= 2:
                        explicit.setdefault(s, lang)
    for s in _strings(tree):
        guess = _guess(s)
        if guess:
            labels[s] = guess
    labels.update(explicit)
    return labels


def _taxonomy(tree: ast.AST) -> dict[str, str | None]:
    """code -> parent of every `_t(code, parent, …)`, `_branch(code, …)`, `_cross(code, …)`."""
    out: dict[str, str | None] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or getattr(node.func, "id", "") not in POSITIONAL:
            continue
        args = [a.value if isinstance(a, ast.Constant) else None for a in node.args[:2]]
        if args and isinstance(args[0], str):
            parent = args[1] if node.func.id in ("_t", "Term") and len(args) > 1 else None
            out[args[0]] = parent if isinstance(parent, str) else None
    return out


def load_vocabulary(sources: tuple[Path, ...] = SOURCES) -> Vocabulary:
    counters: dict[str, Counter[str]] = {"it": Counter(), "en": Counter()}
    passages: dict[str, list[str]] = {"it": [], "en": []}
    competences: dict[str, str | None] = {}
    for path in sources:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        competences.update(_taxonomy(tree))
        for text, lang in _labelled(tree).items():
            words = [w.lower() for w in WORD.findall(text) if len(w) >= 2]
            counters[lang].update(words)
            if len(words) >= 8:
                passages[lang].append(text)
    words: dict[str, tuple[str, ...]] = {}
    counts: dict[str, tuple[int, ...]] = {}
    for lang, counter in counters.items():
        ranked = counter.most_common()
        words[lang] = tuple(w for w, _ in ranked)
        counts[lang] = tuple(c for _, c in ranked)
    return Vocabulary(
        words=words,
        counts=counts,
        passages={k: tuple(v) for k, v in passages.items()},
        competences=competences,
    )


if __name__ == "__main__":  # a quick look: python bench/_vocab.py
    vocab = load_vocabulary()
    for lang in ("it", "en"):
        print(lang, len(vocab.words[lang]), "words,", len(vocab.passages[lang]), "passages")
        print("  ", " ".join(vocab.words[lang][:40]))
        print("  ", " ".join(vocab.words[lang][2000:2020]))
