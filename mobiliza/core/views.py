"""Generic list, detail, create, edit and delete views that every app's views build on.

They ask the permission module for each request: a record the user may not see
is a 404, one they may see but not change is a 403, and lists only hold what
the user may see.

An app's ``views.py`` names one class per page of a model (``PartnerListView``,
``PartnerDetailView``...), setting the model, form, table, filters, template and the
related records to read as class attributes; :func:`record_urlpatterns` gives the five
pages their addresses, named ``<model_name>_list``, ``_add``, ``_detail``, ``_edit`` and
``_delete`` in the app's namespace.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DeleteView, DetailView
from django.views.generic.edit import CreateView, UpdateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from mobiliza.core.forms import refuse_country
from mobiliza.core.history import history_of
from mobiliza.core.pagination import EstimatedCountPaginator
from mobiliza.core.permissions import (
    access_of,
    can,
    hidden_fields,
    restrict,
    shows_history_authors,
    transitions_for,
)
from mobiliza.core.services import (
    ConflictError,
    ReferencedError,
    record_create,
    record_delete,
    record_transition,
    record_update,
)


class ScopedMixin(LoginRequiredMixin):
    """Limit the view's records to those the user may see."""

    model: Any
    request: HttpRequest
    # The related records the page shows, read in the same query.
    select_related: tuple[str, ...] = ()
    # The namespace of the model's pages; the app's label unless set.
    url_namespace = ""

    def get_queryset(self) -> Any:
        queryset = self.shape_queryset(super().get_queryset())  # type: ignore[misc]
        return restrict(queryset, self.request.user, "view")

    def shape_queryset(self, queryset: Any) -> Any:
        """The records the page reads, before they are limited to the user's."""
        return queryset.select_related(*self.select_related) if self.select_related else queryset

    def page_url(self, page: str, *args: Any) -> str:
        """The address of another page of the model: ``list``, ``add``, ``edit``..."""
        opts = self.model._meta
        namespace = self.url_namespace or opts.app_label
        return reverse(f"{namespace}:{opts.model_name}_{page}", args=args)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["opts"] = self.model._meta
        context["can_add"] = can(self.request.user, "add", model=self.model)
        return context


