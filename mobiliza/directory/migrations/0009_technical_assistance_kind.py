"""Technical assistance, which Chart 1 names, as a kind of contribution of its own beside
goods and services and human resources."""

from django.db import migrations

CODE = "technical-assistance"


def add_kind(apps, schema_editor):
    Term = apps.get_model("directory", "DirectoryTerm")
    last = (
        Term.objects.filter(kind="contribution")
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
        or 0
    )
    Term.objects.get_or_create(
        kind="contribution",
        code=CODE,
        defaults={
            "name_es": "Asistencia técnica",
            "name_en": "Technical assistance",
            "position": last + 1,
        },
    )


def remove_kind(apps, schema_editor):
    apps.get_model("directory", "DirectoryTerm").objects.filter(
        kind="contribution", code=CODE
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("directory", "0008_partner_articles_and_contact_salutation")]

    operations = [migrations.RunPython(add_kind, remove_kind)]
