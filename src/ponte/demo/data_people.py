"""Fictional people of the demo, the demo log-ins and the evidence that backs competences."""

from __future__ import annotations

from dataclasses import dataclass

from ponte.demo.data_organisations import PMI_ORG, RESEARCH_ORG

DEMO_PASSWORD = "ponte-demo-2026"

FIRST_NAMES_F = (
    "Giulia", "Chiara", "Francesca", "Sara", "Elena", "Martina", "Valentina", "Alessandra",
    "Silvia", "Federica", "Laura", "Paola", "Roberta", "Elisa", "Anna", "Marta", "Beatrice",
    "Ilaria", "Serena", "Claudia", "Cristina", "Monica", "Barbara", "Daniela", "Simona",
    "Veronica", "Irene", "Noemi", "Arianna", "Camilla", "Greta", "Lucia", "Margherita",
    "Nicoletta", "Ornella", "Rossella", "Teresa", "Viola",
)  # fmt: skip
FIRST_NAMES_M = (
    "Marco", "Luca", "Andrea", "Matteo", "Alessandro", "Davide", "Stefano", "Paolo",
    "Francesco", "Giovanni", "Roberto", "Simone", "Fabio", "Massimo", "Riccardo", "Lorenzo",
    "Federico", "Alberto", "Claudio", "Enrico", "Gabriele", "Giorgio", "Michele", "Nicola",
    "Pietro", "Tommaso", "Emanuele", "Filippo", "Giacomo", "Leonardo", "Mattia", "Ugo",
    "Vittorio", "Dario", "Edoardo", "Cesare",
)  # fmt: skip
LAST_NAMES = (
    "Rossi", "Colombo", "Brambilla", "Ferrari", "Bianchi", "Galli", "Villa", "Fumagalli",
    "Riva", "Mauri", "Sala", "Cattaneo", "Longoni", "Pozzi", "Bassi", "Redaelli", "Frigerio",
    "Mariani", "Ghezzi", "Crippa", "Viganò", "Mapelli", "Perego", "Zanoni", "Locatelli",
    "Rota", "Gamba", "Pedretti", "Bonetti", "Pagani", "Arrigoni", "Rovelli", "Sangalli",
    "Cremonesi", "Lodigiani", "Bertoli", "Invernizzi", "Tagliabue", "Corti", "Moretti",
    "Gatti", "Barbieri", "Fontana", "Conti", "Marchetti", "Lombardi", "Benedetti", "Vitali",
    "Carminati", "Bonfanti", "Parolini", "Ravasi", "Zucchi", "Baroni", "Mazzoleni", "Agnelli",
    "Beretta", "Castelli", "Donati", "Esposito", "Giordano", "Russo", "De Luca", "Ricci",
)  # fmt: skip
FOREIGN_NAMES = (
    ("Anna", "Müller", "f"), ("Pierre", "Dubois", "m"), ("Elena", "Popescu", "f"),
    ("Rahul", "Mehta", "m"), ("Sofía", "García", "f"), ("Jan", "Kowalski", "m"),
    ("Wei", "Zhang", "m"), ("Amira", "Haddad", "f"), ("Lars", "Eriksson", "m"),
    ("Fatou", "Diop", "f"), ("Tomás", "Ferreira", "m"), ("Ingrid", "Van Dijk", "f"),
)  # fmt: skip

# Positions by organisation kind: (masculine, feminine, title); the title gets its
# feminine form (Dr.ssa, Prof.ssa) from the loader.
POSITIONS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "sme": (
        ("Responsabile R&S", "Responsabile R&S", "Dr."),
        ("Direttore tecnico", "Direttrice tecnica", "Ing."),
        ("Amministratore delegato", "Amministratrice delegata", ""),
        ("Responsabile qualità", "Responsabile qualità", "Dr."),
        ("Formulatore senior", "Formulatrice senior", "Dr."),
        ("Responsabile produzione", "Responsabile produzione", "Ing."),
        ("Responsabile innovazione", "Responsabile innovazione", ""),
        ("Responsabile affari regolatori", "Responsabile affari regolatori", "Dr."),
    ),
    "large_company": (
        ("Direttore R&S", "Direttrice R&S", "Dr."),
        ("Open innovation manager", "Open innovation manager", "Ing."),
        ("Responsabile sostenibilità", "Responsabile sostenibilità", "Dr."),
        ("Direttore operations", "Direttrice operations", "Ing."),
        ("Head of digital", "Head of digital", ""),
        ("Responsabile acquisti tecnici", "Responsabile acquisti tecnici", ""),
    ),
    "university": (
        ("Professore ordinario", "Professoressa ordinaria", "Prof."),
        ("Professore associato", "Professoressa associata", "Prof."),
        ("Ricercatore", "Ricercatrice", "Dr."),
        ("Assegnista di ricerca", "Assegnista di ricerca", "Dr."),
        ("Dottorando", "Dottoranda", "Dr."),
        ("Referente trasferimento tecnologico", "Referente trasferimento tecnologico", "Dr."),
    ),
    "research_centre": (
        ("Direttore scientifico", "Direttrice scientifica", "Dr."),
        ("Responsabile di laboratorio", "Responsabile di laboratorio", "Dr."),
        ("Ricercatore senior", "Ricercatrice senior", "Dr."),
        ("Tecnologo", "Tecnologa", "Ing."),
        ("Project manager", "Project manager", ""),
    ),
    "its_academy": (
        ("Direttore", "Direttrice", "Dr."),
        ("Coordinatore didattico", "Coordinatrice didattica", ""),
    ),
    "public_body": (("Funzionario sviluppo economico", "Funzionaria sviluppo economico", "Dr."),),
    "chamber": (("Responsabile servizi innovazione", "Responsabile servizi innovazione", "Dr."),),
    "association": (("Segretario generale", "Segretaria generale", "Dr."),),
    "innovation_agency": (("Project manager", "Project manager", ""),),
}

