"""Reads of agreements and contributions: what a user may see, and the "resources mobilized".

The totals are added up by the database (``GROUP BY`` with conditional sums) over the
converted amounts the services stored, rounded to the reporting currency's cents, so a
grand total is exactly the sum of its rows. Each grouping is one query, whatever the
number of contributions; the bench and the reports reuse :func:`contribution_totals`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext_lazy as _

from mobiliza.agreements.choices import AgreementStatus, ContributionStatus
from mobiliza.agreements.models import (
    GOODS_SERVICES,
    HUMAN,
    Acknowledgement,
    Agreement,
    AgreementDocument,
    Contribution,
    Deadline,
    Instalment,
)
from mobiliza.coalition.models import MemberState
from mobiliza.core.money import MoneyField, format_money, reporting_currency
from mobiliza.core.permissions import restrict
from mobiliza.directory.models import Partner
from mobiliza.plan.models import ResourceCategory, ResourceKind, SourceType, StrategicAxis

# The source type (3.2.1) under which a member state's own contributions are counted.
OWN_SOURCE_CODE = "member-states"
TOP_PARTNERS = 20
STATUSES = (ContributionStatus.PLEDGED, ContributionStatus.COMMITTED, ContributionStatus.RECEIVED)
ZERO = Decimal(0)


def agreement_list(*, user: Any) -> QuerySet[Agreement]:
    return restrict(Agreement.objects.all(), user, "view")


def contribution_list(*, user: Any) -> QuerySet[Contribution]:
    return restrict(Contribution.objects.all(), user, "view")


@dataclass
class CurrencyTotal:
    currency: str
    amount: Decimal
    count: int

    @property
    def display(self) -> str:
        return format_money(self.amount, self.currency)


def totals_by_currency(contributions: QuerySet[Contribution]) -> list[CurrencyTotal]:
    """The amounts of ``contributions`` added up per currency (never across currencies)."""
    rows = (
        contributions.order_by()
        .values("currency")
        .annotate(amount=Sum("amount"), count=Count("pk"))
        .order_by("currency")
    )
    return [CurrencyTotal(r["currency"], r["amount"] or ZERO, r["count"]) for r in rows]


def reporting_total(contributions: QuerySet[Contribution]) -> Decimal:
    """The converted amounts of ``contributions`` in the reporting currency, added up."""
    total = contributions.filter(reporting_currency=reporting_currency()).aggregate(
        total=Sum("amount_reporting")
    )["total"]
    return total or ZERO


# --- resources mobilized ------------------------------------------------------------------


@dataclass
class TotalRow:
    """One line of a totals table: pledged, committed and received, and their sum."""

    label: Any
    pledged: Decimal = ZERO
    committed: Decimal = ZERO
    received: Decimal = ZERO
    total: Decimal = ZERO
    count: int = 0
    people: int = 0
    person_months: Decimal = ZERO
    quantity: Decimal = ZERO
    key: Any = None
    url: str | None = None
    currency: str = ""
    # Widths of the stacked bar (in hundredths of the widest row), set by the table.
    bars: list[tuple[Any, ...]] = field(default_factory=list)

    @classmethod
    def from_values(
        cls, label: Any, values: dict[str, Any], currency: str, **extra: Any
    ) -> TotalRow:
        return cls(
            label=label,
            pledged=values.get("pledged") or ZERO,
            committed=values.get("committed") or ZERO,
            received=values.get("received") or ZERO,
            total=values.get("total") or ZERO,
            count=values.get("count") or 0,
            people=values.get("people") or 0,
            person_months=values.get("person_months") or ZERO,
            quantity=values.get("quantity") or ZERO,
            currency=currency,
            **extra,
        )

    def minus(self, others: Iterable[TotalRow], label: Any) -> TotalRow:
        """What is left of this row once ``others`` are taken away (exact: Decimal)."""
        rest = TotalRow(label=label, currency=self.currency)
        for name in ("pledged", "committed", "received", "total", "count", "people"):
            setattr(rest, name, getattr(self, name) - sum(getattr(o, name) for o in others))
        rest.person_months = self.person_months - sum((o.person_months for o in others), ZERO)
        rest.quantity = self.quantity - sum((o.quantity for o in others), ZERO)
        return rest

    def by_status(self) -> list[tuple[str, Decimal]]:
        return [(s.value, getattr(self, s.value)) for s in STATUSES]

    def money(self, name: str) -> str:
        return format_money(getattr(self, name), self.currency)

    @property
    def pledged_display(self) -> str:
        return self.money("pledged")

    @property
    def committed_display(self) -> str:
        return self.money("committed")

    @property
    def received_display(self) -> str:
        return self.money("received")

    @property
    def total_display(self) -> str:
        return self.money("total")


@dataclass
class TotalTable:
    key: str
    title: Any
    rows: list[TotalRow]
    total: TotalRow
    # Human resources and goods: show people, person-months and quantity columns.
    show_units: bool = False
    chart: bool = True

    def __post_init__(self) -> None:
        # Percentages of the widest row (SVG attributes); Decimal, as everything near money.
        top = max((row.total for row in self.rows), default=ZERO)
        hundredth = Decimal("0.01")
        for row in self.rows:
            x = ZERO
            row.bars = []
            for status, amount in row.by_status():
                width = (100 * amount / top).quantize(hundredth) if top > 0 else ZERO
                row.bars.append((status, x, width))
                x += width

    @property
    def rows_sum(self) -> Decimal:
        return sum((row.total for row in self.rows), ZERO)


@dataclass
class UnitRow:
    unit: str
    quantity: Decimal
    count: int


@dataclass
class Totals:
    currency: str
    grand: TotalRow
    tables: list[TotalTable]
    goods_by_unit: list[UnitRow]
    # Contributions left out because they have no amount in the reporting currency.
    unconverted: int


def received_in_reporting() -> Case:
    """What a contribution has received, in the reporting currency, as an SQL expression.

    The same figure as :meth:`Contribution.received_amount` (converted at the
    contribution's rate): with instalments, those received (their converted amounts,
    kept by the services; all of them received is the whole converted amount, so no
    cent is lost to rounding); without, the whole amount once the contribution is
    received, else nothing.
    """
    instalments = Instalment.objects.filter(contribution=OuterRef("pk")).order_by()
    arrived = instalments.filter(received_on__isnull=False).values("contribution")
    arrived_own = arrived.annotate(units=Sum("amount")).values("units")
    arrived_reporting = arrived.annotate(units=Sum("amount_reporting")).values("units")
    money = MoneyField()
    return Case(
        When(
            ~Exists(instalments),
            then=Case(
                When(status=ContributionStatus.RECEIVED, then=F("amount_reporting")),
                default=Value(ZERO, output_field=money),
            ),
        ),
        When(amount=Subquery(arrived_own), then=F("amount_reporting")),
        default=Coalesce(
            Subquery(arrived_reporting, output_field=money), Value(ZERO, output_field=money)
        ),
        output_field=money,
    )


def _aggregates() -> dict[str, Any]:
    """The sums of one totals row. What has been received counts as received whatever the
    contribution's status; the rest of it counts under its status (pledged or committed;
    the rest of a contribution marked received whose instalments have not all arrived
    counts as committed), so pledged + committed + received is the whole amount."""
    money = "amount_reporting"
    received = received_in_reporting()
    rest = ExpressionWrapper(F(money) - received, output_field=MoneyField())
    committed = Q(status__in=(ContributionStatus.COMMITTED, ContributionStatus.RECEIVED))
    return {
        "pledged": Sum(rest, filter=Q(status=ContributionStatus.PLEDGED)),
        "committed": Sum(rest, filter=committed),
        "received": Sum(received),
        "total": Sum(money),
        "count": Count("pk"),
        "people": Sum("people", filter=Q(kind__code=HUMAN)),
        "person_months": Sum("person_months", filter=Q(kind__code=HUMAN)),
        "quantity": Sum("quantity", filter=Q(kind__code=GOODS_SERVICES)),
    }


def _grouped(contributions: QuerySet[Contribution], by: Any) -> dict[Any, dict[str, Any]]:
    """``{group value: sums}``: one ``GROUP BY`` query."""
    queryset: Any
    if isinstance(by, str):
        queryset = contributions.order_by().values(group=F(by))
    else:
        queryset = contributions.order_by().annotate(group=by).values("group")
    return {row["group"]: row for row in queryset.annotate(**_aggregates())}


def source_type_of_contribution() -> Case:
    """Own contributions count under the member states' source type, others under their
    partner's; usable in ``annotate`` and ``filter``."""
    return Case(
        When(is_own_contribution=True, then=Value(OWN_SOURCE_CODE)),
        default=F("partner__source_type__code"),
        output_field=CharField(),
    )


