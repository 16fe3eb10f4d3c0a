"""Load the demo: the Lombardy network, the real founders of the cosmetics cluster and
clearly marked sample data (organisations, people, offers, needs, board, log-ins).

Everything is keyed on natural keys (slugs, usernames, codes, titles per owner) and written
with update_or_create, so loading twice changes nothing. Random choices come from one
`random.Random(2026)` consumed in a fixed order, so every run produces the same data; dates
that must stay current (expiry of offers and needs) are offsets from today.
"""

from __future__ import annotations

import datetime
import random
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from stdnum import luhn
from stdnum.it import iva

from ponte.accounts.models import User
from ponte.clusters.models import (
    BoardRole,
    BoardSeat,
    Cluster,
    Constituency,
    RecognitionEvent,
)
from ponte.clusters.services import appoint_cluster_staff
from ponte.competences.models import (
    Competence,
    Evidence,
    EvidenceKind,
    OrganisationCompetence,
    PersonCompetence,
)
from ponte.competences.taxonomy import load_taxonomy
from ponte.demo import data_organisations as orgdata
from ponte.demo import data_people as peopledata
from ponte.demo.data_clusters import CLUSTERS, COSMETICS
from ponte.demo.data_needs import NEEDS
from ponte.demo.data_offers import OFFERS
from ponte.events.constants import EventStatus, Priority, RegistrationStatus, RequestStatus
from ponte.events.models import Event, MeetingRequest, Registration, Session
from ponte.members.constants import (
    ACADEMIC_KINDS,
    COMPANY_KINDS,
    MembershipRole,
    MembershipStatus,
    OrganisationKind,
)
from ponte.members.models import Affiliation, Membership, MembershipEvent, Organisation, Person
from ponte.transfer.constants import (
    INTEREST_DATE_FIELDS,
    INTEREST_TRANSITIONS,
    Confidentiality,
    InterestAction,
    InterestState,
    ItemStatus,
)
from ponte.transfer.models import (
    ExpressionOfInterest,
    InnovationNeed,
    InterestEvent,
    InterestInvitation,
    TechnologyOffer,
    item_link,
)

SEED = 2026
COSMETICS_CONSTITUTED = datetime.date(2025, 12, 1)


def sample_vat_number(index: int) -> str:
    """A valid but fictional Partita IVA: 7-digit serial, office code 001–100, Luhn digit."""
    serial = (index * 7919 + 1_234_567) % 10_000_000
    body = f"{serial:07d}{index % 100 + 1:03d}"
    number = body + luhn.calc_check_digit(body)
    assert iva.is_valid(number), number
    return number


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _email(first: str, last: str, domain: str) -> str:
    local = f"{_ascii(first)}.{_ascii(last)}".lower().replace(" ", "").replace("'", "")
    return f"{local}@{domain}"


def _lower_first(name: str) -> str:
    """Lower-case a term for use inside a sentence, keeping acronyms such as IoT or LCA."""
    first_word = name.split()[0]
    if any(ch.isupper() for ch in first_word[1:]):
        return name
    return name[0].lower() + name[1:]


def _aware(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def constituency_for(kind: str) -> str:
    if kind in COMPANY_KINDS:
        return Constituency.INDUSTRY
    if kind in (OrganisationKind.UNIVERSITY, OrganisationKind.ITS_ACADEMY):
        return Constituency.ACADEMIA
    return Constituency.INNOVATION


@dataclass
class DemoContext:
    today: datetime.date
    rng: random.Random
    competences: dict[str, Competence] = field(default_factory=dict)
    clusters: dict[str, Cluster] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)  # by name
    people_by_org: dict[str, list[Person]] = field(default_factory=lambda: defaultdict(list))
    users: dict[str, User] = field(default_factory=dict)
    active_members: set[tuple[str, str]] = field(default_factory=set)  # (org name, cluster)

    def comps(self, codes: tuple[str, ...] | list[str]) -> list[Competence]:
        return [self.competences[code] for code in codes]


@transaction.atomic
def load_demo() -> dict[str, int]:
    """Load (or refresh) the whole demo; returns the number of rows per kind of record."""
    ctx = DemoContext(today=timezone.localdate(), rng=random.Random(SEED))
    load_taxonomy()
    ctx.competences = {c.code: c for c in Competence.objects.all()}
    _load_clusters(ctx)
    _load_real_organisations(ctx)
    _load_sample_organisations(ctx)
    _load_demo_users(ctx)
    _load_sample_people(ctx)
    _load_board(ctx)
    _load_evidence(ctx)
    _load_offers(ctx)
    _load_needs(ctx)
    _load_interests(ctx)
    _load_lainate_event(ctx)
    _load_upcoming_event(ctx)
    return demo_counts()


DEMO_EMBEDDINGS = Path(__file__).resolve().parent / "data" / "embeddings.sqlite3"


def seed_embedding_cache() -> int:
    """Pre-computed embeddings of the demo's texts, so the first `ponte index --rebuild` after
    `load_demo` takes seconds instead of minutes; texts that changed are simply embedded."""
    from django.conf import settings

    from ponte.matching.embeddings import merge_cache_file

    if not DEMO_EMBEDDINGS.exists():
        return 0
    return merge_cache_file(Path(settings.MATCHING_EMBED_CACHE), DEMO_EMBEDDINGS)


def demo_counts() -> dict[str, int]:
    return {
        "competences": Competence.objects.count(),
        "clusters": Cluster.objects.count(),
        "recognition_events": RecognitionEvent.objects.count(),
        "organisations": Organisation.objects.count(),
        "sample_organisations": Organisation.objects.filter(is_sample=True).count(),
        "memberships": Membership.objects.count(),
        "membership_events": MembershipEvent.objects.count(),
        "people": Person.objects.count(),
        "affiliations": Affiliation.objects.count(),
        "person_competences": PersonCompetence.objects.count(),
        "organisation_competences": OrganisationCompetence.objects.count(),
        "evidence": Evidence.objects.count(),
        "board_seats": BoardSeat.objects.count(),
        "offers": TechnologyOffer.objects.count(),
        "needs": InnovationNeed.objects.count(),
        "users": User.objects.count(),
        "interests": ExpressionOfInterest.objects.count(),
        "interest_events": InterestEvent.objects.count(),
        "events": Event.objects.count(),
        "registrations": Registration.objects.count(),
        "meeting_requests": MeetingRequest.objects.count(),
    }


# --- Clusters -----------------------------------------------------------------------------


def _load_clusters(ctx: DemoContext) -> None:
    for data in CLUSTERS:
        cluster, _ = Cluster.objects.update_or_create(
            slug=data.slug,
            defaults={
                "short_name": data.short_name,
                "name_it": data.name_it,
                "name_en": data.name_en,
                "sector_it": data.sector_it,
                "sector_en": data.sector_en,
                "description_it": data.description_it,
                "description_en": data.description_en,
                "region": "Lombardia",
            },
        )
        for status, date, note_it, note_en in data.history:
            RecognitionEvent.objects.update_or_create(
                cluster=cluster,
                status=status,
                defaults={"date": date, "note_it": note_it, "note_en": note_en},
            )
        ctx.clusters[data.slug] = cluster


