"""Ponte's bilingual competence taxonomy, as data, and its idempotent loader.

Branches follow the cosmetics value chain (formulation to sustainability) plus the
cross-cutting technologies every cluster of the network shares (Industry 4.0, AI and data,
advanced materials, marketing and digital retail). Codes are stable slugs: the loader upserts
by code, so renaming a term here updates it everywhere without breaking links.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from ponte.competences.models import Competence


@dataclass(frozen=True)
class Term:
    code: str
    parent: str | None
    name_it: str
    name_en: str
    description_it: str = ""
    description_en: str = ""
    is_cross_cutting: bool = False


def _branch(code: str, name_it: str, name_en: str, desc_it: str, desc_en: str) -> Term:
    return Term(code, None, name_it, name_en, desc_it, desc_en)


def _cross(code: str, name_it: str, name_en: str, desc_it: str, desc_en: str) -> Term:
    return Term(code, None, name_it, name_en, desc_it, desc_en, is_cross_cutting=True)


def _t(code: str, parent: str, name_it: str, name_en: str, cross: bool = False) -> Term:
    return Term(code, parent, name_it, name_en, is_cross_cutting=cross)


TAXONOMY: tuple[Term, ...] = (
    # --- Formulation -------------------------------------------------------------------------
    _branch(
        "formulation",
        "Formulazione",
        "Formulation",
        "Progettazione e sviluppo di prodotti cosmetici: emulsioni, sistemi anidri, scale-up.",
        "Design and development of cosmetic products: emulsions, anhydrous systems, scale-up.",
    ),
    _t("emulsions", "formulation", "Emulsioni", "Emulsions"),
    _t("emulsions-ow", "emulsions", "Emulsioni olio in acqua (O/W)", "Oil-in-water emulsions"),
    _t("emulsions-cold-process", "emulsions", "Emulsionamento a freddo", "Cold-process emulsions"),
    _t(
        "anhydrous-systems",
        "formulation",
        "Sistemi anidri e oleogel",
        "Anhydrous systems and oleogels",
    ),
    _t("rheology-texture", "formulation", "Reologia e texture", "Rheology and texture"),
    _t(
        "encapsulation",
        "formulation",
        "Incapsulazione e sistemi di rilascio",
        "Encapsulation and delivery systems",
    ),
    _t(
        "solid-cosmetics",
        "formulation",
        "Cosmetici solidi e waterless",
        "Solid and waterless cosmetics",
    ),
    _t(
        "scale-up",
        "formulation",
        "Scale-up e trasferimento in produzione",
        "Scale-up and technology transfer to production",
    ),
    # --- Actives and raw materials -----------------------------------------------------------
    _branch(
        "actives",
        "Attivi e materie prime",
        "Actives and raw materials",
        "Principi attivi, ingredienti funzionali e loro approvvigionamento.",
        "Active ingredients, functional ingredients and their sourcing.",
    ),
    _t("botanical-extracts", "actives", "Estratti vegetali", "Botanical extracts"),
    _t(
        "upcycled-ingredients",
        "actives",
        "Ingredienti da sottoprodotti (upcycling)",
        "Upcycled ingredients from by-products",
    ),
    _t("peptides", "actives", "Peptidi e proteine", "Peptides and proteins"),
    _t("uv-filters", "actives", "Filtri UV", "UV filters"),
    _t(
        "emollients-surfactants",
        "actives",
        "Emollienti e tensioattivi",
        "Emollients and surfactants",
    ),
    _t("pigments", "actives", "Pigmenti e coloranti", "Pigments and colourants"),
    _t(
        "raw-material-sourcing",
        "actives",
        "Approvvigionamento e qualifica fornitori",
        "Raw-material sourcing and supplier qualification",
    ),
    # --- Packaging ---------------------------------------------------------------------------
    _branch(
        "packaging",
        "Packaging",
        "Packaging",
        "Contenitori, dispenser e materiali per il confezionamento cosmetico.",
        "Containers, dispensers and materials for cosmetic packaging.",
    ),
    _t(
        "airless-dispensing",
        "packaging",
        "Sistemi airless ed erogatori",
        "Airless systems and dispensers",
    ),
    _t(
        "recycled-plastics",
        "packaging",
        "Plastiche riciclate (PCR)",
        "Post-consumer recycled plastics",
    ),
    _t("refill-reuse", "packaging", "Ricarica e riuso", "Refill and reuse"),
    _t("glass-metal-packaging", "packaging", "Vetro e metallo", "Glass and metal packaging"),
    _t(
        "packaging-compatibility",
        "packaging",
        "Compatibilità contenuto-contenitore",
        "Product-package compatibility",
    ),
    _t("smart-packaging", "packaging", "Packaging intelligente", "Smart packaging"),
    # --- Make-up -----------------------------------------------------------------------------
    _branch(
        "makeup",
        "Make-up",
        "Make-up",
        "Prodotti per il trucco di viso, occhi, labbra e unghie.",
        "Products for face, eye, lip and nail make-up.",
    ),
    _t("face-makeup", "makeup", "Fondotinta e trucco viso", "Foundations and face make-up"),
    _t("eye-makeup", "makeup", "Mascara e trucco occhi", "Mascara and eye make-up"),
    _t("lip-products", "makeup", "Rossetti e prodotti labbra", "Lipsticks and lip products"),
    _t("pressed-powders", "makeup", "Polveri compatte", "Pressed powders"),
    _t("nail-products", "makeup", "Smalti e prodotti unghie", "Nail polishes and nail care"),
    # --- Skin care ---------------------------------------------------------------------------
    _branch(
        "skin-care",
        "Skin care",
        "Skin care",
        "Prodotti per la cura, la protezione e il trattamento della pelle.",
        "Products for the care, protection and treatment of the skin.",
    ),
    _t("anti-ageing", "skin-care", "Anti-età", "Anti-ageing"),
    _t("sun-care", "skin-care", "Protezione solare", "Sun care"),
    _t(
        "sensitive-skin",
        "skin-care",
        "Pelli sensibili e dermocosmesi",
        "Sensitive skin and dermocosmetics",
    ),
    _t("skin-microbiome", "skin-care", "Microbiota cutaneo", "Skin microbiome"),
    # --- Hair care ---------------------------------------------------------------------------
    _branch(
        "hair-care",
        "Hair care",
        "Hair care",
        "Detergenza, trattamento e colorazione dei capelli.",
        "Cleansing, treatment and colouring of hair.",
    ),
    _t("hair-colour", "hair-care", "Colorazione capelli", "Hair colour"),
    _t("shampoo-conditioning", "hair-care", "Shampoo e balsami", "Shampoos and conditioners"),
    _t("scalp-care", "hair-care", "Cura del cuoio capelluto", "Scalp care"),
    # --- Fragrances --------------------------------------------------------------------------
    _branch(
        "fragrances",
        "Fragranze",
        "Fragrances",
        "Profumeria alcolica, fragranze funzionali e allergeni.",
        "Fine fragrance, functional perfumery and allergens.",
    ),
    _t("fine-fragrance", "fragrances", "Profumeria alcolica", "Fine fragrance"),
    _t("fragrance-allergens", "fragrances", "Allergeni delle fragranze", "Fragrance allergens"),
    _t(
        "fragrance-encapsulation",
        "fragrances",
        "Rilascio controllato delle fragranze",
        "Controlled fragrance release",
    ),
    # --- Regulatory and safety ---------------------------------------------------------------
    _branch(
        "regulatory",
        "Regolatorio e sicurezza",
        "Regulatory and safety",
        "Conformità al Regolamento (CE) 1223/2009 e valutazione della sicurezza.",
        "Compliance with Regulation (EC) 1223/2009 and safety assessment.",
    ),
    _t("eu-1223-2009", "regulatory", "Regolamento (CE) 1223/2009", "Regulation (EC) 1223/2009"),
    _t(
        "cpsr",
        "regulatory",
        "Relazione sulla sicurezza (CPSR)",
        "Cosmetic product safety report (CPSR)",
    ),
    _t(
        "pif",
        "regulatory",
        "Fascicolo informativo del prodotto (PIF)",
        "Product information file (PIF)",
    ),
    _t("claims", "regulatory", "Claim e comunicazione", "Claims substantiation"),
    _t(
        "toxicology",
        "regulatory",
        "Tossicologia e valutazione del rischio",
        "Toxicology and risk assessment",
    ),
    _t("reach-clp", "regulatory", "REACH e CLP", "REACH and CLP"),
    # --- Microbiology and preservation -------------------------------------------------------
    _branch(
        "microbiology",
        "Microbiologia e conservazione",
        "Microbiology and preservation",
        "Controllo microbiologico, sistemi conservanti e challenge test.",
        "Microbiological control, preservative systems and challenge testing.",
    ),
    _t("preservative-systems", "microbiology", "Sistemi conservanti", "Preservative systems"),
    _t(
        "challenge-test",
        "microbiology",
        "Challenge test (ISO 11930)",
        "Challenge testing (ISO 11930)",
    ),
    _t(
        "gmp-hygiene",
        "microbiology",
        "GMP e igiene di produzione (ISO 22716)",
        "GMP and production hygiene (ISO 22716)",
    ),
    # --- Analytics and testing ---------------------------------------------------------------
    _branch(
        "testing",
        "Analisi e test",
        "Analytics and testing",
        "Caratterizzazione chimico-fisica, test in vitro, stabilità ed efficacia.",
        "Physico-chemical characterisation, in vitro tests, stability and efficacy.",
    ),
    _t(
        "in-vitro",
        "testing",
        "Test in vitro e metodi alternativi",
        "In vitro tests and alternative methods",
    ),
    _t("stability", "testing", "Stabilità e shelf life", "Stability and shelf life"),
    _t(
        "efficacy-clinical",
        "testing",
        "Efficacia e test su volontari",
        "Efficacy and volunteer studies",
    ),
    _t(
        "chemical-analysis",
        "testing",
        "Analisi chimiche (HPLC, GC-MS)",
        "Chemical analysis (HPLC, GC-MS)",
    ),
    _t("sensory-analysis", "testing", "Analisi sensoriale", "Sensory analysis"),
    # --- Sustainability and LCA --------------------------------------------------------------
    _branch(
        "sustainability",
        "Sostenibilità e LCA",
        "Sustainability and LCA",
        "Valutazione del ciclo di vita, economia circolare e rendicontazione ambientale.",
        "Life-cycle assessment, circular economy and environmental reporting.",
    ),
    _t("lca", "sustainability", "Analisi del ciclo di vita (LCA)", "Life-cycle assessment (LCA)"),
    _t("carbon-footprint", "sustainability", "Carbon footprint", "Carbon footprint"),
    _t("circular-economy", "sustainability", "Economia circolare", "Circular economy"),
    _t("biodegradability", "sustainability", "Biodegradabilità", "Biodegradability"),
    _t("esg-reporting", "sustainability", "Rendicontazione ESG", "ESG reporting"),
    # --- Green chemistry and biotech ---------------------------------------------------------
    _branch(
        "green-chemistry",
        "Chimica verde e biotecnologie",
        "Green chemistry and biotech",
        "Processi chimici a basso impatto, biomasse, fermentazione e biocatalisi.",
        "Low-impact chemical processes, biomass, fermentation and biocatalysis.",
    ),
    _t(
        "fermentation",
        "green-chemistry",
        "Fermentazione e biotecnologie industriali",
        "Fermentation and industrial biotechnology",
    ),
    _t("biocatalysis", "green-chemistry", "Biocatalisi ed enzimi", "Biocatalysis and enzymes"),
    _t(
        "green-extraction",
        "green-chemistry",
        "Estrazione verde (CO2 supercritica)",
        "Green extraction (supercritical CO2)",
    ),
    _t("biobased-polymers", "green-chemistry", "Polimeri bio-based", "Bio-based polymers"),
    _t("biorefinery", "green-chemistry", "Bioraffineria", "Biorefinery"),
    # --- Cross-cutting: Industry 4.0 ---------------------------------------------------------
    _cross(
        "industry-40",
        "Industria 4.0",
        "Industry 4.0",
        "Automazione, connettività e digitalizzazione dei processi produttivi.",
        "Automation, connectivity and digitalisation of manufacturing.",
    ),
    _t(
        "automation-robotics",
        "industry-40",
        "Automazione e robotica",
        "Automation and robotics",
        True,
    ),
    _t("iot-sensors", "industry-40", "IoT e sensori", "IoT and sensors", True),
    _t("digital-twin", "industry-40", "Digital twin", "Digital twin", True),
    _t(
        "predictive-maintenance",
        "industry-40",
        "Manutenzione predittiva",
        "Predictive maintenance",
        True,
    ),
    _t(
        "additive-manufacturing",
        "industry-40",
        "Manifattura additiva",
        "Additive manufacturing",
        True,
    ),
    _t(
        "machine-vision",
        "industry-40",
        "Visione artificiale e controllo qualità",
        "Machine vision and quality control",
        True,
    ),
    # --- Cross-cutting: AI and data ----------------------------------------------------------
    _cross(
        "ai-data",
        "IA e dati",
        "AI and data",
        "Intelligenza artificiale, analisi dei dati e infrastrutture digitali.",
        "Artificial intelligence, data analytics and digital infrastructure.",
    ),
    _t("machine-learning", "ai-data", "Machine learning", "Machine learning", True),
    _t("computer-vision", "ai-data", "Computer vision", "Computer vision", True),
    _t(
        "nlp",
        "ai-data",
        "Elaborazione del linguaggio naturale",
        "Natural language processing",
        True,
    ),
    _t(
        "formulation-informatics",
        "ai-data",
        "Progettazione formulativa assistita da IA",
        "AI-assisted formulation design",
        True,
    ),
    _t(
        "blockchain-traceability",
        "ai-data",
        "Tracciabilità e blockchain",
        "Traceability and blockchain",
        True,
    ),
    _t("cybersecurity", "ai-data", "Cybersicurezza", "Cybersecurity", True),
    # --- Cross-cutting: advanced materials ---------------------------------------------------
    _cross(
        "advanced-materials",
        "Materiali avanzati",
        "Advanced materials",
        "Nanomateriali, compositi, rivestimenti e materiali funzionali.",
        "Nanomaterials, composites, coatings and functional materials.",
    ),
    _t("nanomaterials", "advanced-materials", "Nanomateriali", "Nanomaterials", True),
    _t("composites", "advanced-materials", "Compositi", "Composites", True),
    _t(
        "coatings-surfaces",
        "advanced-materials",
        "Rivestimenti e superfici",
        "Coatings and surfaces",
        True,
    ),
    _t("smart-materials", "advanced-materials", "Materiali intelligenti", "Smart materials", True),
    # --- Cross-cutting: marketing and digital retail -----------------------------------------
    _cross(
        "marketing-retail",
        "Marketing e retail digitale",
        "Marketing and digital retail",
        "Conoscenza del consumatore, e-commerce, esperienze in negozio e online.",
        "Consumer insight, e-commerce, in-store and online experiences.",
    ),
    _t("consumer-insight", "marketing-retail", "Consumer insight", "Consumer insight", True),
    _t(
        "e-commerce",
        "marketing-retail",
        "E-commerce e marketplace",
        "E-commerce and marketplaces",
        True,
    ),
    _t(
        "virtual-try-on",
        "marketing-retail",
        "Prova virtuale e realtà aumentata",
        "Virtual try-on and augmented reality",
        True,
    ),
    _t(
        "personalisation",
        "marketing-retail",
        "Personalizzazione di prodotto",
        "Product personalisation",
        True,
    ),
    _t(
        "export-internationalisation",
        "marketing-retail",
        "Export e internazionalizzazione",
        "Export and internationalisation",
        True,
    ),
)


def terms_by_code() -> dict[str, Term]:
    return {term.code: term for term in TAXONOMY}


@transaction.atomic
def load_taxonomy() -> int:
    """Create or update every term by its code; returns how many terms were loaded.

    Parents always precede children in TAXONOMY, so one pass suffices. Running it again
    changes nothing but the texts that were edited here.
    """
    by_code: dict[str, Competence] = {}
    for position, term in enumerate(TAXONOMY):
        parent = by_code[term.parent] if term.parent else None
        competence, _created = Competence.objects.update_or_create(
            code=term.code,
            defaults={
                "parent": parent,
                "name_it": term.name_it,
                "name_en": term.name_en,
                "description_it": term.description_it,
                "description_en": term.description_en,
                "is_cross_cutting": term.is_cross_cutting,
                "position": position,
            },
        )
        by_code[term.code] = competence
    return len(by_code)
