"""What a meeting agreed is kept in Spanish and in English.

The text becomes two columns, ``text_es`` and ``text_en``, read in the reader's language
through ``Translated`` (with the "translation missing" mark). The text already written is
kept in the Spanish column (the old column is renamed, so nothing is lost); the English
column starts empty. One of the two must be written (the model's ``clean()``).
"""

from django.db import migrations, models


def _operations():
    operations = []
    for table in ("meetingagreement", "historicalmeetingagreement"):
        operations += [
            migrations.RenameField(table, "text", "text_es"),
            migrations.AlterField(
                table,
                "text_es",
                models.TextField(blank=True, verbose_name="agreement (Spanish)"),
            ),
            migrations.AddField(
                table,
                "text_en",
                models.TextField(blank=True, verbose_name="agreement (English)"),
            ),
        ]
    return operations


class Migration(migrations.Migration):
    dependencies = [
        ("coalition", "0003_meeting_summary_in_both_languages"),
    ]

    operations = _operations()
