"""Reads of organisations, people and memberships, filtered by what the viewer may see."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from ponte.accounts.selectors import viewer_for
from ponte.members.constants import PENDING_STATUSES, MembershipStatus
from ponte.members.models import Affiliation, Membership, MembershipEvent, Organisation, Person

PUBLIC_MEMBERSHIP_STATUSES = (MembershipStatus.ACTIVE,)


def visible_people(user: Any) -> QuerySet[Person]:
    """Public profiles for all; every profile for members; one's own always."""
    viewer = viewer_for(user)
    qs = Person.objects.all()
    if viewer.is_member:
        return qs
    rule = Q(is_public=True)
    if viewer.person_id:
        rule |= Q(pk=viewer.person_id)
    return qs.filter(rule)


def listed_organisations_q() -> Q:
    """Organisations anyone may see: admitted members (active or suspended), coordinators, and
    organisations outside any membership process. Not applicants still under review, nor those
    withdrawn or rejected: their profile and their offers and needs are their own people's
    and the staff's (`transfer.selectors.visibility_q` uses this too)."""
    admitted = Q(memberships__status__in=[MembershipStatus.ACTIVE, MembershipStatus.SUSPENDED]) | Q(
        coordinated_clusters__isnull=False
    )
    return admitted | Q(memberships__isnull=True)


def visible_organisations(user: Any) -> QuerySet[Organisation]:
    """Organisation profiles are public directory entries, except applicants not yet admitted
    and organisations that left, which only their own people and staff see."""
    viewer = viewer_for(user)
    if viewer.is_superuser:
        return Organisation.objects.all()
    rule = listed_organisations_q()
    if viewer.organisation_ids:
        rule |= Q(pk__in=viewer.organisation_ids)
    if viewer.staff_cluster_ids:
        rule |= Q(memberships__cluster_id__in=viewer.staff_cluster_ids)
    ids = Organisation.objects.filter(rule).values("pk")
    return Organisation.objects.filter(pk__in=ids)


def cluster_members(cluster_id: int) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(cluster_id=cluster_id, status__in=PUBLIC_MEMBERSHIP_STATUSES)
        .select_related("organisation")
        .order_by("role", "organisation__name")
    )


def applications_for_review(user: Any) -> QuerySet[Membership]:
    """Pending applications of the clusters the user staffs."""
    viewer = viewer_for(user)
    qs = Membership.objects.filter(status__in=PENDING_STATUSES).select_related(
        "organisation", "cluster", "applied_by"
    )
    if viewer.is_superuser:
        return qs
    return qs.filter(cluster_id__in=viewer.staff_cluster_ids)


def memberships_of_viewer(user: Any) -> QuerySet[Membership]:
    viewer = viewer_for(user)
    return Membership.objects.filter(organisation_id__in=viewer.organisation_ids).select_related(
        "organisation", "cluster"
    )


def is_staff_for_organisation(user: Any, organisation_id: int) -> bool:
    """Staff of a cluster the organisation belongs to or applies to (any membership status)."""
    viewer = viewer_for(user)
    if viewer.is_superuser:
        return True
    return (
        bool(viewer.staff_cluster_ids)
        and Membership.objects.filter(
            organisation_id=organisation_id, cluster_id__in=viewer.staff_cluster_ids
        ).exists()
    )


def can_manage_organisation(user: Any, organisation: Organisation) -> bool:
    """Its managers, and the staff of its clusters: the rule the profile services enforce."""
    return viewer_for(user).manages(organisation.pk) or is_staff_for_organisation(
        user, organisation.pk
    )


def directory_organisations(user: Any) -> QuerySet[Organisation]:
    """The member directory: visible organisations with their active memberships prefetched
    (as `active_memberships`)."""
    return visible_organisations(user).prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(status=MembershipStatus.ACTIVE).select_related(
                "cluster"
            ),
            to_attr="active_memberships",
        )
    )


