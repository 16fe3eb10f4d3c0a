"""Notifications' fixtures: tasks run inline unless a test queues them in the database."""

from __future__ import annotations

from typing import Any

import pytest
from django_tasks_db.management.commands.db_worker import Worker

from ponte.accounts.models import User
from ponte.members.models import Organisation
from tests.factories import person_in

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture(autouse=True)
def immediate_tasks(settings: Any) -> None:
    settings.TASKS = IMMEDIATE


@pytest.fixture
def database_tasks(settings: Any) -> None:
    settings.TASKS = DATABASE


def run_worker_once() -> None:
    """What `ponte db_worker --batch` does: run every task that is due, then stop."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


@pytest.fixture
def italian_user(member_org: Organisation) -> User:
    return person_in(member_org, username="giulia", first_name="Giulia", language="it")


@pytest.fixture
def english_user(member_org: Organisation) -> User:
    return person_in(member_org, username="jane", first_name="Jane", language="en")
