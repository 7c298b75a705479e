# The free-text project of a contribution is renamed, to make room for the link to a
# project of the portfolio; agreements get the link too. The portfolio's migration
# 0002 turns the texts into projects; 0009 then drops the text.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('agreements', '0007_acknowledgement_reference_and_city'),
        ('portfolio', '0001_projects_and_their_financing'),
    ]

    operations = [
        migrations.RenameField(
            model_name='contribution',
            old_name='project',
            new_name='project_name',
        ),
        migrations.RenameField(
            model_name='historicalcontribution',
            old_name='project',
            new_name='project_name',
        ),
        migrations.AddField(
            model_name='contribution',
            name='project',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='contributions', to='portfolio.project', verbose_name='project or initiative'),
        ),
        migrations.AddField(
            model_name='historicalcontribution',
            name='project',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='portfolio.project', verbose_name='project or initiative'),
        ),
        migrations.AddField(
            model_name='agreement',
            name='project',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='agreements', to='portfolio.project', verbose_name='project or initiative'),
        ),
        migrations.AddField(
            model_name='historicalagreement',
            name='project',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='portfolio.project', verbose_name='project or initiative'),
        ),
    ]