def contribution_totals(
    *,
    user: Any,
    year: int | None = None,
    member_state: MemberState | None = None,
    status: str | None = None,
    link: Callable[..., str] | None = None,
) -> Totals:
    """The resources mobilized that ``user`` may see, in the reporting currency.

    Grouped by kind, category, source type, strategic axis, member state, partner (the
    20 largest and the rest) and year of the value date; each row split by status.
    ``link(**params)`` gives the address of the contribution list filtered to a row.
    Runs a fixed number of queries (about a dozen) whatever the number of contributions.
    """
    currency = reporting_currency()
    contributions = contribution_list(user=user)
    if year:
        contributions = contributions.filter(value_date__year=year)
    if member_state is not None:
        contributions = contributions.filter(member_state=member_state)
    if status:
        contributions = contributions.filter(status=status)
    unconverted = (
        contributions.filter(Q(amount_reporting__isnull=True) | ~Q(reporting_currency=currency))
        .order_by()
        .count()
    )
    converted = contributions.filter(amount_reporting__isnull=False, reporting_currency=currency)

    def url(**params: Any) -> str | None:
        return link(**params) if link else None

    grand = TotalRow.from_values(
        _("Total"), converted.order_by().aggregate(**_aggregates()), currency
    )
    not_stated = _("Not stated")

    def table(
        key: str,
        title: Any,
        grouped: dict[Any, dict[str, Any]],
        items: Iterable[tuple[Any, Any, str | None]],
        *,
        keep_empty: bool,
        missing_label: Any = not_stated,
        show_units: bool = False,
    ) -> TotalTable:
        rows = []
        for value, label, address in items:
            values = grouped.pop(value, None)
            if values is None and not keep_empty:
                continue
            rows.append(TotalRow.from_values(label, values or {}, currency, key=value, url=address))
        if None in grouped:
            rows.append(TotalRow.from_values(missing_label, grouped.pop(None), currency))
        # Whatever is left names something no longer configured: still counted.
        for value, values in grouped.items():
            rows.append(TotalRow.from_values(str(value), values, currency, key=value))
        return TotalTable(key, title, rows, grand, show_units=show_units)

    tables = []

    by_kind = _grouped(converted, "kind")
    kinds = list(ResourceKind.objects.order_by("position"))
    tables.append(
        table(
            "kind",
            _("By kind of resource"),
            by_kind,
            ((k.pk, k.name, url(kind=k.code)) for k in kinds),
            keep_empty=True,
            show_units=True,
        )
    )

    by_category = _grouped(converted, "category")
    categories = ResourceCategory.objects.select_related("kind").order_by(
        "kind__position", "position"
    )
    tables.append(
        table(
            "category",
            _("By category"),
            by_category,
            ((c.pk, c, url(category=c.pk)) for c in categories),
            keep_empty=False,
        )
    )

    by_source = _grouped(converted, source_type_of_contribution())
    sources = list(SourceType.objects.order_by("position"))
    source_items = [(s.code, s.name, url(source_type=s.code)) for s in sources]
    if OWN_SOURCE_CODE not in {s.code for s in sources}:
        source_items.insert(
            0, (OWN_SOURCE_CODE, _("Member states' own contributions"), url(own="true"))
        )
    tables.append(
        table("source_type", _("By source type"), by_source, source_items, keep_empty=True)
    )

    by_axis = _grouped(converted, "axis")
    tables.append(
        table(
            "axis",
            _("By strategic axis"),
            by_axis,
            ((a.pk, a.name, url(axis=a.code)) for a in StrategicAxis.objects.order_by("position")),
            keep_empty=True,
        )
    )

    by_state = _grouped(converted, "member_state")
    tables.append(
        table(
            "member_state",
            _("By member state"),
            by_state,
            ((s.pk, s.name, url(country=s.code)) for s in MemberState.objects.order_by("position")),
            keep_empty=True,
            missing_label=_("Regional"),
        )
    )

    grouped_by_partner: Any = converted.order_by().values(group=F("partner"))
    top = list(
        grouped_by_partner.annotate(**_aggregates()).order_by("-total", "group")[:TOP_PARTNERS]
    )
    partners = Partner.objects.in_bulk([r["group"] for r in top if r["group"] is not None])
    partner_rows = []
    for values in top:
        pk = values["group"]
        if pk is None:
            label: Any = _("No partner (member states' own contributions)")
            address = url(own="true")
        else:
            label, address = partners[pk], url(partner=pk)
        partner_rows.append(TotalRow.from_values(label, values, currency, key=pk, url=address))
    rest = grand.minus(partner_rows, _("Other partners"))
    if rest.count:
        partner_rows.append(rest)
    tables.append(
        TotalTable(
            "partner",
            _("By partner (the %(count)s largest)") % {"count": TOP_PARTNERS},
            partner_rows,
            grand,
        )
    )

    by_year = _grouped(converted, ExtractYear("value_date"))
    tables.append(
        table(
            "year",
            _("By year"),
            by_year,
            ((y, str(y), url(year=y)) for y in sorted(k for k in by_year if k is not None)),
            keep_empty=False,
        )
    )

    goods_by_unit = [
        UnitRow(r["unit"] or "—", r["quantity"] or ZERO, r["count"])
        for r in converted.filter(kind__code=GOODS_SERVICES)
        .order_by()
        .values("unit")
        .annotate(quantity=Sum("quantity"), count=Count("pk"))
        .order_by("unit")
    ]
    return Totals(
        currency=currency,
        grand=grand,
        tables=tables,
        goods_by_unit=goods_by_unit,
        unconverted=unconverted,
    )


