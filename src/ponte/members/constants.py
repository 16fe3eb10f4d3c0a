"""Thresholds and code lists for members, each with its source."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

# Commission Recommendation 2003/361/EC, Annex, Article 2: staff headcount (annual work units)
# and either annual turnover OR annual balance-sheet total, in euro.
MICRO_MAX_STAFF = 10  # fewer than 10
MICRO_MAX_TURNOVER = Decimal("2000000")  # not exceeding 2 million
MICRO_MAX_BALANCE = Decimal("2000000")
SMALL_MAX_STAFF = 50  # fewer than 50
SMALL_MAX_TURNOVER = Decimal("10000000")  # not exceeding 10 million
SMALL_MAX_BALANCE = Decimal("10000000")
MEDIUM_MAX_STAFF = 250  # fewer than 250
MEDIUM_MAX_TURNOVER = Decimal("50000000")  # not exceeding 50 million
MEDIUM_MAX_BALANCE = Decimal("43000000")  # not exceeding 43 million


class SizeClass(models.TextChoices):
    MICRO = "micro", _("Micro enterprise")
    SMALL = "small", _("Small enterprise")
    MEDIUM = "medium", _("Medium-sized enterprise")
    LARGE = "large", _("Large enterprise")


class OrganisationKind(models.TextChoices):
    SME = "sme", _("SME")
    LARGE_COMPANY = "large_company", _("Large company")
    UNIVERSITY = "university", _("University")
    RESEARCH_CENTRE = "research_centre", _("Research centre")
    ITS_ACADEMY = "its_academy", _("ITS academy")
    PUBLIC_BODY = "public_body", _("Public body")
    CHAMBER = "chamber", _("Chamber of commerce")
    ASSOCIATION = "association", _("Association")
    INNOVATION_AGENCY = "innovation_agency", _("Innovation agency")


COMPANY_KINDS = frozenset({OrganisationKind.SME, OrganisationKind.LARGE_COMPANY})
ACADEMIC_KINDS = frozenset(
    {OrganisationKind.UNIVERSITY, OrganisationKind.RESEARCH_CENTRE, OrganisationKind.ITS_ACADEMY}
)


# Italian provinces and metropolitan cities (ISTAT sigle automobilistiche), Lombardy first;
# their regions come from django-localflavor (`matching.documents.region_of`).
PROVINCES: dict[str, str] = {
    "BG": "Bergamo", "BS": "Brescia", "CO": "Como", "CR": "Cremona", "LC": "Lecco",
    "LO": "Lodi", "MN": "Mantova", "MI": "Milano", "MB": "Monza e della Brianza",
    "PV": "Pavia", "SO": "Sondrio", "VA": "Varese",
    "AG": "Agrigento", "AL": "Alessandria", "AN": "Ancona", "AO": "Aosta", "AP": "Ascoli Piceno",
    "AQ": "L'Aquila", "AR": "Arezzo", "AT": "Asti", "AV": "Avellino", "BA": "Bari",
    "BT": "Barletta-Andria-Trani", "BL": "Belluno", "BN": "Benevento", "BI": "Biella",
    "BO": "Bologna", "BZ": "Bolzano", "BR": "Brindisi", "CA": "Cagliari", "CL": "Caltanissetta",
    "CB": "Campobasso", "CE": "Caserta", "CT": "Catania", "CZ": "Catanzaro", "CH": "Chieti",
    "CS": "Cosenza", "KR": "Crotone", "CN": "Cuneo", "EN": "Enna", "FM": "Fermo",
    "FE": "Ferrara", "FI": "Firenze", "FG": "Foggia", "FC": "Forlì-Cesena", "FR": "Frosinone",
    "GE": "Genova", "GO": "Gorizia", "GR": "Grosseto", "IM": "Imperia", "IS": "Isernia",
    "SP": "La Spezia", "LT": "Latina", "LE": "Lecce", "LI": "Livorno", "LU": "Lucca",
    "MC": "Macerata", "MS": "Massa-Carrara", "MT": "Matera", "ME": "Messina", "MO": "Modena",
    "NA": "Napoli", "NO": "Novara", "NU": "Nuoro", "OR": "Oristano", "PD": "Padova",
    "PA": "Palermo", "PR": "Parma", "PG": "Perugia", "PU": "Pesaro e Urbino", "PE": "Pescara",
    "PC": "Piacenza", "PI": "Pisa", "PT": "Pistoia", "PN": "Pordenone", "PZ": "Potenza",
    "PO": "Prato", "RG": "Ragusa", "RA": "Ravenna", "RC": "Reggio Calabria",
    "RE": "Reggio Emilia", "RI": "Rieti", "RN": "Rimini", "RM": "Roma", "RO": "Rovigo",
    "SA": "Salerno", "SS": "Sassari", "SV": "Savona", "SI": "Siena", "SR": "Siracusa",
    "SU": "Sud Sardegna", "TA": "Taranto", "TE": "Teramo", "TR": "Terni", "TO": "Torino",
    "TP": "Trapani", "TN": "Trento", "TV": "Treviso", "TS": "Trieste", "UD": "Udine",
    "VE": "Venezia", "VB": "Verbano-Cusio-Ossola", "VC": "Vercelli", "VR": "Verona",
    "VV": "Vibo Valentia", "VI": "Vicenza", "VT": "Viterbo",
}  # fmt: skip
PROVINCE_CHOICES = [(code, f"{name} ({code})") for code, name in PROVINCES.items()]


class MembershipRole(models.TextChoices):
    FOUNDING_MEMBER = "founding_member", _("Founding member")
    MEMBER = "member", _("Member")
    PARTNER = "partner", _("Partner")


class MembershipStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    UNDER_REVIEW = "under_review", _("Under review")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REJECTED = "rejected", _("Rejected")


# The membership lifecycle: which status may follow which. Withdrawn and rejected are final.
MEMBERSHIP_TRANSITIONS: dict[str, frozenset[str]] = {
    MembershipStatus.APPLIED: frozenset(
        {MembershipStatus.UNDER_REVIEW, MembershipStatus.WITHDRAWN}
    ),
    MembershipStatus.UNDER_REVIEW: frozenset(
        {MembershipStatus.ACTIVE, MembershipStatus.REJECTED, MembershipStatus.WITHDRAWN}
    ),
    MembershipStatus.ACTIVE: frozenset({MembershipStatus.SUSPENDED, MembershipStatus.WITHDRAWN}),
    MembershipStatus.SUSPENDED: frozenset({MembershipStatus.ACTIVE, MembershipStatus.WITHDRAWN}),
    MembershipStatus.WITHDRAWN: frozenset(),
    MembershipStatus.REJECTED: frozenset(),
}

# An organisation whose membership was rejected or withdrawn may apply again (a new
# application reopens the same membership, so its history is kept).
REAPPLICABLE_STATUSES = frozenset({MembershipStatus.REJECTED, MembershipStatus.WITHDRAWN})
#: An application not decided yet: what its own managers may still withdraw.
PENDING_STATUSES = frozenset({MembershipStatus.APPLIED, MembershipStatus.UNDER_REVIEW})
