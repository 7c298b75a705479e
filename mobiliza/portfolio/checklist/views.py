"""The checklist's page (one per project and sheet version) and the warning about similar
projects shown while a project's name is typed."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from mobiliza.core.pages import may, page_requires
from mobiliza.core.permissions import can, restrict
from mobiliza.core.services import ConflictError
from mobiliza.portfolio.checklist import selectors, services
from mobiliza.portfolio.checklist.forms import item_forms
from mobiliza.portfolio.initiatives.similarity import similar_projects
from mobiliza.portfolio.models import Project

SIMILAR_ITEM = 5


def similar_to(project: Project) -> list[Any]:
    """The projects and initiatives like ``project`` (checklist item 5)."""
    return similar_projects(
        name_es=project.name_es,
        name_en=project.name_en,
        description_es=project.description_es,
        description_en=project.description_en,
        exclude_pk=project.pk,
    )


def _rows(project: Project, items: list[Any], forms: list[Any] | None, answers: dict) -> list[dict]:
    suggestions = selectors.suggestions_for(project) if forms is not None else {}
    rows = []
    for index, item in enumerate(items):
        rows.append(
            {
                "item": item,
                "answer": answers.get(item.pk),
                "form": forms[index] if forms is not None else None,
                "suggestion": suggestions.get(item.number),
            }
        )
    return rows


def _groups(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    titles = (
        _("Relevance and viability of the project"),
        _("Coverage, consultants and budget"),
    )
    groups: list[dict[str, Any]] = []
    for (first, last), title in zip(selectors.GROUPS, titles, strict=True):
        groups.append(
            {
                "title": title,
                "first": first,
                "last": last,
                "rows": [r for r in rows if first <= r["item"].number <= last],
            }
        )
    grouped = {id(r) for g in groups for r in g["rows"]}
    rest = [r for r in rows if id(r) not in grouped]
    if rest:
        groups.append({"title": _("Other items"), "rows": rest})
    return groups


@login_required
@page_requires(may("view", Project))
def checklist(request: HttpRequest, pk: int) -> HttpResponse:
    """The 8.4 checklist of the project's current sheet version (answered here by those who
    may change the project), or of a past version (``?version=N``), read only."""
    project = get_object_or_404(
        restrict(Project.objects.all(), request.user, "view").select_related("member_state"),
        pk=pk,
    )
    may_change = can(request.user, "change", project)
    version = project.sheet_version
    asked = request.GET.get("version", "")
    if asked.isdigit() and 1 <= int(asked) < project.sheet_version:
        version = int(asked)
    current = version == project.sheet_version
    items = selectors.checklist_items()
    answers = selectors.answers_of(project, version)
    earlier_version, earlier = selectors.previous_answers(project) if current else (None, {})
    editing = current and may_change
    forms = None
    if request.method == "POST":
        if not editing:
            raise PermissionDenied
        forms = item_forms(items, data=request.POST)
        if all(form.is_valid() for form in forms):
            given = [
                services.Given(
                    item=form.item,
                    answer=form.cleaned_data["answer"],
                    comment=form.cleaned_data["comment"],
                )
                for form in forms
            ]
            try:
                services.checklist_answer(user=request.user, project=project, given=given)
            except (ValidationError, ConflictError) as error:
                messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            else:
                summary = selectors.readiness_of(project)
                messages.success(
                    request,
                    _("The checklist was saved: %(answered)s of %(total)s items answered.")
                    % {"answered": summary.answered, "total": summary.total},
                )
                return redirect(request.path)
    elif editing:
        initial: dict[int, dict] = {}
        suggestions = selectors.suggestions_for(project)
        for item in items:
            before = answers.get(item.pk) or earlier.get(item.pk)
            if before is not None:
                initial[item.pk] = {"answer": before.answer, "comment": before.comment}
            elif item.number in suggestions:
                initial[item.pk] = {"answer": suggestions[item.number].answer}
        forms = item_forms(items, initial=initial)
    rows = _rows(project, items, forms, answers)
    if current and earlier:
        for row in rows:
            if row["answer"] is None and row["item"].pk in earlier:
                row["carried"] = earlier_version
    summary = selectors.readiness_of(project, version, items=items, answers=answers)
    context = {
        "project": project,
        "version": version,
        "current": current,
        "editing": editing,
        "groups": _groups(rows),
        "summary": summary,
        "earlier_version": earlier_version if current else None,
        "past_versions": [v for v in selectors.past_versions(project) if v != version],
        "similar": similar_to(project),
        "similar_item": SIMILAR_ITEM,
    }
    return render(request, "portfolio/checklist/checklist.html", context)


@login_required
@page_requires(may("view", Project))
def similar_check(request: HttpRequest) -> HttpResponse:
    """The warning about similar projects, for the name typed in the project's form (htmx)."""
    query = request.GET
    exclude = query.get("project", "")
    found = similar_projects(
        name_es=query.get("name_es", "")[:300],
        name_en=query.get("name_en", "")[:300],
        description_es=query.get("description_es", "")[:4000],
        description_en=query.get("description_en", "")[:4000],
        exclude_pk=int(exclude) if exclude.isdigit() else None,
    )
    visible = set(
        restrict(Project.objects.all(), request.user, "view")
        .filter(pk__in=[s.project.pk for s in found])
        .values_list("pk", flat=True)
    )
    found = [s for s in found if s.project.pk in visible]
    return render(request, "portfolio/_similar_warning.html", {"similar": found, "confirm": False})
