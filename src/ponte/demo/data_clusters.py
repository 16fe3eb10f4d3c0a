"""The ten clusters of the Lombardy network (Cluster Tecnologici Lombardi).

Names and sectors are public; descriptions state only general facts. Recognition dates of the
nine recognised clusters are placeholders and say so in their note.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

INDICATIVE_IT = "Data indicativa (dati di esempio)"
INDICATIVE_EN = "Indicative date (sample data)"


@dataclass(frozen=True)
class ClusterData:
    slug: str
    short_name: str
    name_it: str
    name_en: str
    sector_it: str
    sector_en: str
    description_it: str
    description_en: str
    # (status, date, note_it, note_en)
    history: tuple[tuple[str, datetime.date, str, str], ...] = field(default_factory=tuple)
    coordinator: str = ""  # organisation slug


def _recognised(year: int) -> tuple[tuple[str, datetime.date, str, str], ...]:
    return (("recognised", datetime.date(year, 1, 15), INDICATIVE_IT, INDICATIVE_EN),)


COSMETICS = "cosmetica"

CLUSTERS: tuple[ClusterData, ...] = (
    ClusterData(
        "aerospazio",
        "Lombardy Aerospace Cluster",
        "Lombardy Aerospace Cluster",
        "Lombardy Aerospace Cluster",
        "Aerospazio",
        "Aerospace",
        "Il cluster riunisce imprese, università e centri di ricerca lombardi della filiera "
        "aeronautica e spaziale. Promuove progetti di ricerca comuni e la partecipazione delle "
        "PMI della filiera a programmi nazionali ed europei.",
        "The cluster brings together Lombard companies, universities and research centres of "
        "the aeronautics and space supply chain. It promotes joint research projects and the "
        "participation of supply-chain SMEs in national and European programmes.",
        _recognised(2014),
    ),
    ClusterData(
        "mobilita",
        "CLM",
        "Cluster Lombardo Mobilità",
        "Lombardy Mobility Cluster",
        "Mobilità e trasporti",
        "Mobility and transport",
        "Il Cluster Lombardo Mobilità riunisce gli attori della filiera dei veicoli, dei "
        "componenti e dei sistemi di trasporto. Si occupa di mobilità sostenibile, "
        "elettrificazione e sistemi intelligenti di trasporto.",
        "The Lombardy Mobility Cluster gathers the players of the vehicle, component and "
        "transport-system supply chain. It works on sustainable mobility, electrification and "
        "intelligent transport systems.",
        _recognised(2014),
    ),
    ClusterData(
        "scienze-della-vita",
        "Lombardy Life Sciences Cluster",
        "Cluster Lombardo Scienze della Vita",
        "Lombardy Life Sciences Cluster",
        "Scienze della vita",
        "Life sciences",
        "Il cluster collega imprese farmaceutiche, biotecnologiche e dei dispositivi medici "
        "con il sistema della ricerca e della sanità lombarda. Favorisce la collaborazione tra "
        "ricerca clinica, industria e startup.",
        "The cluster connects pharmaceutical, biotech and medical-device companies with "
        "Lombardy's research and healthcare system. It fosters collaboration between clinical "
        "research, industry and start-ups.",
        _recognised(2014),
    ),
    ClusterData(
        "agrifood",
        "CL.A.N.",
        "Cluster Agrifood (CL.A.N.)",
        "Agrifood Cluster (CL.A.N.)",
        "Agroalimentare",
        "Agrifood",
        "Il cluster agroalimentare riunisce produttori, trasformatori e ricerca lungo la "
        "filiera del cibo. Si occupa di qualità e sicurezza alimentare, innovazione di "
        "processo e sostenibilità della filiera.",
        "The agrifood cluster brings together producers, processors and researchers along the "
        "food chain. It works on food quality and safety, process innovation and supply-chain "
        "sustainability.",
        _recognised(2014),
    ),
    ClusterData(
        "chimica-verde",
        "LGCA",
        "Cluster Lombardo della Chimica Verde (LGCA – Lombardy Green Chemistry Association)",
        "Lombardy Green Chemistry Cluster (LGCA)",
        "Chimica verde e bioeconomia",
        "Green chemistry and bioeconomy",
        "Il cluster promuove la chimica da fonti rinnovabili e la bioeconomia in Lombardia. "
        "Collega imprese chimiche, biotecnologiche e università su bioraffinerie, "
        "bioprodotti e processi a basso impatto.",
        "The cluster promotes chemistry from renewable sources and the bioeconomy in Lombardy. "
        "It connects chemical and biotech companies and universities on biorefineries, "
        "bio-based products and low-impact processes.",
        _recognised(2014),
    ),
    ClusterData(
        "energia-ambiente",
        "LE2C",
        "Cluster Lombardo Energia e Ambiente (LE2C)",
        "Lombardy Energy and Environment Cluster (LE2C)",
        "Energia e ambiente",
        "Energy and environment",
        "LE2C riunisce imprese e centri di ricerca delle tecnologie per l'energia e "
        "l'ambiente. Si occupa di efficienza energetica, fonti rinnovabili, gestione delle "
        "acque e dei rifiuti.",
        "LE2C brings together companies and research centres in energy and environmental "
        "technologies. It works on energy efficiency, renewables, water and waste management.",
        _recognised(2014),
    ),
    ClusterData(
        "fabbrica-intelligente",
        "AFIL",
        "Cluster Fabbrica Intelligente (AFIL – Associazione Fabbrica Intelligente Lombardia)",
        "Smart Factory Cluster (AFIL)",
        "Manifattura avanzata",
        "Advanced manufacturing",
        "AFIL è il cluster della manifattura avanzata lombarda. Riunisce imprese, università e "
        "centri di ricerca su automazione, digitalizzazione e sostenibilità dei processi "
        "produttivi.",
        "AFIL is Lombardy's advanced-manufacturing cluster. It brings together companies, "
        "universities and research centres on automation, digitalisation and sustainable "
        "production.",
        _recognised(2014),
    ),
    ClusterData(
        "smart-cities",
        "Smart Cities Lombardia",
        "Cluster Tecnologie per le Smart Cities & Communities",
        "Smart Cities & Communities Technology Cluster",
        "Smart city e comunità",
        "Smart cities and communities",
        "Il cluster si occupa delle tecnologie per città e comunità intelligenti: servizi "
        "digitali, mobilità urbana, energia e partecipazione dei cittadini. Collega imprese, "
        "ricerca e pubbliche amministrazioni.",
        "The cluster deals with technologies for smart cities and communities: digital "
        "services, urban mobility, energy and citizen participation. It connects companies, "
        "research and public administrations.",
        _recognised(2014),
    ),
    ClusterData(
        "ambienti-di-vita",
        "Cluster Ambienti di Vita",
        "Cluster Lombardo Tecnologie per gli Ambienti di Vita",
        "Lombardy Living Environment Technologies Cluster",
        "Tecnologie per gli ambienti di vita",
        "Living-environment technologies",
        "Il cluster promuove tecnologie per ambienti di vita sicuri, accessibili e "
        "sostenibili, con attenzione all'invecchiamento attivo e all'autonomia delle persone. "
        "Riunisce imprese, ricerca e servizi socio-sanitari.",
        "The cluster promotes technologies for safe, accessible and sustainable living "
        "environments, with a focus on active ageing and independent living. It brings "
        "together companies, research and social-care services.",
        _recognised(2016),
    ),
    ClusterData(
        COSMETICS,
        "CTL Sistema Cosmetico",
        "Cluster Tecnologico Lombardo del Made in Italy – Sistema Cosmetico",
        "Lombardy Made in Italy Technology Cluster – Cosmetics System",
        "Cosmetica",
        "Cosmetics",
        "Il decimo cluster tecnologico lombardo, dedicato alla filiera cosmetica, uno dei "
        "settori d'eccellenza della manifattura regionale. Coordinato da REI Reindustria "
        "Innovazione, è uno strumento condiviso di ricerca, innovazione, valorizzazione delle "
        "competenze e trasferimento tecnologico tra ricerca e PMI. Il Consiglio Direttivo "
        "riunisce rappresentanti del mondo industriale, accademico e dell'innovazione.",
        "The tenth Lombardy technology cluster, devoted to the cosmetics supply chain, one of "
        "the region's manufacturing excellences. Coordinated by REI Reindustria Innovazione, "
        "it is a shared instrument for research, innovation, valorisation of competences and "
        "technology transfer between research and SMEs. Its board brings together "
        "representatives of industry, academia and the innovation world.",
        (
            (
                "constituted",
                datetime.date(2025, 12, 1),
                "Costituzione del cluster (data indicativa)",
                "Constitution of the cluster (indicative date)",
            ),
            (
                "taken_note",
                datetime.date(2026, 2, 16),
                "Presa d'atto della Giunta regionale (data indicativa)",
                "Taken note of by the regional government (indicative date)",
            ),
        ),
        coordinator="rei-reindustria-innovazione",
    ),
)
