"""Filters of the offer and need lists: they narrow an already visible queryset, never widen it."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from ponte.clusters.models import Cluster
from ponte.competences.models import Competence
from ponte.competences.selectors import competences_by_branch, descendant_ids
from ponte.members.constants import PROVINCE_CHOICES
from ponte.transfer.constants import TRL_CHOICES, Language, Partnership
from ponte.transfer.models import InnovationNeed, MarketplaceItem, TechnologyOffer
from ponte.transfer.selectors import search_items

SORT_NEWEST = "newest"
SORT_EXPIRING = "expiring"
SORT_TITLE = "title"
SORT_CHOICES = [
    (SORT_NEWEST, _("Newest first")),
    (SORT_EXPIRING, _("Expiring soon")),
    (SORT_TITLE, _("Title (A–Z)")),
]
SORT_ORDER = {
    SORT_NEWEST: ("-created", "-pk"),
    SORT_EXPIRING: ("expires_on", "-pk"),
    SORT_TITLE: ("title", "pk"),
}


def competence_choices() -> list[tuple[str, str]]:
    """Every term by branch, narrower terms indented, in the active language."""
    return [
        (term.code, "\u2003" * depth + term.name)
        for _root, terms in competences_by_branch()
        for term, depth in terms
    ]


class ItemFilterSet(django_filters.FilterSet):
    """What offers and needs are filtered by; subclasses add the TRL filters of their kind."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_text",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    cluster = django_filters.ModelChoiceFilter(
        label=_("Cluster"),
        queryset=Cluster.objects.all(),
        to_field_name="slug",
        empty_label=_("All clusters"),
    )
    competence = django_filters.ChoiceFilter(
        label=_("Competence"),
        method="filter_competence",
        empty_label=_("All competences"),
        help_text=_("Narrower terms are included."),
    )
    partnership = django_filters.ChoiceFilter(
        label=_("Partnership sought"), choices=Partnership.choices, empty_label=_("Any")
    )
    province = django_filters.ChoiceFilter(
        label=_("Province of the organisation"),
        field_name="organisation__province",
        choices=PROVINCE_CHOICES,
        empty_label=_("Any province"),
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=Language.choices, empty_label=_("Any language")
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORT_CHOICES, method="sort_items", empty_label=None
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["competence"].extra["choices"] = competence_choices()

    def filter_text(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return search_items(queryset, value)

    def filter_competence(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        """Items tagged with the chosen term or any narrower one."""
        term = Competence.objects.filter(code=value).first()
        if term is None:
            return queryset.none()
        tagged = queryset.model._default_manager.filter(
            competences__in=descendant_ids(term)
        ).values("pk")
        return queryset.filter(pk__in=tagged)

    def sort_items(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.order_by(*SORT_ORDER.get(value, SORT_ORDER[SORT_NEWEST]))


class OfferFilterSet(ItemFilterSet):
    trl = django_filters.ChoiceFilter(
        label=_("TRL (exactly)"), choices=TRL_CHOICES, empty_label=_("Any TRL")
    )
    trl_min = django_filters.ChoiceFilter(
        label=_("TRL at least"),
        field_name="trl",
        lookup_expr="gte",
        choices=TRL_CHOICES,
        empty_label=_("Any TRL"),
    )

    class Meta:
        model = TechnologyOffer
        fields = [
            "q", "cluster", "competence", "trl", "trl_min", "partnership", "province",
            "language", "sort",
        ]  # fmt: skip


class NeedFilterSet(ItemFilterSet):
    trl_min = django_filters.ChoiceFilter(
        label=_("Minimum TRL sought"), choices=TRL_CHOICES, empty_label=_("Any TRL")
    )
    trl_fit = django_filters.ChoiceFilter(
        label=_("Open to a solution at TRL"),
        choices=TRL_CHOICES,
        method="filter_trl_fit",
        empty_label=_("Any TRL"),
        help_text=_("Needs whose minimum TRL is at most this level, or not stated."),
    )

    class Meta:
        model = InnovationNeed
        fields = [
            "q", "cluster", "competence", "trl_min", "trl_fit", "partnership", "province",
            "language", "sort",
        ]  # fmt: skip

    def filter_trl_fit(
        self, queryset: QuerySet[InnovationNeed], name: str, value: str
    ) -> QuerySet[InnovationNeed]:
        return queryset.filter(Q(trl_min__lte=int(value)) | Q(trl_min__isnull=True))


FILTERSETS: dict[type[MarketplaceItem], type[ItemFilterSet]] = {
    TechnologyOffer: OfferFilterSet,
    InnovationNeed: NeedFilterSet,
}
