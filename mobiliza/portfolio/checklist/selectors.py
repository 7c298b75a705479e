"""Reads of the 8.4 checklist: the items, a version's answers and its readiness summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mobiliza.plan.models import ChecklistItem
from mobiliza.portfolio.checklist.models import Answer, ChecklistAnswer

# The two tables of appendix 8.4: the relevance and viability questions (1-13), answered
# Yes, No or N/A, then the coverage, consultants and budget questions (14-20).
GROUPS = ((1, 13), (14, 20))


@dataclass
class Readiness:
    """How far one version of a project's checklist is answered."""

    version: int
    total: int
    answered: int = 0
    yes: int = 0
    no: int = 0
    not_applicable: int = 0
    no_items: list[ChecklistItem] = field(default_factory=list)

    @property
    def missing(self) -> int:
        return max(self.total - self.answered, 0)

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.answered >= self.total


def checklist_items() -> list[ChecklistItem]:
    """The items of the checklist, in the strategy's order (one query)."""
    return list(ChecklistItem.objects.order_by("position", "number"))


def answers_of(project: Any, version: int | None = None) -> dict[int, ChecklistAnswer]:
    """The answers of ``version`` (the current sheet version by default), by item id."""
    version = project.sheet_version if version is None else version
    rows = ChecklistAnswer.objects.filter(project=project, sheet_version=version).select_related(
        "answered_by"
    )
    return {row.item_id: row for row in rows}


def readiness_of(
    project: Any,
    version: int | None = None,
    *,
    items: list[ChecklistItem] | None = None,
    answers: dict[int, ChecklistAnswer] | None = None,
) -> Readiness:
    """The summary of one version's checklist (two queries, or none when given the rows)."""
    version = project.sheet_version if version is None else version
    items = checklist_items() if items is None else items
    answers = answers_of(project, version) if answers is None else answers
    summary = Readiness(version=version, total=len(items))
    for item in items:
        row = answers.get(item.pk)
        if row is None:
            continue
        summary.answered += 1
        if row.answer == Answer.YES:
            summary.yes += 1
        elif row.answer == Answer.NO:
            summary.no += 1
            summary.no_items.append(item)
        else:
            summary.not_applicable += 1
    return summary


def past_versions(project: Any) -> list[int]:
    """The earlier versions of the sheet that have answers, newest first."""
    return list(
        ChecklistAnswer.objects.filter(project=project, sheet_version__lt=project.sheet_version)
        .order_by("-sheet_version")
        .values_list("sheet_version", flat=True)
        .distinct()
    )


def previous_answers(project: Any) -> tuple[int | None, dict[int, ChecklistAnswer]]:
    """The newest earlier version that has answers, and its answers by item id."""
    earlier = past_versions(project)
    if not earlier:
        return None, {}
    return earlier[0], answers_of(project, earlier[0])


@dataclass(frozen=True)
class Suggestion:
    """An answer the project's own fields suggest for an item, and why."""

    answer: str
    reason: str

    @property
    def label(self) -> str:
        return str(Answer(self.answer).label)


def suggestions_for(project: Any) -> dict[int, Suggestion]:
    """Answers suggested by the project's fields, by item number: coverage (14, 15) from
    its scope, consultants (16) from its consultancy calls, when the portfolio has them."""
    from django.apps import apps
    from django.utils.translation import gettext as _

    from mobiliza.portfolio.choices import Scope

    national = project.scope == Scope.NATIONAL
    scope = project.get_scope_display()
    reason = _("suggested from the project's scope (%(scope)s)") % {"scope": scope}
    result = {
        14: Suggestion(Answer.YES if national else Answer.NO, reason),
        15: Suggestion(Answer.NO if national else Answer.YES, reason),
    }
    name = "ConsultancyCall"  # the consultancy calls, when this build has them
    try:
        calls = apps.get_model("portfolio", name)
    except LookupError:
        return result
    if any(f.name == "project" for f in calls._meta.get_fields()):
        has_calls = calls._default_manager.filter(project=project).exists()
        result[16] = Suggestion(
            Answer.YES if has_calls else Answer.NO,
            _("suggested from the project's consultancy calls")
            if has_calls
            else _("the project has no consultancy call"),
        )
    return result
