"""The suite runs offline: reaching any host but this machine fails the test that tries."""

from __future__ import annotations

import socket

import pytest

from tests.conftest import NetworkAccessError


def test_connecting_to_an_outside_host_fails() -> None:
    with (
        socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock,
        pytest.raises(NetworkAccessError),
    ):
        sock.connect(("192.0.2.1", 443))  # TEST-NET-1, reserved for documentation


def test_resolving_an_outside_name_fails() -> None:
    with pytest.raises(NetworkAccessError):
        socket.getaddrinfo("example.org", 443)


def test_this_machine_stays_reachable() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=2):
            pass
