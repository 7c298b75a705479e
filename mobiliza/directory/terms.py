"""Chart 2's check lists: the areas a partner funds and the kinds of contribution.

The migration ``0002_chart_2_terms_and_search_index`` creates these rows with its
own frozen copy of this list (migrations never import app code); this module lets
the set-up commands restore them in a database that was emptied.
"""

from __future__ import annotations

from mobiliza.directory.choices import TermKind
from mobiliza.directory.models import DirectoryTerm

TERMS = {
    TermKind.AREA: [
        ("trafficking", "Trata de personas", "Trafficking in persons"),
        ("smuggling", "Tráfico ilícito de migrantes", "Smuggling of migrants"),
        ("capacity-building", "Fortalecimiento de capacidades", "Capacity building"),
        ("knowledge-management", "Gestión del conocimiento", "Knowledge management"),
        ("public-policies", "Políticas públicas relacionadas", "Related public policies"),
        ("other", "Otras", "Others"),
    ],
    TermKind.CONTRIBUTION: [
        ("donation", "Donación", "Donation"),
        ("non-refundable", "Fondos no reembolsables", "Non-refundable funds"),
        ("loan", "Préstamos", "Loans"),
        ("investment-capital", "Capital para inversión", "Capital for investments"),
        ("human-resources", "Recursos humanos", "Human resources"),
        ("goods-services", "Bienes y servicios", "Goods and services"),
        # Chart 1 names it as a kind of its own; migration 0009 adds it.
        ("technical-assistance", "Asistencia técnica", "Technical assistance"),
    ],
}


def directory_terms_ensure() -> int:
    """Create the Chart 2 terms that are missing; return how many were created."""
    existing = set(DirectoryTerm.objects.values_list("kind", "code"))
    missing = [
        DirectoryTerm(kind=kind, code=code, name_es=es, name_en=en, position=position)
        for kind, rows in TERMS.items()
        for position, (code, es, en) in enumerate(rows, start=1)
        if (kind, code) not in existing
    ]
    DirectoryTerm.objects.bulk_create(missing)
    return len(missing)