# --- Organisations and memberships --------------------------------------------------------


def _set_org_competences(org: Organisation, comps: list[Competence], level: int) -> None:
    for comp in comps:
        OrganisationCompetence.objects.update_or_create(
            organisation=org, competence=comp, defaults={"level": level}
        )


def _load_real_organisations(ctx: DemoContext) -> None:
    cosmetics = ctx.clusters[COSMETICS]
    for data in orgdata.REAL_ORGANISATIONS:
        org, _ = Organisation.objects.update_or_create(
            slug=data.slug,
            defaults={
                "name": data.name,
                "kind": data.kind,
                "province": data.province,
                "city": data.city,
                "country": "IT",
                "website": data.website,
                "description_it": data.description_it,
                "description_en": data.description_en,
                "is_sample": False,
            },
        )
        _set_org_competences(org, ctx.comps(data.competences), 3)
        ctx.organisations[data.name] = org
        membership, _ = Membership.objects.update_or_create(
            organisation=org,
            cluster=cosmetics,
            defaults={
                "role": data.role,
                "status": MembershipStatus.ACTIVE,
                "applied_on": COSMETICS_CONSTITUTED,
                "review_started_on": None,
                "activated_on": COSMETICS_CONSTITUTED,
                "suspended_on": None,
                "ended_on": None,
            },
        )
        note = (
            "Socio fondatore (data indicativa)"
            if data.role == MembershipRole.FOUNDING_MEMBER
            else "Partner del cluster (data indicativa)"
        )
        MembershipEvent.objects.update_or_create(
            membership=membership,
            from_status="",
            to_status=MembershipStatus.ACTIVE,
            defaults={"at": _aware(COSMETICS_CONSTITUTED), "note": note},
        )
        ctx.active_members.add((data.name, COSMETICS))
    coordinator = ctx.organisations["REI Reindustria Innovazione"]
    Cluster.objects.filter(pk=cosmetics.pk).update(coordinator=coordinator)


def _sample_description(data: orgdata.SampleOrg) -> tuple[str, str]:
    kind_it = {
        "sme": "Impresa", "large_company": "Grande impresa", "university": "Struttura "
        "universitaria", "research_centre": "Centro di ricerca", "its_academy": "ITS Academy",
        "public_body": "Ente pubblico", "chamber": "Ente camerale", "association":
        "Associazione", "innovation_agency": "Agenzia per l'innovazione",
    }[data.kind]  # fmt: skip
    kind_en = {
        "sme": "Company", "large_company": "Large company", "university": "University "
        "department", "research_centre": "Research centre", "its_academy": "ITS academy",
        "public_body": "Public body", "chamber": "Chamber of commerce", "association":
        "Association", "innovation_agency": "Innovation agency",
    }[data.kind]  # fmt: skip
    where = f"{data.city} ({data.province})" if data.province else data.city
    return (
        f"{kind_it} con sede a {where}: {data.focus_it}. Dati di esempio.",
        f"{kind_en} based in {where}: {data.focus_en}. Sample data.",
    )


def _membership_timeline(
    ctx: DemoContext, cluster_slug: str, status: str
) -> tuple[dict[str, datetime.date | None], list[tuple[str, str, datetime.date]]]:
    """Dates for a membership's lifecycle, consistent with the cluster's own history."""
    rng = ctx.rng
    if cluster_slug == COSMETICS:
        start = COSMETICS_CONSTITUTED + datetime.timedelta(days=rng.randint(3, 90))
    else:
        start = datetime.date(2016, 1, 1) + datetime.timedelta(days=rng.randint(0, 3300))
    if status in (MembershipStatus.APPLIED, MembershipStatus.UNDER_REVIEW):
        # Pending applications are recent.
        start = ctx.today - datetime.timedelta(days=rng.randint(10, 45))
    review = start + datetime.timedelta(days=rng.randint(3, 10))
    active = review + datetime.timedelta(days=rng.randint(10, 30))
    later = min(active + datetime.timedelta(days=rng.randint(60, 200)), ctx.today)
    dates: dict[str, datetime.date | None] = {
        "applied_on": start,
        "review_started_on": None,
        "activated_on": None,
        "suspended_on": None,
        "ended_on": None,
    }
    steps: list[tuple[str, str, datetime.date]] = [("", MembershipStatus.APPLIED, start)]
    if status == MembershipStatus.APPLIED:
        return dates, steps
    dates["review_started_on"] = review
    steps.append((MembershipStatus.APPLIED, MembershipStatus.UNDER_REVIEW, review))
    if status == MembershipStatus.UNDER_REVIEW:
        return dates, steps
    if status == MembershipStatus.REJECTED:
        dates["ended_on"] = active
        steps.append((MembershipStatus.UNDER_REVIEW, MembershipStatus.REJECTED, active))
        return dates, steps
    dates["activated_on"] = active
    steps.append((MembershipStatus.UNDER_REVIEW, MembershipStatus.ACTIVE, active))
    if status == MembershipStatus.SUSPENDED:
        dates["suspended_on"] = later
        steps.append((MembershipStatus.ACTIVE, MembershipStatus.SUSPENDED, later))
    elif status == MembershipStatus.WITHDRAWN:
        dates["ended_on"] = later
        steps.append((MembershipStatus.ACTIVE, MembershipStatus.WITHDRAWN, later))
    return dates, steps


STEP_NOTES: dict[str, str] = {
    MembershipStatus.APPLIED: "Domanda di adesione inviata dal portale.",
    MembershipStatus.UNDER_REVIEW: "Istruttoria avviata dalla segreteria.",
    MembershipStatus.ACTIVE: "Adesione approvata.",
    MembershipStatus.SUSPENDED: "Sospensione per quota associativa non versata.",
    MembershipStatus.WITHDRAWN: "Recesso comunicato dall'organizzazione.",
    MembershipStatus.REJECTED: "Requisiti di adesione non soddisfatti.",
}


def _load_sample_organisations(ctx: DemoContext) -> None:
    for index, data in enumerate(orgdata.SAMPLE_ORGANISATIONS, start=1):
        description_it, description_en = _sample_description(data)
        headcount = turnover = balance = None
        if data.size is not None:
            headcount = data.size[0]
            turnover = Decimal(data.size[1]) if data.size[1] is not None else None
            balance = Decimal(data.size[2]) if data.size[2] is not None else None
        is_italian = data.country == "IT"
        org, _ = Organisation.objects.update_or_create(
            slug=slugify(data.name)[:220],
            defaults={
                "name": data.name,
                "kind": data.kind,
                "vat_number": sample_vat_number(index) if is_italian else "",
                "ateco_code": data.ateco if is_italian else "",
                "province": data.province,
                "city": data.city,
                "country": data.country,
                "website": f"https://{slugify(data.name)[:40].strip('-')}.example.com",
                "description_it": description_it,
                "description_en": description_en,
                "headcount": headcount,
                "turnover_eur": turnover,
                "balance_sheet_eur": balance,
                "is_sample": True,
            },
        )
        _set_org_competences(org, ctx.comps(data.competences), 2 + index % 2)
        ctx.organisations[data.name] = org
        for position, cluster_slug in enumerate(data.clusters):
            status = orgdata.MEMBERSHIP_STATUS_OVERRIDES.get(
                (data.name, cluster_slug), MembershipStatus.ACTIVE
            )
            role = (
                MembershipRole.PARTNER
                if data.kind in orgdata.PARTNER_KINDS
                else MembershipRole.MEMBER
            )
            dates, steps = _membership_timeline(ctx, cluster_slug, status)
            membership, _ = Membership.objects.update_or_create(
                organisation=org,
                cluster=ctx.clusters[cluster_slug],
                defaults={
                    "role": role,
                    "status": status,
                    "motivation": (
                        f"Interesse per le attività del cluster su {data.focus_it}."
                        if position == 0
                        else "Collaborazione intersettoriale con le imprese del cluster."
                    ),
                    **dates,
                },
            )
            for from_status, to_status, day in steps:
                MembershipEvent.objects.update_or_create(
                    membership=membership,
                    from_status=from_status,
                    to_status=to_status,
                    defaults={"at": _aware(day), "note": STEP_NOTES[to_status]},
                )
            if status == MembershipStatus.ACTIVE:
                ctx.active_members.add((data.name, cluster_slug))


