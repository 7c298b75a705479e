"""Pages of the exchange-rate table: the list with the latest rate of each currency, one
rate's page with its history, add/edit/delete for the managers, and the CSV import.

Import: upload → preview (what will be added and updated, or every bad row with its
reason; nothing saved) → confirm → every rate saved, or none, and the contributions
converted again. Between preview and confirm the file waits in the default storage under
a random name only this session knows, and is deleted once imported.
"""

from __future__ import annotations

import secrets
from typing import Any

import django_tables2 as tables
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from mobiliza.core.currencies import FIXED_PEGS, currency_choices
from mobiliza.core.models import ExchangeRate
from mobiliza.core.money import fixed_peg, format_rate, reporting_currency
from mobiliza.core.permissions import can, restrict
from mobiliza.core.rates import services as rates
from mobiliza.core.rates.forms import ExchangeRateFilter, ExchangeRateForm, RateImportForm
from mobiliza.core.services import ConflictError
from mobiliza.core.spreadsheets import CSV_TYPE, csv_response, dated_name, download
from mobiliza.core.views import (
    FormUserMixin,
    RecordCreateView,
    RecordDeleteView,
    RecordDetailView,
    RecordListView,
    RecordUpdateView,
    conflict_differences,
)

SESSION_KEY = "core_rate_imports"


def _url(name: str, *args: Any) -> str:
    return reverse(f"rates:{name}", args=args)


def _converted_message(count: int) -> str:
    return ngettext(
        "%(count)s contribution was converted again.",
        "%(count)s contributions were converted again.",
        count,
    ) % {"count": count}


class ExchangeRateTable(tables.Table):
    # The short date of every table (the CSV files keep ISO dates).
    date = tables.DateColumn(
        verbose_name=gettext_lazy("Date"),
        linkify=("rates:exchangerate_detail", [tables.A("pk")]),
    )
    currency = tables.Column(verbose_name=gettext_lazy("Currency"))
    rate = tables.Column(verbose_name=gettext_lazy("Rate"))
    reporting_currency = tables.Column(verbose_name=gettext_lazy("In"), orderable=False)
    source = tables.Column(verbose_name=gettext_lazy("Source"))

    class Meta:
        model = ExchangeRate
        fields = ["date", "currency", "rate", "reporting_currency", "source"]
        attrs = {"class": "table"}
        template_name = "django_tables2/table.html"
        order_by = ("-date", "currency")

    def render_rate(self, value: Any) -> str:
        return format_rate(value)


def latest_rates() -> list[dict[str, Any]]:
    """The latest rate of every currency in the table, in one query."""
    target = reporting_currency()
    newest = ExchangeRate.objects.filter(
        currency=OuterRef("currency"), reporting_currency=target
    ).order_by("-date")
    rows = (
        ExchangeRate.objects.filter(
            reporting_currency=target, date=Subquery(newest.values("date")[:1])
        )
        .order_by("currency")
        .values("pk", "currency", "date", "rate")
    )
    names = dict(currency_choices())
    return [
        {
            **row,
            "name": names.get(row["currency"], row["currency"]),
            "rate_display": format_rate(row["rate"]),
            "url": _url("exchangerate_detail", row["pk"]),
            "filter_url": _url("exchangerate_list") + f"?currency={row['currency']}",
        }
        for row in rows
    ]


def fixed_rates() -> list[dict[str, Any]]:
    """The currencies fixed by law to the reporting currency, and their rates."""
    names = dict(currency_choices())
    rows = []
    for currency in sorted(FIXED_PEGS):
        rate = fixed_peg(currency)
        if rate is not None:
            rows.append(
                {
                    "currency": currency,
                    "name": names.get(currency, currency),
                    "rate_display": format_rate(rate),
                }
            )
    return rows


