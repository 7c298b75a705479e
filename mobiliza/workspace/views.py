"""The home page: each role opens Mobiliza to what it needs first."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils import timezone
from django.views.generic import TemplateView

from mobiliza.workspace.selectors import home_for


class HomeView(LoginRequiredMixin, TemplateView):
    """The cards of the reader's role (see :func:`~mobiliza.workspace.selectors.home_for`)."""

    template_name = "workspace/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["home"] = home_for(user=self.request.user, today=timezone.localdate())
        return context
