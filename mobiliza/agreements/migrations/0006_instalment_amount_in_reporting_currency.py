# Each instalment keeps its amount converted at its contribution's rate, so the totals add
# up in SQL what has been received.

from decimal import ROUND_HALF_UP, Decimal, localcontext

from babel.numbers import get_currency_precision
from django.db import migrations

import mobiliza.core.money


def convert_instalments(apps, schema_editor):
    Instalment = apps.get_model("agreements", "Instalment")
    changed = []
    for instalment in Instalment.objects.select_related("contribution").iterator(chunk_size=500):
        contribution = instalment.contribution
        if contribution.rate is None or not contribution.reporting_currency:
            continue
        places = int(get_currency_precision(contribution.reporting_currency))
        with localcontext() as context:
            context.prec = 60
            instalment.amount_reporting = (instalment.amount * contribution.rate).quantize(
                Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP
            )
        changed.append(instalment)
    Instalment.objects.bulk_update(changed, ["amount_reporting"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0005_uploads_checked_and_cleanly_named"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalinstalment",
            name="amount_reporting",
            field=mobiliza.core.money.MoneyField(
                blank=True,
                editable=False,
                null=True,
                scale=4,
                verbose_name="amount in the reporting currency",
            ),
        ),
        migrations.AddField(
            model_name="instalment",
            name="amount_reporting",
            field=mobiliza.core.money.MoneyField(
                blank=True,
                editable=False,
                null=True,
                scale=4,
                verbose_name="amount in the reporting currency",
            ),
        ),
        migrations.RunPython(convert_instalments, migrations.RunPython.noop),
    ]
