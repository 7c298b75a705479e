"""Pages of agreements, their documents, contributions and instalments.

Each page is a named view built on the generic ones of :mod:`mobiliza.core.views`; a few
do more: adding an agreement goes through
:func:`~mobiliza.agreements.services.create_agreement` (which tells the Presidency and the
Secretariat), the contribution form adapts to the kind of resource, and instalments go
back to their contribution once saved.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from babel.numbers import format_decimal
from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from mobiliza.agreements import exports, filters, forms, models, services, tables
from mobiliza.agreements.models import FINANCIAL, GOODS_SERVICES, HUMAN
from mobiliza.agreements.selectors import reporting_total, totals_by_currency
from mobiliza.agreements.tasks import contributions_export_job
from mobiliza.core import views as core_views
from mobiliza.core.exportjobs import export_job_start
from mobiliza.core.forms import refuse_country
from mobiliza.core.money import format_money, reporting_currency
from mobiliza.core.permissions import can, restrict
from mobiliza.core.spreadsheets import table_download
from mobiliza.pipeline.models import Opportunity

NAMESPACE = "agreements"


def _visible(model: Any, user: Any, pk: Any) -> Any:
    """The record ``pk`` of ``model`` if ``user`` may see it (for pre-filling forms)."""
    if not str(pk or "").isdigit():
        return None
    return restrict(model._default_manager.all(), user, "view").filter(pk=pk).first()


class ServiceErrorsMixin:
    """A rule the services check (a rate deleted meanwhile...) is shown on the form, not a 500."""

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            return super().form_valid(form)  # type: ignore[misc]
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                known = {k: v for k, v in error.error_dict.items() if k in form.fields}
                for name, errors in known.items():
                    form.add_error(name, errors)
                for name, errors in error.error_dict.items():
                    if name not in known:
                        form.add_error(None, errors)
            else:
                form.add_error(None, error)
            return self.form_invalid(form)  # type: ignore[attr-defined]


# --- agreements ---------------------------------------------------------------------------


class AgreementCreateView(ServiceErrorsMixin, core_views.RecordCreateView):
    """Adding an agreement tells the Presidency and the Secretariat (in the app and by e-mail)."""

    model = models.Agreement
    form_class = forms.AgreementForm

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        opportunity = _visible(Opportunity, self.request.user, self.request.GET.get("opportunity"))
        if opportunity is not None:
            initial.setdefault("partner", opportunity.partner_id)
            initial.setdefault("title", opportunity.title)
            initial.setdefault("member_state", opportunity.member_state_id)
            if opportunity.project_id:
                initial.setdefault("project", opportunity.project_id)
            if opportunity.axis_id:
                initial.setdefault("axes", [opportunity.axis_id])
            if opportunity.expected_amount is not None:
                initial.setdefault("committed_amount", opportunity.expected_amount)
                initial.setdefault("currency", opportunity.currency)
        return initial

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            self.object = services.create_agreement(user=self.request.user, data=form.model_data())
        except PermissionDenied:
            refuse_country(form, _("You may not create this record for that member state."))
            return self.form_invalid(form)
        messages.success(self.request, _("Saved: %(name)s.") % {"name": self.object})
        return redirect(self.get_success_url())


def _agreement_context(agreement: models.Agreement, user: Any) -> dict[str, Any]:
    contributions = restrict(
        agreement.contributions.select_related("kind", "partner", "member_state"), user, "view"
    )
    return {
        "other_partners": list(agreement.other_partners.all()),
        "member_states": list(agreement.member_states.all()),
        "axes": list(agreement.axes.all()),
        "documents": list(restrict(agreement.documents.all(), user, "view")),
        "contributions": [
            (
                c,
                format_money(c.amount, c.currency),
                format_money(c.amount_reporting, c.reporting_currency or reporting_currency()),
            )
            for c in contributions
        ],
        "by_currency": totals_by_currency(contributions),
        "reporting_total": format_money(reporting_total(contributions), reporting_currency()),
        "committed": format_money(agreement.committed_amount, agreement.currency)
        if agreement.committed_amount is not None
        else None,
        "can_change": can(user, "change", agreement),
        "can_add_contribution": can(user, "add", model=models.Contribution),
        "obligations": [
            (obligation, _next_deadline(obligation))
            for obligation in restrict(
                agreement.obligations.select_related("responsible").prefetch_related("deadlines"),
                user,
                "view",
            )
        ],
    }


def _next_deadline(obligation: models.ReportingObligation) -> models.Deadline | None:
    """The earliest deadline not delivered yet (from the prefetched deadlines)."""
    pending = [d for d in obligation.deadlines.all() if not d.delivered_on]
    return min(pending, key=lambda d: d.due_on) if pending else None


# --- contributions ------------------------------------------------------------------------


class ContributionCreateView(ServiceErrorsMixin, core_views.RecordCreateView):
    template_name = "agreements/contribution_form.html"
    model = models.Contribution
    form_class = forms.ContributionForm

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        agreement = _visible(models.Agreement, self.request.user, self.request.GET.get("agreement"))
        if agreement is not None:
            initial.setdefault("partner", agreement.partner_id)
            initial.setdefault("member_state", agreement.member_state_id)
            if agreement.project_id:
                initial.setdefault("project", agreement.project_id)
            if agreement.currency:
                initial.setdefault("currency", agreement.currency)
        initial.setdefault("currency", reporting_currency())
        initial.setdefault("value_date", timezone.localdate())
        return initial


class ContributionUpdateView(ServiceErrorsMixin, core_views.RecordUpdateView):
    template_name = "agreements/contribution_form.html"
    model = models.Contribution
    form_class = forms.ContributionForm
    queryset = models.Contribution.objects.select_related("kind")


def _rate_text(rate: Decimal | None) -> str:
    """A rate with at least four decimals, in the reader's number format."""
    if rate is None:
        return ""
    locale = (get_language() or "es")[:2]
    return format_decimal(rate, format="#,##0.0000######", locale=locale)


