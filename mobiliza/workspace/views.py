"""The workspace's pages: each role's home, the global search and the glossary of the
strategy's terms."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.generic import TemplateView

from mobiliza.core.models import Task
from mobiliza.core.permissions import can
from mobiliza.core.work.selectors import tasks_of
from mobiliza.workspace import glossary as glossary_module
from mobiliza.workspace import search
from mobiliza.workspace.selectors import home_for


class HomeView(LoginRequiredMixin, TemplateView):
    """The cards of the reader's role (see :func:`~mobiliza.workspace.selectors.home_for`)."""

    template_name = "workspace/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["home"] = home_for(user=user, today=timezone.localdate())
        # The "my tasks" card, for whoever works with tasks (not the partner viewer).
        if can(user, "view", model=Task):
            context["my_tasks"] = tasks_of(user=user, limit=5)
        return context


@login_required
def search_view(request: HttpRequest) -> HttpResponse:
    """``?q=``: the records of each kind the user may see that hold every word of it.

    Asked by htmx as the user types in the header's box, it answers only the first few
    of each kind, to show under the box; the page itself works without JavaScript.
    """
    query = search.clean_query(request.GET.get("q"))
    suggestions = bool(getattr(request, "htmx", False))
    rows = search.SUGGESTION_ROWS if suggestions else search.PAGE_ROWS
    results = search.global_search(user=request.user, query=query, rows=rows)
    context = {
        "query": query,
        "has_words": bool(search.words(query)),
        "results": results,
        "total": sum(r.count for r in results),
    }
    if suggestions:
        return render(request, "workspace/_search_suggestions.html", context)
    return render(request, "workspace/search.html", context)


@login_required
def glossary_view(request: HttpRequest) -> HttpResponse:
    """The strategy's terms in Spanish and English."""
    return render(
        request,
        "workspace/glossary.html",
        {"sections": glossary_module.glossary(user=request.user)},
    )
