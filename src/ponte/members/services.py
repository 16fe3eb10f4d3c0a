"""Every change of state of organisations, people and memberships."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ponte.accounts.selectors import forget_viewer, viewer_for
from ponte.accounts.services import log_action
from ponte.clusters.models import Cluster
from ponte.competences.models import Competence, OrganisationCompetence
from ponte.matching.services import schedule_reindex
from ponte.members.constants import (
    COMPANY_KINDS,
    MEMBERSHIP_TRANSITIONS,
    PENDING_STATUSES,
    REAPPLICABLE_STATUSES,
    MembershipRole,
    MembershipStatus,
)
from ponte.members.models import Affiliation, Membership, MembershipEvent, Organisation, Person
from ponte.members.selectors import can_manage_organisation, fold
from ponte.members.validators import normalize_vat_number


def unique_slug(model: Any, base: str, exclude_pk: int | None = None) -> str:
    """A slug derived from `base`, suffixed -2, -3… until free."""
    root = slugify(base)[:200] or "item"
    slug, n = root, 1
    while model._default_manager.filter(slug=slug).exclude(pk=exclude_pk).exists():
        n += 1
        slug = f"{root}-{n}"
    return slug


@transaction.atomic
def create_person_for_user(user: Any, first_name: str, last_name: str) -> Person:
    """The profile every signed-up user gets, private until they choose otherwise."""
    person = Person.objects.create(
        user=user,
        first_name=first_name,
        last_name=last_name,
        email=user.email,
        slug=unique_slug(Person, f"{first_name} {last_name}"),
        is_public=False,
    )
    log_action(user, "person.created", person)
    schedule_reindex("person", person.pk)
    return person


@dataclass
class OrganisationData:
    name: str
    kind: str
    vat_number: str = ""
    province: str = ""
    city: str = ""
    website: str = ""
    ateco_code: str = ""
    headcount: int | None = None
    turnover_eur: Any = None
    balance_sheet_eur: Any = None
    description_it: str = ""
    description_en: str = ""


@transaction.atomic
def apply_for_membership(
    user: Any,
    cluster: Cluster,
    organisation: OrganisationData,
    role: str = MembershipRole.MEMBER,
    motivation: str = "",
    position: str = "",
) -> Membership:
    """An organisation asks to join a cluster; the applicant becomes its profile manager.

    An organisation already known by VAT number (without one: the applicant's own
    organisation of the same name) is reused, but only its own managers may apply for it, so
    nobody can enrol someone else's company or promote themselves.
    """
    person = Person.objects.filter(user_id=user.pk).first()
    if person is None:
        # Log-ins made in the admin or by createsuperuser have no profile yet: the applicant
        # needs one to manage the organisation, made as sign-up makes it (private).
        person = create_person_for_user(user, user.first_name or user.username, user.last_name)
        forget_viewer(user)
    vat = normalize_vat_number(organisation.vat_number)
    org = Organisation.objects.filter(vat_number=vat).first() if vat else None
    if org is None and not vat:
        # Without a VAT number (universities, research centres), the applicant's own
        # organisation of that name is the one meant: applying to a second cluster must not
        # register it twice.
        own = Organisation.objects.filter(pk__in=viewer_for(user).organisation_ids, vat_number="")
        org = next((o for o in own if fold(o.name) == fold(organisation.name)), None)
    if org is None and not vat and organisation.kind in COMPANY_KINDS:
        # The VAT number is what tells two companies apart: without it duplicates creep in.
        raise ValidationError(
            {"vat_number": _("VAT number: required for companies (SMEs and large companies).")}
        )
    if org is None:
        org = Organisation(
            slug=unique_slug(Organisation, organisation.name),
            **{**organisation.__dict__, "vat_number": vat},
        )
        org.full_clean()
        try:
            with transaction.atomic():
                org.save()
        except IntegrityError:
            # Registered by someone else a moment ago (two applications at once): the unique
            # VAT number caught what the check above could not yet see.
            raise ValidationError(
                {
                    "vat_number": _(
                        "This organisation is already registered: ask its contact person to add you."
                    )
                }
            ) from None
        log_action(user, "organisation.created", org)
        Affiliation.objects.create(
            person=person, organisation=org, can_manage=True, position=position
        )
    else:
        # Applying commits the organisation, so it takes one of its managers: a plain
        # employee must not become a manager by applying.
        viewer = viewer_for(user)
        field = "vat_number" if vat else "name"  # what identified the organisation
        if not viewer.belongs_to(org.pk):
            raise ValidationError(
                {
                    field: _(
                        "This organisation is already registered: ask its contact person to add you."
                    )
                }
            )
        if not viewer.manages(org.pk):
            raise ValidationError(
                {
                    field: _(
                        "Only the people who manage this organisation's profile may apply on its behalf."
                    )
                }
            )
    today = timezone.localdate()
    previous = Membership.objects.filter(organisation=org, cluster=cluster).first()
    previous_status = previous.status if previous is not None else ""
    if previous is not None and previous_status not in REAPPLICABLE_STATUSES:
        raise ValidationError(_("This organisation already has a membership of this cluster."))
    if previous is None:
        membership = Membership.objects.create(
            organisation=org,
            cluster=cluster,
            role=role,
            motivation=motivation,
            applied_by=user,
            applied_on=today,
        )
    else:
        # A rejected or withdrawn organisation may apply again: the same membership reopens,
        # keeping its history.
        membership = previous
        membership.role = role
        membership.motivation = motivation
        membership.applied_by = user
        membership.applied_on = today
        membership.status = MembershipStatus.APPLIED
        membership.review_started_on = membership.activated_on = None
        membership.suspended_on = membership.ended_on = None
        membership.save()
    MembershipEvent.objects.create(
        membership=membership,
        from_status=previous_status,
        to_status=MembershipStatus.APPLIED,
        at=timezone.now(),
        by=user,
    )
    log_action(user, "membership.applied", membership, cluster=cluster.slug)
    schedule_reindex("org", org.pk)
    forget_viewer(user)
    return membership


_DATE_FIELD = {
    MembershipStatus.UNDER_REVIEW: "review_started_on",
    MembershipStatus.ACTIVE: "activated_on",
    MembershipStatus.SUSPENDED: "suspended_on",
    MembershipStatus.WITHDRAWN: "ended_on",
    MembershipStatus.REJECTED: "ended_on",
}


def can_transition(user: Any, membership: Membership, to_status: str) -> bool:
    """Staff of the cluster decide; the applicant's managers may only withdraw a pending
    application (an admitted membership ends through the staff, with a note)."""
    if to_status not in MEMBERSHIP_TRANSITIONS.get(membership.status, frozenset()):
        return False
    viewer = viewer_for(user)
    if viewer.is_staff_of(membership.cluster_id):
        return True
    return (
        to_status == MembershipStatus.WITHDRAWN
        and membership.status in PENDING_STATUSES
        and viewer.manages(membership.organisation_id)
    )


@transaction.atomic
def transition_membership(
    user: Any,
    membership: Membership,
    to_status: str,
    note: str = "",
    on: datetime.date | None = None,
    *,
    expected_status: str = "",
) -> Membership:
    """Move a membership along its lifecycle, dated and attributed.

    `expected_status` is the status the page showed: once the membership has moved on
    (another member of staff acted meanwhile, the back button, a second click) the step is
    refused, checked on the locked row; otherwise a stale Approve button on an application
    would reactivate the membership someone has suspended since."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if expected_status and membership.status != expected_status:
        raise ValidationError(
            _(
                "This step is no longer possible: the membership of %(organisation)s is now "
                "%(status)s."
            )
            % {
                "organisation": membership.organisation,
                "status": membership.get_status_display().lower(),
            }
        )
    allowed = MEMBERSHIP_TRANSITIONS.get(membership.status, frozenset())
    if to_status not in allowed:
        raise ValidationError(
            _("A membership that is %(current)s cannot become %(target)s.")
            % {
                "current": membership.get_status_display().lower(),
                "target": MembershipStatus(to_status).label.lower(),
            }
        )
    if not can_transition(user, membership, to_status):
        viewer = viewer_for(user)
        if to_status == MembershipStatus.WITHDRAWN and viewer.manages(membership.organisation_id):
            raise ValidationError(
                _(
                    "%(organisation)s is no longer an application waiting for review: to end "
                    "a membership, write to the cluster's staff."
                )
                % {"organisation": membership.organisation}
            )
        if to_status == MembershipStatus.WITHDRAWN:
            raise PermissionDenied(
                _("Only the people who manage this organisation's profile may withdraw it.")
            )
        raise PermissionDenied(_("Only the cluster's staff can do this."))
    previous = membership.status
    membership.status = to_status
    setattr(membership, _DATE_FIELD[MembershipStatus(to_status)], on or timezone.localdate())
    if to_status == MembershipStatus.ACTIVE:
        membership.suspended_on = None
    membership.save()
    MembershipEvent.objects.create(
        membership=membership,
        from_status=previous,
        to_status=to_status,
        at=timezone.now(),
        by=user,
        note=note,
    )
    log_action(user, f"membership.{to_status}", membership, note=note, previous=previous)
    schedule_reindex("org", membership.organisation_id)
    return membership