def _contribution_context(contribution: models.Contribution, user: Any) -> dict[str, Any]:
    prefetch_related_objects([contribution], "instalments")
    instalments = list(contribution.instalments.all())
    currency = contribution.currency
    code = contribution.kind.code
    kind_rows: list[tuple[str, Any]] = []
    if code == HUMAN:
        kind_rows = [
            (_("Number of people"), contribution.people),
            (_("Person-months"), contribution.person_months),
            (_("Role"), contribution.role),
        ]
    elif code == GOODS_SERVICES:
        kind_rows = [
            (_("Quantity"), contribution.quantity),
            (_("Unit"), contribution.unit),
        ]
    may_add_instalment = can(user, "add", models.Instalment(contribution=contribution))
    instalment_form = None
    if may_add_instalment:
        instalment_form = forms.InstalmentForm(user=user, initial={"contribution": contribution.pk})
        instalment_form.fields["contribution"].widget = django_forms.HiddenInput()
    return {
        "kind_rows": kind_rows,
        "is_financial": code == FINANCIAL,
        "amount": format_money(contribution.amount, currency),
        "amount_reporting": format_money(
            contribution.amount_reporting, contribution.reporting_currency or reporting_currency()
        ),
        "reporting_currency": contribution.reporting_currency or reporting_currency(),
        "rate": _rate_text(contribution.rate),
        "rate_date": contribution.rate_date,
        "instalments": [(i, format_money(i.amount, currency)) for i in instalments],
        "instalment_total": format_money(contribution.instalment_total, currency),
        "received": format_money(contribution.received_amount(), currency),
        "outstanding": format_money(contribution.outstanding(), currency),
        "acknowledgements": list(
            restrict(contribution.acknowledgements.select_related("sent_by"), user, "view")
        ),
        "can_change_instalments": can(user, "change", contribution),
        "instalment_form": instalment_form,
    }


def contribution_export(request: HttpRequest) -> HttpResponseBase:
    """The contribution list as the page shows it (same filters), as XLSX or CSV.

    An XLSX of more than ``BACKGROUND_EXPORT_ROWS`` contributions is written in the
    background; the user is sent to a page that shows its progress and then offers it.
    """
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can(request.user, "view", model=models.Contribution):
        raise PermissionDenied
    query = request.GET.copy()
    for name in ("format", "page", "sort"):
        query.pop(name, None)
    contributions = exports.contributions_for_export(user=request.user, query=query)
    kind = request.GET.get("format", "xlsx")
    name = exports.export_name()
    if kind != "csv":
        total = contributions.count()
        if total > exports.BACKGROUND_EXPORT_ROWS:
            job = export_job_start(
                task=contributions_export_job,
                user=request.user,
                title=gettext_lazy("Exporting contributions"),
                total=total,
                query=dict(query.lists()),
            )
            return redirect(job.get_absolute_url())
    header, rows = exports.contribution_export_table(contributions)
    return table_download(kind, name, header, rows, title=exports.export_title())


# --- instalments --------------------------------------------------------------------------


