"""The "same region" signal: one of Italy's twenty regions, for every province offered."""

from __future__ import annotations

from ponte.matching.documents import region_of
from ponte.members.constants import PROVINCES


def test_every_province_has_its_region() -> None:
    assert all(region_of(code) for code in PROVINCES)
    assert {region_of(code) for code in ("MI", "BG", "MB", "SO")} == {"LOM"}


def test_provinces_outside_lombardy_are_in_their_own_regions() -> None:
    """They were all "Italia" once: Padova, Reggio Emilia and Torino shared a region."""
    assert len({region_of("PD"), region_of("RE"), region_of("TO"), region_of("MI")}) == 4
    assert region_of("PD") == region_of("VE") == "VEN"


def test_no_province_no_region() -> None:
    assert region_of("") is None and region_of("XX") is None
