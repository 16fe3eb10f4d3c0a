"""Organisations of the demo: the real founders of the cosmetics cluster, then sample ones.

Real organisations carry only general public facts: no VAT number, headcount or turnover.
Sample organisations are fictional; their figures are chosen to cover every SME class of
EU Recommendation 2003/361, including the edge cases at the thresholds.
"""

from __future__ import annotations

from dataclasses import dataclass

from ponte.demo.data_clusters import COSMETICS

SME = "sme"
LARGE = "large_company"
UNI = "university"
RC = "research_centre"
ITS = "its_academy"
PUB = "public_body"
CHAMBER = "chamber"
ASSOC = "association"
AGENCY = "innovation_agency"


@dataclass(frozen=True)
class RealOrg:
    slug: str
    name: str
    kind: str
    province: str
    city: str
    website: str
    role: str  # membership role in the cosmetics cluster
    description_it: str
    description_en: str
    competences: tuple[str, ...] = ()


REAL_ORGANISATIONS: tuple[RealOrg, ...] = (
    RealOrg(
        "rei-reindustria-innovazione", "REI Reindustria Innovazione", AGENCY, "CR", "", "",
        "founding_member",
        "Agenzia per l'innovazione, soggetto proponente e coordinatore del Cluster Tecnologico "
        "Lombardo del Made in Italy – Sistema Cosmetico.",
        "Innovation agency, proposer and coordinator of the Lombardy Made in Italy Technology "
        "Cluster – Cosmetics System.",
        ("export-internationalisation",),
    ),
    RealOrg(
        "politecnico-di-milano", "Politecnico di Milano", UNI, "MI", "Milano",
        "https://www.polimi.it", "founding_member",
        "Università tecnica: ingegneria, architettura e design. Socio fondatore del cluster "
        "cosmetico.",
        "Technical university: engineering, architecture and design. Founding member of the "
        "cosmetics cluster.",
        ("advanced-materials", "industry-40", "ai-data"),
    ),
    RealOrg(
        "universita-degli-studi-di-milano", "Università degli Studi di Milano", UNI, "MI",
        "Milano", "https://www.unimi.it", "founding_member",
        "Università generalista con sede a Milano. Socio fondatore del cluster cosmetico.",
        "Multidisciplinary university based in Milan. Founding member of the cosmetics cluster.",
        ("testing", "actives"),
    ),
    RealOrg(
        "universita-degli-studi-di-milano-bicocca", "Università degli Studi di Milano-Bicocca",
        UNI, "MI", "Milano", "https://www.unimib.it", "founding_member",
        "Università con sede a Milano. Socio fondatore del cluster cosmetico.",
        "University based in Milan. Founding member of the cosmetics cluster.",
        ("testing", "green-chemistry"),
    ),
    RealOrg(
        "ancorotti-cosmetics", "Ancorotti Cosmetics", LARGE, "CR", "Crema", "", "founding_member",
        "Produttore conto terzi di cosmetici con sede a Crema (CR), specializzato nel make-up. "
        "Socio fondatore del cluster.",
        "Cosmetics contract manufacturer based in Crema (CR), specialised in make-up. Founding "
        "member of the cluster.",
        ("makeup", "formulation"),
    ),
    RealOrg(
        "regi", "Regi", SME, "", "", "", "founding_member",
        "Impresa lombarda della produzione cosmetica conto terzi. Socio fondatore del cluster.",
        "Lombard cosmetics contract-manufacturing company. Founding member of the cluster.",
        ("formulation",),
    ),
    RealOrg(
        "lumson", "Lumson", LARGE, "CR", "Capergnanica", "", "founding_member",
        "Impresa del packaging cosmetico con sede a Capergnanica (CR). Socio fondatore del "
        "cluster.",
        "Cosmetic packaging company based in Capergnanica (CR). Founding member of the cluster.",
        ("packaging",),
    ),
    RealOrg(
        "its-academy-nuove-tecnologie-della-vita-giulio-natta",
        'ITS Academy Nuove Tecnologie della Vita "Giulio Natta"', ITS, "BG", "Bergamo", "",
        "partner",
        "Istituto tecnologico superiore per le tecnologie della vita. Partner del cluster "
        "cosmetico.",
        "Higher technical institute for life technologies. Partner of the cosmetics cluster.",
        ("green-chemistry",),
    ),
)


