"""The matching ranks the labelled set as the Secretariat would (matching_cases.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from mobiliza.directory.models import Partner
from mobiliza.portfolio.matching.scoring import rank_partners
from mobiliza.portfolio.tests import matching_cases as cases

pytestmark = pytest.mark.django_db


def test_the_labelled_set_puts_the_right_partners_first_and_the_wrong_ones_out_of_the_ten(
    cast, capsys
):
    partners, projects = cases.build()
    by_id = {p.pk: key for key, p in partners.items()}
    labelled = Partner.objects.filter(pk__in=by_id)
    secretariat = cast("secretariat")
    precisions = []
    intruders = []
    shown_unfit = 0
    lines = []
    with translation.override("en"):
        for key, project in projects.items():
            ranking = rank_partners(project, secretariat, on=cases.ON, partners=labelled)
            order = [by_id[m.partner.pk] for m in ranking]
            must = cases.MUST_TOP3[key]
            precisions.append(Decimal(len(must & set(order[:3]))) / Decimal(len(must)))
            found = cases.MUST_NOT_TOP10[key] & set(order[:10])
            # Partners that cannot fit are listed after the others, never hidden: when
            # fewer than ten fit, some are in the ten, marked "does not fit".
            recommended = {by_id[m.partner.pk] for m in ranking[:10] if m.fits}
            intruders += [(key, name) for name in sorted(found & recommended)]
            shown_unfit += len(found - recommended)
            lines.append(f"{key}: top three {order[:3]}; must-not in the ten {sorted(found)}")
    precision = sum(precisions) / len(precisions)
    with capsys.disabled():
        print("\n" + "\n".join(lines))
        print(
            f"matching: precision of the top three {precision:.2f} over {len(projects)} "
            f"projects; must-not partners in the first ten: {len(intruders)} marked as "
            f"fitting, {shown_unfit} marked as not fitting"
        )
    assert len(partners) >= 30 and len(projects) >= 10
    assert precision >= cases.PRECISION_THRESHOLD, lines
    assert len(intruders) <= cases.MUST_NOT_ALLOWED, intruders
