"""The partners that fit a project, and the projects that fit a partner (pages).

Both read in a fixed number of queries whatever the number of partners or projects
(:mod:`.selectors`), and show the ranking of :mod:`.scoring` as of the date asked
(``?on=YYYY-MM-DD``, today unless given).
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from mobiliza.core.permissions import actor_for, can, restrict
from mobiliza.directory.models import Partner
from mobiliza.portfolio.matching.scoring import WEIGHTS, rank_partners, rank_projects
from mobiliza.portfolio.models import Project


def may_see_matches(user: Any, project: Any = None) -> bool:
    """The internal roles that may view projects (or this project); partner viewers never."""
    if not user.is_authenticated or actor_for(user).only_partner_viewer:
        return False
    if project is None:
        return can(user, "view", model=Project)
    return can(user, "view", project)


def project_url(project: Any) -> str | None:
    """The project's own page, when the portfolio has one."""
    try:
        return reverse("portfolio:project_detail", args=[project.pk])
    except NoReverseMatch:
        return None


class DateForm(forms.Form):
    on = forms.DateField(
        label=_("Calls open on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The ranking counts the calls open on this date (today unless given)."),
    )


def date_asked(request: HttpRequest) -> tuple[DateForm, datetime.date]:
    form = DateForm(request.GET or None)
    on = timezone.localdate()
    if form.is_bound and form.is_valid() and form.cleaned_data["on"]:
        on = form.cleaned_data["on"]
    if not form.is_bound:
        form = DateForm(initial={"on": on})
    return form, on


class MatchingPageView(LoginRequiredMixin, TemplateView):
    @classmethod
    def allows(cls, user: Any) -> bool:
        """The page's check, which the header asks too (``core.pages``)."""
        return may_see_matches(user)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not self.allows(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ProjectMatchesView(MatchingPageView):
    """Every partner the reader may see, ranked for one project, with the reasons."""

    template_name = "portfolio/matching/project_matches.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        project = get_object_or_404(
            restrict(Project.objects.all(), self.request.user, "view"), pk=kwargs["pk"]
        )
        form, on = date_asked(self.request)
        matches = rank_partners(project, self.request.user, on=on)
        context.update(
            project=project,
            project_url=project_url(project),
            form=form,
            on=on,
            matches=matches,
            fitting=sum(1 for m in matches if m.fits),
            weights=WEIGHTS,
        )
        return context


class PartnerProjectsView(MatchingPageView):
    """The projects the reader may see, ranked for one partner: those it fits first."""

    template_name = "portfolio/matching/partner_projects.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        partner = (
            restrict(Partner.objects.all(), self.request.user, "view")
            .filter(pk=kwargs["pk"])
            .first()
        )
        if partner is None:
            raise Http404
        form, on = date_asked(self.request)
        matches = rank_projects(partner, self.request.user, on=on)
        for match in matches:
            match.url = project_url(match.project)  # type: ignore[attr-defined]
        context.update(
            partner=partner,
            form=form,
            on=on,
            matches=matches,
            fitting=sum(1 for m in matches if m.fits),
        )
        return context


@login_required
def project_matches_top(request: HttpRequest, pk: int) -> HttpResponse:
    """The project page's matching section with its ranking (fetched after the page)."""
    from mobiliza.portfolio.matching.part import top_context

    project = get_object_or_404(restrict(Project.objects.all(), request.user, "view"), pk=pk)
    context = top_context(project, request)
    if context is None:
        raise Http404
    return render(request, "portfolio/_matching_section.html", context)
