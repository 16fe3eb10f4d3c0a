"""Forms of the event pages: thin, the services validate the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from ponte.events.constants import (
    DEFAULT_TIME_LIMIT,
    MAX_PROFILE_TEXT,
    MAX_REQUEST_NOTE,
    MAX_TIME_LIMIT,
    Priority,
)
from ponte.events.models import Event
from ponte.members.constants import OrganisationKind
from ponte.members.models import Organisation
from ponte.transfer.models import InnovationNeed, TechnologyOffer
from ponte.web.forms import Textarea


class ProfileForm(forms.Form):
    """A participant's B2B profile; on registration also the organisation they represent."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation you represent"), queryset=Organisation.objects.none()
    )
    offering = forms.CharField(
        label=_("What I offer"),
        required=False,
        max_length=MAX_PROFILE_TEXT,
        widget=Textarea(attrs={"rows": 3}),
        help_text=_("Technologies, competences or services you bring to the meetings."),
    )
    looking_for = forms.CharField(
        label=_("What I look for"),
        required=False,
        max_length=MAX_PROFILE_TEXT,
        widget=Textarea(attrs={"rows": 3}),
        help_text=_("Partners, solutions or know-how you hope to find."),
    )
    offers = forms.ModelMultipleChoiceField(
        label=_("My organisation's technology offers"),
        queryset=TechnologyOffer.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    needs = forms.ModelMultipleChoiceField(
        label=_("My organisation's innovation needs"),
        queryset=InnovationNeed.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        organisations: QuerySet[Organisation],
        offers: QuerySet[TechnologyOffer],
        needs: QuerySet[InnovationNeed],
        with_organisation: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if with_organisation:
            field = self.fields["organisation"]
            field.queryset = organisations  # type: ignore[attr-defined]
            if len(organisations) == 1:
                field.initial = organisations[0]
        else:
            del self.fields["organisation"]
        self.fields["offers"].queryset = offers  # type: ignore[attr-defined]
        self.fields["needs"].queryset = needs  # type: ignore[attr-defined]
        for name in ("offers", "needs"):
            if not self.fields[name].queryset.exists():  # type: ignore[attr-defined]
                del self.fields[name]


class MeetingRequestForm(forms.Form):
    note = forms.CharField(
        label=_("Why meet"),
        max_length=MAX_REQUEST_NOTE,
        widget=Textarea(attrs={"rows": 3}),
        help_text=_("A short note: what you would like to discuss."),
    )
    priority = forms.TypedChoiceField(
        label=_("Priority"),
        choices=Priority.choices,
        coerce=int,
        initial=Priority.IMPORTANT,
    )


class AcceptForm(forms.Form):
    priority = forms.TypedChoiceField(
        label=_("My priority"), choices=Priority.choices, coerce=int, initial=Priority.IMPORTANT
    )


class AvailabilityForm(forms.Form):
    """One checkbox per meeting slot (breaks are not offered)."""

    slots = forms.TypedMultipleChoiceField(
        label=_("Slots I can attend"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slots"].choices = [  # type: ignore[attr-defined]
            (
                slot,
                f"{formats.time_format(timezone.localtime(event.slot_start(slot)), 'TIME_FORMAT')}"
                f"–{formats.time_format(timezone.localtime(event.slot_end(slot)), 'TIME_FORMAT')}",
            )
            for slot in event.meeting_slots
        ]


class ParticipantFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        required=False,
        choices=[("", _("Any kind")), *OrganisationKind.choices],
    )


class ScheduleForm(forms.Form):
    time_limit = forms.IntegerField(
        label=_("Time limit (seconds)"),
        min_value=1,
        max_value=MAX_TIME_LIMIT,
        initial=DEFAULT_TIME_LIMIT,
    )
    keep_published = forms.BooleanField(
        label=_("Keep the published meetings in place where possible"),
        required=False,
        initial=True,
    )


class OutcomeForm(forms.Form):
    happened = forms.TypedChoiceField(
        label=_("Did the meeting take place?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    follow_up = forms.BooleanField(label=_("It leads to a follow-up"), required=False)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=MAX_REQUEST_NOTE,
        widget=Textarea(attrs={"rows": 2}),
    )


class FollowUpForm(forms.Form):
    item = forms.ChoiceField(label=_("Offer or need of your partner"))
    message = forms.CharField(
        label=_("Message"), max_length=MAX_REQUEST_NOTE, widget=Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, items: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = {self.key(item): item for item in items}
        self.fields["item"].choices = [  # type: ignore[attr-defined]
            (key, f"{item._meta.verbose_name.capitalize()}: {item.title}")
            for key, item in self.items.items()
        ]

    @staticmethod
    def key(item: Any) -> str:
        return f"{'offer' if isinstance(item, TechnologyOffer) else 'need'}-{item.pk}"

    def chosen(self) -> Any:
        return self.items[self.cleaned_data["item"]]
