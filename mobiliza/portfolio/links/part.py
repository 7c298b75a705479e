"""The links section of a project's page (see ../parts.py): the opportunities, agreements
and contributions that point to the project, those the reader may see only, with what
they add up to in the reporting currency.

Sought is what the open opportunities expect; committed and received are the
contributions' sums as the totals page counts them (``agreements.selectors``). Each list
shows its first rows and links to the whole list filtered by the project; the section
reads in seven queries, whatever the rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.urls import reverse

from mobiliza.agreements.models import Agreement, Contribution
from mobiliza.agreements.selectors import contribution_sums
from mobiliza.core.money import format_money, reporting_currency
from mobiliza.core.permissions import can, restrict
from mobiliza.pipeline.choices import Outcome
from mobiliza.pipeline.models import Opportunity
from mobiliza.portfolio.parts import Part, register

# The rows each list shows; the rest are on the list page, filtered by the project.
SHOWN = 20


@dataclass(frozen=True)
class Linked:
    """One kind of record pointing to the project: the rows shown and how many there are."""

    rows: list[Any]
    count: int
    list_url: str
    add_url: str | None

    @property
    def more(self) -> int:
        return max(self.count - len(self.rows), 0)


def _money(amount: Decimal | None, currency: str) -> str:
    return format_money(amount, currency) if amount is not None and currency else "—"


def _linked(
    queryset: QuerySet, *, user: Any, list_name: str, add_name: str, project: Any
) -> tuple[QuerySet, list[Any], str, str | None]:
    model = queryset.model
    visible = restrict(queryset, user, "view")
    rows = list(visible[:SHOWN])
    list_url = f"{reverse(list_name)}?project={project.pk}"
    add_url = None
    if can(user, "add", model=model):
        add_url = f"{reverse(add_name)}?project={project.pk}"
    return visible, rows, list_url, add_url


def context(project: Any, request: Any) -> dict[str, Any] | None:
    user = request.user
    currency = reporting_currency()

    opportunities, rows, list_url, add_url = _linked(
        Opportunity.objects.filter(project=project)
        .select_related("partner", "step")
        .order_by("outcome", "-updated_at", "-pk"),
        user=user,
        list_name="pipeline:opportunity_list",
        add_name="pipeline:opportunity_add",
        project=project,
    )
    figures = opportunities.order_by().aggregate(
        count=Count("pk"),
        sought=Sum(
            "expected_amount_reporting",
            filter=Q(outcome=Outcome.OPEN, expected_amount_reporting__isnull=False),
        ),
    )
    opportunity_rows = [
        {"record": o, "amount": _money(o.expected_amount, o.currency)} for o in rows
    ]

    agreements, agreement_rows, agreement_list, agreement_add = _linked(
        Agreement.objects.filter(project=project)
        .select_related("partner")
        .order_by("-signed_on", "-pk"),
        user=user,
        list_name="agreements:agreement_list",
        add_name="agreements:agreement_add",
        project=project,
    )
    agreement_count = agreements.order_by().count()

    contributions, contribution_rows, contribution_list, contribution_add = _linked(
        Contribution.objects.filter(project=project)
        .select_related("kind", "partner", "member_state")
        .order_by("-value_date", "-pk"),
        user=user,
        list_name="agreements:contribution_list",
        add_name="agreements:contribution_add",
        project=project,
    )
    sums = contribution_sums(contributions)

    return {
        "links": {
            "project": project,
            "currency": currency,
            "opportunities": Linked(opportunity_rows, figures["count"] or 0, list_url, add_url),
            "agreements": Linked(agreement_rows, agreement_count, agreement_list, agreement_add),
            "contributions": Linked(
                [{"record": c, "amount": _money(c.amount, c.currency)} for c in contribution_rows],
                sums.count,
                contribution_list,
                contribution_add,
            ),
            "sought": format_money(figures["sought"] or Decimal(0), currency),
            "committed": format_money(sums.committed, currency),
            "received": format_money(sums.received, currency),
            "unconverted": sums.unconverted,
            "totals": {
                "sought": figures["sought"] or Decimal(0),
                "committed": sums.committed,
                "received": sums.received,
            },
        }
    }


register(Part("links", "portfolio/_links_section.html", context, order=60))
