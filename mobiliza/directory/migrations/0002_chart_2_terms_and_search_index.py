"""Chart 2's check lists (areas a partner funds, kinds of contribution) and, on
PostgreSQL, the full-text index the directory search uses."""

from django.db import migrations

AREAS = [
    ("trafficking", "Trata de personas", "Trafficking in persons"),
    ("smuggling", "Tráfico ilícito de migrantes", "Smuggling of migrants"),
    ("capacity-building", "Fortalecimiento de capacidades", "Capacity building"),
    ("knowledge-management", "Gestión del conocimiento", "Knowledge management"),
    ("public-policies", "Políticas públicas relacionadas", "Related public policies"),
    ("other", "Otras", "Others"),
]
CONTRIBUTIONS = [
    ("donation", "Donación", "Donation"),
    ("non-refundable", "Fondos no reembolsables", "Non-refundable funds"),
    ("loan", "Préstamos", "Loans"),
    ("investment-capital", "Capital para inversión", "Capital for investments"),
    ("human-resources", "Recursos humanos", "Human resources"),
    ("goods-services", "Bienes y servicios", "Goods and services"),
]

INDEX = "directory_partner_search_idx"


def add_terms(apps, schema_editor):
    Term = apps.get_model("directory", "DirectoryTerm")
    for kind, rows in (("area", AREAS), ("contribution", CONTRIBUTIONS)):
        for position, (code, es, en) in enumerate(rows, start=1):
            Term.objects.update_or_create(
                kind=kind,
                code=code,
                defaults={"name_es": es, "name_en": en, "position": position},
            )


def remove_terms(apps, schema_editor):
    apps.get_model("directory", "DirectoryTerm").objects.all().delete()


def add_search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON directory_partner "
        "USING gin (to_tsvector('simple'::regconfig, COALESCE(search_text, '')))"
    )


def remove_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_partners_contacts_calls_attachments")]

    operations = [
        migrations.RunPython(add_terms, remove_terms),
        migrations.RunPython(add_search_index, remove_search_index),
    ]
