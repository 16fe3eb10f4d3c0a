"""Every change of state of expressions of interest, invitations and proposed matches.

One function per state change, each permission-checked, transactional, audited and
notifying the other side (`ponte.notifications.services.notify`, e-mails after commit).
The allowed transitions are `constants.INTEREST_TRANSITIONS`; who may take each step is
decided by the selectors (`can_answer_interest`, `can_progress_interest`, ...).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ponte.accounts.selectors import viewer_for
from ponte.accounts.services import log_action
from ponte.members.constants import MembershipStatus
from ponte.members.models import Membership, Organisation
from ponte.transfer.constants import (
    INTEREST_DATE_FIELDS,
    INTEREST_TRANSITIONS,
    MAX_INTEREST_MESSAGE,
    AgreementKind,
    Confidentiality,
    InterestAction,
    InterestState,
)
from ponte.transfer.models import (
    ExpressionOfInterest,
    InterestEvent,
    InterestInvitation,
    MarketplaceItem,
    ProposedMatch,
    item_link,
)
from ponte.transfer.selectors import (
    ProposalTarget,
    admitted_organisation_ids,
    can_answer_interest,
    can_close_interest,
    can_invite_to,
    can_progress_interest,
    can_revert_interest,
    can_see_proposal_target,
    is_invited,
    is_visible_item,
    proposal_target,
    visible_interests,
)

# Messages of the notifications, translated into each recipient's language by `notify`.
MSG_RECEIVED = gettext_noop("%(organisation)s expressed interest in “%(title)s”.")
MSG_RECEIVED_FOR_STAFF = gettext_noop(
    "%(organisation)s expressed interest in “%(title)s”, but nobody at %(owner)s has an "
    "account on Ponte to answer it: please let them know."
)
MSG_ACCEPTED = gettext_noop(
    "Your interest in “%(title)s” was accepted: you are now introduced to %(organisation)s."
)
MSG_DECLINED = gettext_noop("Your interest in “%(title)s” was declined. Reason: %(reason)s")
MSG_MEETING = gettext_noop("A meeting was recorded for the interest in “%(title)s”.")
MSG_AGREEMENT = gettext_noop("An agreement (%(kind)s) was signed for “%(title)s”.")
MSG_PROJECT = gettext_noop("A project started from the interest in “%(title)s”.")
MSG_CLOSED = gettext_noop(
    "The expression of interest in “%(title)s” was closed. Reason: %(reason)s"
)
MSG_REVERTED = gettext_noop(
    "The cluster's staff reverted the last step of the expression of interest in “%(title)s”."
)
MSG_INVITED = gettext_noop(
    "You are invited to look at “%(title)s” and to express interest in it if it fits."
)
MSG_PROPOSED_TO_OWNER = gettext_noop(
    "The cluster's staff propose “%(target)s” as a match for your “%(title)s”."
)
MSG_PROPOSED_TO_TARGET = gettext_noop(
    "The cluster's staff propose that you look at “%(title)s”: it may fit you."
)
# A confidential item a proposal opens (an invitation) is said so to its owners.
MSG_PROPOSED_TO_OWNER_OPENED = gettext_noop(
    "The cluster's staff propose “%(target)s” as a match for your confidential “%(title)s”, "
    "and have opened it to them."
)
MSG_PROPOSED_TO_TARGET_OPENED = gettext_noop(
    "The cluster's staff propose that you look at “%(title)s”: it may fit you. They have "
    "opened your confidential “%(own)s” to its organisation."
)


def _now(at: datetime.datetime | None) -> datetime.datetime:
    return at or timezone.now()


def _notify(
    recipients: Iterable[Any],
    kind: str,
    msgid: str,
    params: dict[str, Any],
    *,
    url: str,
    target: Any,
    actor: Any,
) -> list[Any]:
    from ponte.notifications.services import notify

    return notify(
        list(recipients), kind, message=(msgid, params), url=url, target=target, actor=actor
    )


def _people(organisation: Organisation | int) -> list[Any]:
    from ponte.notifications.services import recipients_for_organisation

    if isinstance(organisation, int):
        organisation = Organisation.objects.get(pk=organisation)
    return recipients_for_organisation(organisation)


def _check_message(text: str, field: str, required_message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: required_message})
    if len(text) > MAX_INTEREST_MESSAGE:
        raise ValidationError(
            {
                field: _("%(field)s: at most %(max)d characters, please.")
                % {
                    "field": {"message": _("Message"), "reason": _("Reason")}.get(
                        field, field.capitalize()
                    ),
                    "max": MAX_INTEREST_MESSAGE,
                }
            }
        )
    return text


def _check_at(interest: ExpressionOfInterest, at: datetime.datetime) -> None:
    """A step is dated no later than now and no earlier than the step before it."""
    if at > timezone.now() + datetime.timedelta(minutes=5):
        raise ValidationError(_("A step cannot be dated in the future."))
    last = interest.events.order_by("-at", "-pk").values_list("at", flat=True).first()
    if last is not None and at < last:
        raise ValidationError(_("A step cannot be dated before the previous one."))


@transaction.atomic
def express_interest(
    user: Any,
    item: MarketplaceItem,
    *,
    organisation: Organisation,
    message: str,
    at: datetime.datetime | None = None,
) -> ExpressionOfInterest:
    """`user`, for `organisation`, tells the owner of `item` they are interested.

    Only for one's own organisation, an active member of a cluster, never the item's owner;
    the item must be open and visible to the user; a confidential item only once the
    organisation has been invited (by the owner, the staff or a staff proposal)."""
    viewer = viewer_for(user)
    if not viewer.is_authenticated or not viewer.belongs_to(organisation.pk):
        raise PermissionDenied(_("You can only express interest for your own organisation."))
    if not is_visible_item(user, item):
        raise PermissionDenied(_("You cannot see this item."))
    if organisation.pk == item.organisation_id:
        raise ValidationError(
            {"organisation": _("Organisation: this item is your own organisation's.")}
        )
    if item.confidentiality == Confidentiality.STAFF and not is_invited(organisation.pk, item):
        raise PermissionDenied(
            _("This item is confidential: you can express interest once you are invited.")
        )
    if not item.is_live:
        raise ValidationError(_("This item is no longer open to expressions of interest."))
    if not Membership.objects.filter(
        organisation=organisation, status=MembershipStatus.ACTIVE
    ).exists():
        raise ValidationError(
            {
                "organisation": _(
                    "Organisation: only members of a cluster can express interest; "
                    "apply for membership first."
                )
            }
        )
    text = _check_message(message, "message", _("Message: say briefly why you are interested."))
    _lock_item(item)
    link = item_link(item)
    if (
        ExpressionOfInterest.objects.filter(organisation=organisation, **link)
        .exclude(state=InterestState.CLOSED)
        .exists()
    ):
        raise ValidationError(_("Your organisation has already expressed interest in this item."))
    moment = _now(at)
    interest = ExpressionOfInterest.objects.create(
        organisation=organisation,
        sender=user,
        message=text,
        state=InterestState.SENT,
        sent_at=moment,
        **link,
    )
    InterestEvent.objects.create(
        interest=interest,
        action=InterestAction.SENT,
        to_state=InterestState.SENT,
        at=moment,
        by=user,
    )
    log_action(user, "interest.sent", interest, item=f"{interest.item_kind}:{item.pk}")
    owners = _people(item.organisation_id)
    params = {"organisation": organisation.name, "title": item.title}
    if owners:
        msgid = MSG_RECEIVED
    else:
        # Nobody there can log in to answer: the cluster's staff, who broker, pass it on.
        from ponte.notifications.services import cluster_staff_users

        owners = cluster_staff_users(item.cluster)
        msgid = MSG_RECEIVED_FOR_STAFF
        params["owner"] = item.organisation.name
    _notify(
        owners,
        "eoi_received",
        msgid,
        params,
        url=interest.get_absolute_url(),
        target=interest,
        actor=user,
    )
    return interest


def _lock_item(item: MarketplaceItem) -> None:
    """Serialise the writes about one item (a PostgreSQL row lock; on SQLite every transaction
    begins IMMEDIATE, see settings): two requests at the same moment then see each other's
    interest or proposal, instead of the second failing on a unique constraint."""
    list(type(item)._default_manager.select_for_update().filter(pk=item.pk).values_list("pk"))


def _locked(interest: ExpressionOfInterest) -> ExpressionOfInterest:
    return (
        ExpressionOfInterest.objects.select_for_update(of=("self",))
        .select_related("offer", "need", "organisation")
        .get(pk=interest.pk)
    )


def _other_side(user: Any, interest: ExpressionOfInterest) -> list[Any]:
    """Whom to tell of a step: the side the actor is not on; both sides for the staff."""
    viewer = viewer_for(user)
    owner_id = interest.item.organisation_id
    recipients: list[Any] = []
    if not viewer.belongs_to(owner_id):
        recipients += _people(owner_id)
    if not viewer.belongs_to(interest.organisation_id):
        recipients += _people(interest.organisation)
    return recipients


def _check_expected(interest: ExpressionOfInterest, expected_state: str) -> None:
    """A step asked for from a page that showed `expected_state` is refused once the
    interest has moved on (someone else acted meanwhile, a double click, the back button):
    checked on the locked row, so two simultaneous requests never both pass."""
    if expected_state and interest.state != expected_state:
        raise ValidationError(
            _("This step is no longer possible: the expression of interest is now “%(state)s”.")
            % {"state": InterestState(interest.state).label}
        )


def _move(
    user: Any,
    interest: ExpressionOfInterest,
    to_state: str,
    *,
    note: str = "",
    agreement_kind: str = "",
    at: datetime.datetime | None = None,
    expected_state: str = "",
) -> ExpressionOfInterest:
    """The one way an expression of interest moves forward: checked, dated, recorded."""
    if not visible_interests(user).filter(pk=interest.pk).exists():
        raise PermissionDenied(_("You cannot see this expression of interest."))
    interest = _locked(interest)
    _check_expected(interest, expected_state)
    allowed = INTEREST_TRANSITIONS[interest.state]
    if to_state not in allowed:
        raise ValidationError(
            _("An expression of interest that is “%(current)s” cannot become “%(target)s”.")
            % {
                "current": InterestState(interest.state).label,
                "target": InterestState(to_state).label,
            }
        )
    if to_state in (InterestState.INTRODUCED, InterestState.DECLINED):
        if not can_answer_interest(user, interest):
            raise PermissionDenied(
                _("Only the people who manage the item's organisation, or its author, answer.")
            )
    elif to_state == InterestState.CLOSED and not can_close_interest(user, interest):
        raise PermissionDenied(
            _("An expression of interest waiting for an answer is accepted or declined.")
            if can_progress_interest(user, interest)
            else _("Only the two parties and the cluster's staff can do this.")
        )
    elif not can_progress_interest(user, interest):
        raise PermissionDenied(_("Only the two parties and the cluster's staff can do this."))
    moment = _now(at)
    _check_at(interest, moment)
    previous = interest.state
    interest.state = to_state
    setattr(interest, INTEREST_DATE_FIELDS[to_state], moment)
    if to_state == InterestState.AGREEMENT_SIGNED:
        interest.agreement_kind = agreement_kind
    interest.save()
    action = allowed[to_state]
    InterestEvent.objects.create(
        interest=interest,
        action=action,
        from_state=previous,
        to_state=to_state,
        at=moment,
        by=user,
        note=note,
        agreement_kind=agreement_kind if to_state == InterestState.AGREEMENT_SIGNED else "",
    )
    log_action(
        user,
        f"interest.{action}",
        interest,
        previous=previous,
        note=note,
        agreement_kind=agreement_kind,
    )
    return interest


def _tell(
    user: Any,
    interest: ExpressionOfInterest,
    recipients: Sequence[Any],
    msgid: str,
    **params: Any,
) -> None:
    _notify(
        recipients,
        "eoi_answered",
        msgid,
        {"title": interest.item.title, **params},
        url=interest.get_absolute_url(),
        target=interest,
        actor=user,
    )


@transaction.atomic
def accept_interest(
    user: Any,
    interest: ExpressionOfInterest,
    note: str = "",
    at: datetime.datetime | None = None,
    *,
    expected_state: str = "",
) -> ExpressionOfInterest:
    """The owner accepts: the two parties are introduced (each sees the other's contacts)."""
    interest = _move(
        user,
        interest,
        InterestState.INTRODUCED,
        note=note.strip(),
        at=at,
        expected_state=expected_state,
    )
    _tell(
        user,
        interest,
        _people(interest.organisation),
        MSG_ACCEPTED,
        organisation=interest.item.organisation.name,
    )
    return interest


@transaction.atomic
def decline_interest(
    user: Any,
    interest: ExpressionOfInterest,
    reason: str,
    at: datetime.datetime | None = None,
    *,
    expected_state: str = "",
) -> ExpressionOfInterest:
    """The owner declines, saying why (the interested party reads the reason)."""
    reason = _check_message(reason, "reason", _("Reason: say briefly why you decline."))
    interest = _move(
        user, interest, InterestState.DECLINED, note=reason, at=at, expected_state=expected_state
    )
    _tell(user, interest, _people(interest.organisation), MSG_DECLINED, reason=reason)
    return interest


@transaction.atomic
def record_meeting(
    user: Any,
    interest: ExpressionOfInterest,
    note: str = "",
    at: datetime.datetime | None = None,
    *,
    expected_state: str = "",
) -> ExpressionOfInterest:
    interest = _move(
        user,
        interest,
        InterestState.MEETING_HELD,
        note=note.strip(),
        at=at,
        expected_state=expected_state,
    )
    _tell(user, interest, _other_side(user, interest), MSG_MEETING)
    return interest


@transaction.atomic
def record_agreement(
    user: Any,
    interest: ExpressionOfInterest,
    kind: str,
    note: str = "",
    at: datetime.datetime | None = None,
    *,
    expected_state: str = "",
) -> ExpressionOfInterest:
    if kind not in AgreementKind.values:
        raise ValidationError({"kind": _("Kind of agreement: choose one of the list.")})
    interest = _move(
        user,
        interest,
        InterestState.AGREEMENT_SIGNED,
        note=note.strip(),
        agreement_kind=kind,
        at=at,
        expected_state=expected_state,
    )
    _tell(
        user, interest, _other_side(user, interest), MSG_AGREEMENT, kind=AgreementKind(kind).label
    )
    return interest


@transaction.atomic
def record_project_start(
    user: Any,
    interest: ExpressionOfInterest,
    note: str = "",
    at: datetime.datetime | None = None,
    *,
    expected_state: str = "",
) -> ExpressionOfInterest:
    interest = _move(
        user,
        interest,
        InterestState.PROJECT_STARTED,
        note=note.strip(),
        at=at,
        expected_state=expected_state,
    )
    _tell(user, interest, _other_side(user, interest), MSG_PROJECT)
    return interest


@transaction.atomic
def close_interest(
    user: Any,
    interest: ExpressionOfInterest,
    reason: str,
    at: datetime.datetime | None = None,
    *,
    expected_state: str = "",
) -> ExpressionOfInterest:
    """Either party or the staff close an open expression of interest, saying why."""
    reason = _check_message(reason, "reason", _("Reason: say briefly why it is closed."))
    interest = _move(
        user, interest, InterestState.CLOSED, note=reason, at=at, expected_state=expected_state
    )
    _tell(user, interest, _other_side(user, interest), MSG_CLOSED, reason=reason)
    return interest


@dataclass(frozen=True)
class Step:
    """A step of the history as far as reverting is concerned."""

    action: str
    from_state: str
    to_state: str


def effective_steps(events: Iterable[Step]) -> list[Step]:
    """The steps still in force: each revert cancels the latest step in force before it."""
    stack: list[Step] = []
    for event in events:
        if event.action == InterestAction.REVERTED:
            if len(stack) > 1:
                stack.pop()
        else:
            stack.append(event)
    return stack


@transaction.atomic
def revert_interest(
    user: Any,
    interest: ExpressionOfInterest,
    reason: str,
    at: datetime.datetime | None = None,
    *,
    expected_state: str = "",
) -> ExpressionOfInterest:
    """The cluster's staff undo the last step in force (a mistake, a step recorded too
    early), saying why; the revert itself is recorded, audited and told to both sides. The
    expression itself cannot be undone."""
    if not can_revert_interest(user, interest):
        raise PermissionDenied(_("Only the cluster's staff can revert a step."))
    note = _check_message(reason, "reason", _("Reason: say briefly why the step is reverted."))
    interest = _locked(interest)
    _check_expected(interest, expected_state)
    steps = effective_steps(
        Step(a, f, t)
        for a, f, t in interest.events.order_by("at", "pk").values_list(
            "action", "from_state", "to_state"
        )
    )
    if len(steps) < 2:
        raise ValidationError(_("There is no step to revert."))
    last = steps[-1]
    if last.to_state != interest.state:
        raise ValidationError(_("The history does not match the state; nothing was changed."))
    if (
        last.to_state == InterestState.CLOSED
        and ExpressionOfInterest.objects.filter(
            organisation_id=interest.organisation_id, **item_link(interest.item)
        )
        .exclude(pk=interest.pk)
        .exclude(state=InterestState.CLOSED)
        .exists()
    ):
        raise ValidationError(
            _("The organisation has expressed interest in this item again since; revert that.")
        )
    moment = _now(at)
    _check_at(interest, moment)
    setattr(interest, INTEREST_DATE_FIELDS[last.to_state], None)
    if last.to_state == InterestState.AGREEMENT_SIGNED:
        interest.agreement_kind = ""
    previous = interest.state
    interest.state = last.from_state
    interest.save()
    InterestEvent.objects.create(
        interest=interest,
        action=InterestAction.REVERTED,
        from_state=previous,
        to_state=interest.state,
        at=moment,
        by=user,
        note=note,
    )
    log_action(user, "interest.reverted", interest, previous=previous, note=note)
    _tell(user, interest, _other_side(user, interest), MSG_REVERTED)
    return interest


# --- Invitations and proposed matches --------------------------------------------------------


def _check_open(item: MarketplaceItem, *, proposing: bool = False) -> None:
    """Nobody is invited to, or proposed, an item they could not open: drafts, closed and
    expired items are shown to their organisation and staff only."""
    if item.is_live:
        return
    if proposing:
        raise ValidationError(
            _(
                "This item is not open (draft, closed or expired): it can be proposed once its "
                "owner publishes or renews it."
            )
        )
    raise ValidationError(
        _(
            "This item is not open (draft, closed or expired): publish or renew it before "
            "inviting anyone to it."
        )
    )


def _invite(
    user: Any,
    item: MarketplaceItem,
    organisation_id: int,
    note: str = "",
    proposal: ProposedMatch | None = None,
) -> tuple[InterestInvitation, bool]:
    return InterestInvitation.objects.get_or_create(
        organisation_id=organisation_id,
        **item_link(item),
        defaults={"invited_by": user, "at": timezone.now(), "note": note, "proposal": proposal},
    )


@transaction.atomic
def invite_to_item(
    user: Any, item: MarketplaceItem, organisation: Organisation, note: str = ""
) -> InterestInvitation:
    """The owner or the cluster's staff let `organisation` see `item` (while it is open)
    and express interest in it; inviting twice changes nothing."""
    if not can_invite_to(user, item):
        raise PermissionDenied(
            _("Only the item's organisation and the cluster's staff can invite others.")
        )
    if organisation.pk == item.organisation_id:
        raise ValidationError(
            {"organisation": _("Organisation: this is the item's own organisation.")}
        )
    if not admitted_organisation_ids([organisation.pk]):
        raise ValidationError(
            {"organisation": _("Organisation: only active members of a cluster can be invited.")}
        )
    _check_open(item)
    invitation, created = _invite(user, item, organisation.pk, note.strip())
    if created:
        log_action(user, "interest.invited", item, organisation=organisation.name)
        _notify(
            _people(organisation),
            "match_proposed",
            MSG_INVITED,
            {"title": item.title},
            url=item.get_absolute_url(),
            target=item,
            actor=user,
        )
    return invitation


@dataclass(frozen=True)
class Proposal:
    """A proposed match and how many people of each side were told. A side with nobody on
    Ponte to tell (a person without a log-in, an organisation whose people have none) is
    the staff's to contact directly."""

    match: ProposedMatch
    target: ProposalTarget
    owners_told: int
    target_told: int


@transaction.atomic
def propose_match(user: Any, item: MarketplaceItem, target_key: str, note: str = "") -> Proposal:
    """Cluster staff propose a suggested match for an item of their cluster: both sides are
    told, and the proposal counts as an invitation of the target's organisation(s) to the
    item (and of the item's organisation to a target item of a cluster the staff run).

    Only active members of a cluster are invited, and nobody is told the name of what they
    could not open: a proposal that one side could not open is refused."""
    viewer = viewer_for(user)
    if not viewer.is_staff_of(item.cluster_id):
        raise PermissionDenied(_("Only the cluster's staff can propose matches."))
    _check_open(item, proposing=True)
    target = proposal_target(user, target_key)
    if target is None:
        raise ValidationError({"target_key": _("Match: no such item, organisation or person.")})
    if target.item is not None and not target.item.is_live:
        raise ValidationError(
            {"target_key": _("Match: that offer or need is not open (draft, closed or expired).")}
        )
    if item.organisation_id in target.organisation_ids:
        raise ValidationError({"target_key": _("Match: this is the item's own organisation.")})
    target_key = target.key  # the canonical key ("org:7", not "org:07")
    _lock_item(item)
    link = item_link(item)
    if ProposedMatch.objects.filter(target_key=target_key, **link).exists():
        raise ValidationError(_("This match has already been proposed."))
    note = note.strip()
    proposal = ProposedMatch.objects.create(
        target_key=target_key, proposed_by=user, at=timezone.now(), note=note, **link
    )
    invited = admitted_organisation_ids(target.organisation_ids)
    # "Opened" only where this proposal made a new invitation to a confidential item.
    item_opened = False
    for organisation_id in sorted(invited):
        _invitation, created = _invite(user, item, organisation_id, note, proposal)
        item_opened |= created and item.confidentiality == Confidentiality.STAFF
    target_opened = False
    if target.item is not None and viewer.is_staff_of(target.item.cluster_id):
        _invitation, created = _invite(user, target.item, item.organisation_id, note, proposal)
        target_opened = created and target.item.confidentiality == Confidentiality.STAFF
    # Whoever is told must be able to open what they are told of (after the invitations).
    targets = [person for person in target.recipients if is_visible_item(person, item)]
    if (target.recipients and not targets) or (
        not target.recipients and item.confidentiality != Confidentiality.PUBLIC and not invited
    ):
        raise ValidationError(
            {
                "target_key": _(
                    "Match: %(target)s could not open this item: it is not public and they "
                    "belong to no member organisation that can be invited to it."
                )
                % {"target": target.title}
            }
        )
    all_owners = _people(item.organisation_id)
    owners = [person for person in all_owners if can_see_proposal_target(person, target)]
    if all_owners and not owners:
        raise ValidationError(
            {
                "target_key": _(
                    "Match: the item's organisation may not see %(target)s yet (not an "
                    "admitted member, or not open to them)."
                )
                % {"target": target.title}
            }
        )
    log_action(user, "interest.match_proposed", item, target=target_key)
    owners_told = _notify(
        owners,
        "match_proposed",
        MSG_PROPOSED_TO_OWNER_OPENED if item_opened else MSG_PROPOSED_TO_OWNER,
        {"title": item.title, "target": target.title},
        url=target.url,
        # What the message names and links to: a digest sent days later checks that the
        # owner may still open it (`notifications.selectors.still_visible`).
        target=target.subject,
        actor=user,
    )
    target_told = _notify(
        targets,
        "match_proposed",
        MSG_PROPOSED_TO_TARGET_OPENED if target_opened else MSG_PROPOSED_TO_TARGET,
        {"title": item.title, "own": target.title},
        url=item.get_absolute_url(),
        target=item,
        actor=user,
    )
    return Proposal(proposal, target, len(owners_told), len(target_told))
