"""Code lists of the technology-transfer marketplace, each with its source."""

from __future__ import annotations

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Technology readiness levels as defined by the European Commission,
# Horizon 2020 Work Programme 2014-2015, General Annexes, Annex G.
TRL_DEFINITIONS: dict[int, str | Promise] = {
    1: _("TRL 1 – basic principles observed"),
    2: _("TRL 2 – technology concept formulated"),
    3: _("TRL 3 – experimental proof of concept"),
    4: _("TRL 4 – technology validated in lab"),
    5: _("TRL 5 – technology validated in relevant environment"),
    6: _("TRL 6 – technology demonstrated in relevant environment"),
    7: _("TRL 7 – system prototype demonstration in operational environment"),
    8: _("TRL 8 – system complete and qualified"),
    9: _("TRL 9 – actual system proven in operational environment"),
}
TRL_CHOICES = list(TRL_DEFINITIONS.items())


class Confidentiality(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Cluster members")
    STAFF = "staff", _("Cluster staff and invited experts")


class ItemStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")


class IPRStatus(models.TextChoices):
    PATENT_GRANTED = "patent_granted", _("Patent granted")
    PATENT_PENDING = "patent_pending", _("Patent application filed")
    KNOW_HOW = "know_how", _("Secret know-how")
    COPYRIGHT = "copyright", _("Copyright / software")
    DESIGN = "design", _("Registered design or trademark")
    NONE = "none", _("No IPR / open")


class Partnership(models.TextChoices):
    RESEARCH = "research", _("Research cooperation")
    TECHNICAL = "technical", _("Technical cooperation")
    LICENCE = "licence", _("Licence agreement")
    COMMERCIAL = "commercial", _("Commercial agreement with technical assistance")
    SUPPLY = "supply", _("Supply or subcontracting")
    JOINT_VENTURE = "joint_venture", _("Joint venture")
    FUNDING = "funding", _("Joint funding application")
    TESTING = "testing", _("Testing and analysis service")


class BudgetBand(models.TextChoices):
    UNDER_10K = "lt10k", _("Less than €10,000")
    FROM_10K = "10k-50k", _("€10,000 – €50,000")
    FROM_50K = "50k-150k", _("€50,000 – €150,000")
    FROM_150K = "150k-500k", _("€150,000 – €500,000")
    OVER_500K = "gt500k", _("More than €500,000")
    TO_BE_DEFINED = "tbd", _("To be defined")


class TimeFrame(models.TextChoices):
    URGENT = "lt3m", _("Within 3 months")
    SHORT = "3-6m", _("3 to 6 months")
    MEDIUM = "6-12m", _("6 to 12 months")
    LONG = "12-24m", _("12 to 24 months")
    VERY_LONG = "gt24m", _("More than 24 months")


class Language(models.TextChoices):
    ITALIAN = "it", _("Italian")
    ENGLISH = "en", _("English")


# An offer or need stays open twelve calendar months, then its owner renews it.
DEFAULT_VALIDITY_MONTHS = 12
# Longest an item may stay open before it must be renewed: stale items mislead matching.
MAX_VALIDITY_DAYS = 730


# --- Expressions of interest ---------------------------------------------------------------
# The workflow follows the Enterprise Europe Network's handling of expressions of interest on
# partnership profiles: the owner accepts or declines; an accepted expression of interest is
# an introduction of the two parties; then meeting, agreement, project.


class InterestState(models.TextChoices):
    SENT = "sent", _("Sent, waiting for an answer")
    INTRODUCED = "introduced", _("Accepted: introduction made")
    DECLINED = "declined", _("Declined")
    MEETING_HELD = "meeting_held", _("Meeting held")
    AGREEMENT_SIGNED = "agreement_signed", _("Agreement signed")
    PROJECT_STARTED = "project_started", _("Project started")
    CLOSED = "closed", _("Closed")


class InterestAction(models.TextChoices):
    """What an entry of an expression of interest's history records."""

    SENT = "sent", _("Interest expressed")
    ACCEPTED = "accepted", _("Accepted: introduction made")
    DECLINED = "declined", _("Declined")
    MEETING_HELD = "meeting_held", _("Meeting held")
    AGREEMENT_SIGNED = "agreement_signed", _("Agreement signed")
    PROJECT_STARTED = "project_started", _("Project started")
    CLOSED = "closed", _("Closed")
    REVERTED = "reverted", _("Step reverted by the cluster staff")


class AgreementKind(models.TextChoices):
    NDA = "nda", _("Non-disclosure agreement")
    RESEARCH_CONTRACT = "rd_contract", _("R&D contract")
    LICENCE = "licence", _("Licence")
    JOINT_PROPOSAL = "joint_proposal", _("Joint project proposal")
    SUPPLY = "supply", _("Supply agreement")


# Which state may follow which, and the action that leads there. Declined, project started
# and closed are final; only the cluster's staff can step back (`revert_interest`).
INTEREST_TRANSITIONS: dict[str, dict[str, str]] = {
    InterestState.SENT: {
        InterestState.INTRODUCED: InterestAction.ACCEPTED,
        InterestState.DECLINED: InterestAction.DECLINED,
        InterestState.CLOSED: InterestAction.CLOSED,
    },
    InterestState.INTRODUCED: {
        InterestState.MEETING_HELD: InterestAction.MEETING_HELD,
        InterestState.CLOSED: InterestAction.CLOSED,
    },
    InterestState.MEETING_HELD: {
        InterestState.AGREEMENT_SIGNED: InterestAction.AGREEMENT_SIGNED,
        InterestState.CLOSED: InterestAction.CLOSED,
    },
    InterestState.AGREEMENT_SIGNED: {
        InterestState.PROJECT_STARTED: InterestAction.PROJECT_STARTED,
        InterestState.CLOSED: InterestAction.CLOSED,
    },
    InterestState.PROJECT_STARTED: {},
    InterestState.DECLINED: {},
    InterestState.CLOSED: {},
}
OPEN_INTEREST_STATES = frozenset(state for state, nxt in INTEREST_TRANSITIONS.items() if nxt)

# The field of `ExpressionOfInterest` dated when the state is reached (cleared on revert).
INTEREST_DATE_FIELDS: dict[str, str] = {
    InterestState.SENT: "sent_at",
    InterestState.INTRODUCED: "accepted_at",
    InterestState.DECLINED: "declined_at",
    InterestState.MEETING_HELD: "meeting_at",
    InterestState.AGREEMENT_SIGNED: "agreement_at",
    InterestState.PROJECT_STARTED: "project_at",
    InterestState.CLOSED: "closed_at",
}

MAX_INTEREST_MESSAGE = 2000
# An expression of interest still unanswered after this many working days (Monday to Friday,
# Italian national holidays excluded) is flagged on the brokerage board: the EEN asks
# partners to answer within two weeks.
ANSWER_DUE_WORKING_DAYS = 10

# Italian national public holidays on fixed dates, as (month, day, first year): Legge
# 27 maggio 1949 n. 260 as amended by Legge 5 marzo 1977 n. 54, DPR 28 dicembre 1985 n. 792
# (Epiphany again from 1986), Legge 20 novembre 2000 n. 336 (2 June again from 2001) and
# Legge 1 ottobre 2025 n. 151 (Saint Francis, 4 October, from 2026). Easter Monday moves
# with Easter (`outcomes.italian_holidays`). Local patron saints' days (Milan: 7 December)
# are not national and do not count.
ITALIAN_FIXED_HOLIDAYS: tuple[tuple[int, int, int], ...] = (
    (1, 1, 1949),  # New Year's Day
    (1, 6, 1986),  # Epiphany
    (4, 25, 1949),  # Liberation Day
    (5, 1, 1949),  # Labour Day
    (6, 2, 2001),  # Republic Day
    (8, 15, 1949),  # Assumption (Ferragosto)
    (10, 4, 2026),  # Saint Francis of Assisi, patron of Italy
    (11, 1, 1949),  # All Saints
    (12, 8, 1949),  # Immaculate Conception
    (12, 25, 1949),  # Christmas
    (12, 26, 1949),  # Saint Stephen
)
