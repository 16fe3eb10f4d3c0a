"""A bilingual glossary that carries a query's words into the other language.

Stemming matches "innovazioni" with "innovazione" but never "conservanti" with
"preservatives". The glossary does: pairs of an Italian and an English phrase, from the
competence taxonomy's own labels (`ponte/competences/taxonomy.py`, read as text so the engine
stays free of Django) and from a hand-written domain list (`glossary_data.py`). A pair applies
to a query when every stem of one side occurs in it (in that side's analyser) and the other side
does not already; the other side's stems are then added to the lexical query with a lower
weight, and the reasons show the pair when the document has it ("conservanti ↔ preservatives").
"""

from __future__ import annotations

import ast
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ponte.matching.analysis import ENGLISH, ITALIAN, analyze, word_stems
from ponte.matching.glossary_data import DOMAIN_PAIRS

TAXONOMY_FILE = Path(__file__).resolve().parent.parent / "competences" / "taxonomy.py"
_PARENTHESES = re.compile(r"\([^)]*\)")
_SPLIT_IT = re.compile(r"\s+(?:e|ed)\s+|,\s*")
_SPLIT_EN = re.compile(r"\s+and\s+|,\s*")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Entry:
    italian: str
    english: str
    it_stems: frozenset[str]  # the Italian side through the Italian analyser
    en_stems: frozenset[str]  # the English side through the English analyser
    # The other side through the other analyser: how the side reads in the other field.
    it_as_en: frozenset[str]
    en_as_it: frozenset[str]


@dataclass(frozen=True)
class Translation:
    """A pair that applies to a query: `source` is what the query wrote (its language side),
    `target` the other side, with the target's stems in each field."""

    source: str
    target: str
    source_language: str
    target_stems: dict[str, frozenset[str]]


def _entry(italian: str, english: str) -> Entry | None:
    it_stems = frozenset(analyze(italian, ITALIAN))
    en_stems = frozenset(analyze(english, ENGLISH))
    it_as_en = frozenset(analyze(italian, ENGLISH))
    en_as_it = frozenset(analyze(english, ITALIAN))
    if not it_stems or not en_stems or it_stems == en_as_it or en_stems == it_as_en:
        return None  # the analysers already match the two sides
    return Entry(italian, english, it_stems, en_stems, it_as_en, en_as_it)


def taxonomy_pairs(path: Path = TAXONOMY_FILE) -> list[tuple[str, str]]:
    """(Italian, English) labels of the competence taxonomy, and their parts when both labels
    list the same number of parts ("Emollienti e tensioattivi" / "Emollients and surfactants")."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError):
        return []
    pairs: list[tuple[str, str]] = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        names = {"_t": (2, 3), "_branch": (1, 2), "_cross": (1, 2)}.get(node.func.id)
        if names is None or len(node.args) <= names[1]:
            continue
        values = [node.args[i] for i in names]
        if not all(isinstance(v, ast.Constant) and isinstance(v.value, str) for v in values):
            continue
        italian, english = (str(v.value) for v in values)  # type: ignore[attr-defined]
        italian, english = _PARENTHESES.sub(" ", italian), _PARENTHESES.sub(" ", english)
        pairs.append((italian, english))
        it_parts, en_parts = _SPLIT_IT.split(italian), _SPLIT_EN.split(english)
        if len(it_parts) > 1 and len(it_parts) == len(en_parts):
            pairs.extend(zip(it_parts, en_parts, strict=True))
    return pairs


class Glossary:
    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        # Keyed by the written words, not the stems: "conservazione" and "conservanti" share a
        # stem but a query must write one of them for its pair to apply.
        entries: dict[tuple[str, str], Entry] = {}
        for italian, english in pairs:
            entry = _entry(italian.strip(), english.strip())
            if entry is not None:
                entries.setdefault((_fold(entry.italian), _fold(entry.english)), entry)
        self.entries: tuple[Entry, ...] = tuple(entries.values())
        # Every word written on each side: a query word that is one of them is that word.
        self.words: dict[str, frozenset[str]] = {
            ITALIAN: frozenset(w for e in self.entries for w in _folded_words(e.italian)),
            ENGLISH: frozenset(w for e in self.entries for w in _folded_words(e.english)),
        }

    def __len__(self) -> int:
        return len(self.entries)

    def translations(self, text: str) -> list[Translation]:
        """The pairs whose one side the text contains and whose other side it lacks."""
        it_query = set(analyze(text, ITALIAN))
        en_query = set(analyze(text, ENGLISH))
        words = _folded_words(text)
        found: list[Translation] = []
        for e in self.entries:
            if (
                e.it_stems <= it_query
                and not e.en_stems <= en_query
                and _written(e.italian, ITALIAN, words, self.words[ITALIAN])
            ):
                found.append(
                    Translation(
                        e.italian, e.english, ITALIAN, {ENGLISH: e.en_stems, ITALIAN: e.en_as_it}
                    )
                )
            elif (
                e.en_stems <= en_query
                and not e.it_stems <= it_query
                and _written(e.english, ENGLISH, words, self.words[ENGLISH])
            ):
                found.append(
                    Translation(
                        e.english, e.italian, ENGLISH, {ITALIAN: e.it_stems, ENGLISH: e.it_as_en}
                    )
                )
        return found

    def expansion(self, text: str) -> dict[str, set[str]]:
        """The stems to add to each field's query (those the query lacks)."""
        own = {ITALIAN: set(analyze(text, ITALIAN)), ENGLISH: set(analyze(text, ENGLISH))}
        added: dict[str, set[str]] = {ITALIAN: set(), ENGLISH: set()}
        for t in self.translations(text):
            for language, stems in t.target_stems.items():
                added[language] |= stems - own[language]
        return added

    def translated_text(self, text: str) -> str:
        """The text followed by the other-language side of every pair that applies to it."""
        extra = list(dict.fromkeys(t.target for t in self.translations(text)))
        return text if not extra else f"{text}\n{'; '.join(extra)}"


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _folded_words(text: str) -> list[str]:
    return [_fold(w) for w in _WORD.findall(text)]


