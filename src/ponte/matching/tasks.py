"""Background tasks of matching: they take ids, re-read the database and are safe to retry."""

from __future__ import annotations

from django_tasks import task

from ponte.matching import services


@task()
def reindex(kind: str, pk: str) -> dict[str, int]:
    """Update the index entry of one offer, need, organisation or person."""
    return services.reindex(kind, pk)
