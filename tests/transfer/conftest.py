"""Fixtures of the transfer tests: the world of the expression-of-interest tests."""

from __future__ import annotations

import pytest

from ponte.accounts.models import User
from ponte.clusters.models import Cluster
from ponte.members.models import Organisation
from tests.transfer.interest_world import World, build_world


@pytest.fixture
def world(
    cluster_a: Cluster,
    member_org: Organisation,
    member_user: User,
    other_member_org: Organisation,
    other_member_user: User,
    staff_user: User,
    other_staff_user: User,
) -> World:
    """An owner organisation (member of cluster A) with a public and a confidential need, an
    interested organisation (member of cluster B), an outsider, and the staff of A and B."""
    return build_world(
        cluster_a,
        member_org,
        member_user,
        other_member_org,
        other_member_user,
        staff_user,
        other_staff_user,
    )
