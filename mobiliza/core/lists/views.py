"""The lists' own pages: bulk actions on the rows ticked, and the saved filters.

``POST /<lang>/lists/bulk/`` names the list (``list``: its URL name) and the ticked rows
(``selected``). ``action`` is ``xlsx`` or ``csv`` (the rows as the list's table shows
them, written by ``core.spreadsheets``), ``change`` (the page choosing what to change),
``review`` (the confirmation page: what will change, which rows will and which the
reader may not change) or ``apply`` (the change, row by row: ``core.lists.services``).
Only rows the reader may see are read, whatever ids are posted.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from mobiliza.core.filters import LARGEST_ID
from mobiliza.core.lists import services
from mobiliza.core.lists.forms import BulkChangeForm
from mobiliza.core.lists.models import SavedFilter
from mobiliza.core.permissions import restrict
from mobiliza.core.spreadsheets import dated_name, table_download

# The most rows one bulk action takes (a page holds 25; "select all" ticks a page).
MOST_ROWS = 500
# The rows a summary names one by one; the others are counted.
NAMED_IN_SUMMARY = 10


def _next_url(request: HttpRequest, fallback: str) -> str:
    url = request.POST.get("next", "")
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return fallback


def _selected_ids(request: HttpRequest) -> list[int]:
    ids = []
    for value in request.POST.getlist("selected"):
        value = value.strip()
        if value.isascii() and value.isdigit() and 0 < int(value) <= LARGEST_ID:
            ids.append(int(value))
    return list(dict.fromkeys(ids))[:MOST_ROWS]


def _list_view(request: HttpRequest, list_class: Any) -> Any:
    view = list_class()
    view.setup(request)
    return view


def _names(model: Any, count: int) -> dict[str, Any]:
    return {
        "count": count,
        "singular": model._meta.verbose_name,
        "plural": model._meta.verbose_name_plural,
    }


@login_required
@require_POST
def bulk(request: HttpRequest) -> HttpResponseBase:
    list_name = request.POST.get("list", "")
    list_class = services.list_view_class(list_name)
    if list_class is None or not list_class.has_bulk_actions():
        raise Http404
    back = _next_url(request, reverse(list_name))
    ids = _selected_ids(request)
    if not ids:
        messages.error(request, _("Tick at least one row first."))
        return redirect(back)
    action = request.POST.get("action", "")
    view = _list_view(request, list_class)
    if action in ("xlsx", "csv") and list_class.bulk_export:
        return _export(view, ids, action)
    if action in ("change", "review", "apply") and (
        list_class.bulk_fields or list_class.bulk_transitions
    ):
        return _change(request, view, list_name, ids, back, action)
    raise Http404


def _export(view: Any, ids: list[int], fmt: str) -> HttpResponseBase:
    """The ticked rows, with the columns the list's table shows the reader."""
    model = view.model
    rows = view.get_table_class()(
        view.get_queryset().filter(pk__in=ids), **view.get_table_kwargs()
    ).as_values()
    header = next(rows)
    title = str(model._meta.verbose_name_plural).capitalize()
    return table_download(fmt, dated_name(model._meta.verbose_name_plural), header, rows, title)


def _records(view: Any, ids: list[int], form: BulkChangeForm) -> list[Any]:
    model = view.model
    related = [
        name
        for name in (*view.select_related, *form.fields)
        if name in {f.name for f in model._meta.get_fields() if f.many_to_one}
    ]
    queryset = model._default_manager.select_related(*dict.fromkeys(related)).filter(pk__in=ids)
    return list(restrict(queryset, view.request.user, "view"))


def _current(record: Any, name: str) -> Any:
    display = getattr(record, f"get_{name}_display", None)
    value = display() if callable(display) else getattr(record, name, None)
    return value if value not in (None, "") else "—"


