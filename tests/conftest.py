"""Shared fixtures: the network's roles, a fast password hasher, and no network access."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from ponte.accounts.models import User
from ponte.clusters.models import Cluster
from ponte.members.constants import MembershipStatus
from ponte.members.models import Organisation
from tests.factories import (
    ClusterFactory,
    ClusterStaffFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    person_in,
)

# No example database on disk; no deadline, since examples may touch the database.
hypothesis_settings.register_profile("ponte", database=None, deadline=None)
hypothesis_settings.load_profile("ponte")


class NetworkAccessError(RuntimeError):
    """Raised when a test tries to reach a host other than this machine."""


def _is_local(host: Any) -> bool:
    if not isinstance(host, str):
        return False
    if host in {"localhost", ""} or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True, scope="session")
def _no_network() -> Iterator[None]:
    """Tests talk to the local database server and the live server only: any other host
    fails loudly instead of silently depending on the Internet."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def check(sock: socket.socket, address: Any) -> None:
        if sock.family == getattr(socket, "AF_UNIX", None):
            return
        host = address[0] if isinstance(address, tuple) else address
        if not _is_local(host):
            raise NetworkAccessError(f"Tests must not reach the network (tried {address!r}).")

    def connect(self: socket.socket, address: Any) -> None:
        check(self, address)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        check(self, address)
        return real_connect_ex(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None and not _is_local(host.decode() if isinstance(host, bytes) else host):
            raise NetworkAccessError(f"Tests must not resolve {host!r}.")
        return real_getaddrinfo(host, *args, **kwargs)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(socket.socket, "connect", connect)
        mp.setattr(socket.socket, "connect_ex", connect_ex)
        mp.setattr(socket, "getaddrinfo", getaddrinfo)
        yield


@pytest.fixture(autouse=True)
def _throwaway_matching_index(
    settings: Any, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Never the site's own index or embedding cache under var/: each test searches its own
    (empty until it indexes), and the embeddings any test computes are shared by the session."""
    settings.MATCHING_INDEX_DIR = tmp_path / "site-index"
    settings.MATCHING_EMBED_CACHE = tmp_path_factory.getbasetemp() / "embedding-cache"


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english_by_default(settings: Any) -> Iterator[None]:
    """Ponte speaks Italian by default, but its source strings, and so the assertions of most
    tests, are English: tests run in English unless they ask for Italian themselves (as
    `tests/test_catalogues.py` does)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


# The network: cluster A and cluster B, each with its members, staff and applicants.


@pytest.fixture
def cluster_a(db: None) -> Cluster:
    return ClusterFactory(slug="cluster-a", short_name="Cluster A")


@pytest.fixture
def cluster_b(db: None) -> Cluster:
    return ClusterFactory(slug="cluster-b", short_name="Cluster B")


@pytest.fixture
def member_org(cluster_a: Cluster) -> Organisation:
    """An organisation with an active membership of cluster A."""
    membership = MembershipFactory(cluster=cluster_a, status=MembershipStatus.ACTIVE)
    return membership.organisation


@pytest.fixture
def other_member_org(cluster_b: Cluster) -> Organisation:
    """A different organisation, an active member of cluster B."""
    membership = MembershipFactory(cluster=cluster_b, status=MembershipStatus.ACTIVE)
    return membership.organisation


@pytest.fixture
def applicant_org(cluster_a: Cluster) -> Organisation:
    """An organisation that has only applied to cluster A."""
    membership = MembershipFactory(cluster=cluster_a, status=MembershipStatus.APPLIED)
    return membership.organisation


@pytest.fixture
def visitor() -> AnonymousUser:
    return AnonymousUser()


@pytest.fixture
def member_user(member_org: Organisation) -> User:
    """Works for `member_org` and manages its profile."""
    return person_in(member_org, can_manage=True, username="member")


@pytest.fixture
def other_member_user(other_member_org: Organisation) -> User:
    return person_in(other_member_org, can_manage=True, username="other-member")


@pytest.fixture
def applicant_user(applicant_org: Organisation) -> User:
    return person_in(applicant_org, can_manage=True, username="applicant")


@pytest.fixture
def staff_user(cluster_a: Cluster) -> User:
    return ClusterStaffFactory(cluster=cluster_a, user__username="staff").user


@pytest.fixture
def other_staff_user(cluster_b: Cluster) -> User:
    return ClusterStaffFactory(cluster=cluster_b, user__username="other-staff").user


@pytest.fixture
def regional_officer(db: None) -> User:
    return UserFactory(username="regional-officer", is_regional_officer=True)


@pytest.fixture
def superuser(db: None) -> User:
    return UserFactory(username="admin", superuser=True)


@pytest.fixture
def organisation(db: None) -> Organisation:
    """An organisation with no membership at all."""
    return OrganisationFactory()