# --- People -------------------------------------------------------------------------------


def _upsert_person(
    ctx: DemoContext,
    *,
    first: str,
    last: str,
    title: str,
    email: str,
    bio_it: str,
    bio_en: str,
    user: User | None = None,
) -> Person:
    person, _ = Person.objects.update_or_create(
        slug=slugify(f"{first} {last}"),
        defaults={
            "first_name": first,
            "last_name": last,
            "title": title,
            "email": email,
            "bio_it": bio_it,
            "bio_en": bio_en,
            "user": user,
            "is_public": True,
            "is_sample": True,
        },
    )
    return person


def _affiliate(
    person: Person, org: Organisation, position: str, can_manage: bool, start: datetime.date
) -> None:
    Affiliation.objects.update_or_create(
        person=person,
        organisation=org,
        defaults={
            "position": position,
            "is_primary": True,
            "can_manage": can_manage,
            "start": start,
            "end": None,
        },
    )


def _set_person_competences(person: Person, comps: list[Competence], levels: list[int]) -> None:
    for comp, level in zip(comps, levels, strict=True):
        PersonCompetence.objects.update_or_create(
            person=person, competence=comp, defaults={"level": level}
        )


def _load_demo_users(ctx: DemoContext) -> None:
    for data in peopledata.DEMO_USERS:
        user, _ = User.objects.update_or_create(
            username=data.username,
            defaults={
                "first_name": data.first_name,
                "last_name": data.last_name,
                "email": data.email,
                "is_staff": data.is_staff,
                "is_superuser": data.is_superuser,
                "is_regional_officer": data.is_regional_officer,
                "is_active": True,
            },
        )
        user.set_password(peopledata.DEMO_PASSWORD)
        user.save(update_fields=["password"])
        ctx.users[data.username] = user
        if data.is_superuser:
            continue
        person = _upsert_person(
            ctx,
            first=data.first_name,
            last=data.last_name,
            title=data.title,
            email=data.email,
            bio_it=data.bio_it,
            bio_en=data.bio_en,
            user=user,
        )
        _set_person_competences(person, ctx.comps(data.competences), [3] * len(data.competences))
        if data.organisation:
            org = ctx.organisations[data.organisation]
            _affiliate(person, org, data.position, data.can_manage, datetime.date(2019, 3, 1))
            ctx.people_by_org[data.organisation].append(person)
    appoint_cluster_staff(
        None, ctx.users["staff"], ctx.clusters[COSMETICS], since=COSMETICS_CONSTITUTED
    )


def _feminine_title(title: str) -> str:
    return {"Dr.": "Dr.ssa", "Prof.": "Prof.ssa"}.get(title, title)


def _related_terms(ctx: DemoContext, codes: tuple[str, ...]) -> list[str]:
    """Terms near an organisation's competences: their children and siblings."""
    near: set[str] = set()
    for code in codes:
        comp = ctx.competences[code]
        parent_id = comp.parent_id or comp.pk
        near.update(
            c.code
            for c in ctx.competences.values()
            if c.parent_id in (parent_id, comp.pk) and c.code not in codes
        )
    return sorted(near)


def _bio(ctx: DemoContext, comps: list[Competence], lang: str) -> str:
    a = comps[0]
    b = comps[1] if len(comps) > 1 else comps[0]
    if lang == "it":
        opening = ctx.rng.choice(peopledata.BIO_OPENINGS_IT)
        closing = ctx.rng.choice(peopledata.BIO_CLOSINGS_IT)
        return opening.format(a=_lower_first(a.name_it), b=_lower_first(b.name_it)) + closing
    opening = ctx.rng.choice(peopledata.BIO_OPENINGS_EN)
    closing = ctx.rng.choice(peopledata.BIO_CLOSINGS_EN)
    return opening.format(a=_lower_first(a.name_en), b=_lower_first(b.name_en)) + closing