@dataclass(frozen=True)
class SampleOrg:
    name: str
    kind: str
    province: str
    city: str
    ateco: str
    # (headcount, turnover €, balance sheet €); None for non-companies or unknown figures.
    size: tuple[int, int | None, int | None] | None
    clusters: tuple[str, ...]
    competences: tuple[str, ...]
    focus_it: str
    focus_en: str
    country: str = "IT"


C = COSMETICS
AERO, MOB, LIFE, AGRI = "aerospazio", "mobilita", "scienze-della-vita", "agrifood"
GREEN, ENERGY, AFIL, SMART, LIVING = (
    "chimica-verde", "energia-ambiente", "fabbrica-intelligente", "smart-cities",
    "ambienti-di-vita",
)

# The SME the `pmi` demo user manages.
PMI_ORG = "Laboratori Cosmetici Lariani srl"
# The research organisation of the `ricercatrice` demo user.
RESEARCH_ORG = "Dipartimento di Scienze Cosmetologiche – Università del Lario"

SAMPLE_ORGANISATIONS: tuple[SampleOrg, ...] = (
    # --- Cosmetics: companies ---------------------------------------------------------------
    SampleOrg(PMI_ORG, SME, "CO", "Como", "20.42", (42, 7_800_000, 5_100_000), (C,),
              ("emulsions-ow", "skin-care", "preservative-systems", "scale-up"),
              "terzista di emulsioni e sieri skin care per marchi italiani ed esteri",
              "contract manufacturer of skin-care emulsions and serums for Italian and "
              "foreign brands"),
    SampleOrg("Cosmetica Adda Lab srl", SME, "LO", "Lodi", "20.42", (8, 1_200_000, 900_000),
              (C,), ("emulsions-cold-process", "sensitive-skin"),
              "piccolo laboratorio di formulazione per pelli sensibili",
              "small formulation lab for sensitive skin"),
    SampleOrg("Colore Cremasco srl", SME, "CR", "Crema", "20.42",
              (180, 38_000_000, 25_000_000), (C,),
              ("face-makeup", "lip-products", "pressed-powders", "pigments"),
              "produzione conto terzi di make-up in polvere e rossetti",
              "contract manufacturing of powder make-up and lipsticks"),
    SampleOrg("Flaconi Serio spa", SME, "BG", "Alzano Lombardo", "22.22",
              (140, 30_000_000, 22_000_000), (C, AFIL),
              ("airless-dispensing", "recycled-plastics", "machine-vision"),
              "stampaggio a iniezione di flaconi e vasi in plastica",
              "injection moulding of plastic bottles and jars"),
    SampleOrg("Airless Tech Italia srl", SME, "CR", "Castelleone", "22.22",
              (48, 9_500_000, 8_000_000), (C,), ("airless-dispensing", "refill-reuse"),
              "progettazione di erogatori airless ricaricabili",
              "design of refillable airless dispensers"),
    SampleOrg("Profumi del Garda srl", SME, "BS", "Salò", "20.42", (6, 800_000, 500_000), (C,),
              ("fine-fragrance", "fragrance-allergens"),
              "profumeria artistica in piccoli lotti", "artisan perfumery in small batches"),
    SampleOrg("Essenze Ticino srl", SME, "VA", "Gallarate", "20.53",
              (22, 4_300_000, 3_000_000), (C,),
              ("fine-fragrance", "green-extraction", "fragrance-encapsulation"),
              "composizioni profumate e oli essenziali", "fragrance compounds and essential oils"),
    SampleOrg("Verde Attivo srl", SME, "PV", "Pavia", "20.59", (18, 3_100_000, 2_400_000),
              (C, GREEN), ("botanical-extracts", "upcycled-ingredients", "green-extraction"),
              "estratti vegetali titolati da filiera lombarda",
              "standardised botanical extracts from Lombard supply chains"),
    SampleOrg("Botanica Valtellina soc. coop. agricola", SME, "SO", "Sondrio", "01.28",
              (7, 450_000, 300_000), (C, AGRI), ("botanical-extracts", "raw-material-sourcing"),
              "coltivazione di piante officinali di montagna",
              "cultivation of mountain medicinal plants"),
    SampleOrg("Pigmenti Mantovani srl", SME, "MN", "Mantova", "20.12",
              (95, 26_000_000, 18_000_000), (C,), ("pigments", "nanomaterials"),
              "pigmenti minerali e perlescenti per la cosmetica",
              "mineral and pearlescent pigments for cosmetics"),
    SampleOrg("Capelli Lab srl", SME, "MI", "Milano", "20.42", (28, 5_200_000, 3_600_000), (C,),
              ("hair-colour", "shampoo-conditioning", "scalp-care"),
              "formulazione di prodotti professionali per capelli",
              "formulation of professional hair products"),
    SampleOrg("DermaTest Lombardia srl", SME, "MI", "Milano", "71.20",
              (38, 4_800_000, 2_900_000), (C, LIFE),
              ("efficacy-clinical", "in-vitro", "sensitive-skin"),
              "laboratorio di test di efficacia e tollerabilità",
              "efficacy and tolerability testing laboratory"),
    SampleOrg("MicroCheck Analisi srl", SME, "BG", "Dalmine", "71.20",
              (9, 2_000_000, 1_100_000), (C, AGRI), ("challenge-test", "gmp-hygiene"),
              "analisi microbiologiche per cosmetica e alimentare",
              "microbiological testing for cosmetics and food"),
    SampleOrg("Solare Brescia Cosmetics srl", SME, "BS", "Brescia", "20.42",
              (210, 48_000_000, 30_000_000), (C,), ("sun-care", "uv-filters", "stability"),
              "solari e doposole per la grande distribuzione",
              "sun-care products for mass retail"),
    SampleOrg("Ecopack Lecco srl", SME, "LC", "Lecco", "22.22", (10, 1_500_000, 1_000_000),
              (C, ENERGY), ("refill-reuse", "recycled-plastics", "lca"),
              "sistemi di ricarica e contenitori in plastica riciclata",
              "refill systems and recycled-plastic containers"),
    SampleOrg("Vetreria Cosmetica Comasca spa", LARGE, "CO", "Cantù", "23.13",
              (320, 85_000_000, 60_000_000), (C,), ("glass-metal-packaging", "carbon-footprint"),
              "flaconi in vetro per profumeria e skin care",
              "glass bottles for perfumery and skin care"),
    SampleOrg("Gruppo Cosmetico Lombardo spa", LARGE, "MI", "Milano", "20.42",
              (850, 240_000_000, 180_000_000), (C,),
              ("skin-care", "makeup", "consumer-insight", "esg-reporting"),
              "gruppo industriale con marchi propri di skin care e make-up",
              "industrial group with own skin-care and make-up brands"),
    SampleOrg("Distribuzione Bellezza Italia spa", LARGE, "MI", "Pero", "46.45",
              (250, 70_000_000, 50_000_000), (C,), ("e-commerce", "consumer-insight"),
              "distribuzione all'ingrosso di cosmetici", "wholesale distribution of cosmetics"),
    SampleOrg("Smart Beauty Retail srl", SME, "MI", "Milano", "47.91",
              (15, 3_400_000, 1_200_000), (C, SMART), ("e-commerce", "virtual-try-on"),
              "vendita online di cosmetici con consulenza digitale",
              "online cosmetics retail with digital advice"),
    SampleOrg("Shade AI srl", SME, "MI", "Milano", "62.01", (7, 600_000, 900_000), (C,),
              ("computer-vision", "virtual-try-on", "face-makeup"),
              "startup di intelligenza artificiale per il make-up",
              "artificial-intelligence start-up for make-up"),
    SampleOrg("RegulaCos Consulting srl", SME, "BG", "Bergamo", "70.22", (5, 400_000, 200_000),
              (C,), ("eu-1223-2009", "cpsr", "pif", "claims"),
              "consulenza regolatoria e valutazione della sicurezza cosmetica",
              "regulatory consulting and cosmetic safety assessment"),
    SampleOrg("Tensioattivi Lodigiani spa", SME, "LO", "Codogno", "20.41",
              (249, 55_000_000, 40_000_000), (C, GREEN),
              ("emollients-surfactants", "biodegradability"),
              "tensioattivi ed emollienti per detergenza e cosmetica",
              "surfactants and emollients for detergents and cosmetics"),
    SampleOrg("Pennelli e Applicatori Orobici srl", SME, "BG", "Seriate", "32.91",
              (49, 12_000_000, 9_000_000), (C,), ("eye-makeup", "additive-manufacturing"),
              "applicatori per mascara e pennelli trucco",
              "mascara applicators and make-up brushes"),
    SampleOrg("Unghie d'Autore srl", SME, "VA", "Busto Arsizio", "20.42",
              (12, 1_900_000, 1_300_000), (C,), ("nail-products", "reach-clp"),
              "smalti e trattamenti per unghie", "nail polishes and nail treatments"),
    SampleOrg("Astucci Pavesi srl", SME, "PV", "Vigevano", "17.21", (33, 6_500_000, 4_000_000),
              (C,), ("packaging", "circular-economy"),
              "astucci in cartoncino e packaging secondario",
              "folding cartons and secondary packaging"),
    SampleOrg("Tubetti Virgiliani srl", SME, "MN", "Suzzara", "25.92",
              (60, 11_000_000, 10_500_000), (C,), ("glass-metal-packaging", "recycled-plastics"),
              "tubetti in alluminio e laminati per creme",
              "aluminium and laminate tubes for creams"),
    SampleOrg("BioFerm Cosmetics srl", SME, "CR", "Cremona", "72.11", (6, 350_000, 1_500_000),
              (C, GREEN), ("fermentation", "skin-microbiome", "peptides"),
              "startup di attivi cosmetici da fermentazione",
              "start-up making cosmetic actives by fermentation"),
    SampleOrg("Oleogel Italia srl", SME, "MB", "Desio", "20.42", (14, 2_600_000, 1_800_000),
              (C,), ("anhydrous-systems", "solid-cosmetics", "rheology-texture"),
              "cosmetici solidi e formulazioni anidre", "solid cosmetics and anhydrous formulas"),
    # --- Cosmetics: research, education, support --------------------------------------------
    SampleOrg(RESEARCH_ORG, UNI, "CO", "Como", "85.42", None, (C, LIFE),
              ("formulation", "rheology-texture", "encapsulation", "stability"),
              "ricerca su tecnologia cosmetica, reologia e sistemi di rilascio",
              "research on cosmetic technology, rheology and delivery systems"),
    SampleOrg("Laboratorio di Dermocosmesi – Università della Brianza", UNI, "MB", "Monza",
              "85.42", None, (C, LIFE), ("in-vitro", "skin-microbiome", "anti-ageing"),
              "modelli cutanei ricostruiti e studi sul microbiota",
              "reconstructed skin models and microbiome studies"),
    SampleOrg("Centro Ricerche Formulative Padane", RC, "CR", "Cremona", "72.19", None, (C,),
              ("formulation", "scale-up", "sensory-analysis"),
              "centro di ricerca applicata per la formulazione e lo scale-up",
              "applied research centre for formulation and scale-up"),
    SampleOrg("Istituto di Biotecnologie Industriali Lombardo", RC, "MI", "Milano", "72.11",
              None, (C, GREEN, LIFE), ("fermentation", "biocatalysis", "peptides"),
              "biotecnologie industriali e bioprocessi",
              "industrial biotechnology and bioprocesses"),
    SampleOrg("Dipartimento di Ingegneria dei Materiali – Politecnico Orobico", UNI, "BG",
              "Dalmine", "85.42", None, (C, AERO, AFIL),
              ("composites", "coatings-surfaces", "biobased-polymers", "additive-manufacturing"),
              "materiali polimerici, compositi e superfici funzionali",
              "polymers, composites and functional surfaces"),
    SampleOrg("Laboratorio di Microbiologia Applicata – Ateneo del Ticino", UNI, "PV", "Pavia",
              "85.42", None, (C, AGRI), ("preservative-systems", "challenge-test",
                                          "skin-microbiome"),
              "microbiologia applicata a cosmetica e alimenti",
              "applied microbiology for cosmetics and food"),
    SampleOrg("Centro di Analisi Sensoriale e Consumer Science", RC, "MI", "Milano", "72.20",
              None, (C, AGRI), ("sensory-analysis", "consumer-insight"),
              "panel sensoriali addestrati e ricerche sui consumatori",
              "trained sensory panels and consumer research"),
    SampleOrg("Dipartimento di Informatica e Data Science – Università del Lario", UNI, "CO",
              "Como", "85.42", None, (C, SMART, AFIL),
              ("machine-learning", "nlp", "formulation-informatics", "computer-vision"),
              "apprendimento automatico e data science applicati all'industria",
              "machine learning and data science applied to industry"),
    SampleOrg("Fondazione Ricerca Packaging Sostenibile", RC, "LC", "Lecco", "72.19", None,
              (C, ENERGY), ("recycled-plastics", "packaging-compatibility", "lca"),
              "ricerca su materiali e design del packaging sostenibile",
              "research on sustainable packaging materials and design"),
    SampleOrg("Centro Studi LCA Lombardia", RC, "MN", "Mantova", "72.19", None,
              (C, ENERGY, GREEN), ("lca", "carbon-footprint", "esg-reporting"),
              "analisi del ciclo di vita e impronta ambientale di prodotto",
              "life-cycle assessment and product environmental footprint"),
    SampleOrg("Associazione Terzisti Cosmetici Lombardi", ASSOC, "MI", "Milano", "94.11", None,
              (C,), ("eu-1223-2009", "export-internationalisation"),
              "associazione di imprese della produzione cosmetica conto terzi",
              "association of cosmetics contract manufacturers"),
    SampleOrg("Camera di Commercio Adda-Serio", CHAMBER, "LO", "Lodi", "94.11", None,
              (C, AGRI), ("export-internationalisation",),
              "camera di commercio (esempio) per i servizi alle imprese del territorio",
              "chamber of commerce (sample) providing services to local businesses"),
    SampleOrg("ITS Tecnologie Cosmetiche Brianza", ITS, "MB", "Monza", "85.41", None, (C,),
              ("formulation", "gmp-hygiene"),
              "formazione terziaria per tecnici della produzione cosmetica",
              "tertiary training for cosmetics production technicians"),
    SampleOrg("Agenzia di Sviluppo Oglio Po", PUB, "MN", "Viadana", "84.13", None, (C, AGRI),
              ("circular-economy",), "agenzia pubblica per lo sviluppo del territorio",
              "public agency for local development"),
    # --- Aerospace --------------------------------------------------------------------------
    SampleOrg("Aerostrutture Varesine spa", LARGE, "VA", "Samarate", "30.30",
              (600, 150_000_000, 120_000_000), (AERO,), ("composites", "digital-twin"),
              "aerostrutture in composito per velivoli ed elicotteri",
              "composite aerostructures for aircraft and helicopters"),
    SampleOrg("Compositi Avanzati Malpensa srl", SME, "VA", "Cardano al Campo", "30.30",
              (26, 4_900_000, 3_800_000), (AERO,), ("composites", "additive-manufacturing"),
              "parti in fibra di carbonio per aerospazio",
              "carbon-fibre parts for aerospace"),
    SampleOrg("Lavorazioni di Precisione Sestesi srl", SME, "MI", "Sesto San Giovanni",
              "25.62", (110, 21_000_000, 16_000_000), (AERO, AFIL),
              ("automation-robotics", "machine-vision"),
              "lavorazioni meccaniche di precisione su leghe leggere",
              "precision machining of light alloys"),
    SampleOrg("Centro Ricerche Aerospaziali Insubre", RC, "VA", "Varese", "72.19", None, (AERO,),
              ("composites", "smart-materials", "iot-sensors"),
              "ricerca su materiali e sensori per l'aerospazio",
              "research on aerospace materials and sensors"),
    # --- Mobility ---------------------------------------------------------------------------
    SampleOrg("E-Drive Components srl", SME, "BS", "Lumezzane", "29.32",
              (150, 28_000_000, 20_000_000), (MOB,), ("automation-robotics", "smart-materials"),
              "componenti per motori elettrici", "components for electric drives"),
    SampleOrg("Batterie Lariane srl", SME, "LC", "Calolziocorte", "27.20",
              (24, 5_500_000, 4_200_000), (MOB, ENERGY), ("nanomaterials", "circular-economy"),
              "assemblaggio e rigenerazione di pacchi batteria",
              "battery-pack assembly and refurbishment"),
    SampleOrg("Laboratorio Mobilità Sostenibile – Università della Brianza", UNI, "MB", "Monza",
              "85.42", None, (MOB, SMART), ("machine-learning", "iot-sensors"),
              "modelli e dati per la mobilità sostenibile",
              "models and data for sustainable mobility"),
    SampleOrg("Logistica Lodigiana Digitale srl", SME, "LO", "Casalpusterlengo", "52.29",
              (45, 9_000_000, 4_000_000), (MOB,), ("blockchain-traceability", "iot-sensors"),
              "logistica conto terzi con tracciamento digitale",
              "third-party logistics with digital tracking"),
    # --- Life sciences ----------------------------------------------------------------------
    SampleOrg("Biofarma Padana spa", LARGE, "PV", "Pavia", "21.20",
              (420, 110_000_000, 95_000_000), (LIFE, C), ("toxicology", "chemical-analysis"),
              "specialità farmaceutiche e dermatologiche",
              "pharmaceutical and dermatological specialities"),
    SampleOrg("MedDevice Brianza srl", SME, "MB", "Lissone", "32.50",
              (31, 6_100_000, 4_400_000), (LIFE, LIVING), ("iot-sensors", "smart-materials"),
              "dispositivi medici indossabili", "wearable medical devices"),
    SampleOrg("Istituto di Ricerca Biomedica del Lario", RC, "CO", "Erba", "72.11", None, (LIFE,),
              ("in-vitro", "toxicology", "peptides"),
              "ricerca biomedica preclinica e modelli cellulari",
              "preclinical biomedical research and cell models"),
    SampleOrg("Diagnostica Cellulare srl", SME, "MI", "Bresso", "72.11",
              (9, 1_800_000, 2_500_000), (LIFE,), ("in-vitro", "machine-learning"),
              "saggi cellulari automatizzati", "automated cell-based assays"),
    # --- Agrifood ---------------------------------------------------------------------------
    SampleOrg("Caseificio Innovativo Lodigiano srl", SME, "LO", "Lodi", "10.51",
              (130, 45_000_000, 30_000_000), (AGRI, C), ("upcycled-ingredients", "fermentation"),
              "trasformazione lattiero-casearia e valorizzazione del siero",
              "dairy processing and whey valorisation"),
    SampleOrg("Riso e Cereali Lomellina spa", SME, "PV", "Mortara", "10.61",
              (80, 52_000_000, 25_000_000), (AGRI, C), ("upcycled-ingredients", "biorefinery"),
              "riseria e sottoprodotti del riso", "rice milling and rice by-products"),
    SampleOrg("Frutta Valtellina Innovazione soc. coop.", SME, "SO", "Tirano", "10.39",
              (35, 14_000_000, 8_000_000), (AGRI,),
              ("blockchain-traceability", "upcycled-ingredients"),
              "trasformazione di mele e piccoli frutti", "processing of apples and berries"),
    SampleOrg("Centro di Ricerca Agroalimentare Padano", RC, "CR", "Cremona", "72.19", None,
              (AGRI, GREEN), ("green-extraction", "chemical-analysis", "biorefinery"),
              "ricerca su qualità, sicurezza e sottoprodotti agroalimentari",
              "research on food quality, safety and by-products"),
    # --- Green chemistry --------------------------------------------------------------------
    SampleOrg("Bioraffineria del Po srl", SME, "MN", "Ostiglia", "20.14",
              (75, 19_000_000, 15_000_000), (GREEN, ENERGY), ("biorefinery", "fermentation"),
              "bioraffineria di seconda generazione", "second-generation biorefinery"),
    SampleOrg("Polimeri Verdi Lombardi srl", SME, "VA", "Castellanza", "20.16",
              (40, 8_800_000, 6_200_000), (GREEN, C), ("biobased-polymers", "biodegradability"),
              "polimeri biodegradabili e compostabili",
              "biodegradable and compostable polymers"),
    SampleOrg("Enzimatica srl", SME, "MI", "Milano", "72.11", (4, 300_000, 250_000), (GREEN,),
              ("biocatalysis", "machine-learning"),
              "progettazione di enzimi per la chimica fine",
              "enzyme design for fine chemistry"),
    SampleOrg("Dipartimento di Chimica Sostenibile – Ateneo del Ticino", UNI, "PV", "Pavia",
              "85.42", None, (GREEN, C), ("green-extraction", "biocatalysis", "biobased-polymers"),
              "sintesi e processi chimici sostenibili",
              "sustainable chemical synthesis and processes"),
    # --- Energy and environment -------------------------------------------------------------
    SampleOrg("Acque Pulite Tecnologie srl", SME, "BG", "Treviglio", "37.00",
              (20, 3_900_000, 2_700_000), (ENERGY,), ("iot-sensors", "circular-economy"),
              "impianti di trattamento delle acque reflue industriali",
              "industrial wastewater treatment plants"),
    SampleOrg("Solare Orobico srl", SME, "BG", "Clusone", "35.11", (11, 2_300_000, 1_900_000),
              (ENERGY,), ("iot-sensors", "predictive-maintenance"),
              "impianti fotovoltaici per l'industria", "photovoltaic plants for industry"),
    SampleOrg("Recupero Plastiche Bresciane spa", SME, "BS", "Montichiari", "38.32",
              (160, 42_000_000, 44_000_000), (ENERGY, C), ("recycled-plastics", "machine-vision"),
              "selezione e riciclo meccanico di plastiche post-consumo",
              "sorting and mechanical recycling of post-consumer plastics"),
    SampleOrg("Centro Energia e Ambiente Lombardo", RC, "BS", "Brescia", "72.19", None,
              (ENERGY,), ("lca", "digital-twin", "carbon-footprint"),
              "ricerca su efficienza energetica e decarbonizzazione",
              "research on energy efficiency and decarbonisation"),
    # --- Smart factory ----------------------------------------------------------------------
    SampleOrg("Robotica Bergamasca srl", SME, "BG", "Curno", "28.29",
              (44, 9_900_000, 7_000_000), (AFIL, C), ("automation-robotics", "machine-vision"),
              "celle robotizzate per confezionamento",
              "robotic cells for packaging lines"),
    SampleOrg("Automazioni Industriali Lecchesi spa", SME, "LC", "Valmadrera", "28.29",
              (230, 46_000_000, 35_000_000), (AFIL,),
              ("automation-robotics", "predictive-maintenance", "digital-twin"),
              "macchine automatiche per riempimento e tappatura",
              "automatic filling and capping machines"),
    SampleOrg("Digital Twin Factory srl", SME, "MI", "Milano", "62.01", (8, 900_000, 700_000),
              (AFIL, C), ("digital-twin", "machine-learning", "iot-sensors"),
              "software di gemello digitale per impianti",
              "digital-twin software for plants"),
    SampleOrg("Visione Industriale srl", SME, "MB", "Vimercate", "26.51",
              (19, 3_700_000, 2_100_000), (AFIL,), ("machine-vision", "computer-vision"),
              "sistemi di visione per il controllo qualità in linea",
              "vision systems for in-line quality control"),
    SampleOrg("Laboratorio Industria 4.0 – Politecnico Orobico", UNI, "BG", "Bergamo", "85.42",
              None, (AFIL, C), ("digital-twin", "predictive-maintenance", "cybersecurity"),
              "laboratorio dimostrativo di fabbrica digitale",
              "digital-factory demonstration lab"),
    # --- Smart cities -----------------------------------------------------------------------
    SampleOrg("CittàConnessa srl", SME, "MI", "Milano", "62.01", (27, 3_200_000, 2_000_000),
              (SMART,), ("iot-sensors", "nlp", "cybersecurity"),
              "piattaforme digitali per i servizi comunali",
              "digital platforms for municipal services"),
    SampleOrg("Sensori Urbani srl", SME, "BS", "Desenzano del Garda", "26.30",
              (6, 700_000, 400_000), (SMART, ENERGY), ("iot-sensors", "machine-learning"),
              "reti di sensori per la qualità dell'aria",
              "sensor networks for air quality"),
    SampleOrg("Laboratorio Smart City – Università del Lario", UNI, "CO", "Como", "85.42",
              None, (SMART,), ("machine-learning", "digital-twin"),
              "gemelli digitali urbani e analisi dei dati territoriali",
              "urban digital twins and territorial data analysis"),
    SampleOrg("Consorzio Servizi Digitali Comuni Lombardi", PUB, "MB", "Seregno", "84.11", None,
              (SMART,), ("cybersecurity",),
              "consorzio (esempio) di comuni per i servizi digitali",
              "consortium (sample) of municipalities for digital services"),
    # --- Living environment -----------------------------------------------------------------
    SampleOrg("Domotica per la Persona srl", SME, "MB", "Carate Brianza", "43.21",
              (16, 2_800_000, 1_600_000), (LIVING,), ("iot-sensors", "nlp"),
              "domotica assistiva per anziani e persone fragili",
              "assistive home automation for older and frail people"),
    SampleOrg("Arredo Accessibile Brianza srl", SME, "MB", "Meda", "31.09",
              (90, 17_000_000, 11_000_000), (LIVING,), ("smart-materials", "personalisation"),
              "arredi accessibili e adattabili", "accessible and adaptable furniture"),
    SampleOrg("Centro Ricerca Invecchiamento Attivo", RC, "BG", "Bergamo", "72.20", None,
              (LIVING, LIFE), ("consumer-insight", "iot-sensors"),
              "ricerca su tecnologie e servizi per l'invecchiamento attivo",
              "research on technologies and services for active ageing"),
    SampleOrg("Tessuti Tecnici Comaschi spa", SME, "CO", "Fino Mornasco", "13.96",
              (120, 24_000_000, 19_000_000), (LIVING, C), ("smart-materials", "encapsulation"),
              "tessuti tecnici e funzionalizzati", "technical and functionalised textiles"),
    # --- Outside Lombardy -------------------------------------------------------------------
    SampleOrg("Laboratori Cosmetici Emiliani srl", SME, "RE", "Reggio Emilia", "20.42",
              (55, 11_500_000, 9_800_000), (C,), ("emulsions", "sun-care"),
              "terzista cosmetico emiliano", "cosmetics contract manufacturer in Emilia"),
    SampleOrg("Piemonte Packaging srl", SME, "TO", "Torino", "22.22",
              (170, 33_000_000, 27_000_000), (C,), ("recycled-plastics", "smart-packaging"),
              "packaging cosmetico in plastica e materiali compositi",
              "plastic and composite cosmetic packaging"),
    SampleOrg("Istituto Veneto di Ricerca Dermatologica", RC, "PD", "Padova", "72.19", None,
              (C, LIFE), ("efficacy-clinical", "sensitive-skin"),
              "studi clinici dermatologici su volontari",
              "dermatological clinical studies on volunteers"),
    SampleOrg("Campania Bio Extracts srl", SME, "NA", "Napoli", "20.59",
              (9, 1_600_000, 2_200_000), (C,), ("botanical-extracts", "upcycled-ingredients"),
              "estratti da sottoprodotti della filiera agrumicola",
              "extracts from citrus by-products"),
    SampleOrg("Laboratoire Cosmétique Exemple SAS", SME, "", "Orléans", "20.42",
              (65, 14_000_000, 12_000_000), (C,), ("fine-fragrance", "export-internationalisation"),
              "laboratorio cosmetico francese (esempio), partner per progetti europei",
              "French cosmetics laboratory (sample), partner for European projects",
              country="FR"),
)

# Memberships that are not simply active: (organisation name, cluster slug) -> status.
MEMBERSHIP_STATUS_OVERRIDES: dict[tuple[str, str], str] = {
    ("Unghie d'Autore srl", C): "applied",
    ("Campania Bio Extracts srl", C): "applied",
    ("Laboratoire Cosmétique Exemple SAS", C): "under_review",
    ("Piemonte Packaging srl", C): "under_review",
    ("Tubetti Virgiliani srl", C): "suspended",
    ("Distribuzione Bellezza Italia spa", C): "withdrawn",
    ("Logistica Lodigiana Digitale srl", MOB): "applied",
    ("Enzimatica srl", GREEN): "under_review",
    ("Sensori Urbani srl", SMART): "suspended",
    ("Solare Orobico srl", ENERGY): "withdrawn",
    ("Frutta Valtellina Innovazione soc. coop.", AGRI): "rejected",
}

PARTNER_KINDS = frozenset({CHAMBER, PUB, ASSOC, ITS})
