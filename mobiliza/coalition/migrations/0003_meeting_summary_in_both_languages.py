"""A meeting's summary is kept in Spanish and in English.

The text becomes two columns, ``summary_es`` and ``summary_en``, read in the reader's
language through ``Translated`` (with the "translation missing" mark). The summary
already written is kept in the Spanish column (the old column is renamed, so nothing
is lost): the coalition's users and the demo write in Spanish. The English column
starts empty.
"""

from django.db import migrations, models


def _operations():
    operations = []
    for table in ("meeting", "historicalmeeting"):
        operations += [
            migrations.RenameField(table, "summary", "summary_es"),
            migrations.AlterField(
                table,
                "summary_es",
                models.TextField(blank=True, verbose_name="summary (Spanish)"),
            ),
            migrations.AddField(
                table,
                "summary_en",
                models.TextField(blank=True, verbose_name="summary (English)"),
            ),
        ]
    return operations


class Migration(migrations.Migration):
    dependencies = [
        ("coalition", "0002_representative_job_title_label"),
    ]

    operations = _operations()
