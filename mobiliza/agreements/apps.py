from __future__ import annotations

import datetime
from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _convert_again(currency: str, since: datetime.date, user: Any) -> int:
    from mobiliza.agreements.services import recompute_conversions

    return recompute_conversions(currency, since, user=user)


def _mobilized(opportunities: Any, user: Any) -> Any:
    from django.db.models import Q

    from mobiliza.agreements.models import Contribution
    from mobiliza.agreements.selectors import reporting_total
    from mobiliza.core.permissions import restrict

    # Through an opportunity: recorded under it, or under an agreement that came from it
    # (the demo's framework agreement came from IOM's opportunity, its contributions not).
    chosen = opportunities.values("pk")
    contributions = restrict(Contribution.objects.all(), user, "view")
    return reporting_total(
        contributions.filter(Q(opportunity__in=chosen) | Q(agreement__opportunity__in=chosen))
    )


def _contributions_at(currency: str, rate_date: datetime.date) -> int:
    from mobiliza.agreements.models import Contribution

    return Contribution.objects.filter(currency=currency, rate_date=rate_date).count()


class AgreementsConfig(AppConfig):
    name = "mobiliza.agreements"
    label = "agreements"
    verbose_name = _("Agreements and contributions")

    def ready(self) -> None:
        # Contributions (and open opportunities) keep amounts converted through the rate
        # table, which lives in core. Core imports no capability app, so this app tells
        # core's rate services what to convert again and which rates are in use.
        from mobiliza.agreements.models import Agreement, Contribution
        from mobiliza.agreements.services import follow_source
        from mobiliza.core.rates.services import RateFollower, follow_rates
        from mobiliza.pipeline.selectors import Mobilized, count_mobilized
        from mobiliza.pipeline.services import follow_opportunities

        follow_rates(
            RateFollower(
                name="agreements.contributions",
                convert_again=_convert_again,
                count_using=_contributions_at,
            )
        )
        # An opportunity's reporting obligations keep its partner and country.
        follow_opportunities("agreements.obligations", follow_source)
        # The board adds up what its opportunities mobilized: their contributions.
        count_mobilized(
            "agreements.contributions",
            Mobilized(models=(Contribution, Agreement), total=_mobilized),
        )
