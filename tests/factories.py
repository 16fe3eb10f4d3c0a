"""factory_boy factories for Ponte's models, with valid defaults and deterministic texts.

Texts that searches could match (names, titles) come from sequences, not Faker, so a test
searching for a word never hits a random record by chance.
"""

from __future__ import annotations

import datetime
from typing import Any

import factory
from django.utils import timezone

from ponte.accounts.models import User
from ponte.clusters.models import (
    BoardRole,
    BoardSeat,
    Cluster,
    ClusterStaff,
    Constituency,
    RecognitionEvent,
    RecognitionStatus,
)
from ponte.competences.models import Competence
from ponte.members.constants import MembershipRole, MembershipStatus, OrganisationKind
from ponte.members.models import Affiliation, Membership, Organisation, Person
from ponte.transfer.constants import (
    BudgetBand,
    Confidentiality,
    IPRStatus,
    ItemStatus,
    Partnership,
    TimeFrame,
)
from ponte.transfer.models import InnovationNeed, TechnologyOffer

PASSWORD = "pw-test-123"


def luhn_check_digit(digits: str) -> str:
    """The Luhn digit that makes `digits` + it valid, written out here rather than borrowed
    from python-stdnum so the VAT tests check the validator against an independent sum."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 0:  # these double once the check digit is appended
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return str((10 - total % 10) % 10)


def vat_number(company: int, office: int = 49) -> str:
    """A well-formed Partita IVA: 7-digit company number, 3-digit office code, check digit."""
    body = f"{company:07d}{office:03d}"
    return body + luhn_check_digit(body)


def today() -> datetime.date:
    return timezone.localdate()


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = factory.Faker("first_name", locale="it_IT")
    last_name = factory.Faker("last_name", locale="it_IT")
    password = factory.django.Password(PASSWORD)
    is_regional_officer = False

    class Params:
        superuser = factory.Trait(is_superuser=True, is_staff=True)


class ClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cluster

    slug = factory.Sequence(lambda n: f"cluster-{n}")
    short_name = factory.Sequence(lambda n: f"Cluster {n}")
    name_it = factory.LazyAttribute(lambda c: f"Cluster tecnologico {c.short_name}")
    name_en = factory.LazyAttribute(lambda c: f"{c.short_name} technology cluster")
    sector_it = "Chimica verde"
    sector_en = "Green chemistry"


class RecognitionEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecognitionEvent

    cluster = factory.SubFactory(ClusterFactory)
    status = RecognitionStatus.RECOGNISED
    date = datetime.date(2023, 6, 1)
    act = "D.G.R. XI/1234"


class OrganisationFactory(factory.django.DjangoModelFactory):
    """An SME with a valid VAT number; `no_vat=True` leaves it blank."""

    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = OrganisationKind.SME
    vat_number = factory.Sequence(lambda n: vat_number(3_000_000 + n))
    province = "MI"
    city = "Milano"
    headcount = 25
    turnover_eur = None
    balance_sheet_eur = None

    class Params:
        no_vat = factory.Trait(vat_number="")
        university = factory.Trait(kind=OrganisationKind.UNIVERSITY, headcount=None)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    user = None
    first_name = factory.Faker("first_name", locale="it_IT")
    last_name = factory.Faker("last_name", locale="it_IT")
    slug = factory.Sequence(lambda n: f"person-{n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    is_public = True


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    position = "Researcher"
    is_primary = True
    can_manage = False
    start = datetime.date(2020, 1, 1)
    end = None


class MembershipFactory(factory.django.DjangoModelFactory):
    """An active membership by default; pass `status` for other stages."""

    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    cluster = factory.SubFactory(ClusterFactory)
    role = MembershipRole.MEMBER
    status = MembershipStatus.ACTIVE
    applied_on = datetime.date(2024, 1, 15)
    activated_on = factory.LazyAttribute(
        lambda m: datetime.date(2024, 3, 1) if m.status == MembershipStatus.ACTIVE else None
    )


class ClusterStaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClusterStaff

    cluster = factory.SubFactory(ClusterFactory)
    user = factory.SubFactory(UserFactory)
    since = datetime.date(2022, 1, 1)


class BoardSeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardSeat

    cluster = factory.SubFactory(ClusterFactory)
    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    constituency = Constituency.INDUSTRY
    role = BoardRole.MEMBER
    start = datetime.date(2023, 1, 1)
    end = None


class CompetenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competence

    code = factory.Sequence(lambda n: f"competence-{n}")
    name_it = factory.Sequence(lambda n: f"Competenza {n}")
    name_en = factory.Sequence(lambda n: f"Competence {n}")


class _MarketplaceItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True
        skip_postgeneration_save = True

    summary = "A short description of the item."
    organisation = factory.SubFactory(OrganisationFactory)
    cluster = factory.SubFactory(ClusterFactory)
    partnership = Partnership.RESEARCH
    confidentiality = Confidentiality.PUBLIC
    status = ItemStatus.PUBLISHED
    expires_on = factory.LazyFunction(lambda: today() + datetime.timedelta(days=180))

    @factory.post_generation
    def competences(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.competences.set(extracted)  # type: ignore[attr-defined]


class TechnologyOfferFactory(_MarketplaceItemFactory):
    class Meta:
        model = TechnologyOffer

    title = factory.Sequence(lambda n: f"Offer {n}")
    trl = 5
    ipr_status = IPRStatus.PATENT_PENDING


class InnovationNeedFactory(_MarketplaceItemFactory):
    class Meta:
        model = InnovationNeed

    title = factory.Sequence(lambda n: f"Need {n}")
    expected_result = "A working prototype."
    trl_min = 4
    budget_band = BudgetBand.FROM_10K
    time_frame = TimeFrame.MEDIUM


def person_in(organisation: Organisation, *, can_manage: bool = False, **user_fields: Any) -> User:
    """A user with a profile and a current affiliation to `organisation`."""
    user = UserFactory(**user_fields)
    person = PersonFactory(user=user, first_name=user.first_name, last_name=user.last_name)
    AffiliationFactory(person=person, organisation=organisation, can_manage=can_manage)
    return user
