"""Wire the five generic views of a model into URL patterns with one call."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import path, reverse

from mobiliza.core import views


@dataclass
class Crud:
    """The list, detail, add, edit and delete pages of one model.

    URL names are ``<model_name>_list``, ``_detail``, ``_add``, ``_edit``, ``_delete``
    in the app's namespace.
    """

    model: Any
    form_class: Any
    table_class: Any
    filterset_class: Any
    detail_fields: list[str]
    prefix: str
    detail_template: str = "core/record_detail.html"
    list_template: str = "core/record_list.html"
    # A view class to use for the add page instead of the generic one (it sets its own form).
    create_view: Any = None
    list_select_related: tuple[str, ...] = ()
    # The columns the list's table shows (with those of the related records it names):
    # the list reads only these, so a search over many rows sorts narrow rows.
    list_only: tuple[str, ...] = ()
    detail_extra: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.model._meta.model_name

    def urls(self, namespace: str) -> list[Any]:
        model = self.model
        name = self.name
        crud = self
        base_qs = model._default_manager.select_related(*self.list_select_related)
        list_qs = base_qs
        if self.list_only:
            related = dict.fromkeys(n.split("__")[0] for n in self.list_only if "__" in n)
            list_qs = model._default_manager.select_related(*related).only(*self.list_only)

        class ListView(views.RecordListView):
            queryset = list_qs
            template_name = self.list_template
            table_class = self.table_class
            filterset_class = self.filterset_class

            def add_url(self) -> str:
                return reverse(f"{namespace}:{name}_add")

        class DetailView(views.RecordDetailView):
            queryset = base_qs
            fields = self.detail_fields
            template_name = self.detail_template

            def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
                context = super().get_context_data(**kwargs)
                context["edit_url"] = reverse(f"{namespace}:{name}_edit", args=[self.object.pk])
                context["delete_url"] = reverse(f"{namespace}:{name}_delete", args=[self.object.pk])
                context["list_url"] = reverse(f"{namespace}:{name}_list")
                for key, builder in crud.detail_extra.items():
                    context[key] = builder(self.object, self.request.user)
                return context

        class CreateView(views.RecordCreateView):
            form_class = self.form_class

            def get_initial(self) -> dict[str, Any]:
                # Links such as "add a representative" pre-fill the parent record.
                return {
                    k: v for k, v in self.request.GET.items() if k in self.form_class.base_fields
                }

        class UpdateView(views.RecordUpdateView):
            queryset = base_qs
            form_class = self.form_class

        class DeleteView(views.RecordDeleteView):
            queryset = base_qs
            success_url_name = f"{namespace}:{name}_list"

        for view in (ListView, DetailView, CreateView, UpdateView, DeleteView):
            view.model = model
        create_view: Any = self.create_view or CreateView
        p = self.prefix
        return [
            path(f"{p}/", ListView.as_view(), name=f"{name}_list"),
            path(f"{p}/add/", create_view.as_view(), name=f"{name}_add"),
            path(f"{p}/<int:pk>/", DetailView.as_view(), name=f"{name}_detail"),
            path(f"{p}/<int:pk>/edit/", UpdateView.as_view(), name=f"{name}_edit"),
            path(f"{p}/<int:pk>/delete/", DeleteView.as_view(), name=f"{name}_delete"),
        ]
