"""The labelled set of the matching: 34 partners, 12 projects, and the right answers.

The answers (``MUST_TOP3``: partners that must be among the three best for the project;
``MUST_NOT_TOP10``: partners that must not be among its first ten) were written down
from the records alone, as the Secretariat would judge them, before the weights of
``portfolio/matching/scoring.py`` were tuned. The date of every ranking is ``ON``.

Codes: areas ``T`` trafficking, ``S`` smuggling, ``CB`` capacity building, ``KM``
knowledge management, ``PP`` public policies, ``OT`` others; kinds ``DON`` donation,
``NR`` non-refundable funds, ``LOAN`` loans, ``CAP`` capital for investment, ``HR``
human resources, ``GS`` goods and services, ``TA`` technical assistance.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

ON = datetime.date(2026, 6, 1)

AREA = {
    "T": "trafficking",
    "S": "smuggling",
    "CB": "capacity-building",
    "KM": "knowledge-management",
    "PP": "public-policies",
    "OT": "other",
}
KIND = {
    "DON": "donation",
    "NR": "non-refundable",
    "LOAN": "loan",
    "CAP": "investment-capital",
    "HR": "human-resources",
    "GS": "goods-services",
    "TA": "technical-assistance",
}

D = datetime.date


def call(title: str, opens: datetime.date, closes: datetime.date, **more: Any) -> dict:
    return {"title": title, "opens_on": opens, "closes_on": closes, **more}


# key: (name_es, name_en, areas, kinds, axes, countries, languages, budget, status, calls)
# budget: (min, max, currency) or None.
PARTNERS: dict[str, tuple] = {
    "fondo-trata-gt": (
        "Fondo Guatemalteco contra la Trata",
        "Guatemalan Fund against Trafficking",
        "T CB",
        "NR DON",
        "1 2",
        "GT",
        "es",
        (20000, 200000, "USD"),
        "active",
        [],
    ),
    "oficina-regional-delito": (
        "Oficina Regional contra el Delito",
        "Regional Office against Crime",
        "T S PP CB",
        "TA NR",
        "1 3 4",
        "",
        "es,en",
        (50000, 1000000, "USD"),
        "active",
        [call("Fondo regional 2026", D(2026, 1, 1), D(2026, 12, 31), areas="T S")],
    ),
    "org-migraciones": (
        "Organización para las Migraciones",
        "Organization for Migration",
        "S CB",
        "TA NR GS",
        "1 2 4",
        "",
        "es,en",
        (10000, 500000, "USD"),
        "active",
        [],
    ),
    "tecnologia-social-cr": (
        "Asociación Tecnología Social",
        "Social Technology Association",
        "KM",
        "GS TA",
        "4",
        "CR PA",
        "es",
        (5000, 50000, "USD"),
        "prospect",
        [],
    ),
    "embajada-reino-mx": (
        "Embajada del Reino en México",
        "Embassy of the Kingdom in Mexico",
        "T PP",
        "NR",
        "3",
        "MX",
        "es,en",
        (10000, 100000, "USD"),
        "prospect",
        [],
    ),
    "banco-desarrollo": (
        "Banco de Desarrollo Regional",
        "Regional Development Bank",
        "",
        "LOAN CAP",
        "4",
        "",
        "es,en",
        (1000000, 50000000, "USD"),
        "prospect",
        [],
    ),
    "ninez-segura": (
        "Fundación Niñez Segura",
        "Safe Childhood Foundation",
        "T",
        "DON HR",
        "1 2",
        "HN SV GT",
        "es",
        (5000, 60000, "USD"),
        "active",
        [],
    ),
    "universidad-istmo": (
        "Universidad del Istmo",
        "University of the Isthmus",
        "KM CB",
        "HR TA",
        "1 4",
        "PA",
        "es",
        None,
        "prospect",
        [],
    ),
    "sociedad-socorro": (
        "Sociedad de Socorro",
        "Relief Society",
        "S T",
        "GS HR",
        "2",
        "",
        "es",
        (0, 30000, "USD"),
        "active",
        [],
    ),
    "union-cooperacion": (
        "Unión de Cooperación Europea",
        "European Cooperation Union",
        "T S PP KM",
        "NR",
        "1 2 3 4",
        "",
        "en,fr",
        (200000, 5000000, "USD"),
        "active",
        [call("Call for proposals 2026", D(2026, 3, 1), D(2026, 7, 15), areas="T S PP")],
    ),
    "agencia-norte": (
        "Agencia de Cooperación del Norte",
        "Northern Cooperation Agency",
        "T CB",
        "NR TA",
        "1 3",
        "GT HN SV MX",
        "en",
        (100000, 2000000, "USD"),
        "active",
        [],
    ),
    "agencia-oriente": (
        "Agencia de Cooperación del Oriente",
        "Eastern Cooperation Agency",
        "CB KM",
        "TA GS",
        "4",
        "CR PA DO GT",
        "en,es",
        (50000, 800000, "USD"),
        "prospect",
        [],
    ),
    "fondo-canadiense": (
        "Fondo para Iniciativas Locales",
        "Fund for Local Initiatives",
        "T CB",
        "NR",
        "1",
        "",
        "en,fr",
        None,
        "prospect",
        [
            call(
                "Local initiatives 2026", D(2026, 1, 1), D(2026, 2, 28), amount=(5000, 50000, "USD")
            )
        ],
    ),
    "datos-abiertos": (
        "Fundación Datos Abiertos",
        "Open Data Foundation",
        "KM",
        "NR TA",
        "4",
        "",
        "en",
        (20000, 150000, "USD"),
        "prospect",
        [call("Data for justice", D(2026, 5, 1), D(2026, 8, 31), areas="KM")],
    ),
    "telecom-caribe": (
        "Telecomunicaciones del Caribe",
        "Caribbean Telecommunications",
        "KM CB",
        "GS",
        "1",
        "DO PA",
        "es",
        (5000, 50000, "USD"),
        "prospect",
        [],
    ),
    "cadena-hotelera": (
        "Cadena Hotelera Centroamericana",
        "Central American Hotel Group",
        "T",
        "DON GS",
        "1",
        "CR PA DO MX",
        "es,en",
        (5000, 30000, "USD"),
        "prospect",
        [],
    ),
    "abogados-sin-fronteras": (
        "Abogados sin Fronteras Centroamérica",
        "Lawyers without Borders Central America",
        "T PP",
        "HR TA",
        "2 3",
        "GT HN SV NI",
        "es,en",
        (20000, 250000, "USD"),
        "active",
        [],
    ),
    "casas-migrante": (
        "Red de Casas del Migrante",
        "Network of Migrant Shelters",
        "S",
        "HR GS",
        "2",
        "MX GT",
        "es",
        (5000, 100000, "USD"),
        "active",
        [],
    ),
    "belize-family": (
        "Asociación de Familias de Belice",
        "Belize Family Life Association",
        "T",
        "HR DON",
        "1 2",
        "BZ",
        "en",
        (2000, 40000, "USD"),
        "active",
        [],
    ),
    "fondo-infancia-do": (
        "Fondo Dominicano para la Infancia",
        "Dominican Children's Fund",
        "T",
        "NR",
        "1",
        "DO",
        "es",
        (10000, 90000, "USD"),
        "prospect",
        [],
    ),
    "pastoral-social-ni": (
        "Pastoral Social Nicaragüense",
        "Nicaraguan Social Ministry",
        "S T",
        "HR GS",
        "2",
        "NI",
        "es",
        None,
        "prospect",
        [],
    ),
    "financiera-social": (
        "Financiera Inversión Social",
        "Social Investment Finance",
        "OT",
        "LOAN",
        "",
        "",
        "es",
        (500000, 5000000, "USD"),
        "prospect",
        [],
    ),
    "fundacion-esperanza": (
        "Fundación Esperanza",
        "Hope Foundation",
        "T",
        "NR",
        "1",
        "",
        "es",
        (10000, 100000, "USD"),
        "declined",
        [],
    ),
    "instituto-social-mx": (
        "Instituto de Investigaciones Sociales",
        "Institute of Social Research",
        "KM",
        "HR TA",
        "1 3",
        "MX",
        "es,en",
        None,
        "prospect",
        [],
    ),
    "cooperacion-policial": (
        "Programa de Cooperación Policial",
        "Police Cooperation Programme",
        "S T",
        "TA GS",
        "3",
        "",
        "es,en",
        (50000, 400000, "USD"),
        "active",
        [],
    ),
    "entidad-igualdad": (
        "Entidad para la Igualdad de Género",
        "Gender Equality Entity",
        "T PP CB",
        "NR TA",
        "1 2",
        "",
        "es,en",
        (30000, 300000, "USD"),
        "active",
        [],
    ),
    "agence-francophone": (
        "Agencia de Cooperación Francófona",
        "Francophone Cooperation Agency",
        "CB",
        "NR",
        "1",
        "",
        "fr",
        (20000, 100000, "USD"),
        "prospect",
        [],
    ),
    "agencia-iberoamericana": (
        "Agencia Iberoamericana de Cooperación",
        "Ibero-American Cooperation Agency",
        "T S PP CB",
        "NR TA",
        "1 2 3 4",
        "",
        "es",
        (100000, 1000000, "USD"),
        "active",
        [call("Convocatoria 2026", D(2026, 1, 15), D(2026, 4, 30), areas="T S PP CB")],
    ),
    "soluciones-informaticas": (
        "Soluciones Informáticas",
        "IT Solutions",
        "KM",
        "GS",
        "4",
        "GT SV HN",
        "es",
        (10000, 80000, "USD"),
        "prospect",
        [],
    ),
    "red-albergues": (
        "Red Regional de Albergues",
        "Regional Shelter Network",
        "T",
        "HR GS",
        "2",
        "GT HN SV NI CR",
        "es",
        (10000, 100000, "USD"),
        "active",
        [],
    ),
    "medios-prevencion": (
        "Fundación Medios por la Prevención",
        "Media for Prevention Foundation",
        "CB T",
        "DON GS",
        "1",
        "SV GT",
        "es",
        (5000, 40000, "USD"),
        "prospect",
        [],
    ),
    "fondo-fiduciario": (
        "Fondo Fiduciario Europeo",
        "European Trust Fund",
        "T S",
        "NR",
        "2 3",
        "",
        "en,es",
        (500000, 10000000, "EUR"),
        "prospect",
        [],
    ),
    "fondo-pacifico": (
        "Fondo del Pacífico",
        "Pacific Fund",
        "T",
        "NR",
        "1",
        "CR",
        "es",
        (5000000, 50000000, "CRC"),
        "prospect",
        [],
    ),
    "fundacion-canal": (
        "Fundación del Canal",
        "Canal Foundation",
        "CB KM",
        "DON TA",
        "1 4",
        "PA",
        "es,en",
        (10000, 120000, "USD"),
        "active",
        [],
    ),
}

# key: (name_es, name_en, description_es, description_en, scope, countries, axes, areas,
#       kinds, amount, start)
PROJECTS: dict[str, tuple] = {
    "escuelas-gt": (
        "Prevención de la trata en las escuelas de Guatemala",
        "",
        "Campaña de prevención de la trata de personas en escuelas públicas, con la "
        "capacitación de docentes y materiales para estudiantes.",
        "",
        "national",
        "GT",
        "1",
        "",
        "NR DON",
        (80000, "USD"),
        D(2026, 9, 1),
    ),
    "smuggling-information": (
        "Regional information system on migrant smuggling",
        "Regional information system on migrant smuggling",
        "",
        "An information system shared by the border authorities to collect data on the "
        "smuggling of migrants and follow each case from detection to prosecution.",
        "regional",
        "GT HN SV MX",
        "3 4",
        "",
        "TA NR",
        (600000, "USD"),
        D(2027, 1, 1),
    ),
    "fiscales-hn": (
        "Fiscales preparados para investigar la trata",
        "Prosecutors prepared to investigate trafficking",
        "Formación de fiscales y policías de Honduras en la investigación de la trata.",
        "Training for the prosecutors and police of Honduras in investigating trafficking.",
        "national",
        "HN",
        "3",
        "T CB",
        "TA",
        (150000, "USD"),
        D(2026, 10, 1),
    ),
    "albergue-sv": (
        "Albergue para víctimas de trata en El Salvador",
        "",
        "Un albergue especializado con personal de atención y equipamiento para las "
        "víctimas de trata rescatadas.",
        "",
        "national",
        "SV",
        "2",
        "T",
        "GS HR",
        (60000, "USD"),
        D(2026, 8, 1),
    ),
    "observatorio-do": (
        "Observatorio de datos sobre la trata",
        "Data observatory on trafficking for the Dominican Republic",
        "",
        "An observatory that gathers the statistics of every institution on trafficking "
        "cases, with the software and the technical assistance to run it.",
        "national",
        "DO",
        "4",
        "KM",
        "TA GS",
        (90000, "USD"),
        D(2026, 11, 1),
    ),
    "genero-regional": (
        "Programa regional de prevención con enfoque de género",
        "Regional prevention programme with a gender approach",
        "Políticas públicas y capacitación para prevenir la trata de mujeres y niñas en "
        "toda la región.",
        "Public policies and training to prevent the trafficking of women and girls across "
        "the region.",
        "regional",
        "",
        "1",
        "T PP CB",
        "NR",
        (400000, "USD"),
        D(2027, 2, 1),
    ),
    "equipo-policia-gt": (
        "Equipamiento informático para la unidad contra la trata de la policía",
        "",
        "Computadoras y una base de datos de casos para la unidad de la policía que "
        "investiga la trata de personas en Guatemala.",
        "",
        "national",
        "GT",
        "3",
        "",
        "GS",
        (40000, "USD"),
        D(2026, 7, 1),
    ),
    "awareness-bz": (
        "Community awareness on human trafficking in Belize",
        "",
        "",
        "Community workshops and volunteers to raise awareness of human trafficking in "
        "the districts of Belize.",
        "national",
        "BZ",
        "1",
        "",
        "DON HR",
        (25000, "BZD"),
        D(2026, 9, 15),
    ),
    "protocolo-repatriacion": (
        "Protocolo regional de repatriación de víctimas",
        "",
        "Un protocolo común para la repatriación segura de las víctimas de trata entre los "
        "países de la región, con asistencia técnica para aplicarlo.",
        "",
        "regional",
        "GT HN SV NI CR",
        "2",
        "PP T",
        "TA",
        (120000, "USD"),
        D(2026, 10, 1),
    ),
    "border-smuggling": (
        "Prevención del tráfico de migrantes en la frontera México–Guatemala",
        "Migrant smuggling prevention along the Mexico–Guatemala border",
        "",
        "Shelters, volunteers and supplies to protect migrants from smugglers along the "
        "border between Mexico and Guatemala.",
        "regional",
        "MX GT",
        "1 2",
        "S",
        "HR GS",
        (70000, "USD"),
        D(2026, 12, 1),
    ),
    "credito-centro-cr": (
        "Préstamo para un centro de atención integral",
        "",
        "Construcción de un centro de atención integral para víctimas de trata, "
        "financiado con un préstamo.",
        "",
        "national",
        "CR",
        "2",
        "T",
        "LOAN",
        (2000000, "USD"),
        D(2027, 1, 1),
    ),
    "explotacion-cr-pa": (
        "Estudio sobre la explotación laboral en Costa Rica y Panamá",
        "Study of labour exploitation in Costa Rica and Panama",
        "Un estudio de la explotación laboral de personas migrantes en las plantaciones.",
        "A study of the labour exploitation of migrant workers on the plantations.",
        "regional",
        "CR PA",
        "1",
        "",
        "TA",
        (30000000, "CRC"),
        D(2026, 9, 1),
    ),
}

# Written before the weights were tuned.
MUST_TOP3: dict[str, set[str]] = {
    "escuelas-gt": {"fondo-trata-gt", "ninez-segura"},
    "smuggling-information": {"union-cooperacion", "oficina-regional-delito"},
    "fiscales-hn": {"abogados-sin-fronteras", "agencia-norte"},
    "albergue-sv": {"red-albergues", "sociedad-socorro"},
    "observatorio-do": {"agencia-oriente", "datos-abiertos"},
    "genero-regional": {"entidad-igualdad", "agencia-iberoamericana"},
    "equipo-policia-gt": {"soluciones-informaticas", "cooperacion-policial"},
    "awareness-bz": {"belize-family", "sociedad-socorro"},
    "protocolo-repatriacion": {"abogados-sin-fronteras", "oficina-regional-delito"},
    "border-smuggling": {"casas-migrante", "org-migraciones"},
    "credito-centro-cr": {"banco-desarrollo"},
    "explotacion-cr-pa": {"universidad-istmo", "fundacion-canal"},
}
MUST_NOT_TOP10: dict[str, set[str]] = {
    "escuelas-gt": {
        "financiera-social",
        "banco-desarrollo",
        "belize-family",
        "agence-francophone",
        "tecnologia-social-cr",
        "fondo-canadiense",
        "fondo-infancia-do",
    },
    "smuggling-information": {
        "agence-francophone",
        "financiera-social",
        "belize-family",
        "fondo-infancia-do",
        "cadena-hotelera",
        "fondo-trata-gt",
    },
    "fiscales-hn": {
        "tecnologia-social-cr",
        "belize-family",
        "soluciones-informaticas",
        "fondo-trata-gt",
        "financiera-social",
        "agence-francophone",
    },
    "albergue-sv": {
        "banco-desarrollo",
        "financiera-social",
        "agence-francophone",
        "union-cooperacion",
        "tecnologia-social-cr",
        "belize-family",
        "casas-migrante",
    },
    "observatorio-do": {
        "red-albergues",
        "fondo-trata-gt",
        "belize-family",
        "soluciones-informaticas",
        "financiera-social",
        "instituto-social-mx",
    },
    "genero-regional": {
        "financiera-social",
        "banco-desarrollo",
        "tecnologia-social-cr",
        "soluciones-informaticas",
        "fondo-canadiense",
    },
    "equipo-policia-gt": {
        "fondo-trata-gt",
        "financiera-social",
        "agence-francophone",
        "belize-family",
        "universidad-istmo",
        "union-cooperacion",
    },
    "awareness-bz": {
        "fondo-infancia-do",
        "fondo-trata-gt",
        "financiera-social",
        "banco-desarrollo",
        "union-cooperacion",
        "agencia-oriente",
    },
    "protocolo-repatriacion": {
        "tecnologia-social-cr",
        "soluciones-informaticas",
        "financiera-social",
        "banco-desarrollo",
        "agence-francophone",
        "belize-family",
        "telecom-caribe",
    },
    "border-smuggling": {
        "fondo-trata-gt",
        "cadena-hotelera",
        "belize-family",
        "fondo-infancia-do",
        "financiera-social",
        "datos-abiertos",
    },
    "credito-centro-cr": {
        "fondo-pacifico",
        "fondo-trata-gt",
        "agence-francophone",
        "soluciones-informaticas",
        "belize-family",
    },
    "explotacion-cr-pa": {
        "belize-family",
        "casas-migrante",
        "financiera-social",
        "red-albergues",
        "fondo-infancia-do",
    },
}

# The scores must reach these (docs/matching.md): mean precision of the top three, and
# the most must-not partners allowed in the first ten, over every project.
PRECISION_THRESHOLD = Decimal("0.75")
MUST_NOT_ALLOWED = 0


def build() -> tuple[dict[str, Any], dict[str, Any]]:
    """Create the partners and projects of the set; return them by key."""
    from mobiliza.coalition.models import MemberState
    from mobiliza.core.models import ExchangeRate
    from mobiliza.directory.models import DirectoryTerm, FundingCall, Partner
    from mobiliza.plan.models import StrategicAxis
    from mobiliza.portfolio.models import Project

    terms = {(t.kind, t.code): t for t in DirectoryTerm.objects.all()}
    axes = {a.code: a for a in StrategicAxis.objects.all()}
    states = {s.code.upper(): s for s in MemberState.objects.all()}
    ExchangeRate.objects.get_or_create(
        date=D(2026, 1, 1),
        currency="EUR",
        reporting_currency="USD",
        defaults={"rate": Decimal("1.1")},
    )

    def areas(codes: str) -> list[Any]:
        return [terms[("area", AREA[c])] for c in codes.split()]

    def kinds(codes: str) -> list[Any]:
        return [terms[("contribution", KIND[c])] for c in codes.split()]

    partners = {}
    for key, row in PARTNERS.items():
        name_es, name_en, a, k, x, countries, languages, budget, status, calls = row
        partner = Partner.objects.create(
            name_es=name_es,
            name_en=name_en,
            countries=countries.split(),
            proposal_languages=languages,
            status=status,
            budget_min=Decimal(budget[0]) if budget else None,
            budget_max=Decimal(budget[1]) if budget else None,
            budget_currency=budget[2] if budget else "",
        )
        partner.areas.set(areas(a))
        partner.contribution_kinds.set(kinds(k))
        partner.axes.set([axes[c] for c in x.split()])
        for spec in calls:
            amount = spec.get("amount")
            created = FundingCall.objects.create(
                partner=partner,
                title=spec["title"],
                opens_on=spec["opens_on"],
                closes_on=spec["closes_on"],
                amount_min=Decimal(amount[0]) if amount else None,
                amount_max=Decimal(amount[1]) if amount else None,
                currency=amount[2] if amount else "",
            )
            created.areas.set(areas(spec.get("areas", "")))
        partners[key] = partner
    projects = {}
    for key, row in PROJECTS.items():
        name_es, name_en, desc_es, desc_en, scope, countries, x, a, k, amount, start = row
        codes = countries.split()
        project = Project.objects.create(
            name_es=name_es,
            name_en=name_en,
            description_es=desc_es,
            description_en=desc_en,
            scope=scope,
            member_state=states[codes[0]] if scope == "national" else None,
            amount=Decimal(amount[0]),
            currency=amount[1],
            start_on=start,
        )
        if scope == "regional":
            project.member_states.set([states[c] for c in codes])
        project.axes.set([axes[c] for c in x.split()])
        project.areas.set(areas(a))
        project.kinds_sought.set(kinds(k))
        projects[key] = project
    return partners, projects