class RecordListView(ScopedMixin, SingleTableMixin, FilterView):
    """A model's list: its filters, its table (25 rows a page), what it holds ("23
    partners", or "about 12,000" when the count is the planner's estimate), why it is
    empty, the reader's saved filters and, when the list declares them, bulk actions on
    the rows ticked (``core/lists/``)."""

    template_name = "core/record_list.html"
    # The table paginates (25 a page); the list view itself does not, so the rows are
    # counted once, and estimated for a very large unfiltered table.
    table_pagination = {"per_page": 25}
    paginator_class = EstimatedCountPaginator  # django-tables2 takes the view's
    title = ""
    # The columns the list's table shows (with those of the related records it names):
    # the list reads only these, so a search over many rows sorts narrow rows.
    list_only: tuple[str, ...] = ()
    # Bulk actions (``core.lists``): the ticked rows exported with the table's columns,
    # the fields a bulk change sets through ``record_update`` (offered with the choices
    # of ``bulk_form_class``, the model's edit form, built for the reader), and whether
    # the model's declared steps (``Access.transitions``) may be taken on many rows.
    bulk_export = False
    bulk_fields: tuple[str, ...] = ()
    bulk_form_class: Any = None
    bulk_transitions = False

    @classmethod
    def has_bulk_actions(cls) -> bool:
        return bool(cls.bulk_export or cls.bulk_fields or cls.bulk_transitions)

    @classmethod
    def allows(cls, user: Any) -> bool:
        """Whether the header offers the list (``core.pages``): a list shows only what
        the reader may see, so it is offered to whoever may read the kind at all."""
        return can(user, "view", model=cls.model)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from mobiliza.core.lists.selectors import saved_filters_of

        context = super().get_context_data(**kwargs)
        context["title"] = self.title or self.model._meta.verbose_name_plural.capitalize()
        context["add_url"] = self.add_url() if context["can_add"] else None
        filterset = context.get("filter")
        filtering = bool(filterset is not None and getattr(filterset, "is_filtering", False))
        context["filtering"] = filtering
        context["row_count"], context["result_count"] = result_count(self.model, context["table"])
        context["list_name"] = self.list_name()
        context["saved_filters"] = saved_filters_of(
            user=self.request.user, list_name=context["list_name"]
        )
        context["query_string"] = self.filter_query()
        context["bulk"] = self.has_bulk_actions()
        return context

    def list_name(self) -> str:
        """The list's URL name (``directory:partner_list``): saved filters and bulk actions
        find the list by it."""
        match = self.request.resolver_match
        return match.view_name if match is not None else ""

    def filter_query(self) -> str:
        """The reader's filters and sort as a query string, without the page number."""
        query = self.request.GET.copy()
        query.pop("page", None)
        return query.urlencode()

    def add_url(self) -> str | None:
        return self.page_url("add")

    def shape_queryset(self, queryset: Any) -> Any:
        if not self.list_only:
            return super().shape_queryset(queryset)
        related = dict.fromkeys(n.split("__")[0] for n in self.list_only if "__" in n)
        return queryset.select_related(*related).only(*self.list_only)

    def get_table_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_table_kwargs()
        # Columns of fields the reader may not see (a partner viewer: internal ones).
        hidden = hidden_fields(self.request.user, self.model)
        if hidden:
            kwargs["exclude"] = (*kwargs.get("exclude", ()), *hidden)
        return kwargs

    def get_table(self, **kwargs: Any) -> Any:
        if self.has_bulk_actions():
            from mobiliza.core.tables import with_selection

            kwargs.update(with_selection(self.get_table_class()))
        return super().get_table(**kwargs)

    def get_filterset(self, filterset_class: Any) -> Any:
        filterset = super().get_filterset(filterset_class)
        restrict_choices(filterset.form, self.request.user)
        return filterset


def result_count(model: Any, table: Any) -> tuple[int, str]:
    """What a list holds, in words: "23 partners", "1 partner", "about 12,000 partners"
    (the planner's estimate of a large table, ``core.pagination``)."""
    from django.utils.formats import number_format
    from django.utils.translation import ngettext

    paginator = getattr(table, "paginator", None)
    count = paginator.count if paginator is not None else len(table.rows)
    names = {
        "count": number_format(count, force_grouping=True),
        "singular": model._meta.verbose_name,
        "plural": model._meta.verbose_name_plural,
    }
    if getattr(paginator, "estimated", False):
        text = ngettext("about {count} {singular}", "about {count} {plural}", count)
    else:
        text = ngettext("{count} {singular}", "{count} {plural}", count)
    return count, text.format(**names)


def restrict_choices(form: Any, user: Any) -> None:
    """Offer in a form's drop-downs only the records ``user`` may see (filter choices too:
    a partner viewer's "partner" filter lists its own partner, not the directory)."""
    for field in form.fields.values():
        queryset = getattr(field, "queryset", None)
        if queryset is not None and getattr(queryset.model, "access", None) is not None:
            field.queryset = restrict(queryset, user, "view")


class RecordDetailView(ScopedMixin, DetailView):
    template_name = "core/record_detail.html"
    fields: list[str] = []
    # The page links the record's edit and delete pages and the model's list.
    record_links = True
    # The page lists the record's open tasks and offers to add one (core/_record_tasks.html).
    shows_tasks = False
    # Relations shown as a link to the related record's page, for a reader who may view it.
    linked_fields: tuple[str, ...] = ()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        obj = self.object
        user = self.request.user
        context["can_change"] = can(user, "change", obj)
        context["can_delete"] = can(user, "delete", obj)
        context["transitions"] = transitions_context(user, obj)
        context["show_staff_names"] = shows_history_authors(user)
        hidden = hidden_fields(user, obj)
        context["hidden_fields"] = hidden
        context["history"] = history_of(obj, hidden=hidden, authors=shows_history_authors(user))
        context["field_rows"] = [
            (
                _field_label(obj, name),
                _linked_value(obj, name, user)
                if name in self.linked_fields
                else _field_value(obj, name),
            )
            for name in self.fields
            if name not in hidden
        ]
        if self.record_links:
            context["edit_url"] = self.page_url("edit", obj.pk)
            context["delete_url"] = self.page_url("delete", obj.pk)
            context["list_url"] = self.page_url("list")
        if self.shows_tasks:
            from mobiliza.core.work.selectors import tasks_about

            context.update(tasks_about(obj, user))
        context.update(self.get_detail_extra())
        return context

    def get_detail_extra(self) -> dict[str, Any]:
        """What the page's template shows besides the fields (a partner's contacts...)."""
        return {}


