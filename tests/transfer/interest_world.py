"""The people and items of the expression-of-interest tests, and EOIs in any state.

`eoi_in(state)` writes an expression of interest already in `state`, with a history that
leads there dated in the past, so a test can start from any step of the workflow.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from ponte.accounts.models import User
from ponte.clusters.models import Cluster
from ponte.members.models import Organisation
from ponte.transfer.constants import (
    INTEREST_DATE_FIELDS,
    INTEREST_TRANSITIONS,
    Confidentiality,
    InterestAction,
    InterestState,
)
from ponte.transfer.models import (
    ExpressionOfInterest,
    InnovationNeed,
    InterestEvent,
    MarketplaceItem,
    item_link,
)
from tests.factories import InnovationNeedFactory, MembershipFactory, person_in

# The shortest path from "sent" to every state.
PATHS: dict[str, list[str]] = {InterestState.SENT: [InterestState.SENT]}
_queue = [InterestState.SENT]
while _queue:
    _state = _queue.pop(0)
    for _next in INTEREST_TRANSITIONS[_state]:
        if _next not in PATHS:
            PATHS[_next] = [*PATHS[_state], _next]
            _queue.append(_next)


@dataclass
class World:
    cluster: Cluster
    owner_org: Organisation
    owner: User  # manages the owner organisation
    colleague: User  # of the owner organisation, not a manager
    author: User  # of the owner organisation, not a manager, wrote the need
    interested_org: Organisation
    interested: User
    outsider: User  # manager of a third member organisation of the same cluster
    outsider_org: Organisation
    staff: User
    other_staff: User
    need: InnovationNeed
    secret_need: InnovationNeed


def build_world(
    cluster_a: Cluster,
    member_org: Organisation,
    member_user: User,
    other_member_org: Organisation,
    other_member_user: User,
    staff_user: User,
    other_staff_user: User,
) -> World:
    colleague = person_in(member_org, username="colleague")
    author = person_in(member_org, username="author")
    outsider_org = MembershipFactory(cluster=cluster_a).organisation
    outsider = person_in(outsider_org, can_manage=True, username="outsider")
    need = InnovationNeedFactory(organisation=member_org, cluster=cluster_a, created_by=author)
    secret_need = InnovationNeedFactory(
        organisation=member_org,
        cluster=cluster_a,
        confidentiality=Confidentiality.STAFF,
        created_by=author,
    )
    return World(
        cluster_a,
        member_org,
        member_user,
        colleague,
        author,
        other_member_org,
        other_member_user,
        outsider,
        outsider_org,
        staff_user,
        other_staff_user,
        need,
        secret_need,
    )


def eoi_in(
    state: str,
    item: MarketplaceItem,
    organisation: Organisation,
    sender: User | None = None,
    days_ago: int = 30,
    **fields: object,
) -> ExpressionOfInterest:
    """An expression of interest in `state`, its steps one day apart ending yesterday."""
    path = PATHS[state]
    start = timezone.now() - datetime.timedelta(days=days_ago)
    moments = [start + datetime.timedelta(days=i) for i in range(len(path))]
    dates = {INTEREST_DATE_FIELDS[s]: at for s, at in zip(path, moments, strict=True)}
    interest = ExpressionOfInterest.objects.create(
        organisation=organisation,
        sender=sender,
        message="We could help.",
        state=state,
        agreement_kind="nda" if InterestState.AGREEMENT_SIGNED in path else "",
        **item_link(item),
        **dates,
        **fields,
    )
    previous = ""
    for to_state, at in zip(path, moments, strict=True):
        action = InterestAction.SENT if not previous else INTEREST_TRANSITIONS[previous][to_state]
        InterestEvent.objects.create(
            interest=interest, action=action, from_state=previous, to_state=to_state, at=at
        )
        previous = to_state
    return interest