# How many people each kind of organisation gets (sample organisations only).
PEOPLE_PER_KIND: dict[str, int] = {
    "university": 4, "research_centre": 3, "large_company": 3, "sme": 2, "its_academy": 1,
    "public_body": 1, "chamber": 1, "association": 1,
}  # fmt: skip

BIO_OPENINGS_IT = (
    "Si occupa di {a} e {b}.",
    "Lavora da oltre dieci anni su {a}, con particolare attenzione a {b}.",
    "Ha maturato esperienza in {a} in ambito industriale e accademico; oggi segue anche {b}.",
    "Coordina attività di {a} e collabora con le PMI del territorio su {b}.",
    "Competenze consolidate in {a}; segue progetti di trasferimento tecnologico su {b}.",
)
BIO_CLOSINGS_IT = (
    " Disponibile a collaborazioni su progetti regionali ed europei.",
    " Ha partecipato a progetti finanziati da Regione Lombardia.",
    " Tiene seminari per tecnici e laureandi.",
    "",
    " Cerca partnership con imprese della filiera.",
)
BIO_OPENINGS_EN = (
    "Works on {a} and {b}.",
    "Has worked on {a} for more than ten years, with a focus on {b}.",
    "Brings industrial and academic experience in {a} and now also covers {b}.",
    "Leads {a} activities and works with local SMEs on {b}.",
)
BIO_CLOSINGS_EN = (
    " Open to collaboration on regional and European projects.",
    " Has taken part in regionally funded projects.",
    "",
    " Interested in partnerships with companies in the supply chain.",
)