def _field_label(obj: Any, name: str) -> Any:
    descriptor = type(obj).__dict__.get(name)
    if descriptor is not None and hasattr(descriptor, "verbose_name"):
        return descriptor.verbose_name
    return obj._meta.get_field(name).verbose_name


def _field_value(obj: Any, name: str) -> Any:
    value = getattr(obj, name)
    if isinstance(value, list | tuple) or (
        not isinstance(value, str) and hasattr(value, "__iter__") and not hasattr(value, "pk")
    ):  # several values, such as the countries a partner works in
        return ", ".join(str(getattr(item, "name", item)) for item in value)
    display = getattr(obj, f"get_{name}_display", None)
    if callable(display):
        return display()
    if isinstance(value, Decimal):
        return _decimal_display(obj, name, value)
    return value


def _linked_value(obj: Any, name: str, user: Any) -> Any:
    """A related record as a link to its page, when the reader may view it and it has one."""
    value = getattr(obj, name)
    if value is None or not can(user, "view", value):
        return value
    try:
        url = value.get_absolute_url()
    except NoReverseMatch:
        return value
    return format_html('<a href="{}">{}</a>', url, value)


def _decimal_display(obj: Any, name: str, value: Decimal) -> str:
    """An amount written like every amount (``US$50,000.00``): its currency is the field
    named like it (``budget_min`` → ``budget_currency``) or the record's ``currency``;
    another number keeps its places, with the region's digits."""
    from mobiliza.core.formatting import format_number
    from mobiliza.core.money import format_money

    prefix = name.rsplit("_", 1)[0]
    for candidate in (f"{prefix}_currency", "currency"):
        currency = getattr(obj, candidate, None)
        if isinstance(currency, str) and currency:
            return format_money(value, currency)
    places = max(-int(value.as_tuple().exponent), 0)
    return format_number(value, places)


class FormUserMixin:
    request: HttpRequest
    model: Any

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()  # type: ignore[misc]
        kwargs["user"] = self.request.user
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["verbose_name"] = self.model._meta.verbose_name
        opts = self.model._meta
        context["cancel_url"] = reverse(f"{opts.app_label}:{opts.model_name}_list")
        return context


class RecordCreateView(LoginRequiredMixin, FormUserMixin, CreateView):
    template_name = "core/record_form.html"
    # Links such as "add a representative" pre-fill the parent record (?national_body=3).
    initial_from_query = True

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        if self.initial_from_query:
            fields = self.form_class.base_fields  # type: ignore[union-attr]
            initial.update({k: v for k, v in self.request.GET.items() if k in fields})
        return initial

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not can(request.user, "add", model=self.model):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            self.object = record_create(
                user=self.request.user, model=self.model, data=form.model_data()
            )
        except PermissionDenied:
            refuse_country(form, _("You may not create this record for that member state."))
            return self.form_invalid(form)
        messages.success(self.request, _("Saved: %(name)s.") % {"name": self.object})
        return redirect(self.get_success_url())