class BackToContributionMixin:
    object: Any

    def get_success_url(self) -> str:
        return f"{self.object.contribution.get_absolute_url()}#instalments"


class InstalmentCreateView(
    BackToContributionMixin, ServiceErrorsMixin, core_views.RecordCreateView
):
    model = models.Instalment
    form_class = forms.InstalmentForm


class InstalmentUpdateView(
    BackToContributionMixin, ServiceErrorsMixin, core_views.RecordUpdateView
):
    model = models.Instalment
    form_class = forms.InstalmentForm
    queryset = models.Instalment.objects.select_related("contribution")


class InstalmentDeleteView(core_views.RecordDeleteView):
    model = models.Instalment
    queryset = models.Instalment.objects.select_related("contribution")
    success_url_name = f"{NAMESPACE}:instalment_list"

    def form_valid(self, form: Any) -> HttpResponse:
        back = f"{self.object.contribution.get_absolute_url()}#instalments"
        response = super().form_valid(form)
        if getattr(response, "url", None) == reverse(self.success_url_name):
            return redirect(back)
        return response


# --- documents ----------------------------------------------------------------------------


agreementdocument_download = core_views.file_download(models.AgreementDocument)


# --- the pages ----------------------------------------------------------------------------


# The other pages of each model (the add pages, the contribution's edit page and the
# instalment's edit and delete pages are above); urls.py gives them their addresses.


class AgreementListView(core_views.RecordListView):
    model = models.Agreement
    select_related = ("partner", "member_state", "project")
    table_class = tables.AgreementTable
    filterset_class = filters.AgreementFilter
    bulk_export = True
    bulk_transitions = True


class AgreementDetailView(core_views.RecordDetailView):
    model = models.Agreement
    select_related = ("partner", "member_state", "project")
    fields = models.AGREEMENT_FIELDS.detail_names()
    linked_fields = ("project",)
    template_name = "agreements/agreement_detail.html"

    def get_detail_extra(self) -> dict[str, Any]:
        return {"related": _agreement_context(self.object, self.request.user)}


class AgreementUpdateView(core_views.RecordUpdateView):
    model = models.Agreement
    select_related = ("partner", "member_state", "project")
    form_class = forms.AgreementForm


class AgreementDeleteView(core_views.RecordDeleteView):
    model = models.Agreement
    select_related = ("partner", "member_state", "project")


class AgreementDocumentListView(core_views.RecordListView):
    model = models.AgreementDocument
    select_related = ("agreement",)
    table_class = tables.AgreementDocumentTable
    filterset_class = filters.AgreementDocumentFilter


class AgreementDocumentDetailView(core_views.RecordDetailView):
    model = models.AgreementDocument
    select_related = ("agreement",)
    fields = ["agreement", "title", "created_at"]
    template_name = "agreements/agreementdocument_detail.html"


class AgreementDocumentCreateView(core_views.RecordCreateView):
    model = models.AgreementDocument
    form_class = forms.AgreementDocumentForm


class AgreementDocumentUpdateView(core_views.RecordUpdateView):
    model = models.AgreementDocument
    select_related = ("agreement",)
    form_class = forms.AgreementDocumentForm


class AgreementDocumentDeleteView(core_views.RecordDeleteView):
    model = models.AgreementDocument
    select_related = ("agreement",)


class ContributionListView(core_views.RecordListView):
    model = models.Contribution
    select_related = ("kind", "partner", "member_state", "project")
    table_class = tables.ContributionTable
    filterset_class = filters.ContributionFilter
    template_name = "agreements/contribution_list.html"
    bulk_export = True
    bulk_transitions = True


class ContributionDetailView(core_views.RecordDetailView):
    model = models.Contribution
    select_related = ("kind", "partner", "member_state", "project")
    fields = models.CONTRIBUTION_FIELDS.detail_names()
    linked_fields = ("project",)
    template_name = "agreements/contribution_detail.html"

    def get_detail_extra(self) -> dict[str, Any]:
        return {"related": _contribution_context(self.object, self.request.user)}


class ContributionDeleteView(core_views.RecordDeleteView):
    model = models.Contribution
    select_related = ("kind", "partner", "member_state", "project")


class InstalmentListView(core_views.RecordListView):
    model = models.Instalment
    select_related = ("contribution",)
    table_class = tables.InstalmentTable
    filterset_class = filters.InstalmentFilter


class InstalmentDetailView(core_views.RecordDetailView):
    model = models.Instalment
    select_related = ("contribution",)
    fields = ["contribution", "due_on", "amount", "received_on"]
