"""The people and items of the expression-of-interest tests, and EOIs in any state.

`eoi_in(state)` writes an expression of interest already in `state`, with a history that
leads there dated in the past, so a test can start from any step of the workflow.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


def board_suggestions_of(
    world: World, item: MarketplaceItem, settings: Any, index_dir: Path
) -> Any:
    """The brokerage board's suggestions for `item`, as the staff's HTMX panel asks for them,
    from an index rebuilt in `index_dir` for the test (and dropped after it)."""
    from django.urls import reverse

    from ponte.matching import index
    from ponte.matching import services as matching_services
    from tests.helpers import client_for

    settings.MATCHING_INDEX_DIR = index_dir / "index"
    settings.MATCHING_EMBED_CACHE = index_dir / "embeddings"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    kind = "need" if isinstance(item, InnovationNeed) else "offer"
    index.reset()
    try:
        matching_services.rebuild_index()
        return client_for(world.staff).get(
            reverse("transfer:brokerage_suggestions", args=[world.cluster.slug, kind, item.pk]),
            HTTP_HX_REQUEST="true",
        )
    finally:
        index.reset()
