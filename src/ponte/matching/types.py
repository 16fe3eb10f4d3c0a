"""The plain data the matching engine works on: documents in, ranked results with reasons out.

Pure data, no database: the engine (retrieval, fusion, ranking) is tested and evaluated on
these alone; `documents.py` builds them from the models.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["org", "person", "offer", "need", "project"]
Mode = Literal["lexical", "dense", "hybrid"]
KINDS: tuple[Kind, ...] = ("org", "person", "offer", "need", "project")


class Allowed(frozenset[str]):
    """The keys a viewer may see, and whether the viewer is a member of a cluster (so sees
    every member-level document: `Viewer.is_member`). Only a member is scored on the members'
    index: its statistics count documents a non-member may not see."""

    __slots__ = ("member",)
    member: bool

    def __new__(cls, keys: Iterable[str] = (), member: bool = False) -> Allowed:
        allowed = super().__new__(cls, keys)
        allowed.member = member
        return allowed


@dataclass(frozen=True)
class Document:
    """One indexed thing. `key` is "<kind>:<id>" and unique across the index."""

    key: str
    kind: str
    id: str
    title: str
    text: str
    language: str | None = None  # "it" / "en" / None when unknown or mixed
    competences: tuple[str, ...] = ()  # competence codes
    competence_ancestors: tuple[str, ...] = ()  # codes of the broader terms of `competences`
    trl: int | None = None  # offers: TRL; needs: minimum TRL sought
    partnership: str | None = None
    org_kind: str | None = None
    cluster: str | None = None  # cluster slug
    province: str | None = None
    region: str | None = None
    # Visible to anonymous visitors when indexed: such documents are also written to a second
    # BM25 index, whose collection statistics (document frequencies, lengths) are therefore
    # made of public documents only, so confidential ones cannot shape a visitor's scores.
    public: bool = False
    # Visible to every member of a cluster (a member-level item, a non-public profile): written
    # to a third BM25 index with the public ones, for members who may see nothing more.
    members: bool = False


@dataclass(frozen=True)
class Query:
    """What to look for: free text, optionally with the structured profile of an item."""

    text: str
    kinds: tuple[str, ...] = ()  # empty: every kind
    competences: tuple[str, ...] = ()
    competence_ancestors: tuple[str, ...] = ()
    trl: int | None = None
    partnership: str | None = None
    cluster: str | None = None
    province: str | None = None
    exclude: frozenset[str] = frozenset()  # keys never returned (e.g. the item itself)
    origin: str | None = None  # kind of the item asking ("need", "offer", ...); None: free text
    region: str | None = None


@dataclass
class Result:
    key: str
    kind: str
    id: str
    title: str
    score: float
    reasons: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "title": self.title,
            "score": round(self.score, 6),
            "reasons": self.reasons,
        }
