"""What a project needs before the lifecycle's steps that depend on its sheet and checklist.

``Project.before_transition`` asks :func:`refuse_unready`, so the page, the API and the
board refuse the same step with the same message.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

# The steps that need the checklist of the current sheet version answered in full.
NEEDS_CHECKLIST = ("pass_checklist", "present")
MIN_PARAGRAPHS = 3


def paragraphs(text: str) -> int:
    """How many paragraphs ``text`` has: its non-empty lines."""
    return sum(1 for line in (text or "").splitlines() if line.strip())


def missing_essentials(project: Any) -> list[Any]:
    """What the technical sheet still lacks, as the labels to name (empty when complete)."""
    from mobiliza.portfolio.choices import Scope

    missing: list[Any] = []
    if not (project.name_es.strip() or project.name_en.strip()):
        missing.append(_("the name"))
    if not project.pk or not project.axes.exists():
        missing.append(_("at least one strategic axis"))
    if project.scope == Scope.NATIONAL and not project.member_state_id:
        missing.append(_("the member state of a national project"))
    if project.scope == Scope.REGIONAL and (not project.pk or not project.member_states.exists()):
        missing.append(_("the member states a regional project runs in"))
    if not (
        project.executing_partner_id or project.executing_body_id or project.executing_institution
    ):
        missing.append(_("the executing institution"))
    if not (project.beneficiaries_es.strip() or project.beneficiaries_en.strip()):
        missing.append(_("the beneficiaries"))
    if project.amount is None or not project.currency:
        missing.append(_("the amount with its currency"))
    if not (project.start_on or project.duration_months):
        missing.append(_("the start date or the duration"))
    if max(paragraphs(project.description_es), paragraphs(project.description_en)) < (
        MIN_PARAGRAPHS
    ):
        missing.append(_("a description of at least three paragraphs in one language"))
    return missing


def checklist_address(project: Any) -> str:
    try:
        return reverse("portfolio:checklist", args=[project.pk])
    except NoReverseMatch:  # pragma: no cover - the checklist's page is always there
        return ""


def refuse_unready(project: Any, transition: Any) -> None:
    """Raise ``ValidationError`` when ``project`` may not take ``transition`` yet."""
    name = getattr(transition, "name", transition)
    if name == "draft_sheet":
        missing = missing_essentials(project)
        if missing:
            raise ValidationError(
                _("The technical sheet is not drafted yet; it still lacks %(missing)s.")
                % {"missing": "; ".join(str(m) for m in missing)},
                code="sheet_incomplete",
            )
    elif name in NEEDS_CHECKLIST:
        from mobiliza.portfolio.checklist.selectors import readiness_of

        summary = readiness_of(project)
        if not summary.complete:
            raise ValidationError(
                ngettext(
                    "The checklist of version %(version)s of the sheet is not complete: "
                    "%(missing)s item of %(total)s is unanswered. Answer it on the "
                    "project's checklist page (%(address)s).",
                    "The checklist of version %(version)s of the sheet is not complete: "
                    "%(missing)s items of %(total)s are unanswered. Answer them on the "
                    "project's checklist page (%(address)s).",
                    summary.missing,
                )
                % {
                    "version": summary.version,
                    "missing": summary.missing,
                    "total": summary.total,
                    "address": checklist_address(project),
                },
                code="checklist_incomplete",
            )