class ReadersOnly:
    """Those who may not read the table at all get a 403, not an empty page."""

    @classmethod
    def allows(cls, user: Any) -> bool:
        """The page's check, which the header asks too (``core.pages``)."""
        return can(user, "view", model=ExchangeRate)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not self.allows(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class ExchangeRateListView(ReadersOnly, RecordListView):
    model = ExchangeRate
    queryset = ExchangeRate.objects.all()
    table_class = ExchangeRateTable
    filterset_class = ExchangeRateFilter
    template_name = "core/rates_list.html"
    title = gettext_lazy("Exchange rates")  # type: ignore[assignment]

    def add_url(self) -> str:
        return _url("exchangerate_add")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["latest"] = latest_rates()
        context["fixed"] = fixed_rates()
        context["reporting_currency"] = reporting_currency()
        context["import_url"] = _url("exchangerate_import") if context["can_add"] else None
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("sort", None)
        context["export_url"] = _url("exchangerate_export") + (
            f"?{query.urlencode()}" if query else ""
        )
        return context


class ExchangeRateDetailView(ReadersOnly, RecordDetailView):
    model = ExchangeRate
    url_namespace = "rates"
    queryset = ExchangeRate.objects.all()
    fields = ["date", "currency", "rate", "reporting_currency", "source"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        obj = self.object
        context["field_rows"] = [
            (label, format_rate(obj.rate) if name == "rate" else value)
            for (label, value), name in zip(context["field_rows"], self.fields, strict=True)
        ]
        context["edit_url"] = _url("exchangerate_edit", obj.pk)
        context["delete_url"] = _url("exchangerate_delete", obj.pk)
        context["list_url"] = _url("exchangerate_list")
        return context


class RateFormMixin:
    request: HttpRequest
    object: Any

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        # Past FormUserMixin, whose "cancel" link names the model's app ("core"), not "rates".
        context = super(FormUserMixin, self).get_context_data(**kwargs)  # type: ignore[misc]
        context["opts"] = ExchangeRate._meta
        context["verbose_name"] = ExchangeRate._meta.verbose_name
        context["cancel_url"] = (
            _url("exchangerate_detail", self.object.pk)
            if getattr(self, "object", None) is not None and self.object.pk
            else _url("exchangerate_list")
        )
        return context

    def get_success_url(self) -> str:
        return _url("exchangerate_detail", self.object.pk)


class ExchangeRateCreateView(RateFormMixin, RecordCreateView):
    model = ExchangeRate
    initial_from_query = False
    form_class = ExchangeRateForm
    template_name = "core/rates_form.html"

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            self.object, count = rates.rate_create(user=self.request.user, data=form.model_data())
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Saved: %(name)s.") % {"name": self.object} + " " + _converted_message(count),
        )
        return redirect(self.get_success_url())


class ExchangeRateUpdateView(ReadersOnly, RateFormMixin, RecordUpdateView):
    model = ExchangeRate
    queryset = ExchangeRate.objects.all()
    form_class = ExchangeRateForm
    template_name = "core/rates_form.html"

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            self.object, count = rates.rate_update(
                user=self.request.user,
                instance=self.object,
                data=form.model_data(),
                version=form.cleaned_data.get("version"),
            )
        except ConflictError as conflict:
            form.add_error(None, str(conflict.message))
            self.object = conflict.current
            return self.render_to_response(
                self.get_context_data(
                    form=form,
                    conflict_current=conflict.current,
                    conflict_differences=conflict_differences(form, conflict.current),
                )
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Saved: %(name)s.") % {"name": self.object} + " " + _converted_message(count),
        )
        return redirect(self.get_success_url())


class ExchangeRateDeleteView(ReadersOnly, RecordDeleteView):
    model = ExchangeRate
    queryset = ExchangeRate.objects.all()
    template_name = "core/rates_confirm_delete.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["detail_url"] = _url("exchangerate_detail", self.object.pk)
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        name = str(self.object)
        try:
            count = rates.rate_delete(user=self.request.user, instance=self.object)
        except rates.RateInUse as in_use:
            messages.error(self.request, in_use.message)
            return redirect(_url("exchangerate_detail", self.object.pk))
        messages.success(
            self.request, _("Deleted: %(name)s.") % {"name": name} + " " + _converted_message(count)
        )
        return redirect(_url("exchangerate_list"))


@login_required
def exchangerate_export(request: HttpRequest) -> HttpResponseBase:
    """The rates the list shows (same filters) as a CSV file in the import's format."""
    if not can(request.user, "view", model=ExchangeRate):
        raise PermissionDenied
    queryset = restrict(ExchangeRate.objects.order_by("date", "currency"), request.user, "view")
    filterset = ExchangeRateFilter(request.GET, queryset=queryset)
    chosen = filterset.qs if filterset.is_valid() else queryset.none()
    name = dated_name(ExchangeRate._meta.verbose_name_plural) + ".csv"
    return csv_response(name, rates.RATES_HEADER, rates.rates_rows(chosen), bom=False)


# --- Import --------------------------------------------------------------------------------


def _ensure_may_import(request: HttpRequest) -> None:
    if not can(request.user, "add", model=ExchangeRate):
        raise PermissionDenied


def _stored(request: HttpRequest) -> dict[str, dict[str, str]]:
    return dict(request.session.get(SESSION_KEY, {}))


def _forget(request: HttpRequest, token: str) -> None:
    stored = _stored(request)
    entry = stored.pop(token, None)
    request.session[SESSION_KEY] = stored
    if entry and default_storage.exists(entry["path"]):
        default_storage.delete(entry["path"])


def _render_form(request: HttpRequest, form: RateImportForm, status: int = 200) -> HttpResponse:
    context = {
        "form": form,
        "template_url": _url("exchangerate_import_template"),
        "list_url": _url("exchangerate_list"),
        "reporting_currency": reporting_currency(),
        "max_places": rates.RATE_SCALE,
    }
    return render(request, "core/rates_import.html", context, status=status)


@login_required
def exchangerate_import(request: HttpRequest) -> HttpResponse:
    """Upload (preview) and confirm (save) a CSV file of rates."""
    _ensure_may_import(request)
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request, request.POST["token"])
    if request.method != "POST":
        return _render_form(request, RateImportForm())
    form = RateImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_form(request, form, status=400)
    upload = form.cleaned_data["file"]
    data = upload.read()
    try:
        rate_file = rates.rates_read(data)
    except rates.RateFileError as exc:
        form.add_error("file", str(exc))
        return _render_form(request, form, status=400)
    context: dict[str, Any] = {
        "rate_file": rate_file,
        "file_name": upload.name,
        "total": len(rate_file.rows),
        "bad_rows": rate_file.bad_rows,
        "preview_rows": rate_file.rows[: rates.PREVIEW_ROWS],
        "import_url": _url("exchangerate_import"),
        "list_url": _url("exchangerate_list"),
        "reporting_currency": reporting_currency(),
    }
    if rate_file.bad_rows:
        return render(request, "core/rates_import_preview.html", context, status=400)
    token = secrets.token_urlsafe(24)
    path = default_storage.save(f"imports/rates/{secrets.token_hex(16)}.csv", ContentFile(data))
    stored = _stored(request)
    stored[token] = {"path": path, "source": form.cleaned_data["source"]}
    request.session[SESSION_KEY] = stored
    context["token"] = token
    return render(request, "core/rates_import_preview.html", context)


