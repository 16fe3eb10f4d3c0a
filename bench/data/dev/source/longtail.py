"""Turn the long-tail subjects into varied documents: offers, lab and company profiles,
EU-project summaries and researcher profiles, in Italian and English.

Each document takes a different slice of its subject (a method, an application, an outcome),
a different fictional organisation and place, and one of several templates per kind, so
documents on the same subject read as different documents with the same topical identity.
All organisations, people and projects produced here are fictional.
"""

from __future__ import annotations

import random

from .lt_model import Subject

UNIVERSITIES = (
    ("Università dell'Adda", "dell'Università dell'Adda"),
    ("Politecnico Lariano", "del Politecnico Lariano"),
    ("Università della Valle Olona", "dell'Università della Valle Olona"),
    ("Ateneo del Serio", "dell'Ateneo del Serio"),
    ("Università della Bassa", "dell'Università della Bassa"),
    ("Ateneo del Mincio", "dell'Ateneo del Mincio"),
    ("Politecnico del Sebino", "del Politecnico del Sebino"),
    ("Università della Lomellina", "dell'Università della Lomellina"),
    ("Ateneo dell'Oltrepò", "dell'Ateneo dell'Oltrepò"),
    ("Università del Verbano", "dell'Università del Verbano"),
)
DEPARTMENTS = {
    "cosmetica": ("Scienze Farmaceutiche", "Chimica", "Scienze della Vita", "Design"),
    "aerospazio": ("Ingegneria Aerospaziale", "Ingegneria Meccanica", "Scienza dei Materiali"),
    "mobilita": ("Ingegneria dei Trasporti", "Ingegneria Elettrica", "Ingegneria Meccanica"),
    "scienze-della-vita": ("Biotecnologie Mediche", "Scienze Biomediche", "Farmacia"),
    "agrifood": ("Scienze Agrarie e Alimentari", "Scienze Veterinarie", "Biotecnologie"),
    "chimica-verde": ("Chimica Industriale", "Ingegneria Chimica", "Biotecnologie"),
    "energia-ambiente": ("Energia", "Ingegneria Ambientale", "Ingegneria Civile"),
    "fabbrica-intelligente": ("Ingegneria Gestionale", "Ingegneria Industriale", "Informatica"),
    "smart-cities": ("Architettura e Pianificazione", "Informatica", "Ingegneria Civile"),
    "ambienti-di-vita": ("Design", "Architettura", "Scienze Sociali"),
}
DEPT_EN = {
    "Scienze Farmaceutiche": "Pharmaceutical Sciences", "Chimica": "Chemistry",
    "Scienze della Vita": "Life Sciences", "Design": "Design",
    "Ingegneria Aerospaziale": "Aerospace Engineering", "Ingegneria Meccanica":
    "Mechanical Engineering", "Scienza dei Materiali": "Materials Science",
    "Ingegneria dei Trasporti": "Transport Engineering", "Ingegneria Elettrica":
    "Electrical Engineering", "Biotecnologie Mediche": "Medical Biotechnology",
    "Scienze Biomediche": "Biomedical Sciences", "Farmacia": "Pharmacy",
    "Scienze Agrarie e Alimentari": "Agricultural and Food Sciences", "Scienze Veterinarie":
    "Veterinary Sciences", "Biotecnologie": "Biotechnology", "Chimica Industriale":
    "Industrial Chemistry", "Ingegneria Chimica": "Chemical Engineering", "Energia": "Energy",
    "Ingegneria Ambientale": "Environmental Engineering", "Ingegneria Civile":
    "Civil Engineering", "Ingegneria Gestionale": "Management Engineering",
    "Ingegneria Industriale": "Industrial Engineering", "Informatica": "Computer Science",
    "Architettura e Pianificazione": "Architecture and Planning", "Architettura":
    "Architecture", "Scienze Sociali": "Social Sciences",
}  # fmt: skip
CENTRES = (
    "Centro Ricerche {place}",
    "Istituto Tecnologico {place}",
    "Fondazione {place} Innovazione",
    "Centro Servizi Tecnologici {place}",
    "Parco Scientifico {place}",
)
PLACES = (
    ("Bergamo", "BG"), ("Brescia", "BS"), ("Como", "CO"), ("Cremona", "CR"), ("Lecco", "LC"),
    ("Lodi", "LO"), ("Mantova", "MN"), ("Milano", "MI"), ("Monza", "MB"), ("Pavia", "PV"),
    ("Sondrio", "SO"), ("Varese", "VA"), ("Legnano", "MI"), ("Saronno", "VA"),
    ("Treviglio", "BG"), ("Chiari", "BS"), ("Cantù", "CO"), ("Crema", "CR"), ("Merate", "LC"),
    ("Codogno", "LO"), ("Viadana", "MN"), ("Rho", "MI"), ("Vimercate", "MB"), ("Voghera", "PV"),
    ("Morbegno", "SO"), ("Busto Arsizio", "VA"), ("Lumezzane", "BS"), ("Dalmine", "BG"),
    ("Seregno", "MB"), ("Abbiategrasso", "MI"), ("Casalmaggiore", "CR"), ("Erba", "CO"),
)  # fmt: skip
AREAS = (
    "Adda", "Serio", "Oglio", "Mincio", "Ticino", "Lambro", "Olona", "Valbrembana", "Sebino",
    "Lario", "Verbano", "Orobia", "Padana", "Insubre", "Lomellina", "Martesana", "Valtrompia",
    "Valseriana", "Franciacorta", "Brianza", "Oltrepò", "Valcamonica", "Bassa", "Ceresio",
)  # fmt: skip
COMPANY_FORMS = (
    "{area} {word} srl",
    "{word} {area} srl",
    "{area}{word2} spa",
    "Nuova {word} {area} srl",
    "{word} & Partners {area} srl",
    "{area} {word} Group srl",
)
COMPANY_WORDS = (
    "Tecnologie",
    "Sistemi",
    "Innovazione",
    "Lab",
    "Engineering",
    "Soluzioni",
    "Ricerca",
    "Industrie",
    "Processi",
    "Materiali",
    "Servizi Tecnici",
    "Applicazioni",
    "Dynamics",
)
COMPANY_WORDS2 = ("tech", "lab", "sys", "tek", "form", "line", "nova", "chem", "data", "pro")
FIRST = (
    "Alessia", "Bruno", "Carlo", "Debora", "Elia", "Fiorenza", "Gianluca", "Ivana", "Jacopo",
    "Katia", "Livia", "Mauro", "Nadia", "Oscar", "Patrizia", "Raffaele", "Sabrina", "Tiziano",
    "Umberto", "Vanessa", "Walter", "Ylenia", "Zeno", "Agnese", "Corrado", "Diana", "Ettore",
    "Flavia", "Guido", "Letizia", "Manuela", "Ottavio", "Piera", "Renato", "Sonia", "Tullio",
)  # fmt: skip
LAST = (
    "Airaghi", "Bettoni", "Cazzaniga", "Dossena", "Erba", "Fusi", "Gorla", "Inzoli", "Lazzati",
    "Maffioletti", "Nava", "Oldrini", "Pirovano", "Quadri", "Radaelli", "Scotti", "Terruzzi",
    "Usuelli", "Vismara", "Zambelli", "Arioli", "Brivio", "Caironi", "Dell'Orto", "Ferrario",
    "Galbiati", "Lanfranchi", "Motta", "Nespoli", "Orsenigo", "Prada", "Rusconi", "Sironi",
    "Tremolada", "Vergani", "Zappa", "Bonalumi", "Ceruti", "Facchinetti", "Marelli",
)  # fmt: skip
PROGRAMMES = (
    ("Horizon Europe", "Horizon Europe"), ("Interreg Italia-Svizzera", "Interreg Italy-Switzerland"),
    ("LIFE", "LIFE"), ("bando regionale Call Hub Ricerca e Innovazione",
    "regional Research and Innovation Hub call"), ("PNRR – partenariato esteso",
    "NRRP extended partnership"), ("Eurostars", "Eurostars"), ("EIT Manufacturing",
    "EIT Manufacturing"), ("Interreg Central Europe", "Interreg Central Europe"),
)  # fmt: skip
PARTNERSHIP = (
    ("partner industriali per la validazione in campo", "industrial partners for field validation"),
    ("imprese interessate a una licenza", "companies interested in a licence"),
    ("PMI per un progetto di ricerca congiunto", "SMEs for a joint research project"),
    ("clienti per servizi di prova e consulenza", "customers for testing and consultancy services"),
    ("co-sviluppatori per arrivare al prodotto", "co-developers to bring it to market"),
)  # fmt: skip
FOREIGN = (
    ("un istituto di ricerca tedesco", "a German applied-research institute"),
    ("un centro tecnologico catalano", "a Catalan technology centre"),
    ("un centro di ricerca fiammingo", "a Flemish research centre"),
    ("un'università austriaca", "an Austrian university"),
    ("un'università svizzera", "a Swiss university"),
    ("una PMI francese", "a French SME"),
    ("un'università polacca", "a Polish university"),
    ("una PMI olandese", "a Dutch SME"),
)
SYLLABLES = (
    "AL", "BI", "CO", "DA", "EN", "FI", "GRA", "IN", "LU", "MA", "NO", "OR", "PRO", "RE", "SI",
    "TER", "VA", "ZE", "XA", "QUA",
)  # fmt: skip