# --- resources mobilized, cached ----------------------------------------------------------


# What the resources-mobilized figures read (checked whenever they are computed).
TOTALS_DEPEND_ON = (
    Contribution,
    Instalment,
    Partner,
    MemberState,
    SourceType,
    ResourceKind,
    ResourceCategory,
    StrategicAxis,
)


def cached_contribution_totals(
    *,
    user: Any,
    year: int | None = None,
    member_state: MemberState | None = None,
    status: str | None = None,
    link: Callable[..., str] | None = None,
    link_key: str = "",
) -> tuple[Totals, list[int]]:
    """:func:`contribution_totals` and the years that have contributions, from the cache
    until a table it reads changes (see :mod:`mobiliza.core.freshness`).

    ``link_key`` names what ``link`` depends on besides the filters (the language of the
    addresses). Cached per scope of reader, so a partner viewer never gets another's.
    ``TOTALS_DEPEND_ON`` lists the models it reads; its test checks the list is whole.
    """
    from django.utils.translation import get_language

    from mobiliza.core.freshness import cached

    def compute() -> tuple[Totals, list[int]]:
        totals = contribution_totals(
            user=user, year=year, member_state=member_state, status=status, link=link
        )
        years = sorted(
            {d.year for d in contribution_list(user=user).dates("value_date", "year")},
            reverse=True,
        )
        return totals, years

    return cached(
        "totals",
        (
            year,
            member_state.pk if member_state is not None else "",
            status or "",
            get_language(),
            reporting_currency(),
            link_key,
        ),
        TOTALS_DEPEND_ON,
        compute,
        user=user,
    )


