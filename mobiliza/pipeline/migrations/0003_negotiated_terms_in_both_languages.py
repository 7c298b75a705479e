"""An opportunity's negotiated terms are kept in Spanish and in English.

The text becomes two columns, ``negotiated_terms_es`` and ``negotiated_terms_en``, read
in the reader's language through ``Translated`` (with the "translation missing" mark).
The text already written is kept in the Spanish column (the old column is renamed, so
nothing is lost): the coalition's users and the demo write in Spanish. The English
column starts empty.
"""

from django.db import migrations, models


def _operations():
    operations = []
    for table in ("opportunity", "historicalopportunity"):
        operations += [
            migrations.RenameField(table, "negotiated_terms", "negotiated_terms_es"),
            migrations.AlterField(
                table,
                "negotiated_terms_es",
                models.TextField(blank=True, verbose_name="negotiated terms (Spanish)"),
            ),
            migrations.AddField(
                table,
                "negotiated_terms_en",
                models.TextField(blank=True, verbose_name="negotiated terms (English)"),
            ),
        ]
    return operations


class Migration(migrations.Migration):
    dependencies = [
        ("pipeline", "0002_board_card_and_freshness_indexes"),
    ]

    operations = _operations()