def cap(text: str) -> str:
    return text[0].upper() + text[1:] if text else text


def _join_it(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " e " + items[-1]


def _join_en(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


class Names:
    """Fictional organisations, people and acronyms, never repeated."""

    def __init__(self, rng: random.Random, taken_people: set[str]) -> None:
        self.rng = rng
        self.people = set(taken_people)
        self.companies: set[str] = set()
        self.acronyms: set[str] = set()
        self.titles: set[str] = set()
        self.labs: set[tuple[str, str]] = set()
        self.k = 0  # how many documents of the current kind the current subject has had
        self.offset = 0  # per-subject rotation of the templates

    def company(self) -> str:
        while True:
            form = self.rng.choice(COMPANY_FORMS)
            name = form.format(
                area=self.rng.choice(AREAS),
                word=self.rng.choice(COMPANY_WORDS),
                word2=self.rng.choice(COMPANY_WORDS2),
            )
            if name not in self.companies:
                self.companies.add(name)
                return name

    def person(self) -> tuple[str, str]:
        while True:
            first, last = self.rng.choice(FIRST), self.rng.choice(LAST)
            if f"{first} {last}" not in self.people:
                self.people.add(f"{first} {last}")
                return first, last

    def acronym(self, subject: Subject) -> str:
        words = [w for w in subject.name[1].replace("-", " ").split() if len(w) > 3]
        while True:
            head = "".join(w[0] for w in self.rng.sample(words, min(2, len(words)))).upper()
            acr = head + self.rng.choice(SYLLABLES) + self.rng.choice(("", "S", "X", "ON", "A"))
            if acr not in self.acronyms and len(acr) >= 4:
                self.acronyms.add(acr)
                return acr


def _pick(rng: random.Random, items: tuple[str, ...], k: int) -> list[int]:
    return sorted(rng.sample(range(len(items)), min(k, len(items))))


def _offer(s: Subject, lang: str, rng: random.Random, names: Names, v: int) -> tuple[str, str, int]:
    li = 0 if lang == "it" else 1
    name, desc = s.name[li], s.desc[li]
    m = [s.methods[li][i] for i in _pick(rng, s.methods[li], rng.randint(1, 3))]
    a = [s.apps[li][i] for i in _pick(rng, s.apps[li], rng.randint(1, 2))]
    o = s.outcomes[li][rng.randrange(len(s.outcomes[li]))]
    trl = rng.randint(*s.trl)
    partner = rng.choice(PARTNERSHIP)[li]
    uni, uni_of = rng.choice(UNIVERSITIES)
    place, prov = rng.choice(PLACES)
    owner = rng.choice(
        (
            names.company(),
            f"Dipartimento di {rng.choice(DEPARTMENTS[s.cluster or 'fabbrica-intelligente'])}, {uni}",
            rng.choice(CENTRES).format(place=place),
        )
    )
    if lang == "it":
        titles = (
            cap(name),
            f"{cap(name)}: {m[0]}",
            f"{cap(m[0])} – {name}",
            f"{cap(name)} per {a[0]}",
        )
        text = (
            f"{owner} propone {desc}. Il servizio comprende {_join_it(m)}. Applicazioni "
            f"tipiche: {_join_it(a)}. Risultato: {o}. TRL {trl}; cerchiamo {partner}.",
            f"Offerta tecnologica ({place}, {prov}). Abbiamo sviluppato {desc}. Cosa mettiamo "
            f"a disposizione: {'; '.join(m)}. Pensata per {_join_it(a)}. Proponente: {owner}.",
            f"Cerchiamo {partner} per {name}. {cap(o)}. Competenze del gruppo: {_join_it(m)}. "
            f"Settori di interesse: {_join_it(a)}. Maturità TRL {trl}. Referente: {owner}.",
            f"{cap(name)} per {_join_it(a)}: {owner} mette a disposizione delle imprese "
            f"{_join_it(m)}. Vantaggio principale: {o}. Collaborazione cercata: {partner}.",
        )[(names.k + names.offset) % 4]
    else:
        titles = (
            cap(name),
            f"{cap(name)}: {m[0]}",
            f"{cap(m[0])} for {name}",
            f"{cap(name)} for {a[0]}",
        )
        text = (
            f"{owner} offers {desc}. The service covers {_join_en(m)}. Typical applications: "
            f"{_join_en(a)}. Result: {o}. TRL {trl}; we are looking for {partner}.",
            f"Technology offer ({place}, Italy). We have developed {desc}. What we provide: "
            f"{'; '.join(m)}. Designed for {_join_en(a)}. Offered by {owner}.",
            f"Looking for {partner} on {name}. {cap(o)}. Team skills: {_join_en(m)}. "
            f"Target sectors: {_join_en(a)}. Maturity: TRL {trl}. Contact: {owner}.",
            f"{cap(name)} for {_join_en(a)}: {owner} makes {_join_en(m)} available to "
            f"companies. Main benefit: {o}. Collaboration sought: {partner}.",
        )[(names.k + names.offset) % 4]
    free = [t for t in titles[v % 4 :] + titles[: v % 4] if t not in names.titles]
    title = free[0] if free else f"{titles[3]} ({owner})"
    names.titles.add(title)
    return title, text, trl


def _lab(s: Subject, lang: str, rng: random.Random, names: Names) -> tuple[str, str]:
    li = 0 if lang == "it" else 1
    name, desc = s.name[li], s.desc[li]
    m = [s.methods[li][i] for i in _pick(rng, s.methods[li], 3)]
    a = [s.apps[li][i] for i in _pick(rng, s.apps[li], rng.randint(2, 3))]
    dept = rng.choice(DEPARTMENTS[s.cluster or "fabbrica-intelligente"])
    uni, uni_of = rng.choice([u for u in UNIVERSITIES if (s.key, u[0]) not in names.labs])
    names.labs.add((s.key, uni))
    staff = rng.randint(4, 25)
    if lang == "it":
        title = f"Laboratorio di {name} – {uni}"
        text = (
            (
                f"Il laboratorio del Dipartimento di {dept} {uni_of} lavora su {name}: {desc}. "
                f"Strumentazione e competenze: {_join_it(m)}. Collabora con imprese di "
                f"{_join_it(a)}. {staff} persone tra ricercatori e tecnici.",
                f"Gruppo di ricerca ({staff} persone) del Dipartimento di {dept} che da anni "
                f"lavora su {name}. Attività: {_join_it(m)}, con ricadute per {_join_it(a)}. "
                f"Disponibile per tesi in azienda, contratti di ricerca e progetti finanziati.",
            )
        )[names.k % 2]
    else:
        title = f"Laboratory for {name} – {uni}"
        text = (
            (
                f"The laboratory of the Department of {DEPT_EN[dept]} at {uni} works on {name}: "
                f"{desc}. Equipment and skills: {_join_en(m)}. It works with companies in "
                f"{_join_en(a)}. Team of {staff} researchers and technicians.",
                f"Research group ({staff} people) in the Department of {DEPT_EN[dept]} with long "
                f"experience in {name}. Activities: {_join_en(m)}, relevant to {_join_en(a)}. "
                f"Open to contract research, joint theses and funded projects.",
            )
        )[names.k % 2]
    return title, text


def _company(s: Subject, lang: str, rng: random.Random, names: Names) -> tuple[str, str]:
    li = 0 if lang == "it" else 1
    name, desc = s.name[li], s.desc[li]
    m = [s.methods[li][i] for i in _pick(rng, s.methods[li], 2)]
    a = [s.apps[li][i] for i in _pick(rng, s.apps[li], 2)]
    o = s.outcomes[li][rng.randrange(len(s.outcomes[li]))]
    company = names.company()
    place, prov = rng.choice(PLACES)
    staff = rng.choice((6, 9, 14, 22, 35, 48, 70, 110, 160, 240))
    year = rng.randint(1968, 2021)
    if lang == "it":
        text = (
            (
                f"Azienda con sede a {place} ({prov}), {staff} addetti, fondata nel {year}. "
                f"Siamo specializzati in {name}: {desc}. Competenze interne: {_join_it(m)}. "
                f"Clienti in {_join_it(a)}. {cap(o)}.",
                f"{company} ({place}) lavora da anni su {name} per clienti di {_join_it(a)}. "
                f"Reparti interni: {_join_it(m)}. {staff} dipendenti. Referenze: {o}.",
            )
        )[(names.k + names.offset) % 2]
    else:
        text = (
            (
                f"Company based in {place} ({prov}), Italy, with {staff} employees, founded in "
                f"{year}. We specialise in {name}: {desc}. In-house skills: {_join_en(m)}. "
                f"Customers in {_join_en(a)}. {cap(o)}.",
                f"{company} ({place}) has long worked on {name} for customers in "
                f"{_join_en(a)}. In-house: {_join_en(m)}. {staff} staff. Track record: {o}.",
            )
        )[(names.k + names.offset) % 2]
    return company, text


def _project(s: Subject, lang: str, rng: random.Random, names: Names) -> tuple[str, str]:
    li = 0 if lang == "it" else 1
    name, desc = s.name[li], s.desc[li]
    m = [s.methods[li][i] for i in _pick(rng, s.methods[li], 2)]
    a = [s.apps[li][i] for i in _pick(rng, s.apps[li], 2)]
    o = s.outcomes[li][rng.randrange(len(s.outcomes[li]))]
    acr = names.acronym(s)
    prog = rng.choice(PROGRAMMES)[li]
    start = rng.randint(2019, 2025)
    uni = rng.choice(UNIVERSITIES)[0]
    company = names.company()
    centre = rng.choice(CENTRES).format(place=rng.choice(PLACES)[0])
    foreign = rng.choice(FOREIGN)[li]
    if lang == "it":
        title = f"{acr} – {cap(name)}"
        text = (
            f"Progetto di esempio ({prog}, {start}–{start + 3}), inventato per il benchmark. "
            f"Obiettivo: {desc}. Attività: {_join_it(m)}, con dimostratori in {_join_it(a)}. "
            f"Partner e ruoli: {uni} (metodi e coordinamento scientifico), {company} "
            f"(dimostratore industriale), {centre} (prove e validazione) e {foreign} "
            f"(sfruttamento dei risultati). Risultato atteso: {o}."
        )
    else:
        title = f"{acr} – {cap(name)}"
        text = (
            f"Invented example of a {prog} project ({start}–{start + 3}). Objective: {desc}. "
            f"Work plan: {_join_en(m)}, with demonstrators in {_join_en(a)}. Partners and "
            f"roles: {uni} (coordination and methods), {company} (industrial demonstrator), "
            f"{centre} (testing and validation), {foreign} (exploitation). Expected result: "
            f"{o}."
        )
    return title, text


def _person(s: Subject, lang: str, rng: random.Random, names: Names) -> tuple[str, str]:
    li = 0 if lang == "it" else 1
    name = s.name[li]
    m = [s.methods[li][i] for i in _pick(rng, s.methods[li], 2)]
    a = s.apps[li][rng.randrange(len(s.apps[li]))]
    first, last = names.person()
    uni = rng.choice(UNIVERSITIES)
    dept = rng.choice(DEPARTMENTS[s.cluster or "fabbrica-intelligente"])
    if lang == "it":
        role, honorific = rng.choice(
            (("Professore associato", "Prof."), ("Ricercatore", "Dr."), ("Tecnologo", "Ing."))
        )
        title = f"{honorific} {first} {last}"
        text = (
            f"{role} presso il Dipartimento di {dept} {uni[1]}. Si occupa di {name}, in "
            f"particolare di {_join_it(m)}, con applicazioni in {a}. "
            + rng.choice(
                (
                    "Segue tesi in azienda e progetti regionali.",
                    "Disponibile per consulenze e progetti congiunti con PMI.",
                    "Ha coordinato progetti europei sul tema.",
                )
            )
        )
    else:
        role, honorific = rng.choice(
            (
                ("Associate professor", "Prof."),
                ("Researcher", "Dr."),
                ("Senior technologist", "Eng."),
            )
        )
        title = f"{honorific} {first} {last}"
        text = (
            f"{role}, Department of {DEPT_EN[dept]}, {uni[0]}. Works on {name}, in particular "
            f"{_join_en(m)}, with applications in {a}. "
            + rng.choice(
                (
                    "Supervises industrial theses and regional projects.",
                    "Available for consultancy and joint projects with SMEs.",
                    "Has coordinated European projects on the topic.",
                )
            )
        )
    return title, text


# Document plan per subject: (kind, generator) cycling, languages alternating.
PLAN = ("offer", "org-lab", "offer", "org-company", "project", "person", "offer", "org-lab",
        "offer", "org-company", "project", "person", "offer")  # fmt: skip


def subject_documents(s: Subject, rng: random.Random, names: Names) -> list[dict]:
    docs = []
    first_lang = rng.choice(("it", "en"))
    seen: dict[str, int] = {}
    names.offset = rng.randrange(4)
    for index in range(s.n):
        kind = PLAN[index % len(PLAN)]
        names.k = seen.get(kind, 0)
        seen[kind] = names.k + 1
        lang = first_lang if index % 2 == 0 else ("en" if first_lang == "it" else "it")
        if kind == "offer":
            title, text, trl = _offer(s, lang, rng, names, index // 2 + rng.randrange(4))
        elif kind == "org-lab":
            title, text = _lab(s, lang, rng, names)
            trl = None
        elif kind == "org-company":
            title, text = _company(s, lang, rng, names)
            trl = None
        elif kind == "project":
            title, text = _project(s, lang, rng, names)
            trl = None
        else:
            title, text = _person(s, lang, rng, names)
            trl = None
        trl = trl if kind == "offer" else None
        docs.append(
            {
                "kind": kind.split("-")[0],
                "profile": kind.split("-")[1] if "-" in kind else None,
                "lang": lang,
                "title": title,
                "text": text,
                "competences": list(s.competences),
                "trl": trl,
                "cluster": s.cluster,
                "rel": dict(s.rel),
            }
        )
    return docs