# --- figures for the home pages -----------------------------------------------------------


@dataclass(frozen=True)
class ContributionSummary:
    """How many contributions a reader may see, and what they add up to in the reporting
    currency: the same sums as the totals page's grand total for the same filters."""

    currency: str
    count: int
    total: Decimal
    received: Decimal
    # Contributions with no amount in the reporting currency (not in ``total``).
    unconverted: int

    @property
    def total_display(self) -> str:
        return format_money(self.total, self.currency)

    @property
    def received_display(self) -> str:
        return format_money(self.received, self.currency)


def contribution_summary(
    *, user: Any, year: int | None = None, member_state: MemberState | None = None
) -> ContributionSummary:
    """The resources mobilized that ``user`` may see, as :func:`contribution_totals` adds
    them up (same filters, same sums), in two queries."""
    currency = reporting_currency()
    contributions = contribution_list(user=user)
    if year:
        contributions = contributions.filter(value_date__year=year)
    if member_state is not None:
        contributions = contributions.filter(member_state=member_state)
    converted = Q(amount_reporting__isnull=False, reporting_currency=currency)
    # The grand total's own sums (see contribution_totals), so both pages say the same.
    values = contributions.filter(converted).order_by().aggregate(**_aggregates())
    unconverted = contributions.exclude(converted).order_by().count()
    return ContributionSummary(
        currency=currency,
        count=(values["count"] or 0) + unconverted,
        total=values["total"] or ZERO,
        received=values["received"] or ZERO,
        unconverted=unconverted,
    )


