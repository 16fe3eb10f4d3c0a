"""Filters of the member directory."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ponte.clusters.models import Cluster
from ponte.competences.models import Competence, OrganisationCompetence
from ponte.competences.selectors import descendant_ids
from ponte.members.constants import PROVINCE_CHOICES, MembershipStatus, OrganisationKind
from ponte.members.models import Membership, Organisation
from ponte.members.selectors import organisations_named


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name contains"), method="filter_name")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=OrganisationKind.choices)
    province = django_filters.ChoiceFilter(label=_("Province"), choices=PROVINCE_CHOICES)
    cluster = django_filters.ModelChoiceFilter(
        label=_("Active member of"),
        queryset=Cluster.objects.order_by("short_name"),
        to_field_name="slug",
        method="filter_cluster",
    )
    competence = django_filters.ModelChoiceFilter(
        label=_("Competence"),
        queryset=Competence.objects.all(),
        to_field_name="code",
        method="filter_competence",
    )

    class Meta:
        model = Organisation
        fields: list[str] = []

    def filter_name(
        self, queryset: QuerySet[Organisation], name: str, value: str
    ) -> QuerySet[Organisation]:
        return organisations_named(queryset, value)

    def filter_cluster(
        self, queryset: QuerySet[Organisation], name: str, value: Any
    ) -> QuerySet[Organisation]:
        if not value:
            return queryset
        members = Membership.objects.filter(cluster=value, status=MembershipStatus.ACTIVE)
        return queryset.filter(pk__in=members.values("organisation_id"))

    def filter_competence(
        self, queryset: QuerySet[Organisation], name: str, value: Any
    ) -> QuerySet[Organisation]:
        """Holders of the term or of a narrower one."""
        if not value:
            return queryset
        links = OrganisationCompetence.objects.filter(competence_id__in=descendant_ids(value))
        return queryset.filter(pk__in=links.values("organisation_id"))
