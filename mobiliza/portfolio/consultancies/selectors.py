"""Reads of the consultancy calls: the call's page (its applicants for those who may read
them, the scores as a matrix with the ranking), in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from mobiliza.core.permissions import actor_for, can, restrict
from mobiliza.portfolio.consultancies.models import (
    Applicant,
    ApplicantDocument,
    ApplicantScore,
    ConsultancyCall,
    FilterDecision,
)


def calls_with_counts(queryset: QuerySet) -> QuerySet:
    """Calls with ``applicant_count``: every reader of a call may know how many applied."""
    # A grouped query drops the model's ordering: it is named again.
    return queryset.annotate(applicant_count=Count("applicants", distinct=True)).order_by(
        "-opens_on", "pk"
    )


@dataclass
class Row:
    applicant: Applicant
    cells: list[Any]
    total: Decimal | None
    average: Decimal | None
    rank: int | None = None


@dataclass
class StateColumn:
    state: Any
    scored: int = 0
    total: Decimal = Decimal(0)
    average: Decimal | None = None


@dataclass
class Matrix:
    states: list[StateColumn] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return bool(self.rows) and all(all(c is not None for c in r.cells) for r in self.rows)


def _two(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def score_matrix(call: ConsultancyCall, applicants: list[Applicant]) -> Matrix:
    """The scores of the applicants who passed the first filter, by evaluating state: each
    applicant's total and average, each state's, and the ranking by average."""
    states = list(call.sent_to.all())
    matrix = Matrix(states=[StateColumn(state) for state in states])
    for applicant in applicants:
        if applicant.passed_first_filter != FilterDecision.YES:
            continue
        by_state = {s.member_state_id: s for s in applicant.scores.all()}
        cells = [by_state.get(state.pk) for state in states]
        given = [c.score for c in cells if c is not None]
        for column, cell in zip(matrix.states, cells, strict=True):
            if cell is not None:
                column.scored += 1
                column.total += cell.score
        total = sum(given, Decimal(0)) if given else None
        average = _two(total / len(given)) if total is not None else None
        matrix.rows.append(Row(applicant, cells, total, average))
    for column in matrix.states:
        if column.scored:
            column.average = _two(column.total / column.scored)
    ranked = sorted(
        (r for r in matrix.rows if r.average is not None),
        key=lambda r: (-r.average, r.applicant.full_name),  # type: ignore[operator]
    )
    for position, row in enumerate(ranked, start=1):
        row.rank = position
    matrix.rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.applicant.full_name))
    return matrix


def call_page(call: ConsultancyCall, user: Any) -> dict[str, Any]:
    """What the call's page shows to ``user`` besides the call's fields."""
    readable = restrict(Applicant.objects.filter(call=call), user, "view").prefetch_related(
        Prefetch(
            "documents",
            restrict(ApplicantDocument.objects.all(), user, "view"),
        ),
        Prefetch(
            "scores",
            restrict(ApplicantScore.objects.select_related("member_state"), user, "view"),
        ),
    )
    applicants = list(readable)
    may_change = can(user, "change", call)
    actor = actor_for(user)
    sent_ids = {s.pk for s in call.sent_to.all()}
    # The managers enter any state's scores; a focal point, its own state's.
    may_score = call.state == "sent" and (
        actor.manages_everything or (actor.is_focal_point and actor.member_state_id in sent_ids)
    )
    return {
        "applicants": applicants,
        "applicant_count": call.applicants.count(),
        "may_read_applicants": bool(applicants) or may_change,
        "may_change_call": may_change,
        "matrix": score_matrix(call, applicants) if call.state in ("sent", "selected") else None,
        "may_score": may_score,
        "second_call": ConsultancyCall.objects.filter(first_call=call).first(),
    }
