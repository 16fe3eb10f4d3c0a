"""Who the current user is in the network: the one place roles are derived from relations."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ponte.members.constants import MembershipStatus


@dataclass(frozen=True)
class Viewer:
    """What a user may see and do, computed once per request."""

    is_authenticated: bool = False
    user_id: int | None = None
    person_id: int | None = None
    organisation_ids: frozenset[int] = field(default_factory=frozenset)
    managed_organisation_ids: frozenset[int] = field(default_factory=frozenset)
    staff_cluster_ids: frozenset[int] = field(default_factory=frozenset)
    board_cluster_ids: frozenset[int] = field(default_factory=frozenset)
    member_cluster_ids: frozenset[int] = field(default_factory=frozenset)
    is_superuser: bool = False
    is_regional_officer: bool = False

    @property
    def is_member(self) -> bool:
        """A member of any cluster: sees member-level items network-wide."""
        return bool(
            self.member_cluster_ids
            or self.staff_cluster_ids
            or self.board_cluster_ids
            or self.is_superuser
            or self.is_regional_officer
        )

    @property
    def is_cluster_staff(self) -> bool:
        return bool(self.staff_cluster_ids) or self.is_superuser

    def is_staff_of(self, cluster_id: int | None) -> bool:
        return self.is_superuser or (
            cluster_id is not None and cluster_id in self.staff_cluster_ids
        )

    def belongs_to(self, organisation_id: int | None) -> bool:
        return organisation_id is not None and organisation_id in self.organisation_ids

    def manages(self, organisation_id: int | None) -> bool:
        return organisation_id is not None and organisation_id in self.managed_organisation_ids


ANONYMOUS = Viewer()


def viewer_for(user: Any) -> Viewer:
    """The Viewer of `user`, cached on the user object for the rest of the request."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached = getattr(user, "_ponte_viewer", None)
    if cached is not None:
        return cached
    from ponte.clusters.models import BoardSeat, ClusterStaff
    from ponte.members.models import Affiliation, Membership, Person

    person = Person.objects.filter(user_id=user.pk).only("pk").first()
    org_ids: set[int] = set()
    managed: set[int] = set()
    board: set[int] = set()
    if person is not None:
        for org_id, can_manage in (
            Affiliation.objects.current()
            .filter(person=person)
            .values_list("organisation_id", "can_manage")
        ):
            org_ids.add(org_id)
            if can_manage:
                managed.add(org_id)
        board = set(
            BoardSeat.objects.current().filter(person=person).values_list("cluster_id", flat=True)
        )
    member_clusters = (
        set(
            Membership.objects.filter(
                organisation_id__in=org_ids, status=MembershipStatus.ACTIVE
            ).values_list("cluster_id", flat=True)
        )
        if org_ids
        else set()
    )
    viewer = Viewer(
        is_authenticated=True,
        user_id=user.pk,
        person_id=person.pk if person else None,
        organisation_ids=frozenset(org_ids),
        managed_organisation_ids=frozenset(managed),
        staff_cluster_ids=frozenset(
            ClusterStaff.objects.filter(user_id=user.pk).values_list("cluster_id", flat=True)
        ),
        board_cluster_ids=frozenset(board),
        member_cluster_ids=frozenset(member_clusters),
        is_superuser=bool(user.is_superuser),
        is_regional_officer=bool(getattr(user, "is_regional_officer", False)),
    )
    user._ponte_viewer = viewer
    return viewer


def forget_viewer(user: Any) -> None:
    """Drop the cached Viewer after a change of roles within the same request."""
    if hasattr(user, "_ponte_viewer"):
        del user._ponte_viewer


def language_for(user: Any) -> str:
    """The language a user's e-mails are written in: their last choice on the site, else
    the site's default."""
    from django.conf import settings

    languages = {code for code, _name in settings.LANGUAGES}
    language = getattr(user, "language", "")
    return language if language in languages else settings.LANGUAGE_CODE