@dataclass(frozen=True)
class ContributionSums:
    """Contributions added up in the reporting currency as the totals page counts them:
    what has arrived is received, the rest of a committed one committed."""

    currency: str
    pledged: Decimal
    committed: Decimal
    received: Decimal
    total: Decimal
    # Every contribution, and those with no amount in the reporting currency (in none
    # of the sums).
    count: int
    unconverted: int


def contribution_sums(contributions: QuerySet[Contribution]) -> ContributionSums:
    """The sums of ``contributions`` (already restricted to what the reader may see), in
    two queries."""
    currency = reporting_currency()
    converted = Q(amount_reporting__isnull=False, reporting_currency=currency)
    values = contributions.filter(converted).order_by().aggregate(**_aggregates())
    unconverted = contributions.exclude(converted).order_by().count()
    return ContributionSums(
        currency=currency,
        pledged=values["pledged"] or ZERO,
        committed=values["committed"] or ZERO,
        received=values["received"] or ZERO,
        total=values["total"] or ZERO,
        count=(values["count"] or 0) + unconverted,
        unconverted=unconverted,
    )


@dataclass(frozen=True)
class AgreementSummary:
    signed_this_year: int
    signed: int  # ever signed (a signature date)
    in_force: int
    total: int


def agreement_summary(*, user: Any, year: int) -> AgreementSummary:
    """The agreements ``user`` may see: signed in ``year``, in force, all; one query."""
    values = (
        agreement_list(user=user)
        .order_by()
        .aggregate(
            signed_this_year=Count("pk", filter=Q(signed_on__year=year)),
            signed=Count("pk", filter=Q(signed_on__isnull=False)),
            in_force=Count("pk", filter=Q(status=AgreementStatus.IN_FORCE)),
            total=Count("pk"),
        )
    )
    return AgreementSummary(
        values["signed_this_year"], values["signed"], values["in_force"], values["total"]
    )


@dataclass(frozen=True)
class DeadlineSummary:
    """The deadlines not yet delivered: how many are overdue, how many fall due within
    ``within`` days, and the first few of both (overdue first)."""

    overdue: int
    due: int
    within: int
    first: list[Deadline]


def deadline_due_summary(
    *,
    user: Any,
    today: datetime.date,
    within: int = 30,
    member_state: MemberState | None = None,
    limit: int = 5,
    list_later: bool = False,
) -> DeadlineSummary:
    """What is owed soon or late among the deadlines ``user`` may see, in two queries.

    The first few listed are those overdue or due within ``within`` days, or, with
    ``list_later``, the next ones whenever they fall due.
    """
    until = today + datetime.timedelta(days=within)
    pending = restrict(Deadline.objects.filter(delivered_on__isnull=True), user, "view")
    if member_state is not None:
        pending = pending.filter(obligation__member_state=member_state)
    counts = pending.order_by().aggregate(
        overdue=Count("pk", filter=Q(due_on__lt=today)),
        due=Count("pk", filter=Q(due_on__gte=today, due_on__lte=until)),
    )
    listed = pending if list_later else pending.filter(due_on__lte=until)
    first = list(
        listed.select_related("obligation", "obligation__partner").order_by("due_on", "pk")[:limit]
    )
    return DeadlineSummary(counts["overdue"], counts["due"], within, first)


def agreement_document_list(*, user: Any, limit: int = 5) -> list[AgreementDocument]:
    """The newest agreement documents ``user`` may read (a partner viewer: its own)."""
    return list(
        restrict(AgreementDocument.objects.select_related("agreement"), user, "view").order_by(
            "-created_at", "-pk"
        )[:limit]
    )


def acknowledgement_list(*, user: Any, limit: int = 5) -> list[Acknowledgement]:
    """The newest thank-you letters sent that ``user`` may read (a partner: its own)."""
    return list(
        restrict(Acknowledgement.objects.select_related("contribution"), user, "view").order_by(
            "-sent_on", "-pk"
        )[:limit]
    )
