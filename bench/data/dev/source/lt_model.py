"""The record of a long-tail subject, written compactly as ``italiano | English`` pairs."""

from __future__ import annotations

from dataclasses import dataclass, field


def _pair(text: str) -> tuple[str, str]:
    it, en = (part.strip() for part in text.split(" | "))
    return it, en


def _pairs(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    it, en = _pair(text)
    its = tuple(p.strip() for p in it.split(";"))
    ens = tuple(p.strip() for p in en.split(";"))
    assert len(its) == len(ens), text
    return its, ens


@dataclass(frozen=True)
class Subject:
    key: str
    cluster: str | None
    competences: tuple[str, ...]
    trl: tuple[int, int]
    name: tuple[str, str]
    desc: tuple[str, str]
    methods: tuple[tuple[str, ...], tuple[str, ...]]
    apps: tuple[tuple[str, ...], tuple[str, ...]]
    outcomes: tuple[tuple[str, ...], tuple[str, ...]]
    rel: dict[str, int] = field(default_factory=dict)
    n: int = 11


def S(  # noqa: N802 - compact constructor for hand-written tables
    key: str,
    cluster: str | None,
    comps: str,
    trl: tuple[int, int],
    name: str,
    desc: str,
    methods: str,
    apps: str,
    outcomes: str,
    rel: dict[str, int] | None = None,
    n: int = 11,
) -> Subject:
    return Subject(
        key,
        cluster,
        tuple(comps.split()),
        trl,
        _pair(name),
        _pair(desc),
        _pairs(methods),
        _pairs(apps),
        _pairs(outcomes),
        dict(rel or {}),
        n,
    )
