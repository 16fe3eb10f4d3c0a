"""An expression of interest never vanishes unheard: when nobody at the owner organisation
has an account on Ponte to answer it, the item's cluster staff hear of it."""

from __future__ import annotations

import pytest

from ponte.accounts.models import User
from ponte.clusters.models import Cluster
from ponte.members.models import Organisation
from ponte.notifications.models import Notification, NotificationKind
from ponte.transfer import services_interest as services
from tests.factories import InnovationNeedFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_interest_in_an_item_nobody_can_answer_reaches_the_clusters_staff(
    cluster_a: Cluster,
    staff_user: User,
    other_staff_user: User,
    other_member_org: Organisation,
    other_member_user: User,
) -> None:
    nobody_home = MembershipFactory(
        cluster=cluster_a, organisation__name="Capelli Lab"
    ).organisation
    need = InnovationNeedFactory(organisation=nobody_home, cluster=cluster_a, title="Tinta")

    interest = services.express_interest(
        other_member_user, need, organisation=other_member_org, message="We can help."
    )

    (told,) = Notification.objects.filter(kind=NotificationKind.EOI_RECEIVED)
    assert told.recipient == staff_user
    assert told.url == interest.get_absolute_url()
    assert other_member_org.name in told.message and "Capelli Lab" in told.message
    assert "nobody at Capelli Lab has an account" in told.message


def test_interest_in_an_item_with_people_on_ponte_does_not_bother_the_staff(
    cluster_a: Cluster,
    member_org: Organisation,
    member_user: User,
    staff_user: User,
    other_member_org: Organisation,
    other_member_user: User,
) -> None:
    need = InnovationNeedFactory(organisation=member_org, cluster=cluster_a)

    services.express_interest(
        other_member_user, need, organisation=other_member_org, message="We can help."
    )

    recipients = set(
        Notification.objects.filter(kind=NotificationKind.EOI_RECEIVED).values_list(
            "recipient", flat=True
        )
    )
    assert recipients == {member_user.pk}
