"""How feedback on suggestions changes what a user is shown: a pure function over plain data.

The rule, applied after the engine has ranked (and after visibility has been applied):

1. A suggestion the viewer marked *not useful* for this very source is dropped from the
   viewer's list for that source (for everyone else it stays).
2. Verdicts on a suggested target count when they were given for a *similar source* the
   viewer may see: the same source, or a source of the same kind (two needs, two offers…)
   sharing at least one competence code (its terms or their broader terms) with this one.
   Free-text searches are similar only to the same words. Sources the viewer may not see do
   not count, so a confidential item never shapes what anyone else is shown. **Each user
   counts once per target**: +1 if their counting verdicts on it are mostly useful, -1 if
   mostly not (so one person marking one target useful for four similar needs is one voice,
   not four).
3. A target with a positive net count (people) gets a small boost: its score times
   1 + 0.05 × min(net, 4), so at most +20 %; a negative net count changes nothing beyond
   rule 1. The list is then sorted again, ties keeping the engine's order.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace

from ponte.matching.types import Result

BOOST_STEP = 0.05
BOOST_CAP = 4


@dataclass(frozen=True)
class Verdict:
    user_id: int
    source: str
    target: str
    useful: bool
    source_competences: tuple[str, ...] = ()


def source_kind(source: str) -> str:
    return source.partition(":")[0]


def is_similar(
    source: str, competences: Collection[str], other: str, other_competences: Iterable[str]
) -> bool:
    if other == source:
        return True
    if source_kind(other) != source_kind(source) or source_kind(source) == "q":
        return False
    return bool(set(competences) & set(other_competences))


def apply_feedback(
    results: Sequence[Result],
    verdicts: Iterable[Verdict],
    *,
    viewer_id: int | None,
    source: str,
    source_competences: Collection[str] = (),
    visible_sources: Collection[str] = (),
) -> list[Result]:
    """`results` re-ranked by the rule above; `visible_sources` are the item keys the viewer
    may see (free-text sources "q:…" need not be listed)."""
    dropped: set[str] = set()
    by_user: dict[tuple[str, int], int] = {}
    for v in verdicts:
        if viewer_id is not None and v.user_id == viewer_id and v.source == source and not v.useful:
            dropped.add(v.target)
        if not (v.source.startswith("q:") or v.source in visible_sources):
            continue
        if not is_similar(source, source_competences, v.source, v.source_competences):
            continue
        voice = (v.target, v.user_id)
        by_user[voice] = by_user.get(voice, 0) + (1 if v.useful else -1)
    net: dict[str, int] = {}
    for (target, _user), balance in by_user.items():
        net[target] = net.get(target, 0) + (balance > 0) - (balance < 0)
    ranked: list[tuple[float, int, Result]] = []
    for position, result in enumerate(results):
        if result.key in dropped:
            continue
        score = result.score
        count = net.get(result.key, 0)
        if count > 0:
            score += abs(score) * BOOST_STEP * min(count, BOOST_CAP)
            result = replace(result, score=score, reasons={**result.reasons, "feedback": count})
        ranked.append((score, position, result))
    ranked.sort(key=lambda item: (-item[0], item[1]))
    return [result for _score, _position, result in ranked]
