"""Agreements' and contributions' narrative texts are kept in Spanish and in English.

Each text becomes two columns, ``<field>_es`` and ``<field>_en``, read in the reader's
language through ``Translated`` (with the "translation missing" mark). The text already
written is kept in the Spanish column: the old column is renamed, so nothing is copied
row by row and nothing is lost. Spanish, because the coalition's users and the demo
write in Spanish; an English text saved before this change shows with the mark until
someone moves it to the English column. The English columns start empty.
"""

from django.db import migrations, models

TEXTS = {
    "agreement": [
        ("objectives", "common objectives"),
        ("coalition_obligations", "obligations of the coalition"),
        ("partner_obligations", "obligations of the partners"),
        ("member_state_obligations", "obligations of the member states"),
        ("financing_terms", "financing commitments"),
    ],
    "contribution": [("notes", "notes")],
}


def _operations():
    operations = []
    for model, fields in TEXTS.items():
        for table in (model, f"historical{model}"):
            for name, label in fields:
                operations += [
                    migrations.RenameField(table, name, f"{name}_es"),
                    migrations.AlterField(
                        table,
                        f"{name}_es",
                        models.TextField(blank=True, verbose_name=f"{label} (Spanish)"),
                    ),
                    migrations.AddField(
                        table,
                        f"{name}_en",
                        models.TextField(blank=True, verbose_name=f"{label} (English)"),
                    ),
                ]
    # A contribution's description: a line of text, required in Spanish.
    for table in ("contribution", "historicalcontribution"):
        operations += [
            migrations.RenameField(table, "description", "description_es"),
            migrations.AlterField(
                table,
                "description_es",
                models.CharField(max_length=500, verbose_name="description (Spanish)"),
            ),
            migrations.AddField(
                table,
                "description_en",
                models.CharField(blank=True, max_length=500, verbose_name="description (English)"),
            ),
        ]
    return operations


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0003_agreement_order_index"),
    ]

    operations = _operations()
