"""Export the demo's offers, organisation profiles and person profiles as benchmark documents.

Reads the demo data modules directly and replays the demo loader's seeded random choices
(``random.Random(2026)`` consumed in the loader's order), so the people, their competences and
bios are the ones ``ponte load_demo`` creates, without any database.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.text import slugify

from ponte.competences.taxonomy import TAXONOMY, Term
from ponte.demo import data_organisations as orgdata
from ponte.demo import data_people as peopledata
from ponte.demo.data_offers import OFFERS

SEED = 2026
TERMS: dict[str, Term] = {t.code: t for t in TAXONOMY}
PENDING = {"applied", "under_review"}
COMPANY_KINDS = {"sme", "large_company"}
ACADEMIC_KINDS = {"university", "research_centre", "its_academy"}

KIND_IT = {
    "sme": "Impresa", "large_company": "Grande impresa", "university": "Struttura universitaria",
    "research_centre": "Centro di ricerca", "its_academy": "ITS Academy",
    "public_body": "Ente pubblico", "chamber": "Ente camerale", "association": "Associazione",
    "innovation_agency": "Agenzia per l'innovazione",
}  # fmt: skip
KIND_EN = {
    "sme": "Company", "large_company": "Large company", "university": "University department",
    "research_centre": "Research centre", "its_academy": "ITS academy",
    "public_body": "Public body", "chamber": "Chamber of commerce", "association": "Association",
    "innovation_agency": "Innovation agency",
}  # fmt: skip


@dataclass
class DemoPerson:
    slug: str
    first: str
    last: str
    title: str
    position: str
    organisation: str
    competences: list[str]
    bio_it: str
    bio_en: str
    publications: list[str] = field(default_factory=list)


def _lower_first(name: str) -> str:
    first_word = name.split()[0]
    if any(ch.isupper() for ch in first_word[1:]):
        return name
    return name[0].lower() + name[1:]


def _related_terms(codes: tuple[str, ...]) -> list[str]:
    near: set[str] = set()
    for code in codes:
        term = TERMS[code]
        parent = term.parent or term.code
        near.update(
            t.code
            for t in TAXONOMY
            if t.parent is not None and t.parent in (parent, term.code) and t.code not in codes
        )
    return sorted(near)


def _bio(rng: random.Random, codes: list[str], lang: str) -> str:
    a = TERMS[codes[0]]
    b = TERMS[codes[1]] if len(codes) > 1 else a
    if lang == "it":
        opening = rng.choice(peopledata.BIO_OPENINGS_IT)
        closing = rng.choice(peopledata.BIO_CLOSINGS_IT)
        return opening.format(a=_lower_first(a.name_it), b=_lower_first(b.name_it)) + closing
    opening = rng.choice(peopledata.BIO_OPENINGS_EN)
    closing = rng.choice(peopledata.BIO_CLOSINGS_EN)
    return opening.format(a=_lower_first(a.name_en), b=_lower_first(b.name_en)) + closing


def _replay_memberships(rng: random.Random) -> None:
    """Consume the random numbers the loader draws for membership timelines."""
    for data in orgdata.SAMPLE_ORGANISATIONS:
        for cluster in data.clusters:
            status = orgdata.MEMBERSHIP_STATUS_OVERRIDES.get((data.name, cluster), "active")
            # Same ranges as the loader: randint's draws depend on the range.
            if cluster == "cosmetica":
                rng.randint(3, 90)
            else:
                rng.randint(0, 3300)
            if status in PENDING:
                rng.randint(10, 45)
            rng.randint(3, 10)
            rng.randint(10, 30)
            rng.randint(60, 200)


def demo_people() -> dict[str, list[DemoPerson]]:
    """The demo's people by organisation name, as the loader creates them."""
    rng = random.Random(SEED)
    _replay_memberships(rng)
    by_org: dict[str, list[DemoPerson]] = defaultdict(list)
    used: set[tuple[str, str]] = set()
    for user in peopledata.DEMO_USERS:
        used.add((user.first_name, user.last_name))
        if user.is_superuser:
            continue
        by_org[user.organisation].append(
            DemoPerson(
                slugify(f"{user.first_name} {user.last_name}"),
                user.first_name,
                user.last_name,
                user.title,
                user.position,
                user.organisation,
                list(user.competences),
                user.bio_it,
                user.bio_en,
            )
        )
    serial = 0
    for data in orgdata.SAMPLE_ORGANISATIONS:
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
            if gender == "f":
                position, title = pos_f, {"Dr.": "Dr.ssa", "Prof.": "Prof.ssa"}.get(title, title)
            else:
                position = pos_m
            own = list(data.competences)
            rng.shuffle(own)
            extra = _related_terms(data.competences)
            picked = own[: rng.randint(1, min(3, len(own)))]
            if extra:
                picked += rng.sample(extra, min(len(extra), rng.randint(1, 2)))
            bio_it = _bio(rng, picked, "it") if rng.random() < 0.75 else ""
            bio_en = _bio(rng, picked, "en") if rng.random() < 0.5 else ""
            for _ in picked:
                rng.randint(1, 3)
            rng.randint(0, 6000)
            by_org[data.name].append(
                DemoPerson(
                    slugify(f"{first} {last}"),
                    first,
                    last,
                    title,
                    position,
                    data.name,
                    picked,
                    bio_it,
                    bio_en,
                )
            )
    # Publications: the first two people of each university and research centre.
    publications = iter(peopledata.PUBLICATIONS * 3)
    for data in orgdata.SAMPLE_ORGANISATIONS:
        if data.kind in ("university", "research_centre"):
            for person in by_org[data.name][:2]:
                person.publications.append(next(publications))
    return by_org


