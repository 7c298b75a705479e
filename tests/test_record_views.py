"""Every record page is a view class with a name, declared in its app's views module."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.urls import get_resolver, resolve
from django.urls.resolvers import URLResolver
from django.utils import translation
from django.views.generic import CreateView, DeleteView, DetailView, UpdateView
from django.views.generic.list import MultipleObjectMixin

APPS = ("agreements", "pipeline", "directory", "coalition")
PAGES = {
    "list": MultipleObjectMixin,
    "add": CreateView,
    "detail": DetailView,
    "edit": UpdateView,
    "delete": DeleteView,
}
# What a page built inside a function would be called: no reader can find it by name.
ANONYMOUS = {"ListView", "CreateView", "DetailView", "UpdateView", "DeleteView"}


def _record_pages():
    """(URL name, view class) of each list, add, detail, edit and delete page of the apps."""
    for resolver in get_resolver().url_patterns:
        if not isinstance(resolver, URLResolver) or resolver.namespace is not None:
            continue  # the pages sit under the language prefix
        for app in resolver.url_patterns:
            if not isinstance(app, URLResolver) or app.namespace not in APPS:
                continue
            for pattern in app.url_patterns:
                page = (pattern.name or "").rpartition("_")[2]
                view_class = getattr(pattern.callback, "view_class", None)
                if page in PAGES and view_class is not None:
                    yield f"{app.namespace}:{pattern.name}", view_class, page


PAGE_VIEWS = sorted(_record_pages(), key=lambda item: item[0])


def test_every_app_has_record_pages():
    assert {name.split(":")[0] for name, _view, _page in PAGE_VIEWS} == set(APPS)


@pytest.mark.parametrize(("name", "view_class", "page"), PAGE_VIEWS, ids=[p[0] for p in PAGE_VIEWS])
def test_each_record_page_is_a_named_class_of_its_apps_views(name, view_class, page):
    app = name.split(":")[0]
    assert issubclass(view_class, PAGES[page])
    assert view_class.__module__.startswith(f"mobiliza.{app}.")
    assert view_class.__module__.rpartition(".")[2] in ("views", "duplicate_views")
    assert getattr(import_module(view_class.__module__), view_class.__name__) is view_class
    assert view_class.__name__ not in ANONYMOUS
    assert view_class.__name__.endswith(
        ("ListView", "CreateView", "DetailView", "UpdateView", "DeleteView")
    )


@translation.override("es")
def test_the_partner_pages_are_named_after_the_partner():
    for path, expected in [
        ("/es/directory/partners/", "PartnerListView"),
        ("/es/directory/partners/1/", "PartnerDetailView"),
        ("/es/directory/partners/1/edit/", "PartnerUpdateView"),
        ("/es/directory/partners/1/delete/", "PartnerDeleteView"),
    ]:
        view_class = resolve(path).func.view_class
        assert view_class.__name__ == expected
        assert view_class.__module__.endswith("directory.views")
    assert resolve("/es/directory/partners/add/").func.view_class.__name__ == "PartnerCreateView"
    contributions = resolve("/es/resources/contributions/").func.view_class
    assert (contributions.__name__, contributions.__module__) == (
        "ContributionListView",
        "mobiliza.agreements.views",
    )