def _change(
    request: HttpRequest, view: Any, list_name: str, ids: list[int], back: str, action: str
) -> HttpResponse:
    list_class = type(view)
    user = request.user
    data = request.POST if action in ("review", "apply") else None
    form = BulkChangeForm(data, list_class=list_class, user=user)
    records = _records(view, ids, form)
    model = view.model
    context: dict[str, Any] = {
        "form": form,
        "opts": model._meta,
        "list_name": list_name,
        "next": back,
        "records": records,
        "title": _("Change the selected {names}").format(names=model._meta.verbose_name_plural),
    }
    if action == "change" or not form.is_valid():
        context["step"] = "choose"
        return render(request, "core/bulk_change.html", context)
    change = form.change()
    if action == "review":
        # One query says which rows the reader may change (the services ask again, row
        # by row, when the change is applied).
        allowed = set(
            restrict(
                model._default_manager.filter(pk__in=[r.pk for r in records]), user, change.action
            ).values_list("pk", flat=True)
        )
        fields = [name for name in change.values]
        context.update(
            step="confirm",
            is_step=change.transition is not None,
            described=form.described(),
            fields=[form.fields[name].label for name in fields],
            will_change=[
                (r, [_current(r, name) for name in fields]) for r in records if r.pk in allowed
            ],
            refused=[r for r in records if r.pk not in allowed],
        )
        return render(request, "core/bulk_change.html", context)
    versions = {}
    for record in records:
        version = request.POST.get(f"version_{record.pk}", "")
        if version.isdigit():
            versions[record.pk] = int(version)
    outcome = services.bulk_apply(user=user, records=records, change=change, versions=versions)
    _summarise(request, model, outcome)
    return redirect(back)


def _summarise(request: HttpRequest, model: Any, outcome: services.BulkOutcome) -> None:
    if outcome.changed:
        count = len(outcome.changed)
        messages.success(
            request,
            ngettext("{count} {singular} changed.", "{count} {plural} changed.", count).format(
                **_names(model, count)
            ),
        )
    if outcome.refused:
        count = len(outcome.refused)
        by_reason: dict[str, list[str]] = {}
        for record, reason in outcome.refused:
            by_reason.setdefault(reason, []).append(str(record))
        reasons = " ".join(
            _("{reason}: {names}.").format(reason=capfirst(reason), names=_listed(names))
            for reason, names in by_reason.items()
        )
        messages.error(
            request,
            ngettext(
                "{count} {singular} was not changed. {reasons}",
                "{count} {plural} were not changed. {reasons}",
                count,
            ).format(**_names(model, count), reasons=reasons),
        )


def _listed(names: list[str]) -> str:
    """The first names, and how many more: "A, B, C and 4 more"."""
    shown = ", ".join(names[:NAMED_IN_SUMMARY])
    more = len(names) - NAMED_IN_SUMMARY
    if more > 0:
        return ngettext("{names} and {count} more", "{names} and {count} more", more).format(
            names=shown, count=more
        )
    return shown


# --- saved filters ---------------------------------------------------------------------


@login_required
@require_POST
def saved_filter_save(request: HttpRequest) -> HttpResponse:
    list_name = request.POST.get("list_name", "")
    if services.list_view_class(list_name) is None:
        raise Http404
    back = reverse(list_name)
    try:
        saved = services.saved_filter_save(
            user=request.user,
            list_name=list_name,
            name=request.POST.get("name", ""),
            query=request.POST.get("query", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        query = services.clean_query(request.POST.get("query", ""))
        return redirect(f"{back}?{query}" if query else back)
    messages.success(request, _("Filters saved as “{name}”.").format(name=saved.name))
    return redirect(f"{back}?{saved.query}")


@login_required
@require_POST
def saved_filter_delete(request: HttpRequest, pk: int) -> HttpResponse:
    # Another user's saved filter is a 404: nobody learns it exists.
    saved = get_object_or_404(SavedFilter, pk=pk, user=request.user)
    back = _next_url(request, reverse(saved.list_name))
    services.saved_filter_delete(user=request.user, saved=saved)
    messages.success(request, _("Saved filter “{name}” deleted.").format(name=saved.name))
    return redirect(back)