def _load_sample_people(ctx: DemoContext) -> None:
    rng = ctx.rng
    used = {(p.first_name, p.last_name) for people in ctx.people_by_org.values() for p in people}
    used.update((u.first_name, u.last_name) for u in peopledata.DEMO_USERS)
    serial = 0
    for data in orgdata.SAMPLE_ORGANISATIONS:
        org = ctx.organisations[data.name]
        positions = peopledata.POSITIONS[data.kind]
        for slot in range(peopledata.PEOPLE_PER_KIND.get(data.kind, 1)):
            serial += 1
            if serial % 13 == 0:
                first, last, gender = peopledata.FOREIGN_NAMES[
                    (serial // 13) % len(peopledata.FOREIGN_NAMES)
                ]
            else:
                gender = rng.choice("fm")
                names = peopledata.FIRST_NAMES_F if gender == "f" else peopledata.FIRST_NAMES_M
                first, last = rng.choice(names), rng.choice(peopledata.LAST_NAMES)
            while (first, last) in used:
                last = rng.choice(peopledata.LAST_NAMES)
            used.add((first, last))
            pos_m, pos_f, title = positions[slot % len(positions)]
            position, title = (pos_f, _feminine_title(title)) if gender == "f" else (pos_m, title)
            own = list(data.competences)
            rng.shuffle(own)
            extra = _related_terms(ctx, data.competences)
            picked = own[: rng.randint(1, min(3, len(own)))]
            if extra:
                picked += rng.sample(extra, min(len(extra), rng.randint(1, 2)))
            comps = ctx.comps(picked)
            bio_it = _bio(ctx, comps, "it") if rng.random() < 0.75 else ""
            bio_en = _bio(ctx, comps, "en") if rng.random() < 0.5 else ""
            domain = "example.org" if data.kind in ACADEMIC_KINDS else "example.com"
            person = _upsert_person(
                ctx,
                first=first,
                last=last,
                title=title,
                email=_email(first, last, domain),
                bio_it=bio_it,
                bio_en=bio_en,
            )
            _set_person_competences(person, comps, [rng.randint(1, 3) for _ in comps])
            start = datetime.date(2008, 1, 1) + datetime.timedelta(days=rng.randint(0, 6000))
            can_manage = slot == 0 and data.kind in COMPANY_KINDS
            _affiliate(person, org, position, can_manage, start)
            ctx.people_by_org[data.name].append(person)


# --- Board --------------------------------------------------------------------------------

# (cluster, organisation name, role, index of the person in the organisation)
BOARD: tuple[tuple[str, str, str, int], ...] = (
    (COSMETICS, "Gruppo Cosmetico Lombardo spa", BoardRole.CHAIR, 0),
    (COSMETICS, "Laboratorio di Dermocosmesi – Università della Brianza", BoardRole.VICE_CHAIR,
     0),
    (COSMETICS, "Centro Ricerche Formulative Padane", BoardRole.MEMBER, 0),
    (COSMETICS, "Colore Cremasco srl", BoardRole.MEMBER, 0),
    (COSMETICS, "Dipartimento di Informatica e Data Science – Università del Lario",
     BoardRole.MEMBER, 0),
    (COSMETICS, "Associazione Terzisti Cosmetici Lombardi", BoardRole.MEMBER, 0),
    ("aerospazio", "Aerostrutture Varesine spa", BoardRole.CHAIR, 0),
    ("aerospazio", "Dipartimento di Ingegneria dei Materiali – Politecnico Orobico",
     BoardRole.MEMBER, 1),
    ("aerospazio", "Centro Ricerche Aerospaziali Insubre", BoardRole.MEMBER, 0),
    ("chimica-verde", "Bioraffineria del Po srl", BoardRole.CHAIR, 0),
    ("chimica-verde", "Dipartimento di Chimica Sostenibile – Ateneo del Ticino",
     BoardRole.VICE_CHAIR, 0),
    ("chimica-verde", "Istituto di Biotecnologie Industriali Lombardo", BoardRole.MEMBER, 0),
)  # fmt: skip


def _load_board(ctx: DemoContext) -> None:
    for cluster_slug, org_name, role, index in BOARD:
        org = ctx.organisations[org_name]
        person = ctx.people_by_org[org_name][index]
        start = COSMETICS_CONSTITUTED if cluster_slug == COSMETICS else datetime.date(2024, 1, 1)
        BoardSeat.objects.update_or_create(
            cluster=ctx.clusters[cluster_slug],
            person=person,
            organisation=org,
            defaults={
                "constituency": constituency_for(org.kind),
                "role": role,
                "start": start,
                "end": None,
            },
        )


# --- Evidence -----------------------------------------------------------------------------

PATENT_OWNERS: tuple[str, ...] = (
    "Airless Tech Italia srl",
    "Dipartimento di Scienze Cosmetologiche – Università del Lario",
    "Centro di Ricerca Agroalimentare Padano",
    "Dipartimento di Ingegneria dei Materiali – Politecnico Orobico",
    "Oleogel Italia srl",
    "Laboratorio di Microbiologia Applicata – Ateneo del Ticino",
    "Tessuti Tecnici Comaschi spa",
    "Shade AI srl",
)


def _evidence(
    kind: str,
    title: str,
    comps: list[Competence],
    *,
    year: int,
    description: str = "",
    reference: str = "",
    organisation: Organisation | None = None,
    person: Person | None = None,
) -> None:
    evidence, _ = Evidence.objects.update_or_create(
        kind=kind,
        title=title,
        organisation=organisation,
        person=person,
        defaults={"year": year, "description": description, "reference": reference},
    )
    evidence.competences.set(comps)


def _load_evidence(ctx: DemoContext) -> None:
    rng = ctx.rng
    publications = iter(peopledata.PUBLICATIONS * 3)
    projects = iter(peopledata.PROJECTS)
    for index, data in enumerate(orgdata.SAMPLE_ORGANISATIONS):
        org = ctx.organisations[data.name]
        comps = ctx.comps(data.competences)
        if data.kind in (OrganisationKind.UNIVERSITY, OrganisationKind.RESEARCH_CENTRE):
            main = comps[0]
            _evidence(
                EvidenceKind.LABORATORY,
                f"Laboratorio di {_lower_first(main.name_it)}",
                comps[:2],
                year=2015 + index % 9,
                description=f"Laboratorio dedicato a {_lower_first(main.name_it)} "
                f"({main.name_en.lower()}).",
                organisation=org,
            )
            _evidence(
                EvidenceKind.EQUIPMENT,
                peopledata.EQUIPMENT[index % len(peopledata.EQUIPMENT)],
                comps[:1],
                year=2018 + index % 7,
                organisation=org,
            )
            for person in ctx.people_by_org[data.name][:2]:
                title = next(publications)
                person_comps = list(person.competence_links.values_list("competence", flat=True))
                _evidence(
                    EvidenceKind.PUBLICATION,
                    title,
                    [c for c in ctx.competences.values() if c.pk in person_comps][:2],
                    year=rng.randint(2019, 2025),
                    reference=f"10.5555/ponte-demo.{index:03d}{person.pk % 10}",
                    person=person,
                )
        elif data.kind in COMPANY_KINDS and index % 3 == 0:
            project = next(projects, None)
            if project:
                _evidence(
                    EvidenceKind.PROJECT,
                    project,
                    comps[:2],
                    year=rng.randint(2021, 2025),
                    description="Progetto di esempio con partner del cluster.",
                    organisation=org,
                )
    for number, (title, owner) in enumerate(
        zip(peopledata.PATENTS, PATENT_OWNERS, strict=True), start=1
    ):
        org = ctx.organisations[owner]
        _evidence(
            EvidenceKind.PATENT,
            title,
            [link.competence for link in org.competence_links.select_related("competence")[:2]],
            year=2018 + number,
            reference=f"DEMO-BREVETTO-{number:04d}",
            organisation=org,
        )


# --- Offers and needs ---------------------------------------------------------------------


def _check_owner(ctx: DemoContext, owner: str, cluster: str, title: str) -> Organisation:
    if (owner, cluster) not in ctx.active_members:
        raise ValueError(f"Demo item {title!r}: {owner} is not an active member of {cluster}.")
    return ctx.organisations[owner]


def _confidentiality(explicit: str, index: int, is_need: bool) -> str:
    if explicit:
        return explicit
    if is_need and index % 10 == 3:
        return Confidentiality.STAFF
    if not is_need and index % 25 == 7:
        return Confidentiality.STAFF
    if index % 5 == 1:
        return Confidentiality.MEMBERS
    return Confidentiality.PUBLIC


def _status_and_expiry(ctx: DemoContext, index: int) -> tuple[str, datetime.date]:
    if index % 17 == 4:
        return ItemStatus.PUBLISHED, ctx.today - datetime.timedelta(days=10 + index % 40)
    status = ItemStatus.PUBLISHED
    if index % 23 == 5:
        status = ItemStatus.DRAFT
    elif index % 29 == 11:
        status = ItemStatus.CLOSED
    return status, ctx.today + datetime.timedelta(days=30 + (index * 37) % 330)


def _contact(ctx: DemoContext, owner: str) -> Person | None:
    people = ctx.people_by_org.get(owner) or []
    return people[0] if people else None


def _backdate(model: type[TechnologyOffer] | type[InnovationNeed], pk: int, days: int) -> None:
    created = timezone.now() - datetime.timedelta(days=days, hours=days % 7)
    model.objects.filter(pk=pk).update(created=created)


def _load_offers(ctx: DemoContext) -> None:
    titles = [offer.title for offer in OFFERS]
    assert len(set(titles)) == len(titles), "offer titles must be unique"
    for index, data in enumerate(OFFERS):
        org = _check_owner(ctx, data.owner, data.cluster, data.title)
        contact = _contact(ctx, data.owner)
        status, expires_on = _status_and_expiry(ctx, index)
        offer, _ = TechnologyOffer.objects.update_or_create(
            title=data.title,
            organisation=org,
            defaults={
                "summary": data.summary,
                "language": data.language,
                "cluster": ctx.clusters[data.cluster],
                "contact": contact,
                "partnership": data.partnership,
                "confidentiality": _confidentiality(data.confidentiality, index, False),
                "status": status,
                "expires_on": expires_on,
                "created_by": contact.user if contact else None,
                "is_sample": True,
                "trl": data.trl,
                "ipr_status": data.ipr,
                "advantages": data.advantages,
                "applications": data.applications,
            },
        )
        offer.competences.set(ctx.comps(data.competences))
        _backdate(TechnologyOffer, offer.pk, 5 + (index * 13) % 300)


def _load_needs(ctx: DemoContext) -> None:
    titles = [need.title for need in NEEDS]
    assert len(set(titles)) == len(titles), "need titles must be unique"
    for index, data in enumerate(NEEDS):
        org = _check_owner(ctx, data.owner, data.cluster, data.title)
        contact = _contact(ctx, data.owner)
        status, expires_on = _status_and_expiry(ctx, index + 1)
        need, _ = InnovationNeed.objects.update_or_create(
            title=data.title,
            organisation=org,
            defaults={
                "summary": data.summary,
                "language": data.language,
                "cluster": ctx.clusters[data.cluster],
                "contact": contact,
                "partnership": "research" if (data.trl_min or 9) <= 5 else "technical",
                "confidentiality": _confidentiality(data.confidentiality, index, True),
                "status": status,
                "expires_on": expires_on,
                "created_by": contact.user if contact else None,
                "is_sample": True,
                "expected_result": data.expected_result,
                "trl_min": data.trl_min,
                "budget_band": data.budget,
                "time_frame": data.time_frame,
            },
        )
        need.competences.set(ctx.comps(data.competences))
        _backdate(InnovationNeed, need.pk, 3 + (index * 17) % 280)


# --- Expressions of interest ----------------------------------------------------------------


@dataclass(frozen=True)
class InterestScenario:
    """A sample expression of interest: which item (a need or an offer of a sample
    organisation of the cosmetics cluster, or one of the demo users' organisations), who is
    interested, and its steps as (state, days ago, note, agreement kind)."""

    kind: str
    owner: str  # "" = any sample organisation; else its name
    interested: str  # same
    steps: tuple[tuple[str, int, str, str], ...]
    message: str
    reverted: tuple[str, int] | None = None  # a step recorded by mistake and reverted


S = InterestState
_MSG_NEED = (
    "Il nostro laboratorio lavora da anni su questi temi: potremmo proporvi un primo studio "
    "di fattibilità e mettere a disposizione le nostre attrezzature."
)
_MSG_OFFER = (
    "La vostra tecnologia potrebbe risolvere un problema della nostra linea di produzione: "
    "vorremmo capire costi e tempi per una prima prova."
)
INTEREST_SCENARIOS: tuple[InterestScenario, ...] = (
    # The demo users' own: something to answer, something under way, something sent.
    InterestScenario("need", orgdata.PMI_ORG, "", ((S.SENT, 21, "", ""),), _MSG_NEED),
    InterestScenario(
        "need",
        orgdata.PMI_ORG,
        orgdata.RESEARCH_ORG,
        ((S.SENT, 40, "", ""), (S.INTRODUCED, 36, "Volentieri, fissiamo una call.", "")),
        _MSG_NEED,
    ),
    InterestScenario(
        "offer",
        orgdata.RESEARCH_ORG,
        orgdata.PMI_ORG,
        (
            (S.SENT, 75, "", ""),
            (S.INTRODUCED, 70, "", ""),
            (S.MEETING_HELD, 52, "Visita al laboratorio e prove preliminari concordate.", ""),
        ),
        _MSG_OFFER,
    ),
    # The rest of the cluster, in every state.
    InterestScenario("offer", "", "", ((S.SENT, 3, "", ""),), _MSG_OFFER),
    InterestScenario(
        "need",
        "",
        "",
        ((S.SENT, 30, "", ""), (S.DECLINED, 26, "Abbiamo già un partner per questo progetto.", "")),
        _MSG_NEED,
    ),
    InterestScenario(
        "offer",
        "",
        "",
        ((S.SENT, 60, "", ""), (S.INTRODUCED, 57, "", "")),
        _MSG_OFFER,
    ),
    InterestScenario(
        "need",
        "",
        "",
        (
            (S.SENT, 95, "", ""),
            (S.INTRODUCED, 90, "", ""),
            (S.MEETING_HELD, 75, "", ""),
            (S.AGREEMENT_SIGNED, 60, "NDA firmato prima dello scambio di formule.", "nda"),
        ),
        _MSG_NEED,
    ),
    InterestScenario(
        "need",
        "",
        "",
        (
            (S.SENT, 150, "", ""),
            (S.INTRODUCED, 144, "", ""),
            (S.MEETING_HELD, 120, "", ""),
            (S.AGREEMENT_SIGNED, 80, "Contratto di ricerca di dodici mesi.", "rd_contract"),
        ),
        _MSG_NEED,
        reverted=(S.AGREEMENT_SIGNED, 100),
    ),
    InterestScenario(
        "offer",
        "",
        "",
        (
            (S.SENT, 170, "", ""),
            (S.INTRODUCED, 160, "", ""),
            (S.MEETING_HELD, 140, "", ""),
            (S.AGREEMENT_SIGNED, 95, "Licenza non esclusiva per l'Italia.", "licence"),
        ),
        _MSG_OFFER,
    ),
    InterestScenario(
        "need",
        "",
        "",
        (
            (S.SENT, 130, "", ""),
            (S.INTRODUCED, 128, "", ""),
            (S.MEETING_HELD, 110, "", ""),
            (
                S.AGREEMENT_SIGNED,
                45,
                "Proposta congiunta per il bando regionale.",
                "joint_proposal",
            ),
        ),
        _MSG_NEED,
    ),
    InterestScenario(
        "offer",
        "",
        "",
        (
            (S.SENT, 110, "", ""),
            (S.INTRODUCED, 104, "", ""),
            (S.MEETING_HELD, 90, "", ""),
            (S.AGREEMENT_SIGNED, 70, "Fornitura di un primo lotto pilota.", "supply"),
        ),
        _MSG_OFFER,
    ),
    InterestScenario(
        "need",
        "",
        "",
        (
            (S.SENT, 200, "", ""),
            (S.INTRODUCED, 195, "", ""),
            (S.MEETING_HELD, 175, "", ""),
            (S.AGREEMENT_SIGNED, 140, "", "rd_contract"),
            (S.PROJECT_STARTED, 100, "Progetto avviato con il kick-off in laboratorio.", ""),
        ),
        _MSG_NEED,
    ),
    InterestScenario(
        "offer",
        "",
        "",
        ((S.SENT, 45, "", ""), (S.CLOSED, 40, "Ritirata: priorità cambiate in azienda.", "")),
        _MSG_OFFER,
    ),
    InterestScenario(
        "need",
        "",
        "",
        (
            (S.SENT, 120, "", ""),
            (S.INTRODUCED, 115, "", ""),
            (S.MEETING_HELD, 100, "", ""),
            (S.CLOSED, 85, "Budget non compatibile dopo l'incontro.", ""),
        ),
        _MSG_NEED,
    ),
)
_ACTIONS = {
    state: action for moves in INTEREST_TRANSITIONS.values() for state, action in moves.items()
}


def _interest_candidates(ctx: DemoContext, kind: str) -> list[TechnologyOffer | InnovationNeed]:
    model: type[TechnologyOffer] | type[InnovationNeed] = (
        TechnologyOffer if kind == "offer" else InnovationNeed
    )
    items = model.objects.filter(
        cluster=ctx.clusters[COSMETICS],
        organisation__is_sample=True,
        status=ItemStatus.PUBLISHED,
        expires_on__gte=ctx.today,
    ).exclude(confidentiality=Confidentiality.STAFF)
    return sorted(items.select_related("organisation", "created_by"), key=lambda i: i.title)


def _interested_candidates(ctx: DemoContext, kind: str) -> list[Organisation]:
    """Research for needs, companies for offers: sample organisations, active members."""
    kinds = ACADEMIC_KINDS if kind == "need" else COMPANY_KINDS
    names = sorted(
        name
        for name, cluster in ctx.active_members
        if cluster == COSMETICS and name in ctx.organisations
    )
    return [
        ctx.organisations[name]
        for name in names
        if ctx.organisations[name].is_sample and ctx.organisations[name].kind in kinds
    ]


def _user_of(ctx: DemoContext, organisation: Organisation) -> User | None:
    for person in ctx.people_by_org.get(organisation.name, []):
        if person.user_id:
            return person.user
    return None


def _write_interest(
    ctx: DemoContext,
    item: TechnologyOffer | InnovationNeed,
    organisation: Organisation,
    scenario: InterestScenario,
) -> ExpressionOfInterest:
    link = item_link(item)
    sender = _user_of(ctx, organisation)
    owner_user = item.created_by or _user_of(ctx, item.organisation)
    staff = ctx.users["staff"]
    events: list[tuple[str, str, str, int, User | None, str, str]] = []
    state = ""
    dates: dict[str, datetime.datetime | None] = dict.fromkeys(INTEREST_DATE_FIELDS.values())
    steps = list(scenario.steps)
    if scenario.reverted:
        steps.append((scenario.reverted[0], scenario.reverted[1], "", "rd_contract"))
        steps.sort(key=lambda s: -s[1])
    kind_signed = ""
    for to_state, days, note, agreement in steps:
        at = _aware(ctx.today - datetime.timedelta(days=days), hour=9 + days % 8)
        if not state:
            events.append((InterestAction.SENT, "", to_state, days, sender, note, ""))
        else:
            assert to_state in INTEREST_TRANSITIONS[state], (state, to_state)
            by = owner_user if to_state in (S.INTRODUCED, S.DECLINED) else sender or owner_user
            events.append((_ACTIONS[to_state], state, to_state, days, by, note, agreement))
        state = to_state
        dates[INTEREST_DATE_FIELDS[to_state]] = at
        kind_signed = agreement or kind_signed
        if scenario.reverted and (to_state, days) == scenario.reverted:
            back = days - 1
            events.append(
                (
                    InterestAction.REVERTED,
                    to_state,
                    events[-1][1],
                    back,
                    staff,
                    "Registrato per errore: il contratto non era ancora firmato.",
                    "",
                )
            )
            state = events[-2][1]
            dates[INTEREST_DATE_FIELDS[to_state]] = None
    interest = ExpressionOfInterest.objects.filter(organisation=organisation, **link).first()
    values = {
        "sender": sender,
        "message": scenario.message,
        "state": state,
        "agreement_kind": kind_signed if state in (S.AGREEMENT_SIGNED, S.PROJECT_STARTED) else "",
        "is_sample": True,
        **dates,
    }
    if interest is None:
        interest = ExpressionOfInterest.objects.create(organisation=organisation, **link, **values)
    else:
        for name, value in values.items():
            setattr(interest, name, value)
        interest.save()
    interest.events.all().delete()
    InterestEvent.objects.bulk_create(
        InterestEvent(
            interest=interest,
            action=action,
            from_state=from_state,
            to_state=to_state,
            at=_aware(ctx.today - datetime.timedelta(days=days), hour=9 + days % 8),
            by=by,
            note=note,
            agreement_kind=agreement,
        )
        for action, from_state, to_state, days, by, note, agreement in events
    )
    return interest


def _load_interests(ctx: DemoContext) -> None:
    """Sample expressions of interest in every state, between sample organisations only,
    dated over the last months; keyed on (item, organisation), so loading twice changes
    nothing. Plus an invitation to a confidential need and a match proposed by the staff."""
    used: set[tuple[str, int]] = set()
    kept: list[int] = []
    for scenario in INTEREST_SCENARIOS:
        age = max(days for _s, days, _n, _a in scenario.steps) + 2
        items = [
            item
            for item in _interest_candidates(ctx, scenario.kind)
            if (scenario.kind, item.pk) not in used
            and (not scenario.owner or item.organisation.name == scenario.owner)
            and item.created.date() <= ctx.today - datetime.timedelta(days=age)
        ] or [
            item
            for item in _interest_candidates(ctx, scenario.kind)
            if (scenario.kind, item.pk) not in used
            and (not scenario.owner or item.organisation.name == scenario.owner)
        ]
        item = items[0]
        used.add((scenario.kind, item.pk))
        if scenario.interested:
            organisation = ctx.organisations[scenario.interested]
        else:
            others = [
                o
                for o in _interested_candidates(ctx, scenario.kind)
                if o.pk != item.organisation_id
                and o.name not in (orgdata.PMI_ORG, orgdata.RESEARCH_ORG)
            ]
            organisation = others[len(kept) % len(others)]
        if item.created.date() > ctx.today - datetime.timedelta(days=age):
            _backdate(type(item), item.pk, age + 5)
        kept.append(_write_interest(ctx, item, organisation, scenario).pk)
    ExpressionOfInterest.objects.filter(is_sample=True).exclude(pk__in=kept).delete()
    _load_invitation(ctx)


def _load_invitation(ctx: DemoContext) -> None:
    """The staff invite the research organisation of the demo to a confidential need."""
    need = (
        InnovationNeed.objects.filter(
            cluster=ctx.clusters[COSMETICS],
            organisation__is_sample=True,
            confidentiality=Confidentiality.STAFF,
            status=ItemStatus.PUBLISHED,
            expires_on__gte=ctx.today,
        )
        .exclude(organisation__name=orgdata.RESEARCH_ORG)
        .order_by("title")
        .first()
    )
    if need is None:
        return
    InterestInvitation.objects.update_or_create(
        need=need,
        organisation=ctx.organisations[orgdata.RESEARCH_ORG],
        defaults={
            "invited_by": ctx.users["staff"],
            "at": _aware(ctx.today - datetime.timedelta(days=6)),
            "note": "Il vostro laboratorio di microbiologia potrebbe essere il partner giusto.",
        },
    )


# --- The Lainate event (issue 5) -----------------------------------------------------------

LAINATE_SLUG = "innovazione-pmi-lainate-2026"
LAINATE_DAY = datetime.date(2026, 2, 24)
#: (start, end, title it, title en, speakers): organisations only, never real people.
LAINATE_PROGRAMME: tuple[tuple[str, str, str, str, str], ...] = (
    ("09:00", "09:30", "Registrazione e caffè di benvenuto", "Registration and welcome coffee",
     ""),
    ("09:30", "10:00", "Saluti istituzionali", "Welcome addresses",
     "Regione Lombardia; REI Reindustria Innovazione"),
    ("10:00", "10:40",
     "L'innovazione per le PMI: il Cluster Tecnologico Lombardo del Made in Italy – Sistema "
     "Cosmetico",
     "Innovation for SMEs: the Lombardy Made in Italy technology cluster – Cosmetics system",
     "REI Reindustria Innovazione, coordinatore del Cluster"),
    ("10:40", "11:00", "Come funzionano gli incontri B2B", "How the B2B meetings work",
     "Segreteria tecnica del Cluster"),
    ("11:00", "16:20", "Incontri B2B one-to-one (pausa 13:00–13:20)",
     "One-to-one B2B meetings (break 13:00–13:20)", ""),
    ("16:30", "17:00",
     "Il bando regionale per i Cluster (aperto fino al 5 marzo): domande e risposte",
     "The regional call for clusters (open until 5 March): questions and answers",
     "Regione Lombardia – DG Università, Ricerca e Innovazione"),
)  # fmt: skip
LAINATE_PARTICIPANTS = 40
LOOKING_FOR_COMPANY = (
    "Partner di ricerca per nuovi prodotti e processi più sostenibili.",
    "Fornitori innovativi di materie prime e packaging a basso impatto.",
    "Laboratori per test di stabilità, sicurezza ed efficacia.",
    "Competenze digitali e dati per la produzione e il marketing.",
)
LOOKING_FOR_RESEARCH = (
    "Imprese della filiera cosmetica con cui sperimentare e trasferire risultati.",
    "PMI interessate a progetti congiunti e bandi regionali o europei.",
    "Aziende per tesi, dottorati industriali e prove su scala pilota.",
)
REQUEST_NOTES = (
    "Vorremmo capire se le vostre competenze possono aiutarci su un progetto in corso.",
    "Cerchiamo un partner per una sperimentazione congiunta nei prossimi sei mesi.",
    "Ci interessa la vostra offerta: possiamo parlarne dieci minuti?",
    "Abbiamo un'esigenza di innovazione affine al vostro profilo.",
    "Valutiamo una collaborazione per un bando regionale o europeo.",
    "We would like to discuss a joint pilot and possible funding.",
)


def _hm(text: str) -> datetime.time:
    hour, minute = text.split(":")
    return datetime.time(int(hour), int(minute))


def _lainate_participants(ctx: DemoContext) -> list[tuple[Person, Organisation, str, str]]:
    """(person, organisation, what they offer, what they look for): the two demo log-ins of
    the cluster's organisations, then the first person of other active sample members."""
    by_name = {data.name: data for data in orgdata.SAMPLE_ORGANISATIONS}
    chosen: list[tuple[Person, Organisation, str, str]] = []
    for name in (orgdata.PMI_ORG, orgdata.RESEARCH_ORG):
        chosen.append((ctx.people_by_org[name][0], ctx.organisations[name], "", ""))
    for data in orgdata.SAMPLE_ORGANISATIONS:
        if len(chosen) >= LAINATE_PARTICIPANTS:
            break
        if data.name in (orgdata.PMI_ORG, orgdata.RESEARCH_ORG):
            continue
        if (data.name, COSMETICS) not in ctx.active_members or not ctx.people_by_org[data.name]:
            continue
        chosen.append((ctx.people_by_org[data.name][0], ctx.organisations[data.name], "", ""))
    result = []
    for index, (person, org, _o, _l) in enumerate(chosen):
        data = by_name[org.name]
        if data.kind in COMPANY_KINDS:
            offering = f"Esperienza industriale: {data.focus_it}."
            looking = LOOKING_FOR_COMPANY[index % len(LOOKING_FOR_COMPANY)]
        elif data.kind in ACADEMIC_KINDS:
            offering = f"Competenze e laboratori: {data.focus_it}; progetti congiunti e tesi."
            looking = LOOKING_FOR_RESEARCH[index % len(LOOKING_FOR_RESEARCH)]
        else:
            offering = f"Servizi alle imprese: {data.focus_it}."
            looking = "Imprese e centri di ricerca da mettere in rete su progetti e bandi."
        result.append((person, org, offering, looking))
    return result


def _load_lainate_event(ctx: DemoContext) -> None:
    """The SME-innovation day of 24 February 2026 at La Pista, Lainate (from the article),
    with a sample programme and 40 sample participants, their meeting requests and
    availability; published but not yet scheduled, so the staff can run the scheduler."""
    rng = random.Random(SEED + 224)  # its own stream: the rest of the demo is unaffected
    tz = timezone.get_default_timezone()
    event, _ = Event.objects.update_or_create(
        slug=LAINATE_SLUG,
        defaults={
            "cluster": ctx.clusters[COSMETICS],
            "title_it": "L'innovazione per le PMI",
            "title_en": "Innovation for SMEs",
            "description_it": (
                "Una giornata dedicata all'innovazione delle piccole e medie imprese della "
                "filiera cosmetica lombarda, promossa dal nuovo Cluster Tecnologico Lombardo del "
                "Made in Italy – Sistema Cosmetico: interventi in plenaria e incontri B2B "
                "one-to-one tra imprese, università e centri di ricerca.\n\n"
                "Programma e partecipanti sono dati di esempio."
            ),
            "description_en": (
                "A day on innovation in the small and medium enterprises of the Lombardy "
                "cosmetics supply chain, promoted by the new Lombardy Made in Italy technology "
                "cluster – Cosmetics system: plenary talks and one-to-one B2B meetings between "
                "companies, universities and research centres.\n\n"
                "Programme and participants are sample data."
            ),
            "date": LAINATE_DAY,
            "start_time": _hm("09:00"),
            "end_time": _hm("17:00"),
            "venue": "La Pista",
            "address": "Lainate (MI)",
            "capacity": 60,
            "registration_opens": datetime.datetime(2026, 1, 15, 9, 0, tzinfo=tz),
            "registration_closes": datetime.datetime(2026, 2, 20, 18, 0, tzinfo=tz),
            "status": EventStatus.PUBLISHED,
            "meeting_minutes": 20,
            "b2b_start": _hm("11:00"),
            "b2b_end": None,
            "b2b_slots": 16,
            "break_slots": [7],
            "b2b_tables": 10,
            "is_sample": True,
        },
    )
    for start, end, title_it, title_en, speakers in LAINATE_PROGRAMME:
        Session.objects.update_or_create(
            event=event,
            start=_hm(start),
            defaults={
                "end": _hm(end),
                "title_it": title_it,
                "title_en": title_en,
                "speakers": speakers,
            },
        )
    meeting_slots = event.meeting_slots
    registrations: list[Registration] = []
    for index, (person, org, offering, looking) in enumerate(_lainate_participants(ctx)):
        registered = datetime.datetime(2026, 1, 16, 9, 0, tzinfo=tz) + datetime.timedelta(
            hours=index * 11
        )
        available: list[int] | None = None
        if index % 4 == 3:  # a quarter can stay only in the morning or the afternoon
            half = len(meeting_slots) // 2
            available = meeting_slots[:half] if rng.random() < 0.5 else meeting_slots[half:]
        registrations.append(
            _register(event, person, org, offering, looking, available, registered)
        )
    _load_requests(event, registrations, rng, datetime.datetime(2026, 2, 2, 9, 0, tzinfo=tz))


def _register(
    event: Event,
    person: Person,
    org: Organisation,
    offering: str,
    looking: str,
    available: list[int] | None,
    registered: datetime.datetime,
) -> Registration:
    """A confirmed sample registration with the organisation's first two offers and needs."""
    registration, _ = Registration.objects.update_or_create(
        event=event,
        person=person,
        defaults={
            "organisation": org,
            "status": RegistrationStatus.CONFIRMED,
            "offering": offering,
            "looking_for": looking,
            "available_slots": available,
            "registered_at": registered,
            "confirmed_at": registered,
            "cancelled_at": None,
            "is_sample": True,
        },
    )
    registration.offers.set(TechnologyOffer.objects.filter(organisation=org).order_by("pk")[:2])
    registration.needs.set(InnovationNeed.objects.filter(organisation=org).order_by("pk")[:2])
    return registration


UPCOMING_SLUG = "esempio-b2b-cosmetica-sostenibile"
UPCOMING_PARTICIPANTS = 24


def _load_upcoming_event(ctx: DemoContext) -> None:
    """A sample B2B day six weeks ahead of the day the demo is loaded, registration open, so
    a newcomer can try the whole path (register, request, accept) that Lainate, past by now,
    only shows finished. The demo SME is not registered: signing up is the first step."""
    rng = random.Random(SEED + 601)
    tz = timezone.get_default_timezone()
    day = ctx.today + datetime.timedelta(days=42)
    day += datetime.timedelta(days=(1 - day.weekday()) % 7)  # a Tuesday
    opens = datetime.datetime.combine(
        ctx.today - datetime.timedelta(days=14), _hm("09:00"), tzinfo=tz
    )
    event, _ = Event.objects.update_or_create(
        slug=UPCOMING_SLUG,
        defaults={
            "cluster": ctx.clusters[COSMETICS],
            "title_it": "Cosmetica sostenibile: incontri B2B (evento di esempio)",
            "title_en": "Sustainable cosmetics: B2B meetings (sample event)",
            "description_it": (
                "Mezza giornata di incontri one-to-one tra imprese, università e centri di "
                "ricerca della filiera cosmetica su ingredienti naturali, packaging riciclabile "
                "e processi a basso impatto.\n\n"
                "Evento, programma e partecipanti sono dati di esempio: iscrivetevi per provare "
                "le richieste di incontro e l'agenda personale."
            ),
            "description_en": (
                "Half a day of one-to-one meetings between companies, universities and research "
                "centres of the cosmetics supply chain on natural ingredients, recyclable "
                "packaging and low-impact processes.\n\n"
                "Event, programme and participants are sample data: register to try meeting "
                "requests and the personal agenda."
            ),
            "date": day,
            "start_time": _hm("09:30"),
            "end_time": _hm("13:30"),
            "venue": "Sede da definire (esempio)",
            "address": "Milano (MI)",
            "capacity": 40,
            "registration_opens": opens,
            "registration_closes": datetime.datetime.combine(
                day - datetime.timedelta(days=3), _hm("18:00"), tzinfo=tz
            ),
            "status": EventStatus.PUBLISHED,
            "meeting_minutes": 20,
            "b2b_start": _hm("10:00"),
            "b2b_end": None,
            "b2b_slots": 9,
            "break_slots": [4],
            "b2b_tables": 6,
            "is_sample": True,
        },
    )
    for start, end, title_it, title_en in (
        ("09:30", "10:00", "Accoglienza e presentazione dei partecipanti",
         "Welcome and introduction of the participants"),
        ("10:00", "13:00", "Incontri B2B one-to-one (pausa 11:20–11:40)",
         "One-to-one B2B meetings (break 11:20–11:40)"),
        ("13:00", "13:30", "Conclusioni e prossimi passi", "Wrap-up and next steps"),
    ):  # fmt: skip
        Session.objects.update_or_create(
            event=event,
            start=_hm(start),
            defaults={"end": _hm(end), "title_it": title_it, "title_en": title_en},
        )
    registrations: list[Registration] = []
    chosen = _lainate_participants(ctx)[1 : 1 + UPCOMING_PARTICIPANTS]  # not the demo SME
    for index, (person, org, offering, looking) in enumerate(chosen):
        registered = opens + datetime.timedelta(hours=index * 7)
        registrations.append(_register(event, person, org, offering, looking, None, registered))
    _load_requests(event, registrations, rng, opens + datetime.timedelta(days=3))


def _load_requests(
    event: Event,
    registrations: list[Registration],
    rng: random.Random,
    base: datetime.datetime,
) -> None:
    """Three to five requests per participant, made from `base` on; about three in four
    accepted, the rest pending or declined. The first participant (the demo SME at Lainate,
    the demo researcher at the upcoming event) has pending requests to answer."""
    pairs: set[frozenset[int]] = set()
    for index, requester in enumerate(registrations):
        wanted = rng.randint(3, 5) if index else 2
        others = [r for r in registrations if r.organisation_id != requester.organisation_id]
        rng.shuffle(others)
        for recipient in others:
            if wanted == 0:
                break
            key = frozenset((requester.pk, recipient.pk))
            if key in pairs:
                continue
            pairs.add(key)
            wanted -= 1
            created = base + datetime.timedelta(hours=index * 5 + wanted)
            roll = rng.random()
            if recipient.pk == registrations[0].pk and roll < 0.5:
                status = RequestStatus.PENDING
            elif roll < 0.75:
                status = RequestStatus.ACCEPTED
            elif roll < 0.88:
                status = RequestStatus.PENDING
            else:
                status = RequestStatus.DECLINED
            MeetingRequest.objects.update_or_create(
                requester=requester,
                recipient=recipient,
                defaults={
                    "event": event,
                    "note": rng.choice(REQUEST_NOTES),
                    "requester_priority": rng.choice(Priority.values),
                    "recipient_priority": (
                        rng.choice(Priority.values) if status == RequestStatus.ACCEPTED else None
                    ),
                    "status": status,
                    "created": created,
                    "answered_at": (
                        created + datetime.timedelta(days=1)
                        if status != RequestStatus.PENDING
                        else None
                    ),
                    "is_sample": True,
                },
            )
