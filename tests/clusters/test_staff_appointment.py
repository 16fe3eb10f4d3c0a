"""Appointing cluster staff: the role, admin access, and one audit entry per real change."""

from __future__ import annotations

import datetime

import pytest

from ponte.accounts.models import AuditLog
from ponte.clusters.models import ClusterStaff
from ponte.clusters.services import appoint_cluster_staff
from tests.factories import ClusterFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_appointing_someone_already_appointed_changes_and_logs_nothing() -> None:
    cluster, user = ClusterFactory(), UserFactory()
    appoint_cluster_staff(None, user, cluster, since=datetime.date(2025, 12, 1))
    appoint_cluster_staff(None, user, cluster, since=datetime.date(2025, 12, 1))
    assert ClusterStaff.objects.filter(cluster=cluster, user=user).count() == 1
    assert AuditLog.objects.filter(action="cluster.staff_appointed").count() == 1


def test_a_new_start_date_is_recorded_and_logged() -> None:
    cluster, user = ClusterFactory(), UserFactory()
    appoint_cluster_staff(None, user, cluster, since=datetime.date(2025, 12, 1))
    appoint_cluster_staff(None, user, cluster, since=datetime.date(2026, 1, 1))
    assert ClusterStaff.objects.get(cluster=cluster, user=user).since == datetime.date(2026, 1, 1)
    assert AuditLog.objects.filter(action="cluster.staff_appointed").count() == 2
    user.refresh_from_db()
    assert user.is_staff