# What inflection changes at the end of an Italian or English word: a vowel (conservante,
# conservanti; riciclato, riciclata), "he"/"hi" after c or g (fresca, fresche), a plural s/es.
# Italian gender and number ("o/a/i/e", "co/chi"), English plurals ("s", "es", "y/ies").
_INFLECTIONS = frozenset({"", "a", "e", "i", "o", "he", "hi", "s", "es", "y", "ies"})


def _same_word(a: str, b: str) -> bool:
    """Inflections of one word ("conservante"/"conservanti"), not two words sharing a stem
    ("stabilità"/"stabilimento", "progetto"/"progettazione", "prova"/"provate"): past their
    common beginning each has at most an inflection's ending."""
    common = len(os.path.commonprefix([a, b]))
    return common >= 3 and a[common:] in _INFLECTIONS and b[common:] in _INFLECTIONS


# Endings that tell two Italian words apart rather than inflect one ("stampa" print,
# "stampo"/"stampi" mould), where both words have pairs of their own.
_OTHER_WORD_ENDINGS = (frozenset({"o", "a"}), frozenset({"o", "e"}), frozenset({"i", "a"}))


def _other_word(a: str, b: str) -> bool:
    common = len(os.path.commonprefix([a, b]))
    return frozenset({a[common:], b[common:]}) in _OTHER_WORD_ENDINGS


def _written(
    side: str, language: str, query_words: Sequence[str], own: frozenset[str] = frozenset()
) -> bool:
    """Every content word of a glossary side appears in the query as such, or inflected --
    but a query word with a pair of its own (`own`) is not taken for a glossary word that
    differs from it as another word would: "stampa" (print) is not "stampo" (mould)."""
    for word in _WORD.findall(side):
        if not analyze(word, language):
            continue  # a stop word
        folded = _fold(word)
        if not any(
            w == folded or (_same_word(folded, w) and not (w in own and _other_word(folded, w)))
            for w in query_words
        ):
            return False
    return True


def explain(
    translations: Sequence[Translation], query_words: Sequence[str], doc_words: Sequence[str]
) -> list[str]:
    """The pairs the document carries, as the query and the document wrote them:
    "conservanti ↔ preservatives"."""
    out: list[str] = []
    for t in translations:
        language = t.source_language
        target = t.target_stems[ITALIAN if language == ENGLISH else ENGLISH]
        target_language = ITALIAN if language == ENGLISH else ENGLISH
        written = _words_with_stems(doc_words, target, target_language)
        if written is None:
            continue
        source = _words_with_stems(query_words, frozenset(analyze(t.source, language)), language)
        line = f"{' '.join(source or [t.source])} ↔ {' '.join(written)}"
        if line not in out:
            out.append(line)
    return out


def _words_with_stems(
    words: Sequence[str], stems: frozenset[str], language: str
) -> list[str] | None:
    """The first word for each stem, in stem order; None when a stem is missing."""
    index = 0 if language == ITALIAN else 1
    by_stem: dict[str, str] = {}
    for w in words:
        pair = word_stems(w)
        if pair is not None:
            by_stem.setdefault(pair[index], w)
    if not stems <= by_stem.keys():
        return None
    return list(
        dict.fromkeys(by_stem[s] for s in sorted(stems, key=lambda s: words.index(by_stem[s])))
    )


@lru_cache(maxsize=1)
def default_glossary() -> Glossary:
    """The taxonomy's labels and the domain list."""
    return Glossary([*taxonomy_pairs(), *DOMAIN_PAIRS])
