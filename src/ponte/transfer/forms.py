"""Forms to publish and edit offers and needs; saving goes through `services.save_item`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from ponte.accounts.selectors import Viewer
from ponte.clusters.models import Cluster
from ponte.competences.models import Competence
from ponte.competences.selectors import competences_by_branch
from ponte.members.constants import MembershipStatus
from ponte.members.models import Membership, Organisation, Person
from ponte.members.periods import current_q
from ponte.transfer.constants import MAX_INTEREST_MESSAGE, TRL_DEFINITIONS, AgreementKind
from ponte.transfer.models import (
    InnovationNeed,
    InterestInvitation,
    MarketplaceItem,
    TechnologyOffer,
    item_link,
)
from ponte.transfer.outcomes import Granularity
from ponte.transfer.services import default_expiry
from ponte.web.forms import Textarea


def _trl_help() -> str:
    lines = [str(_("How mature the technology is, by the European Commission's scale:"))]
    lines += [str(definition) for definition in TRL_DEFINITIONS.values()]
    return "\n".join(lines)


TRL_HELP = lazy(_trl_help, str)()

CONFIDENTIALITY_HELP = _(
    "Public: everyone, visitors included. Cluster members: people of member organisations of "
    "any cluster of the network. Cluster staff and invited experts: only your organisation and "
    "the staff of the chosen cluster. Drafts and expired items are only ever seen by your "
    "organisation and the cluster's staff."
)


@dataclass(frozen=True)
class CompetenceOption:
    pk: int
    label: str
    depth: int
    checked: bool


@dataclass(frozen=True)
class CompetenceGroup:
    root: Competence
    options: list[CompetenceOption]

    @property
    def any_checked(self) -> bool:
        return any(option.checked for option in self.options)


def organisations_for(viewer: Viewer) -> QuerySet[Organisation]:
    """Whom the viewer may publish for: their organisations, and those of the clusters they
    staff (the rule of `services.can_publish_for`)."""
    if viewer.is_superuser:
        return Organisation.objects.all()
    staffed = Membership.objects.filter(cluster_id__in=viewer.staff_cluster_ids).values(
        "organisation_id"
    )
    return Organisation.objects.filter(Q(pk__in=viewer.organisation_ids) | Q(pk__in=staffed))


def clusters_for(
    viewer: Viewer, organisations: QuerySet[Organisation], current: int | None = None
) -> QuerySet[Cluster]:
    """The clusters an item may be published in: those where one of `organisations` is an
    active member (`save_item` refuses the others), those the viewer staffs, and the item's
    own when it is edited."""
    if viewer.is_superuser:
        return Cluster.objects.all()
    members_of = Membership.objects.filter(
        organisation__in=organisations, status=MembershipStatus.ACTIVE
    ).values("cluster_id")
    rule = Q(pk__in=members_of) | Q(pk__in=viewer.staff_cluster_ids)
    if current is not None:
        rule |= Q(pk=current)
    return Cluster.objects.filter(rule)


class MarketplaceItemForm(forms.ModelForm):
    """What offers and needs share. `viewer` limits the organisations and contacts offered."""

    competences = forms.ModelMultipleChoiceField(
        label=_("Competences"),
        queryset=Competence.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick the terms that describe the item; a narrower term is more precise."),
    )

    def __init__(self, *args: Any, viewer: Viewer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        organisations = organisations_for(viewer)
        if self.instance.pk and self.instance.organisation_id:
            organisations = Organisation.objects.filter(
                Q(pk__in=organisations.values("pk")) | Q(pk=self.instance.organisation_id)
            )
        org_field = self.fields["organisation"]
        assert isinstance(org_field, forms.ModelChoiceField)
        org_field.queryset = organisations.order_by("name")
        cluster_field = self.fields["cluster"]
        assert isinstance(cluster_field, forms.ModelChoiceField)
        cluster_field.queryset = clusters_for(viewer, org_field.queryset, self.instance.cluster_id)
        contact_field = self.fields["contact"]
        assert isinstance(contact_field, forms.ModelChoiceField)
        contact_field.queryset = (
            Person.objects.filter(
                current_q("affiliations__"), affiliations__organisation__in=org_field.queryset
            )
            .distinct()
            .order_by("last_name", "first_name")
        )
        contact_field.help_text = _("A person of the organisation whom interested parties reach.")
        self.fields["confidentiality"].help_text = CONFIDENTIALITY_HELP
        self.fields["expires_on"].required = False
        self.fields["expires_on"].widget = forms.DateInput(
            attrs={"type": "date"}, format="%Y-%m-%d"
        )
        self.fields["expires_on"].help_text = _(
            "Leave empty to keep the item online for twelve months."
        )
        if not self.instance.pk and not self.initial.get("expires_on"):
            self.initial["expires_on"] = default_expiry()
        choices: dict[str, QuerySet[Any]] = {
            "organisation": org_field.queryset.all(),
            "cluster": cluster_field.queryset.all(),
        }
        for name, queryset in choices.items():
            if not self.is_bound and not self.initial.get(name):
                only = list(queryset[:2])
                if len(only) == 1:
                    self.initial[name] = only[0].pk

    fieldset_layout: list[tuple[Any, list[str]]] = []

    def fieldsets(self) -> list[tuple[Any, list[forms.BoundField]]]:
        """The fields grouped for the page, in the order of `fieldset_layout`."""
        return [(legend, [self[name] for name in names]) for legend, names in self.fieldset_layout]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        organisation, contact = data.get("organisation"), data.get("contact")
        if (
            organisation is not None
            and contact is not None
            and not contact.affiliations.current().filter(organisation=organisation).exists()
        ):
            self.add_error("contact", _("The contact person must work for the organisation."))
        return data

    def competence_groups(self) -> list[CompetenceGroup]:
        """The taxonomy by root branch, each term with whether it is ticked (re-shown on error)."""
        value = self["competences"].value() or []
        chosen = {str(v.pk if isinstance(v, Competence) else v) for v in value}
        return [
            CompetenceGroup(
                root=root,
                options=[
                    CompetenceOption(term.pk, term.name, depth, str(term.pk) in chosen)
                    for term, depth in terms
                ],
            )
            for root, terms in competences_by_branch()
        ]


COMMON_FIELDS = [
    "title", "summary", "organisation", "cluster", "contact", "language", "competences",
    "partnership",
]  # fmt: skip
PUBLISHING_FIELDS = ["confidentiality", "status", "expires_on"]


class OfferForm(MarketplaceItemForm):
    class Meta:
        model = TechnologyOffer
        fields = [
            *COMMON_FIELDS, "trl", "ipr_status", "advantages", "applications",
            *PUBLISHING_FIELDS,
        ]  # fmt: skip
        widgets = {"summary": Textarea(attrs={"rows": 6})}

    fieldset_layout = [
        (_("The technology"), ["title", "summary", "advantages", "applications", "language"]),
        (_("Who offers it"), ["organisation", "contact", "cluster"]),
        (_("Maturity and terms"), ["trl", "ipr_status", "partnership"]),
        (_("Competences"), ["competences"]),
        (_("Publishing"), PUBLISHING_FIELDS),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["trl"].help_text = TRL_HELP
        self.fields["summary"].help_text = _("What the technology is and what it does.")


class NeedForm(MarketplaceItemForm):
    class Meta:
        model = InnovationNeed
        fields = [
            *COMMON_FIELDS, "expected_result", "trl_min", "budget_band", "time_frame",
            *PUBLISHING_FIELDS,
        ]  # fmt: skip
        labels = {"summary": _("Challenge")}
        widgets = {"summary": Textarea(attrs={"rows": 6})}

    fieldset_layout = [
        (_("The need"), ["title", "summary", "expected_result", "language"]),
        (_("Who needs it"), ["organisation", "contact", "cluster"]),
        (_("Solution sought"), ["trl_min", "partnership", "budget_band", "time_frame"]),
        (_("Competences"), ["competences"]),
        (_("Publishing"), PUBLISHING_FIELDS),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["trl_min"].help_text = TRL_HELP
        self.fields["summary"].help_text = _("The problem your company wants to solve.")


FORMS: dict[type[MarketplaceItem], type[MarketplaceItemForm]] = {
    TechnologyOffer: OfferForm,
    InnovationNeed: NeedForm,
}


# --- Expressions of interest ----------------------------------------------------------------


class ExpressInterestForm(forms.Form):
    """The organisation (among those `interest_panel` offers) and a short message."""

    organisation = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organisation.objects.none(), empty_label=None
    )
    message = forms.CharField(
        label=_("Message"),
        max_length=MAX_INTEREST_MESSAGE,
        widget=Textarea(attrs={"rows": 4}),
        help_text=_(
            "Who you are, what interests you and what you could do together. The owner reads "
            "it before answering."
        ),
    )

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
        if len(organisations) == 1:
            field.initial = organisations[0].pk
            field.widget = forms.HiddenInput()


class StepForm(forms.Form):
    """A step of an expression of interest, carrying the state the page showed: the step
    is refused if the interest has moved on since (`services_interest._check_expected`)."""

    state = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput())


class NoteForm(StepForm):
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=MAX_INTEREST_MESSAGE,
        widget=Textarea(attrs={"rows": 2}),
    )


class ReasonForm(StepForm):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=MAX_INTEREST_MESSAGE,
        widget=Textarea(attrs={"rows": 2}),
    )


class AgreementForm(NoteForm):
    kind = forms.ChoiceField(label=_("Kind of agreement"), choices=AgreementKind.choices)

    field_order = ["kind", "note"]


class InviteForm(forms.Form):
    """Invite an organisation that is an active member of a cluster and not yet invited."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation to invite"), queryset=Organisation.objects.none()
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=MAX_INTEREST_MESSAGE,
        widget=Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, item: MarketplaceItem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        invited = InterestInvitation.objects.filter(**item_link(item)).values("organisation_id")
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            Organisation.objects.filter(memberships__status=MembershipStatus.ACTIVE)
            .exclude(pk=item.organisation_id)
            .exclude(pk__in=invited)
            .distinct()
            .order_by("name")
        )


class ProposeForm(forms.Form):
    target_key = forms.CharField(max_length=40, widget=forms.HiddenInput())
    kind = forms.ChoiceField(
        choices=[("offer", "offer"), ("need", "need")], widget=forms.HiddenInput()
    )
    item = forms.IntegerField(widget=forms.HiddenInput())


class OutcomesForm(forms.Form):
    granularity = forms.ChoiceField(
        label=_("Period"), choices=Granularity.choices, required=False, initial=Granularity.MONTH
    )