def _names(codes: list[str] | tuple[str, ...], lang: str) -> str:
    attr = "name_it" if lang == "it" else "name_en"
    return ", ".join(getattr(TERMS[c], attr) for c in codes)


def _org_evidence() -> dict[str, list[str]]:
    """Laboratories, equipment, patents and projects the loader attaches to organisations."""
    evidence: dict[str, list[str]] = defaultdict(list)
    projects = iter(peopledata.PROJECTS)
    for index, data in enumerate(orgdata.SAMPLE_ORGANISATIONS):
        if data.kind in ("university", "research_centre"):
            main = TERMS[data.competences[0]]
            evidence[data.name].append(f"Laboratorio di {_lower_first(main.name_it)}")
            evidence[data.name].append(peopledata.EQUIPMENT[index % len(peopledata.EQUIPMENT)])
        elif data.kind in COMPANY_KINDS and index % 3 == 0:
            project = next(projects, None)
            if project:
                evidence[data.name].append(project)
    owners = (
        "Airless Tech Italia srl",
        "Dipartimento di Scienze Cosmetologiche – Università del Lario",
        "Centro di Ricerca Agroalimentare Padano",
        "Dipartimento di Ingegneria dei Materiali – Politecnico Orobico",
        "Oleogel Italia srl",
        "Laboratorio di Microbiologia Applicata – Ateneo del Ticino",
        "Tessuti Tecnici Comaschi spa",
        "Shade AI srl",
    )
    for title, owner in zip(peopledata.PATENTS, owners, strict=True):
        evidence[owner].append(f"Brevetto: {title}")
    return evidence


def offer_id(title: str) -> str:
    return "offer:" + slugify(title)


def org_id(name: str) -> str:
    return "org:" + slugify(name)[:220]


def demo_documents() -> list[dict]:
    docs: list[dict] = []
    org_cluster = {o.name: o.clusters[0] for o in orgdata.SAMPLE_ORGANISATIONS}
    for offer in OFFERS:
        if offer.language == "it":
            text = (
                f"{offer.summary} Vantaggi: {offer.advantages} Applicazioni: "
                f"{offer.applications} Proponente: {offer.owner}."
            )
        else:
            text = (
                f"{offer.summary} Advantages: {offer.advantages} Applications: "
                f"{offer.applications} Offered by: {offer.owner}."
            )
        docs.append(
            {
                "_id": offer_id(offer.title),
                "title": offer.title,
                "text": text,
                "metadata": {
                    "kind": "offer",
                    "lang": offer.language,
                    "competences": list(offer.competences),
                    "trl": offer.trl,
                    "cluster": offer.cluster,
                    "source": "demo",
                },
            }
        )
    evidence = _org_evidence()
    for real in orgdata.REAL_ORGANISATIONS:
        text = (
            f"{real.description_it} {real.description_en} "
            f"Competenze / competences: {_names(real.competences, 'it')} / "
            f"{_names(real.competences, 'en')}."
        )
        docs.append(
            {
                "_id": "org:" + real.slug,
                "title": real.name,
                "text": text,
                "metadata": {
                    "kind": "org",
                    "lang": "it",
                    "competences": list(real.competences),
                    "trl": None,
                    "cluster": "cosmetica",
                    "source": "demo",
                    "real": True,
                },
            }
        )
    for sample in orgdata.SAMPLE_ORGANISATIONS:
        where = f"{sample.city} ({sample.province})" if sample.province else sample.city
        parts = [
            f"{KIND_IT[sample.kind]} con sede a {where}: {sample.focus_it}.",
            f"{KIND_EN[sample.kind]} based in {where}: {sample.focus_en}.",
            f"Competenze: {_names(sample.competences, 'it')}.",
            f"Competences: {_names(sample.competences, 'en')}.",
        ]
        if evidence.get(sample.name):
            parts.append("Evidenze: " + "; ".join(evidence[sample.name]) + ".")
        docs.append(
            {
                "_id": org_id(sample.name),
                "title": sample.name,
                "text": " ".join(parts),
                "metadata": {
                    "kind": "org",
                    "lang": "it",
                    "competences": list(sample.competences),
                    "trl": None,
                    "cluster": sample.clusters[0],
                    "source": "demo",
                },
            }
        )
    for org_name, people in demo_people().items():
        for person in people:
            lang = "it" if person.bio_it or not person.bio_en else "en"
            where = org_name or "Cluster Cosmetico Lombardo"
            parts = [f"{person.position}, {where}."]
            if person.bio_it:
                parts.append(person.bio_it)
            if person.bio_en:
                parts.append(person.bio_en)
            if person.competences:
                parts.append(f"Competenze: {_names(person.competences, lang)}.")
            if person.publications:
                parts.append("Pubblicazioni: " + "; ".join(person.publications) + ".")
            name = f"{person.title} {person.first} {person.last}".strip()
            docs.append(
                {
                    "_id": "person:" + person.slug,
                    "title": name,
                    "text": " ".join(parts),
                    "metadata": {
                        "kind": "person",
                        "lang": lang,
                        "competences": person.competences,
                        "trl": None,
                        "cluster": org_cluster.get(org_name, "cosmetica"),
                        "source": "demo",
                    },
                }
            )
    return docs