def _confirm(request: HttpRequest, token: str) -> HttpResponse:
    entry = _stored(request).get(token)
    if not entry or not default_storage.exists(entry["path"]):
        messages.error(
            request, _("That upload has expired or was already imported; upload it again.")
        )
        return redirect("rates:exchangerate_import")
    with default_storage.open(entry["path"], "rb") as handle:
        data = handle.read()
    try:
        result = rates.rates_import(user=request.user, data=data, source=entry.get("source", ""))
    except rates.RateFileError as exc:
        _forget(request, token)
        messages.error(request, str(exc))
        return redirect("rates:exchangerate_import")
    except rates.ImportRefused as refused:
        _forget(request, token)
        context = {
            "rate_file": refused.rate_file,
            "total": len(refused.rate_file.rows),
            "bad_rows": refused.rate_file.bad_rows,
            "import_url": _url("exchangerate_import"),
            "list_url": _url("exchangerate_list"),
        }
        return render(request, "core/rates_import_preview.html", context, status=400)
    except IntegrityError:
        # Someone saved one of these rates between the check and the write.
        messages.error(
            request,
            _("Someone else changed the rates while you imported; nothing was saved. Try again."),
        )
        return redirect("rates:exchangerate_import")
    _forget(request, token)
    summary = _(
        "Rates imported: %(added)s added, %(updated)s updated, %(unchanged)s unchanged."
    ) % {"added": result.added, "updated": result.updated, "unchanged": result.unchanged}
    messages.success(request, summary + " " + _converted_message(result.recomputed))
    return redirect("rates:exchangerate_list")


@login_required
def exchangerate_import_template(request: HttpRequest) -> HttpResponse:
    """The CSV template: the header row date,currency,rate,source."""
    _ensure_may_import(request)
    return download(rates.template_csv(), CSV_TYPE, "exchange-rates-template.csv")