class RecordUpdateView(ScopedMixin, FormUserMixin, UpdateView):
    template_name = "core/record_form.html"

    def get_object(self, queryset: Any = None) -> Any:
        obj = super().get_object(queryset)
        if not can(self.request.user, "change", obj):
            raise PermissionDenied
        return obj

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            self.object = record_update(
                user=self.request.user,
                instance=self.object,
                data=form.model_data(),
                version=form.cleaned_data.get("version"),
            )
        except ConflictError as conflict:
            form.add_error(None, str(conflict.message))
            self.object = conflict.current  # the page names the record as it is saved
            return self.render_to_response(
                self.get_context_data(
                    form=form,
                    conflict_current=conflict.current,
                    conflict_differences=conflict_differences(form, conflict.current),
                )
            )
        except PermissionDenied:
            refuse_country(form, _("You may not move this record to another member state."))
            return self.form_invalid(form)
        messages.success(self.request, _("Saved: %(name)s.") % {"name": self.object})
        return redirect(self.get_success_url())


def conflict_differences(form: Any, current: Any) -> list[tuple[str, Any, Any]]:
    """The fields where the saved record now differs from what the user typed."""
    differences = []
    for name, field in form.fields.items():
        if name == "version" or name not in form.cleaned_data:
            continue
        try:
            model_field = current._meta.get_field(name)
        except Exception:  # noqa: BLE001 - form-only field
            continue
        if model_field.many_to_many:
            saved = list(getattr(current, name).all())
            yours = list(form.cleaned_data[name] or [])
        else:
            saved = getattr(current, name)
            yours = form.cleaned_data[name]
        if (saved or None) != (yours or None):
            differences.append((field.label, saved, yours))
    return differences


class RecordDeleteView(ScopedMixin, DeleteView):
    template_name = "core/record_confirm_delete.html"
    success_url_name = ""

    def get_object(self, queryset: Any = None) -> Any:
        obj = super().get_object(queryset)
        if not can(self.request.user, "delete", obj):
            raise PermissionDenied
        return obj

    def form_valid(self, form: Any) -> HttpResponse:
        name = str(self.object)
        try:
            record_delete(user=self.request.user, instance=self.object)
        except ReferencedError as error:
            # Other records still point at this one: say which, instead of a server error.
            messages.error(self.request, error.message)
            return redirect(self.object.get_absolute_url())
        messages.success(self.request, _("Deleted: %(name)s.") % {"name": name})
        return redirect(self.list_url())

    def list_url(self) -> str:
        """Where the browser goes once the record is deleted."""
        return reverse(self.success_url_name) if self.success_url_name else self.page_url("list")


def record_urlpatterns(
    prefix: str, *, list: Any, detail: Any, add: Any, edit: Any, delete: Any
) -> list[URLPattern]:
    """The five pages of one model at ``<prefix>/``, ``add/``, ``<pk>/``, ``<pk>/edit/`` and
    ``<pk>/delete/``, named ``<model_name>_list``, ``_add``, ``_detail``, ``_edit``, ``_delete``."""
    name = list.model._meta.model_name
    return [
        path(f"{prefix}/", list.as_view(), name=f"{name}_list"),
        path(f"{prefix}/add/", add.as_view(), name=f"{name}_add"),
        path(f"{prefix}/<int:pk>/", detail.as_view(), name=f"{name}_detail"),
        path(f"{prefix}/<int:pk>/edit/", edit.as_view(), name=f"{name}_edit"),
        path(f"{prefix}/<int:pk>/delete/", delete.as_view(), name=f"{name}_delete"),
    ]


class HealthView(View):
    """Load balancers and monitors ask this; 200 while the database answers."""

    def get(self, request: HttpRequest) -> JsonResponse:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except Exception:  # noqa: BLE001 - any database failure means unhealthy
            return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
        return JsonResponse({"status": "ok", "database": connection.vendor})


def root_redirect(request: HttpRequest) -> HttpResponse:
    """``/`` sends the browser to its language's home page (Spanish unless it prefers English)."""
    from django.utils.translation import get_language_from_request

    language = get_language_from_request(request) or "es"
    return redirect(f"/{language}/")


