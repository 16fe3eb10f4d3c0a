"""The preferences form: per kind of notification, how it arrives by e-mail."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ponte.notifications.models import Delivery, NotificationKind
from ponte.notifications.selectors import DEFAULT_DELIVERY

KIND_HELP = {
    NotificationKind.EOI_RECEIVED: _("Someone expressed interest in one of your offers or needs."),
    NotificationKind.EOI_ANSWERED: _(
        "An expression of interest you sent or received was answered or moved a step on."
    ),
    NotificationKind.MATCH_PROPOSED: _("The cluster's staff propose a partner to you."),
    NotificationKind.ITEM_EXPIRING: _(
        "One of your offers or needs expires within 30 days and can be renewed."
    ),
    NotificationKind.MEETING_REQUESTED: _("Another participant asks you for a B2B meeting."),
    NotificationKind.MEETING_ANSWERED: _(
        "A participant accepted or declined the B2B meeting you asked for."
    ),
    NotificationKind.EVENT_PLACE_CONFIRMED: _(
        "A place freed up at an event and your registration moved from the waiting list."
    ),
    NotificationKind.AGENDA_PUBLISHED: _(
        "Your B2B agenda at an event is published, or its meetings moved after a new schedule."
    ),
    NotificationKind.EVENT_CANCELLED: _(
        "An event you registered for, or wait for a place at, is cancelled."
    ),
}


class PreferencesForm(forms.Form):
    """One radio group per kind, named after the kind, plus the language of e-mails."""

    language = forms.ChoiceField(
        label=_("Language of e-mails"),
        choices=settings.LANGUAGES,
        help_text=_("Switching the site's language changes it too."),
    )

    def __init__(self, *args: Any, current: dict[str, Delivery], language: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = language
        for kind in NotificationKind:
            default = DEFAULT_DELIVERY[kind]
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.choices,
                initial=current[kind],
                widget=forms.RadioSelect,
                help_text=_("%(what)s Default: %(default)s.")
                % {"what": KIND_HELP[kind], "default": default.label},
            )

    def deliveries(self) -> dict[str, str]:
        return {kind.value: self.cleaned_data[kind.value] for kind in NotificationKind}
