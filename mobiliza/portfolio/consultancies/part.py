"""The consultancy calls section of a project's page (see ../parts.py): the project's calls
with their step, closing date and number of applicants, read in two queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.urls import reverse

from mobiliza.core.permissions import can, restrict
from mobiliza.portfolio.consultancies.models import ConsultancyCall
from mobiliza.portfolio.parts import Part, register


def context(project: Any, request: Any) -> dict[str, Any] | None:
    user = request.user
    if not can(user, "view", model=ConsultancyCall):
        return None
    calls = list(
        restrict(ConsultancyCall.objects.filter(project=project), user, "view")
        .annotate(applicant_count=Count("applicants", distinct=True))
        .order_by("call_number", "pk")
    )
    add_url = None
    if can(user, "add", model=ConsultancyCall) and can(user, "change", project):
        add_url = f"{reverse('portfolio:consultancycall_add')}?project={project.pk}"
    if not calls and add_url is None:
        return None
    return {
        "calls": calls,
        "add_url": add_url,
        "list_url": f"{reverse('portfolio:consultancycall_list')}?project={project.pk}",
    }


register(Part("consultancies", "portfolio/_consultancies_section.html", context, order=50))
