"""Small records shared by the benchmark's hand-written sources."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Doc:
    """A document written for the benchmark.

    ``grade`` is its relevance to the query it was written for (0: a deliberate hard negative,
    judged not relevant); ``also`` holds grades for other queries it answers.
    """

    grade: int
    kind: str  # offer | org | person | project
    lang: str
    title: str
    text: str
    competences: tuple[str, ...] = ()
    trl: int | None = None
    cluster: str | None = None
    also: dict[str, int] = field(default_factory=dict)


def T(  # noqa: N802 - short constructor used in long hand-written tables
    grade: int,
    kind: str,
    lang: str,
    title: str,
    text: str,
    comps: str = "",
    trl: int | None = None,
    cluster: str | None = None,
    **also: int,
) -> Doc:
    return Doc(grade, kind, lang, title, text, tuple(comps.split()), trl, cluster, dict(also))


@dataclass(frozen=True)
class Query:
    qid: str
    lang: str
    text: str
    text_en: str  # faithful English translation (Italian queries only; "" otherwise)
    cluster: str
    docs: tuple[Doc, ...]
    demo: dict[str, int]  # demo document reference -> grade
