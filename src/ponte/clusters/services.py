"""Changes of state of clusters: appointing their staff, who get the admin permissions."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from ponte.accounts.selectors import forget_viewer
from ponte.accounts.services import log_action
from ponte.clusters.models import Cluster, ClusterStaff

STAFF_GROUP = "Cluster staff"

# What a cluster's staff may do in the admin, per model (the querysets are further limited to
# their own clusters by `ponte.web.admin_scope`).
STAFF_PERMISSIONS: dict[str, tuple[str, ...]] = {
    "clusters.cluster": ("view", "change"),
    "clusters.recognitionevent": ("view",),
    "clusters.clusterstaff": ("view",),
    "clusters.boardseat": ("view", "add", "change", "delete"),
    "members.organisation": ("view", "change"),
    "members.person": ("view", "change"),
    "members.affiliation": ("view", "add", "change"),
    "members.membership": ("view", "change"),
    "members.membershipevent": ("view",),
    "competences.competence": ("view",),
    "competences.organisationcompetence": ("view", "add", "change", "delete"),
    "competences.personcompetence": ("view", "add", "change", "delete"),
    "competences.evidence": ("view", "add", "change", "delete"),
    "transfer.technologyoffer": ("view", "add", "change"),
    "transfer.innovationneed": ("view", "add", "change"),
    "transfer.expressionofinterest": ("view",),
    "transfer.interestevent": ("view",),
    "transfer.interestinvitation": ("view",),
    "transfer.proposedmatch": ("view",),
    "events.event": ("view", "add", "change"),
    "events.session": ("view", "add", "change", "delete"),
    "events.registration": ("view",),
    "events.schedulerun": ("view",),
    "events.meeting": ("view",),
}


def ensure_staff_group() -> Group:
    """The group carrying the staff permissions; safe to call again (runs after migrate)."""
    group, _created = Group.objects.get_or_create(name=STAFF_GROUP)
    wanted = []
    for label, actions in STAFF_PERMISSIONS.items():
        app_label, model = label.split(".")
        wanted += list(
            Permission.objects.filter(
                content_type__app_label=app_label,
                codename__in=[f"{action}_{model}" for action in actions],
            )
        )
    group.permissions.set(wanted)
    return group


@transaction.atomic
def appoint_cluster_staff(
    actor: Any, user: Any, cluster: Cluster, since: datetime.date | None = None
) -> ClusterStaff:
    """Make `user` staff of `cluster`: the role, admin access and the staff permissions.

    Idempotent: appointing again someone already appointed since the same date changes
    nothing and writes no audit entry (so `load_demo` can run twice)."""
    staff, created = ClusterStaff.objects.get_or_create(
        cluster=cluster, user=user, defaults={"since": since}
    )
    changed = created or staff.since != since
    if not created and changed:
        staff.since = since
        staff.save(update_fields=["since"])
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(ensure_staff_group())
    forget_viewer(user)
    if changed:
        log_action(actor, "cluster.staff_appointed", cluster, user=user.username)
    return staff
