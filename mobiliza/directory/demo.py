"""Demo partners: those the strategy names, plus invented ones of every source type."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from mobiliza.coalition.models import MemberState
from mobiliza.core.services import record_create, record_update
from mobiliza.directory.choices import RelationshipStatus, Scope
from mobiliza.directory.models import Contact, DirectoryTerm, FundingCall, Partner
from mobiliza.plan.models import SourceType, StrategicAxis

# Which strategic axes a partner funding an area can support (demo only).
AXES_BY_AREA = {
    "trafficking": ["1", "2"],
    "smuggling": ["1", "3"],
    "capacity-building": ["4"],
    "knowledge-management": ["4"],
    "public-policies": ["3", "4"],
}

# (acronym, Spanish name, English name, source type code, scope, status, areas, contributions,
#  countries it works in, member state that added it)
PARTNERS: list[tuple[Any, ...]] = [
    (
        "OIM",
        "Organización Internacional para las Migraciones",
        "International Organization for Migration",
        "international-civil-society-organizations",
        Scope.EXTRA_REGIONAL,
        RelationshipStatus.ACTIVE,
        ["trafficking", "smuggling", "capacity-building"],
        ["non-refundable", "human-resources"],
        "GT,HN,SV,MX,CR,PA",
        None,
    ),
    (
        "UNODC",
        "Oficina de las Naciones Unidas contra la Droga y el Delito",
        "United Nations Office on Drugs and Crime",
        "international-civil-society-organizations",
        Scope.EXTRA_REGIONAL,
        RelationshipStatus.ACTIVE,
        ["trafficking", "smuggling", "public-policies"],
        ["non-refundable", "goods-services"],
        "MX,GT,SV,PA",
        None,
    ),
    (
        "",
        "Save the Children",
        "Save the Children",
        "international-civil-society-organizations",
        Scope.EXTRA_REGIONAL,
        RelationshipStatus.ACTIVE,
        ["trafficking", "capacity-building"],
        ["donation"],
        "GT,HN,SV,NI",
        None,
    ),
    (
        "ECPAT",
        "ECPAT Internacional",
        "ECPAT International",
        "international-civil-society-organizations",
        Scope.EXTRA_REGIONAL,
        RelationshipStatus.ACTIVE,
        ["trafficking", "knowledge-management"],
        ["human-resources"],
        "GT,CR,DO",
        None,
    ),
    (
        "J/TIP",
        "Oficina para Monitorear y Combatir la Trata de Personas del Departamento de Estado de los Estados Unidos",
        "U.S. Department of State Office to Monitor and Combat Trafficking in Persons",
        "donor-states",
        Scope.EXTRA_REGIONAL,
        RelationshipStatus.ACTIVE,
        ["trafficking", "capacity-building", "public-policies"],
        ["non-refundable"],
        "MX,GT,HN,SV,BZ",
        None,
    ),
    (
        "CICR",
        "Comité Internacional de la Cruz Roja",
        "International Committee of the Red Cross",
        "international-civil-society-organizations",
        Scope.EXTRA_REGIONAL,
        RelationshipStatus.PROSPECT,
        ["smuggling"],
        ["goods-services"],
        "MX,GT,HN",
        None,
    ),
    (
        "",
        "Cruz Roja Guatemalteca",
        "Guatemalan Red Cross",
        "international-civil-society-organizations",
        Scope.REGIONAL,
        RelationshipStatus.PROSPECT,
        ["smuggling"],
        ["human-resources", "goods-services"],
        "GT",
        "GT",
    ),
    (
        "SICA",
        "Sistema de la Integración Centroamericana",
        "Central American Integration System",
        "cooperation-agencies",
        Scope.REGIONAL,
        RelationshipStatus.ACTIVE,
        ["public-policies", "knowledge-management"],
        ["goods-services"],
        "BZ,CR,SV,GT,HN,NI,PA,DO",
        None,
    ),
    (
        "INTERPOL",
        "Organización Internacional de Policía Criminal",
        "International Criminal Police Organization",
        "cooperation-agencies",
        Scope.EXTRA_REGIONAL,
        RelationshipStatus.PROSPECT,
        ["trafficking", "smuggling"],
        ["human-resources"],
        "",
        None,
    ),
    (
        "FAO",
        "Organización de las Naciones Unidas para la Alimentación y la Agricultura",
        "Food and Agriculture Organization of the United Nations",
        "cooperation-agencies",
        Scope.EXTRA_REGIONAL,
        RelationshipStatus.PROSPECT,
        ["capacity-building"],
        ["non-refundable"],
        "HN,NI",
        None,
    ),
    (
        "FCS",
        "Fundación Café Solidario",
        "Solidarity Coffee Foundation",
        "private-sector",
        Scope.REGIONAL,
        RelationshipStatus.PROSPECT,
        ["trafficking"],
        ["donation", "goods-services"],
        "HN,GT",
        "HN",
    ),
    (
        "UNAM-OT",
        "Observatorio sobre Trata de la Universidad Autónoma",
        "Autonomous University Trafficking Observatory",
        "academic-sector",
        Scope.REGIONAL,
        RelationshipStatus.ACTIVE,
        ["knowledge-management"],
        ["human-resources"],
        "MX",
        "MX",
    ),
    (
        "RCN",
        "Red Centroamericana de Noticias",
        "Central American News Network",
        "media",
        Scope.REGIONAL,
        RelationshipStatus.PROSPECT,
        ["trafficking", "smuggling"],
        ["goods-services"],
        "CR,PA,NI",
        "CR",
    ),
    (
        "MINEX-PA",
        "Ministerio de Relaciones Exteriores de Panamá",
        "Ministry of Foreign Affairs of Panama",
        "member-states",
        Scope.REGIONAL,
        RelationshipStatus.ACTIVE,
        ["public-policies"],
        ["non-refundable", "human-resources"],
        "PA",
        "PA",
    ),
    (
        "BID",
        "Banco Interamericano de Desarrollo",
        "Inter-American Development Bank",
        "cooperation-agencies",
        Scope.EXTRA_REGIONAL,
        RelationshipStatus.DECLINED,
        ["public-policies"],
        ["loan", "investment-capital"],
        "GT,HN,SV,PA,DO",
        None,
    ),
]

CONTACTS = {
    "OIM": [("Laura Méndez", "Oficial de proyectos", "lmendez@iom.example.org", "+502 2414 7400")],
    "UNODC": [("Javier Ruiz", "Coordinador regional", "jruiz@unodc.example.org", "+507 302 4500")],
    "J/TIP": [("Sarah Collins", "Grants officer", "collinss@state.example.gov", "+1 202 555 0143")],
    "SICA": [("Rodrigo Paz", "Enlace de cooperación", "rpaz@sica.example.int", "+503 2248 8800")],
    "FCS": [
        (
            "Ana Isabel Cruz",
            "Directora ejecutiva",
            "acruz@cafesolidario.example.org",
            "+504 2232 1100",
        )
    ],
}


def demo_partners_load(*, user: Any) -> dict[str, Partner]:
    """Create the demo partners once; return them by acronym (or Spanish name)."""
    from mobiliza.directory.terms import directory_terms_ensure

    directory_terms_ensure()
    existing = {p.acronym or p.name_es: p for p in Partner.objects.all()}
    if existing and all((row[0] or row[1]) in existing for row in PARTNERS):
        return existing
    sources = {s.code: s for s in SourceType.objects.all()}
    terms = {(t.kind, t.code): t for t in DirectoryTerm.objects.all()}
    states = {s.code: s for s in MemberState.objects.all()}
    axes = {a.code: a for a in StrategicAxis.objects.all()}
    created: dict[str, Partner] = {}
    for (
        acronym,
        name_es,
        name_en,
        source,
        scope,
        status,
        areas,
        kinds,
        works_in,
        added_by,
    ) in PARTNERS:
        data = {
            "name_es": name_es,
            "name_en": name_en,
            "acronym": acronym,
            "source_type": sources.get(source),
            "scope": scope,
            "status": status,
            "general_objective_es": f"Apoyar la respuesta regional a la trata de personas y el tráfico ilícito de migrantes ({name_es}).",
            "general_objective_en": f"Support the regional response to trafficking in persons and smuggling of migrants ({name_en}).",
            "countries": [c for c in works_in.split(",") if c],
            "member_state": states.get(added_by) if added_by else None,
            "budget_min": Decimal("50000.00") if status == RelationshipStatus.ACTIVE else None,
            "budget_max": Decimal("750000.00") if status == RelationshipStatus.ACTIVE else None,
            "budget_currency": "USD" if status == RelationshipStatus.ACTIVE else "",
            "funding_cycle": "Anual, de enero a diciembre"
            if status == RelationshipStatus.ACTIVE
            else "",
            "proposal_languages": "es,en",
            "areas": [terms[("area", code)] for code in areas],
            "contribution_kinds": [terms[("contribution", code)] for code in kinds],
            "axes": sorted(
                {axes[c] for area in areas for c in AXES_BY_AREA.get(area, []) if c in axes},
                key=lambda axis: axis.code,
            ),
            "has_submission_requirements": status == RelationshipStatus.ACTIVE,
            "suitability_comments": "Socio con experiencia en la región."
            if status == RelationshipStatus.ACTIVE
            else "",
            "confidential_notes": "Notas de negociación: prefiere convenios marco plurianuales."
            if acronym in ("OIM", "J/TIP")
            else "",
        }
        # A partner the coalition file already named (an existing initiative's, created
        # as a prospect with its name only) is completed with the demo's values.
        known = existing.get(acronym or name_es)
        if known is not None:
            partner = record_update(user=user, instance=known, data=data, version=None)
        else:
            partner = record_create(user=user, model=Partner, data=data)
        created[acronym or name_es] = partner
        for full_name, title, email, phone in CONTACTS.get(acronym, []):
            record_create(
                user=user,
                model=Contact,
                data={
                    "partner": partner,
                    "full_name": full_name,
                    "title": title,
                    "email": email,
                    "phone": phone,
                    "newsletter_consent": True,
                },
            )
    today = timezone.localdate()
    calls = [
        (
            "J/TIP",
            "Convocatoria de programas contra la trata 2027",
            20,
            45,
            Decimal("250000"),
            Decimal("1000000"),
        ),
        (
            "OIM",
            "Fondo de respuesta a la trata de personas",
            -30,
            75,
            Decimal("20000"),
            Decimal("150000"),
        ),
        ("UNODC", "Ventana de cooperación técnica GLO.ACT", 5, 120, None, Decimal("300000")),
    ]
    for acronym, title, opens, closes, low, high in calls:
        call = record_create(
            user=user,
            model=FundingCall,
            data={
                "partner": created[acronym],
                "title": title,
                "opens_on": today + datetime.timedelta(days=-abs(opens) if opens < 0 else -1),
                "closes_on": today + datetime.timedelta(days=closes),
                "amount_min": low,
                "amount_max": high,
                "currency": "USD",
                "requirements": "Nota conceptual, presupuesto detallado y carta de respaldo de la Comisión Nacional.",
                "areas": [terms[("area", "trafficking")]],
                "eligible_countries": [s for c, s in states.items() if c in ("GT", "HN", "SV")],
            },
        )
        del call
    return created