PUBLICATIONS = (
    "Rheological fingerprint of O/W emulsions stabilised by plant proteins",
    "Cold-processed emulsions: stability windows and sensory outcome",
    "Oleogels based on rice-bran wax for anhydrous lip products",
    "Upcycled grape-pomace polyphenols as cosmetic antioxidants",
    "Multifunctional preservative boosters in paraben-free formulations",
    "Challenge testing of low-water cosmetic formats: a critical review",
    "Reconstructed human epidermis as a screening tool for irritation",
    "Skin microbiome shifts after repeated application of leave-on products",
    "Machine learning prediction of emulsion stability from formula composition",
    "Colorimetric skin-tone datasets for inclusive foundation shade design",
    "Life-cycle assessment of refillable versus single-use cosmetic jars",
    "Mechanical recycling of PP for cosmetic packaging: odour and migration",
    "Supercritical CO2 extraction of mountain botanicals",
    "Enzymatic synthesis of sugar esters as mild surfactants",
    "Fermentation-derived hyaluronic acid: molecular-weight control",
    "Photostability of organic UV-filter combinations in sunscreens",
    "Sensory lexicon for facial creams: panel training and validation",
    "Digital twins of filling lines for changeover optimisation",
    "Natural language processing of cosmetic ingredient lists (INCI)",
    "Biodegradability of cosmetic polymers under OECD 301 conditions",
    "Composite laminates with embedded fibre-optic sensors",
    "Predictive maintenance of packaging machines with vibration data",
    "Consumer acceptance of refill stations in cosmetic retail",
    "Encapsulated fragrances in technical textiles: wash durability",
    "Peptide-based actives for skin barrier repair",
    "Whey-derived ingredients for personal care",
)
PATENTS = (
    "Airless dispenser with mono-material pump",
    "Emulsion stabilised by microfibrillated cellulose",
    "Process for solvent-free extraction of polyphenols from rice husk",
    "Mascara applicator with 3D-printed bristles",
    "Refillable compact powder case",
    "Preservative system based on fermented plant extracts",
    "Sensorised textile for monitoring posture",
    "Method for colour matching of foundation from smartphone images",
)
PROJECTS = (
    "Progetto regionale: emulsioni a basso impatto",
    "Progetto di filiera: packaging mono-materiale",
    "Progetto europeo: ingredienti da sottoprodotti agroalimentari",
    "Progetto pilota: tracciabilità delle materie prime",
    "Progetto di ricerca industriale: modelli cutanei in vitro",
    "Progetto di innovazione: linea di riempimento connessa",
    "Progetto di trasferimento tecnologico: conservanti alternativi",
    "Progetto pilota: analisi sensoriale digitale",
    "Progetto dimostrativo: gemello digitale di impianto",
    "Progetto di internazionalizzazione: rete di partner europei",
)
EQUIPMENT = (
    "Reometro rotazionale a sforzo controllato",
    "HPLC con rivelatore a serie di diodi",
    "GC-MS con campionatore headspace",
    "Camera climatica per test di stabilità",
    "Spettrofotometro UV-Vis con sfera integratrice",
    "Turboemulsore pilota da 50 litri",
    "Impianto di estrazione con CO2 supercritica",
    "Fermentatore da banco da 10 litri",
    "Stampante 3D a polimeri tecnici",
    "Sistema di visione iperspettrale",
    "Analizzatore di dimensione particellare a diffrazione laser",
    "Corneometro e tewametro per misure cutanee",
)


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    title: str
    email: str
    organisation: str  # sample organisation name, or "" for none
    position: str
    competences: tuple[str, ...] = ()
    bio_it: str = ""
    bio_en: str = ""
    is_staff: bool = False
    is_superuser: bool = False
    is_regional_officer: bool = False
    can_manage: bool = False


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser(
        "pmi",
        "Valeria",
        "Brivio",
        "Dr.ssa",
        "valeria.brivio@example.org",
        PMI_ORG,
        "Responsabile innovazione e R&S",
        ("emulsions-ow", "preservative-systems", "scale-up"),
        "Chimica farmaceutica, guida il laboratorio di sviluppo di un'azienda terzista di "
        "skin care. Cerca partner di ricerca per conservanti alternativi e packaging riciclato.",
        "Pharmaceutical chemist leading the development lab of a skin-care contract "
        "manufacturer; looking for research partners on alternative preservatives.",
        can_manage=True,
    ),
    DemoUser(
        "ricercatrice",
        "Ludovica",
        "Airoldi",
        "Prof.ssa",
        "ludovica.airoldi@example.org",
        RESEARCH_ORG,
        "Professoressa associata di tecnologia cosmetica",
        ("rheology-texture", "encapsulation", "emulsions-ow", "formulation-informatics"),
        "Si occupa di reologia delle emulsioni e sistemi di rilascio per attivi cosmetici; "
        "coordina progetti con PMI della filiera.",
        "Works on emulsion rheology and delivery systems for cosmetic actives; coordinates "
        "projects with supply-chain SMEs.",
    ),
    DemoUser(
        "staff",
        "Tommaso",
        "Gerosa",
        "",
        "tommaso.gerosa@example.org",
        "",
        "Segreteria tecnica del cluster (esempio)",
        ("export-internationalisation",),
        "Segue l'ingresso dei nuovi soci, il brokeraggio tecnologico e gli eventi del cluster.",
        "Handles member onboarding, technology brokerage and events for the cluster.",
        is_staff=True,
    ),
    DemoUser(
        "consiglio",
        "Marina",
        "Sironi",
        "Dr.ssa",
        "marina.sironi@example.com",
        "Gruppo Cosmetico Lombardo spa",
        "Direttrice R&S",
        ("skin-care", "esg-reporting"),
        "Direttrice R&S di un gruppo cosmetico, siede nel Consiglio Direttivo del cluster per "
        "il mondo industriale.",
        "R&D director of a cosmetics group; sits on the cluster board for industry.",
    ),
    DemoUser(
        "regione",
        "Fabrizio",
        "Lanzani",
        "Dr.",
        "fabrizio.lanzani@example.com",
        "",
        "Funzionario regionale (esempio)",
        (),
        is_regional_officer=True,
    ),
    DemoUser(
        "admin",
        "Ada",
        "Amministratrice",
        "",
        "admin@example.org",
        "",
        "",
        is_staff=True,
        is_superuser=True,
    ),
)