def organisation_memberships(user: Any, organisation: Organisation) -> QuerySet[Membership]:
    """Active memberships for everyone; every membership for the organisation's managers,
    and those of their own clusters for cluster staff."""
    viewer = viewer_for(user)
    qs = organisation.memberships.select_related("cluster").order_by("cluster__short_name")
    if viewer.is_superuser or viewer.manages(organisation.pk):
        return qs
    rule = Q(status__in=PUBLIC_MEMBERSHIP_STATUSES)
    if viewer.staff_cluster_ids:
        rule |= Q(cluster_id__in=viewer.staff_cluster_ids)
    return qs.filter(rule)


def organisation_people(user: Any, organisation: Organisation) -> QuerySet[Affiliation]:
    """Current affiliations of the organisation whose person the viewer may see."""
    return (
        Affiliation.objects.current()
        .filter(organisation=organisation, person__in=visible_people(user))
        .select_related("person")
        .order_by("person__last_name", "person__first_name")
    )


def person_affiliations(user: Any, person: Person) -> QuerySet[Affiliation]:
    """Current affiliations of a person with organisations the viewer may see."""
    return (
        Affiliation.objects.current()
        .filter(person=person, organisation__in=visible_organisations(user))
        .select_related("organisation")
        .order_by("-is_primary", "organisation__name")
    )


def reviewable_memberships(user: Any) -> QuerySet[Membership]:
    """Every membership of the clusters the user staffs, whatever its status."""
    viewer = viewer_for(user)
    qs = Membership.objects.select_related("organisation", "cluster", "applied_by")
    if viewer.is_superuser:
        return qs
    return qs.filter(cluster_id__in=viewer.staff_cluster_ids)


def current_memberships_for_review(user: Any) -> QuerySet[Membership]:
    """Active and suspended memberships of the clusters the user staffs: those the review page
    can suspend, reactivate or withdraw."""
    return (
        reviewable_memberships(user)
        .filter(status__in=[MembershipStatus.ACTIVE, MembershipStatus.SUSPENDED])
        .order_by("cluster__short_name", "organisation__name")
    )


def with_history(memberships: QuerySet[Membership]) -> QuerySet[Membership]:
    """Prefetch each membership's dated events and who made them."""
    return memberships.prefetch_related(
        Prefetch("events", queryset=MembershipEvent.objects.select_related("by"))
    )


def review_history(user: Any, limit: int = 20) -> QuerySet[MembershipEvent]:
    """The latest lifecycle steps of memberships in the clusters the user staffs."""
    viewer = viewer_for(user)
    qs = MembershipEvent.objects.select_related(
        "membership__organisation", "membership__cluster", "by"
    ).order_by("-at", "-pk")
    if not viewer.is_superuser:
        qs = qs.filter(membership__cluster_id__in=viewer.staff_cluster_ids)
    return qs[:limit]


def affiliations_of_viewer(user: Any) -> QuerySet[Affiliation]:
    viewer = viewer_for(user)
    if viewer.person_id is None:
        return Affiliation.objects.none()
    return (
        Affiliation.objects.current()
        .filter(person_id=viewer.person_id)
        .select_related("organisation")
        .order_by("-is_primary", "organisation__name")
    )


_NOT_A_LETTER = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """`text` as names are compared: lower case, accents removed, punctuation as spaces
    ("Università Milano-Bicocca" → "universita milano bicocca")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_A_LETTER.sub(" ", plain).strip()


def organisations_named(queryset: QuerySet[Organisation], text: str) -> QuerySet[Organisation]:
    """Those of `queryset` whose name holds every word of `text`, however typed (case,
    accents, hyphens). Compared in Python: SQLite folds only ASCII case and neither database
    folds accents; a directory has hundreds of names, not millions."""
    words = fold(text).split()[:12]
    if not words:
        return queryset
    ids = [
        pk
        for pk, name in queryset.values_list("pk", "name")
        if all(word in fold(name) for word in words)
    ]
    return queryset.filter(pk__in=ids)