def start_review(
    user: Any, membership: Membership, note: str = "", *, expected_status: str = ""
) -> Membership:
    return transition_membership(
        user, membership, MembershipStatus.UNDER_REVIEW, note, expected_status=expected_status
    )


def activate_membership(
    user: Any, membership: Membership, note: str = "", *, expected_status: str = ""
) -> Membership:
    return transition_membership(
        user, membership, MembershipStatus.ACTIVE, note, expected_status=expected_status
    )


def reject_membership(
    user: Any, membership: Membership, note: str = "", *, expected_status: str = ""
) -> Membership:
    return transition_membership(
        user, membership, MembershipStatus.REJECTED, note, expected_status=expected_status
    )


def suspend_membership(
    user: Any, membership: Membership, note: str = "", *, expected_status: str = ""
) -> Membership:
    return transition_membership(
        user, membership, MembershipStatus.SUSPENDED, note, expected_status=expected_status
    )


def withdraw_membership(
    user: Any, membership: Membership, note: str = "", *, expected_status: str = ""
) -> Membership:
    return transition_membership(
        user, membership, MembershipStatus.WITHDRAWN, note, expected_status=expected_status
    )


@transaction.atomic
def update_organisation(user: Any, organisation: Organisation) -> Organisation:
    """Save a profile edited by one of its managers or by cluster staff."""
    if not can_manage_organisation(user, organisation):
        raise PermissionDenied(_("You may not edit this organisation."))
    organisation.vat_number = normalize_vat_number(organisation.vat_number)
    recorded_vat, recorded_kind = Organisation.objects.filter(pk=organisation.pk).values_list(
        "vat_number", "kind"
    ).first() or ("", "")
    is_company = organisation.kind in COMPANY_KINDS or recorded_kind in COMPANY_KINDS
    if recorded_vat and not organisation.vat_number and is_company:
        # Removing it would let the same company be registered again (see apply_for_membership).
        raise ValidationError(
            {"vat_number": _("VAT number: required for companies (SMEs and large companies).")}
        )
    organisation.full_clean()
    organisation.save()
    log_action(user, "organisation.updated", organisation)
    schedule_reindex("org", organisation.pk)
    return organisation


@transaction.atomic
def set_organisation_competences(
    user: Any, organisation: Organisation, competences: Iterable[Competence]
) -> list[OrganisationCompetence]:
    """Make `competences` the organisation's profile: new terms get the default level,
    terms kept keep their level, terms left out are removed."""
    if not can_manage_organisation(user, organisation):
        raise PermissionDenied(_("You may not edit this organisation."))
    wanted = {c.pk: c for c in competences}
    existing = {link.competence_id: link for link in organisation.competence_links.all()}
    removed = [pk for pk in existing if pk not in wanted]
    OrganisationCompetence.objects.filter(
        organisation=organisation, competence_id__in=removed
    ).delete()
    added = [
        OrganisationCompetence(organisation=organisation, competence=c)
        for pk, c in wanted.items()
        if pk not in existing
    ]
    OrganisationCompetence.objects.bulk_create(added)
    log_action(
        user,
        "organisation.competences_updated",
        organisation,
        added=",".join(sorted(c.competence.code for c in added)),
        removed=len(removed),
    )
    schedule_reindex("org", organisation.pk)
    return list(organisation.competence_links.select_related("competence"))
