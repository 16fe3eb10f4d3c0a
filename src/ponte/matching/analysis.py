"""Text analysis shared by the lexical index and the reasons: one analyser per language.

Both analysers lowercase, drop Italian *and* English stop words (documents and queries mix the
two languages), fold accents to ASCII (so "qualità" and "qualita" meet) and then stem with
Snowball for their language. The same analysers index and query, and the reasons map the
stems back to the words the user and the document actually wrote.
"""

from __future__ import annotations

import difflib
import re
import string
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import tantivy

ITALIAN = "italian"
ENGLISH = "english"
LANGUAGES: tuple[str, ...] = (ITALIAN, ENGLISH)

# Elided articles and single letters left by apostrophes ("l'acqua", "don't").
_EXTRA_STOP_WORDS = [*string.ascii_lowercase, "dell", "nell", "all", "dall", "sull", "un", "po"]
# tantivy's English list is Lucene's 33 words; these are the rest of Snowball's English list
# that carry no topic ("can", "will", "up", "down", "over" stay: aerosol cans, scale-up).
_ENGLISH_FUNCTION_WORDS = (
    "me my myself we our ours ourselves you your yours yourself he him his she her hers its "
    "itself them theirs themselves what which who whom am were been being have has had having "
    "do does did doing because until while about against during before after above below "
    "from again further once here when where why how any both each few more most other some "
    "nor only own same so than too very just should now would could us"
)
# How SMEs open a request, in both languages: the request, not its subject.
_REQUEST_WORDS = (
    "need needs needed looking seek seeking want wants wish cerchiamo cerco cerca cercasi "
    "vorremmo vogliamo desideriamo"
)
_EXTRA_STOP_WORDS += _ENGLISH_FUNCTION_WORDS.split() + _REQUEST_WORDS.split()
_LONGEST_TOKEN = 40
# Tantivy's simple tokenizer splits on every character that is not alphanumeric.
_WORD = re.compile(r"[^\W_]+")


# Acronyms of the cluster's trade that the analysers would drop, as written in capitals: "AI"
# is Italian "ai" (to the), "IT" English "it", "O/W" and "R&D" single letters. Each becomes its
# words in both languages before analysis, in documents and queries alike (`expand_acronyms`),
# so "AI" finds "Shade AI" and "intelligenza artificiale". Lower-case "ai" stays a stop word.
ACRONYMS: dict[str, str] = {
    "AI": "intelligenza artificiale artificial intelligence",
    "A.I.": "intelligenza artificiale artificial intelligence",
    "IT": "informatica information technology",
    "R&D": "ricerca sviluppo research development",
    "O/W": "olio in acqua oil in water",
    "W/O": "acqua in olio water in oil",
}
_ACRONYM = re.compile(
    r"(?<![\w&/.])(?:"
    + "|".join(re.escape(a) for a in sorted(ACRONYMS, key=len, reverse=True))
    + r")(?![\w&/])"
)


def expand_acronyms(text: str) -> str:
    """`text` with each acronym of `ACRONYMS` replaced by its words (idempotent)."""
    if not any(c.isupper() for c in text):
        return text
    return _ACRONYM.sub(lambda m: ACRONYMS[m.group(0)], text)


def build_analyzer(language: str) -> tantivy.TextAnalyzer:
    """The analyser registered in the index as `ponte_<language>` and used on queries."""
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(_LONGEST_TOKEN))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.stopword(ITALIAN))
        .filter(tantivy.Filter.stopword(ENGLISH))
        .filter(tantivy.Filter.custom_stopword(_EXTRA_STOP_WORDS))
        .filter(tantivy.Filter.ascii_fold())
        .filter(tantivy.Filter.stemmer(language))
        .build()
    )


_ANALYZERS: dict[str, tantivy.TextAnalyzer] = {lang: build_analyzer(lang) for lang in LANGUAGES}


def analyze(text: str, language: str) -> list[str]:
    """The stems `text` is indexed (or queried) as in the field of `language`."""
    return list(_ANALYZERS[language].analyze(expand_acronyms(text)))


def words(text: str) -> list[str]:
    """The lowercased surface words, split exactly where the index tokenizer splits (after
    the acronyms are spelt out, as the index sees them)."""
    return surface_words(expand_acronyms(text))


def surface_words(text: str) -> list[str]:
    """The lowercased words as written, acronyms included ("O/W" is "o", "w"): for searching
    stored text that was never spelt out, such as the database's."""
    return [w.lower() for w in _WORD.findall(text) if len(w) <= _LONGEST_TOKEN]


@lru_cache(maxsize=200_000)
def word_stems(word: str) -> tuple[str, str] | None:
    """(Italian stem, English stem) of one lowercased word; None for a stop word."""
    it = _ANALYZERS[ITALIAN].analyze(word)
    if not it:
        return None
    en = _ANALYZERS[ENGLISH].analyze(word)
    return (it[0], en[0] if en else it[0])


def content_words(text: str) -> list[str]:
    """The words of `text` that carry meaning (no stop words), first occurrence order."""
    seen: dict[str, None] = {}
    for w in words(text):
        if w not in seen and word_stems(w) is not None:
            seen[w] = None
    return list(seen)


def matched_terms(query_words: Iterable[str], doc_words: Iterable[str]) -> list[str]:
    """Pairs of a query word and a document word sharing an Italian or an English stem.

    Shown as the word itself when both wrote it the same, else as "query ↔ document", so a
    match across languages or inflections reads plainly: "innovazioni ↔ innovazione".
    """
    by_stem: dict[str, str] = {}
    for w in doc_words:
        stems = word_stems(w)
        if stems is None:
            continue
        for stem in stems:
            by_stem.setdefault(stem, w)
    out: list[str] = []
    for q in query_words:
        stems = word_stems(q)
        if stems is None:
            continue
        match = by_stem.get(stems[0]) or by_stem.get(stems[1])
        if match is None:
            continue
        out.append(q if q == match else f"{q} ↔ {match}")
    return out


def cognates(query_words: Iterable[str], doc_words: Iterable[str]) -> list[str]:
    """Look-alike words across languages that share no stem: "biotecnologie ↔ biotechnology".

    A cheap spelling test (same four first letters, 75% similar), only for words of five or
    more letters; it explains a match, it never scores one.
    """
    by_prefix: dict[str, list[str]] = {}
    for w in doc_words:
        if len(w) >= 5:
            by_prefix.setdefault(_fold(w)[:4], []).append(w)
    out: list[str] = []
    for q in query_words:
        if len(q) < 5:
            continue
        fq = _fold(q)
        for d in by_prefix.get(fq[:4], ()):
            if difflib.SequenceMatcher(None, fq, _fold(d)).ratio() >= 0.75:
                out.append(f"{q} ↔ {d}")
                break
    return out


@lru_cache(maxsize=200_000)
def _fold(word: str) -> str:
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