def serve_file(request: HttpRequest, model: Any, pk: int, field: str) -> HttpResponseBase:
    """A record's file, to a user who may see the record, as a download that cannot run.

    The record is asked of :func:`can` (another country's or partner's record, or a
    forged id, is a 404: nobody learns that it exists) and a field the user may not read
    is a 404 too. The file goes out as an attachment under its clean name, with the
    type of the kind it was checked to be (``core.uploads``) and ``nosniff``, so a
    browser never opens it as a page.
    """
    from mobiliza.core import uploads

    record = model._default_manager.filter(pk=pk).first()
    if record is None or not can(request.user, "view", record):
        raise Http404
    if field in hidden_fields(request.user, record):
        raise Http404
    stored = getattr(record, field)
    if not stored:
        raise Http404
    name = uploads.clean_name(stored.name)
    kind = uploads.kind_for_name(name)
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type=kind.media_type if kind else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def _file_fields(model: Any) -> set[str]:
    from django.db.models import FileField

    return {f.name for f in model._meta.get_fields() if isinstance(f, FileField)}


class FileDownloadView(View):
    """``GET /files/<app>.<model>/<pk>/<field>/``: the file of a record, for the API's links.

    The links the API gives (``core.drf.files.FileLinkField``) point here. It answers a
    signed-in browser and a client that sends its API token (``Authorization: Token
    ...``) alike; a wrong token is a 401, no credentials at all a redirect to log in.
    Only the file fields of models that declare their access are served.
    """

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, label: str, pk: int, field: str) -> HttpResponseBase:
        from django.apps import apps
        from rest_framework.authentication import TokenAuthentication
        from rest_framework.exceptions import AuthenticationFailed

        # A token, when one is sent, decides who asks (as in the API); else the session.
        try:
            found = TokenAuthentication().authenticate(request)  # type: ignore[arg-type]
        except AuthenticationFailed as error:
            return JsonResponse({"detail": str(error.detail)}, status=401)
        if found is not None:
            request.user = found[0]
        elif not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            raise Http404 from None
        if getattr(model, "access", None) is None or field not in _file_fields(model):
            raise Http404
        return serve_file(request, model, pk, field)


def file_download(model: Any, field: str = "file") -> Any:
    """The page's download of a record's file: :func:`serve_file` for signed-in users."""

    def view(request: HttpRequest, pk: int) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return serve_file(request, model, pk, field)

    view.__doc__ = f"Serve the {field} of a {model._meta.model_name} to those who may see it."
    return view


class TransitionView(LoginRequiredMixin, View):
    """``POST``: take a named transition (``sign``, ``suspend``...) on one record.

    The same rule as the API's ``transitions/<name>/`` action: a role the transition does
    not name gets 403, a record the user may not see 404.
    """

    http_method_names = ["post"]

    def post(self, request: HttpRequest, label: str, pk: int, name: str) -> HttpResponse:
        from django.apps import apps
        from django.core.exceptions import ValidationError

        try:
            model = apps.get_model(label)
        except (LookupError, ValueError) as exc:
            raise Http404 from exc
        if access_of(model).transition(name) is None:
            raise Http404
        record = get_object_or_404(restrict(model._default_manager.all(), request.user), pk=pk)
        version = request.POST.get("version")
        try:
            record = record_transition(
                user=request.user,
                instance=record,
                name=name,
                version=int(version) if version and version.isdigit() else None,
            )
        except ConflictError:
            messages.error(
                request, _("Someone else changed this record meanwhile; look at it again.")
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            transition = access_of(model).transition(name)
            messages.success(
                request,
                _("%(step)s: %(name)s.") % {"step": transition.label, "name": record},  # type: ignore[union-attr]
            )
        return redirect(record.get_absolute_url())


def transitions_context(user: Any, obj: Any) -> list[dict[str, Any]]:
    """The steps ``user`` may take on ``obj``, with the address each is posted to; a step
    taken on a page of its own (``Transition.page``) is a link to that page."""
    label = obj._meta.label_lower
    return [
        {
            "transition": transition,
            "url": f"{reverse(transition.page)}?record={label}:{obj.pk}"
            if transition.page
            else reverse("transition", args=[label, obj.pk, transition.name]),
            "link": bool(transition.page),
        }
        for transition in transitions_for(user, obj)
    ]
