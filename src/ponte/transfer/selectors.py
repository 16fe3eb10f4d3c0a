"""Reads of offers and needs, already filtered by what the viewer may see."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ponte.accounts.selectors import Viewer, viewer_for
from ponte.clusters.models import Cluster
from ponte.matching.analysis import surface_words, word_stems
from ponte.members.constants import MembershipStatus
from ponte.members.models import Affiliation, Organisation
from ponte.members.selectors import listed_organisations_q
from ponte.transfer.constants import (
    ANSWER_DUE_WORKING_DAYS,
    INTEREST_DATE_FIELDS,
    INTEREST_TRANSITIONS,
    AgreementKind,
    Confidentiality,
    InterestState,
    ItemStatus,
)
from ponte.transfer.models import (
    ITEM_FIELD,
    ExpressionOfInterest,
    InnovationNeed,
    InterestEvent,
    InterestInvitation,
    MarketplaceItem,
    TechnologyOffer,
    item_link,
)
from ponte.transfer.outcomes import Period, last_periods, median_days, working_days_between

Item = TypeVar("Item", bound=MarketplaceItem)


def visibility_q(viewer: Viewer, model: type[MarketplaceItem]) -> Q:
    """The one rule of who sees an offer or need (of `model`).

    Visitors: public and live. Members of any cluster: also member-level. Organisations
    invited to an item (by its owner, its cluster's staff or a staff proposal of a match):
    that item while live and while both organisations are listed (admitted, not withdrawn). The owning organisation's people and the cluster's staff:
    everything of theirs, drafts and expired items included. Superusers: everything.
    """
    if viewer.is_superuser:
        return Q()
    live = Q(status=ItemStatus.PUBLISHED, expires_on__gte=timezone.localdate())
    levels = [Confidentiality.PUBLIC]
    if viewer.is_member:
        levels.append(Confidentiality.MEMBERS)
    # An organisation that left (or is not admitted yet) has no place in the marketplace.
    listed = Organisation.objects.filter(listed_organisations_q()).values("pk")
    rule = live & Q(confidentiality__in=levels, organisation_id__in=listed)
    if viewer.organisation_ids:
        field = ITEM_FIELD[model]
        # An invitation holds while both sides are in the marketplace: not once the invited
        # organisation has withdrawn (or was rejected), nor for an owner that has left.
        guests = Organisation.objects.filter(
            listed_organisations_q(), pk__in=viewer.organisation_ids
        ).values("pk")
        invited = InterestInvitation.objects.filter(
            organisation_id__in=guests, **{f"{field}__isnull": False}
        ).values(field)
        rule |= live & Q(pk__in=invited, organisation_id__in=listed)
        rule |= Q(organisation_id__in=viewer.organisation_ids)
    if viewer.staff_cluster_ids:
        rule |= Q(cluster_id__in=viewer.staff_cluster_ids)
    return rule


def live(queryset: QuerySet[Item]) -> QuerySet[Item]:
    """Only what is open now: published and not expired (for the public-facing showcases)."""
    return queryset.filter(status=ItemStatus.PUBLISHED, expires_on__gte=timezone.localdate())


def _visible(model: type[Item], user: Any) -> QuerySet[Item]:
    return (
        model._default_manager.filter(visibility_q(viewer_for(user), model))
        .select_related("organisation", "cluster")
        .prefetch_related("competences")
    )


def visible_offers(user: Any) -> QuerySet[TechnologyOffer]:
    return _visible(TechnologyOffer, user)


def visible_needs(user: Any) -> QuerySet[InnovationNeed]:
    return _visible(InnovationNeed, user)


def is_current_author(viewer: Viewer, item: MarketplaceItem) -> bool:
    """The author of `item` while they still belong to its organisation: someone who has
    left keeps no say over what they wrote for it (the staff who filed an item act as
    staff)."""
    return (
        item.created_by_id is not None
        and item.created_by_id == viewer.user_id
        and viewer.belongs_to(item.organisation_id)
    )


def can_edit_item(user: Any, item: MarketplaceItem) -> bool:
    """The organisation's managers, the author (while at the organisation), the cluster's
    staff."""
    viewer = viewer_for(user)
    if not viewer.is_authenticated:
        return False
    return (
        viewer.manages(item.organisation_id)
        or is_current_author(viewer, item)
        or viewer.is_staff_of(item.cluster_id)
    )


SEARCH_FIELDS = {
    TechnologyOffer: ("title", "summary", "advantages", "applications", "organisation__name"),
    InnovationNeed: ("title", "summary", "expected_result", "organisation__name"),
}


# What may precede a word in the texts: a word starts at the beginning of a field or after one of
# these. Matching with LIKE, not a regular expression: SQLite would call Python for every row
# (and, on the test server's shared connection, two requests at once could deadlock on it).
_WORD_STARTS = (
    *(" \n\t\r-/.,:;+*#=_<>[({"),
    *("'’‘\"«“•…"),  # apostrophes ("dell’imballaggio"), quotes, bullets
)


def search_items(queryset: QuerySet[Item], text: str) -> QuerySet[Item]:
    """Every word must appear, however inflected, cased or accented, in some text field or
    competence name (either language): "imballaggio" finds "imballaggi", "RICICLABILITÀ"
    finds "riciclabilità".

    Each word becomes its Italian and English stems (the matching index's analysers) and
    itself, sought at the start of a word in the database; stop words are skipped (text of
    stop words and signs only, such as "O/W", is sought as typed). Portable across SQLite
    and PostgreSQL; ranked, cross-language matching lives in the matching app.
    """
    fields = [*SEARCH_FIELDS[queryset.model], "competences__name_it", "competences__name_en"]
    wanted = _search_words(text)
    for forms in wanted[:12] if wanted else [{word} for word in text.split()[:12]]:
        word_q = Q()
        for form in sorted(forms):
            for name in fields:
                if wanted:
                    word_q |= Q(**{f"{name}__istartswith": form})
                    for start in _WORD_STARTS:
                        word_q |= Q(**{f"{name}__icontains": start + form})
                else:
                    word_q |= Q(**{f"{name}__icontains": form})
        matching_ids = queryset.model._default_manager.filter(word_q).values("pk")
        queryset = queryset.filter(pk__in=matching_ids)
    return queryset


def _search_words(text: str) -> list[set[str]]:
    """For each meaningful word of `text`, in order and without repeats, the beginnings a
    word of the item may have: the word's Italian and English stems and the word itself,
    keeping only the shortest where one begins another."""
    out: list[set[str]] = []
    for word in surface_words(text):
        stems = word_stems(word)
        if stems is None:
            continue
        candidates = {*stems, word}
        forms = {f for f in candidates if not any(o != f and f.startswith(o) for o in candidates)}
        if forms not in out:
            out.append(forms)
    return out


# --- Expressions of interest ----------------------------------------------------------------


def is_visible_item(user: Any, item: MarketplaceItem) -> bool:
    model = type(item)
    return model._default_manager.filter(visibility_q(viewer_for(user), model), pk=item.pk).exists()


def is_invited(organisation_id: int, item: MarketplaceItem) -> bool:
    return InterestInvitation.objects.filter(
        organisation_id=organisation_id, **item_link(item)
    ).exists()


def interest_visibility_q(viewer: Viewer) -> Q:
    """The one rule of who sees an expression of interest: both organisations' people and
    the item's cluster staff; superusers. Nobody else, in any list, count or page."""
    if viewer.is_superuser:
        return Q()
    rule = Q(pk__in=[])
    if viewer.organisation_ids:
        ids = viewer.organisation_ids
        rule |= (
            Q(organisation_id__in=ids)
            | Q(offer__organisation_id__in=ids)
            | Q(need__organisation_id__in=ids)
        )
    if viewer.staff_cluster_ids:
        staffed = viewer.staff_cluster_ids
        rule |= Q(offer__cluster_id__in=staffed) | Q(need__cluster_id__in=staffed)
    return rule


def visible_interests(user: Any) -> QuerySet[ExpressionOfInterest]:
    viewer = viewer_for(user)
    if not viewer.is_authenticated:
        return ExpressionOfInterest.objects.none()
    return ExpressionOfInterest.objects.filter(interest_visibility_q(viewer)).select_related(
        "organisation",
        "sender",
        "offer__organisation",
        "offer__cluster",
        "need__organisation",
        "need__cluster",
    )


def can_answer_interest(user: Any, interest: ExpressionOfInterest) -> bool:
    """Accept or decline: the people who manage the item's organisation, or its author; never
    someone of the interested organisation (one cannot accept one's own interest)."""
    viewer = viewer_for(user)
    if not viewer.is_authenticated or viewer.belongs_to(interest.organisation_id):
        return False
    item = interest.item
    return viewer.manages(item.organisation_id) or is_current_author(viewer, item)


def can_progress_interest(user: Any, interest: ExpressionOfInterest) -> bool:
    """Record a meeting, an agreement, a project, or close: the two sides and the staff."""
    viewer = viewer_for(user)
    item = interest.item
    return (
        viewer.belongs_to(interest.organisation_id)
        or viewer.belongs_to(item.organisation_id)
        or viewer.is_staff_of(item.cluster_id)
    )


def can_close_interest(user: Any, interest: ExpressionOfInterest) -> bool:
    """Close, saying why: the two sides and the staff -- but an expression still waiting for
    an answer is answered by the item's side (accept or decline, with a reason the sender
    reads), not closed: a closed one never counts as answered in the outcomes. Its sender
    may withdraw it by closing it, and the staff may close it."""
    if interest.state != InterestState.SENT:
        return can_progress_interest(user, interest)
    viewer = viewer_for(user)
    return viewer.belongs_to(interest.organisation_id) or viewer.is_staff_of(
        interest.item.cluster_id
    )


def can_revert_interest(user: Any, interest: ExpressionOfInterest) -> bool:
    return viewer_for(user).is_staff_of(interest.item.cluster_id)


def can_invite_to(user: Any, item: MarketplaceItem) -> bool:
    viewer = viewer_for(user)
    return (
        viewer.manages(item.organisation_id)
        or is_current_author(viewer, item)
        or viewer.is_staff_of(item.cluster_id)
    )


#: The next steps and the state each leads to, in the order the pages offer them.
INTEREST_STEPS: dict[str, str] = {
    "accept": InterestState.INTRODUCED,
    "decline": InterestState.DECLINED,
    "meeting": InterestState.MEETING_HELD,
    "agreement": InterestState.AGREEMENT_SIGNED,
    "project": InterestState.PROJECT_STARTED,
    "close": InterestState.CLOSED,
}


def next_actions(user: Any, interest: ExpressionOfInterest) -> list[str]:
    """The steps `user` may take now (names of `INTEREST_STEPS`, and "revert")."""
    allowed = INTEREST_TRANSITIONS[interest.state]
    actions = []
    for name, state in INTEREST_STEPS.items():
        if state not in allowed:
            continue
        if state in (InterestState.INTRODUCED, InterestState.DECLINED):
            permitted = can_answer_interest(user, interest)
        elif state == InterestState.CLOSED:
            permitted = can_close_interest(user, interest)
        else:
            permitted = can_progress_interest(user, interest)
        if permitted:
            actions.append(name)
    if interest.state != InterestState.SENT and can_revert_interest(user, interest):
        actions.append("revert")
    return actions


def interests_sent(user: Any) -> QuerySet[ExpressionOfInterest]:
    """Expressions of interest of the user's organisations."""
    viewer = viewer_for(user)
    return visible_interests(user).filter(organisation_id__in=viewer.organisation_ids)


def interests_received(user: Any) -> QuerySet[ExpressionOfInterest]:
    """Expressions of interest in the items of the user's organisations."""
    ids = viewer_for(user).organisation_ids
    return visible_interests(user).filter(
        Q(offer__organisation_id__in=ids) | Q(need__organisation_id__in=ids)
    )


def interests_in(user: Any, item: MarketplaceItem) -> QuerySet[ExpressionOfInterest]:
    return visible_interests(user).filter(**item_link(item))


@dataclass
class InterestPanel:
    """What an item's page offers about interest, for the viewing user."""

    can_express: bool = False
    organisations: list[Organisation] = field(default_factory=list)
    invited_only: bool = False
    needs_login: bool = False
    needs_organisation: bool = False
    own_item: bool = False
    existing: list[ExpressionOfInterest] = field(default_factory=list)
    received: list[ExpressionOfInterest] = field(default_factory=list)
    can_invite: bool = False
    invitations: list[InterestInvitation] = field(default_factory=list)


def interest_panel(user: Any, item: MarketplaceItem) -> InterestPanel:
    """Who may express interest in `item` for which organisation, and what is already there.

    Organisations offered: the user's own, active members of a cluster, not the owner, with no
    open expression of interest in the item, and invited when the item is confidential."""
    viewer = viewer_for(user)
    panel = InterestPanel()
    if not viewer.is_authenticated:
        panel.needs_login = item.is_live
        panel.invited_only = item.confidentiality == Confidentiality.STAFF
        return panel
    link = item_link(item)
    panel.own_item = viewer.belongs_to(item.organisation_id)
    panel.can_invite = can_invite_to(user, item)
    if panel.own_item or viewer.is_staff_of(item.cluster_id):
        # Each card shows its history with who took each step: one query for all of it.
        panel.received = list(
            interests_in(user, item).prefetch_related(
                Prefetch("events", queryset=InterestEvent.objects.select_related("by"))
            )
        )
    if panel.can_invite:
        panel.invitations = list(
            InterestInvitation.objects.filter(**link).select_related("organisation")
        )
    own = viewer.organisation_ids - {item.organisation_id}
    if not own:
        panel.needs_organisation = not panel.own_item and not viewer.is_cluster_staff
        return panel
    panel.existing = list(
        visible_interests(user)
        .filter(organisation_id__in=own, **link)
        .exclude(state=InterestState.CLOSED)
    )
    if not Organisation.objects.filter(
        pk__in=own, memberships__status=MembershipStatus.ACTIVE
    ).exists():
        # Only applicants (or former members): the way in is membership, not this item.
        panel.needs_organisation = not panel.existing
        return panel
    busy = {interest.organisation_id for interest in panel.existing}
    candidates = Organisation.objects.filter(
        pk__in=own - busy,
        memberships__status=MembershipStatus.ACTIVE,
    ).distinct()
    if item.confidentiality == Confidentiality.STAFF:
        invited = InterestInvitation.objects.filter(organisation_id__in=own, **link).values(
            "organisation_id"
        )
        candidates = candidates.filter(pk__in=invited)
        panel.invited_only = True
    panel.organisations = list(candidates.order_by("name"))
    panel.can_express = bool(panel.organisations) and item.is_live
    return panel


@dataclass(frozen=True)
class ProposalTarget:
    """The other side of a proposed match, resolved from its matching key."""

    key: str
    title: str
    url: str
    organisation_ids: frozenset[int]
    recipients: list[Any]
    item: MarketplaceItem | None = None
    #: The item, organisation or person itself (what a notification about it points at).
    subject: Any = None


def proposal_target(user: Any, key: str) -> ProposalTarget | None:
    """The item, organisation or person `key` names, if `user` may see it."""
    from ponte.matching.documents import make_key, split_key
    from ponte.members.selectors import visible_organisations, visible_people
    from ponte.notifications.services import recipients_for_organisation

    try:
        kind, ident = split_key(key)
    except ValueError:
        return None
    pk = int(ident)
    key = make_key(kind, pk)  # "org:007" is "org:7": one key per target, as stored
    if kind in ("offer", "need"):
        item = (visible_offers if kind == "offer" else visible_needs)(user).filter(pk=pk).first()
        if item is None:
            return None
        return ProposalTarget(
            key,
            item.title,
            item.get_absolute_url(),
            frozenset({item.organisation_id}),
            recipients_for_organisation(item.organisation),
            item,
            item,
        )
    if kind == "org":
        org = visible_organisations(user).filter(pk=pk).first()
        if org is None:
            return None
        return ProposalTarget(
            key,
            org.name,
            org.get_absolute_url(),
            frozenset({org.pk}),
            recipients_for_organisation(org),
            subject=org,
        )
    if kind == "person":
        person = visible_people(user).filter(pk=pk).select_related("user").first()
        if person is None:
            return None
        org_ids = frozenset(
            Affiliation.objects.current()
            .filter(person=person)
            .values_list("organisation_id", flat=True)
        )
        recipients: list[Any] = [person.user] if person.user_id else []
        if not recipients:
            for org in Organisation.objects.filter(pk__in=org_ids):
                recipients += recipients_for_organisation(org)
        return ProposalTarget(
            key, person.full_name, person.get_absolute_url(), org_ids, recipients, subject=person
        )
    return None


def can_see_proposal_target(user: Any, target: ProposalTarget) -> bool:
    """Whether `user` may open what a proposal names (an item, an organisation, a person):
    nobody is told the name of what they could not see."""
    from ponte.matching.documents import split_key
    from ponte.members.selectors import visible_organisations, visible_people

    if target.item is not None:
        return is_visible_item(user, target.item)
    kind, ident = split_key(target.key)
    if kind == "org":
        return visible_organisations(user).filter(pk=int(ident)).exists()
    return visible_people(user).filter(pk=int(ident)).exists()


def proposal_labels(user: Any, keys: Collection[str]) -> dict[str, tuple[str, str]]:
    """(title, link) of each proposal target `user` may still see, by key, in one query per
    kind: the board names what was proposed instead of showing its matching key."""
    from ponte.matching.documents import make_key, split_key
    from ponte.members.selectors import visible_organisations, visible_people

    wanted: dict[str, set[int]] = {}
    for key in keys:
        try:
            kind, ident = split_key(key)
        except ValueError:
            continue
        wanted.setdefault(kind, set()).add(int(ident))
    sources: dict[str, Any] = {
        "offer": visible_offers,
        "need": visible_needs,
        "org": visible_organisations,
        "person": visible_people,
    }
    labels: dict[str, tuple[str, str]] = {}
    for kind, ids in wanted.items():
        if kind not in sources:
            continue
        for obj in sources[kind](user).filter(pk__in=ids):
            title = obj.full_name if kind == "person" else str(obj)
            labels[make_key(kind, obj.pk)] = (title, obj.get_absolute_url())
    return labels


def admitted_organisation_ids(organisation_ids: Collection[int]) -> set[int]:
    """Those of `organisation_ids` that are active members of a cluster: the only ones an
    item may be opened to by an invitation."""
    return set(
        Organisation.objects.filter(
            pk__in=organisation_ids, memberships__status=MembershipStatus.ACTIVE
        ).values_list("pk", flat=True)
    )


# --- The brokerage board and outcomes --------------------------------------------------------


def staffed_cluster(user: Any, slug: str) -> Cluster:
    """The cluster of the board, for its staff only (Http404 for anyone else: the board's
    very existence for a cluster is not public)."""
    cluster = Cluster.objects.filter(slug=slug).first()
    if cluster is None or not viewer_for(user).is_staff_of(cluster.pk):
        raise Http404(_("No brokerage board here."))
    return cluster


def cluster_interests(user: Any, cluster: Cluster) -> QuerySet[ExpressionOfInterest]:
    return visible_interests(user).filter(Q(offer__cluster=cluster) | Q(need__cluster=cluster))


@dataclass(frozen=True)
class Waiting:
    interest: ExpressionOfInterest
    working_days: int


def waiting_for_answer(
    interests: QuerySet[ExpressionOfInterest], today: datetime.date | None = None
) -> list[Waiting]:
    """Expressions of interest unanswered for more than `ANSWER_DUE_WORKING_DAYS` working
    days, longest waiting first."""
    today = today or timezone.localdate()
    # Ten working days span at least twelve calendar days: fetch only those old enough.
    oldest = timezone.now() - datetime.timedelta(days=ANSWER_DUE_WORKING_DAYS + 2)
    waiting = []
    for interest in interests.filter(state=InterestState.SENT, sent_at__lte=oldest):
        days = working_days_between(timezone.localtime(interest.sent_at).date(), today)
        if days > ANSWER_DUE_WORKING_DAYS:
            waiting.append(Waiting(interest, days))
    return sorted(waiting, key=lambda w: -w.working_days)


@dataclass(frozen=True)
class Outcomes:
    """What happened to expressions of interest in one period: how many reached each step,
    and the median days from expression to answer and from introduction to agreement."""

    period: Period
    counts: dict[str, int]
    agreements: dict[str, int]
    median_days_to_answer: float | None
    median_days_to_agreement: float | None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def agreements_by_kind(self) -> list[tuple[str, int]]:
        """(label, count) of each kind of agreement signed in the period, in the list's order."""
        return [
            (str(label), self.agreements[kind])
            for kind, label in AgreementKind.choices
            if self.agreements.get(kind)
        ]


def _local_day(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localtime(moment).date() if moment is not None else None


def outcome_scope_q(viewer: Viewer) -> Q:
    """Which expressions of interest may shape the outcome figures `viewer` reads: those on
    items of a confidentiality level the viewer reaches (public for all, member-level for
    members), whatever became of the item since (outcomes are history), and those the
    viewer may see themselves (`interest_visibility_q`: both sides and the item's cluster
    staff). An interest in a confidential item never moves a count its reader may not see."""
    if viewer.is_superuser:
        return Q()
    levels = [Confidentiality.PUBLIC]
    if viewer.is_member:
        levels.append(Confidentiality.MEMBERS)
    return (
        Q(offer__confidentiality__in=levels)
        | Q(need__confidentiality__in=levels)
        | interest_visibility_q(viewer)
    )


def interest_outcomes(
    cluster_ids: Collection[int] | None, periods: Sequence[Period], *, user: Any
) -> list[Outcomes]:
    """The outcome figures per period, for the items of `cluster_ids` (None: the whole
    network), as `user` may read them (`outcome_scope_q`). A figure of staff and of the
    reporting: aggregated, it names nobody; callers check that the reader may see the
    clusters' figures."""
    qs = ExpressionOfInterest.objects.filter(outcome_scope_q(viewer_for(user)))
    if cluster_ids is not None:
        qs = qs.filter(Q(offer__cluster_id__in=cluster_ids) | Q(need__cluster_id__in=cluster_ids))
    fields = list(INTEREST_DATE_FIELDS.items())
    rows = list(qs.values_list(*[name for _state, name in fields], "agreement_kind"))
    results = []
    for period in periods:
        counts = dict.fromkeys(INTEREST_DATE_FIELDS, 0)
        agreements = dict.fromkeys(AgreementKind.values, 0)
        to_answer: list[datetime.timedelta] = []
        to_agreement: list[datetime.timedelta] = []
        for row in rows:
            dates = dict(zip((name for _state, name in fields), row, strict=False))
            for state, name in fields:
                if _local_day(dates[name]) in period:
                    counts[state] += 1
            answered = dates["accepted_at"] or dates["declined_at"]
            if answered is not None and _local_day(answered) in period:
                to_answer.append(answered - dates["sent_at"])
            if dates["agreement_at"] is not None and _local_day(dates["agreement_at"]) in period:
                agreements[row[-1]] = agreements.get(row[-1], 0) + 1
                if dates["accepted_at"] is not None:
                    to_agreement.append(dates["agreement_at"] - dates["accepted_at"])
        results.append(
            Outcomes(
                period,
                counts,
                agreements,
                median_days(to_answer),
                median_days(to_agreement),
            )
        )
    return results


def cluster_outcomes(
    user: Any, cluster: Cluster, granularity: str, count: int, today: datetime.date | None = None
) -> list[Outcomes]:
    """The outcome figures of `cluster` for its staff, for the last `count` periods."""
    if not viewer_for(user).is_staff_of(cluster.pk):
        raise PermissionDenied(_("Only the cluster's staff see its outcomes."))
    periods = last_periods(granularity, today or timezone.localdate(), count)
    return interest_outcomes([cluster.pk], periods, user=user)
