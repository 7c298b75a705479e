"""Pages of reporting obligations and their deadlines: list, detail, add, edit, delete,
recording (or undoing) a delivery, and downloading what was delivered."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mobiliza.agreements import services
from mobiliza.agreements.models import Agreement, Deadline, ReportingObligation
from mobiliza.agreements.obligations.filters import ObligationFilter, with_next_due
from mobiliza.agreements.obligations.forms import DeliveryForm, ObligationForm
from mobiliza.agreements.obligations.tables import ObligationTable
from mobiliza.core import views
from mobiliza.core.forms import refuse_country
from mobiliza.core.permissions import can, restrict
from mobiliza.core.services import ConflictError
from mobiliza.pipeline.models import Opportunity

RELATED = (
    "agreement",
    "opportunity",
    "opportunity__funding_call",
    "partner",
    "member_state",
    "responsible",
)


def link_of(user: Any, obj: Model | None) -> str | None:
    """The page of a linked record, when the user may see it and the page exists."""
    if obj is None or not can(user, "view", obj):
        return None
    try:
        return obj.get_absolute_url()  # type: ignore[attr-defined]
    except NoReverseMatch:  # that app publishes no page for it
        return None


class ObligationListView(views.RecordListView):
    model = ReportingObligation
    queryset = ReportingObligation.objects.select_related(*RELATED)
    table_class = ObligationTable
    filterset_class = ObligationFilter
    template_name = "agreements/obligation_list.html"
    bulk_export = True
    bulk_fields = ("responsible",)
    bulk_form_class = ObligationForm

    def get_queryset(self) -> Any:
        return with_next_due(super().get_queryset())

    def get_table_kwargs(self) -> dict[str, Any]:
        return {
            **super().get_table_kwargs(),
            "show_opportunities": can(self.request.user, "view", model=Opportunity),
        }

    def add_url(self) -> str:
        return reverse("agreements:reportingobligation_add")


class ObligationDetailView(views.RecordDetailView):
    model = ReportingObligation
    queryset = ReportingObligation.objects.select_related(*RELATED)
    template_name = "agreements/obligation_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        obligation, user = self.object, self.request.user
        may_deliver = can(user, "change", obligation)
        deadlines = list(obligation.deadlines.select_related("delivered_by"))
        for deadline in deadlines:
            deadline.obligation = obligation  # status() reads the reminder window
            deadline.form = (  # type: ignore[attr-defined]
                DeliveryForm(initial={"version": deadline.version}, prefix_id=f"_{deadline.pk}")
                if may_deliver and not deadline.delivered_on
                else None
            )
        context.update(
            deadlines=deadlines,
            may_deliver=may_deliver,
            agreement_url=link_of(user, obligation.agreement),
            opportunity_url=link_of(user, obligation.opportunity),
            partner_url=link_of(user, obligation.partner),
            show_opportunity=obligation.opportunity is not None
            and can(user, "view", obligation.opportunity),
            edit_url=reverse("agreements:reportingobligation_edit", args=[obligation.pk]),
            delete_url=reverse("agreements:reportingobligation_delete", args=[obligation.pk]),
            list_url=reverse("agreements:reportingobligation_list"),
        )
        return context


FORM_TEMPLATE = "agreements/obligation_form.html"


class ObligationCreateView(views.RecordCreateView):
    model = ReportingObligation
    form_class = ObligationForm
    template_name = FORM_TEMPLATE

    def get_initial(self) -> dict[str, Any]:
        # "Add a report owed" on an agreement, or "add a deadline" on an opportunity.
        initial: dict[str, Any] = {}
        user = self.request.user
        agreement_id = self.request.GET.get("agreement", "")
        opportunity_id = self.request.GET.get("opportunity", "")
        if agreement_id.isdigit():
            agreement = restrict(Agreement.objects.all(), user, "change").filter(pk=agreement_id)
            if found := agreement.first():
                initial.update(agreement=found.pk, kind="progress_report")
                initial["title"] = _("Progress report to %(partner)s") % {
                    "partner": found.partner.acronym or found.partner
                }
        elif opportunity_id.isdigit():
            opportunity = (
                restrict(Opportunity.objects.all(), user, "change")
                .select_related("funding_call", "partner")
                .filter(pk=opportunity_id)
                .first()
            )
            if opportunity is not None:
                initial.update(opportunity=opportunity.pk, kind="application")
                initial["title"] = _("Application to %(partner)s") % {
                    "partner": opportunity.partner.acronym or opportunity.partner
                }
                call = opportunity.funding_call
                if call is not None and call.closes_on:
                    # Typically due when the partner's call closes.
                    initial["first_due_on"] = call.closes_on
        return initial

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            self.object = services.create_obligation(user=self.request.user, data=form.model_data())
        except PermissionDenied:
            refuse_country(form, _("You may not create this record for that member state."))
            return self.form_invalid(form)
        messages.success(self.request, _("Saved: %(name)s.") % {"name": self.object})
        return redirect(self.object.get_absolute_url())


class ObligationUpdateView(views.RecordUpdateView):
    model = ReportingObligation
    form_class = ObligationForm
    template_name = FORM_TEMPLATE
    queryset = ReportingObligation.objects.select_related("agreement", "opportunity")

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            self.object = services.update_obligation(
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
                    conflict_differences=views.conflict_differences(form, conflict.current),
                )
            )
        except PermissionDenied:
            refuse_country(form, _("You may not move this record to another member state."))
            return self.form_invalid(form)
        messages.success(self.request, _("Saved: %(name)s.") % {"name": self.object})
        return redirect(self.object.get_absolute_url())


class ObligationDeleteView(views.RecordDeleteView):
    model = ReportingObligation
    queryset = ReportingObligation.objects.all()
    success_url_name = "agreements:reportingobligation_list"


# --- Deadlines --------------------------------------------------------------------------


def _deadline_for(request: HttpRequest, pk: int, action: str = "change") -> Deadline:
    """The deadline, if the user may see it (else 404) and ``action`` it (else 403)."""
    deadline = get_object_or_404(
        restrict(Deadline.objects.select_related("obligation"), request.user, "view"), pk=pk
    )
    if action != "view" and not can(request.user, action, deadline):  # type: ignore[arg-type]
        raise PermissionDenied
    return deadline


def _due_label(deadline: Deadline) -> str:
    return date_format(deadline.due_on, "DATE_FORMAT")


@login_required
def deadline_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A deadline is shown on its obligation's page (this address is its permanent link)."""
    deadline = _deadline_for(request, pk, "view")
    return redirect(f"{deadline.obligation.get_absolute_url()}#deadline-{deadline.pk}")


@login_required
def deadline_deliver(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the delivery of one deadline: the date and, if any, the document sent."""
    deadline = _deadline_for(request, pk)
    obligation = deadline.obligation
    back = f"{obligation.get_absolute_url()}#deadline-{deadline.pk}"
    if request.method == "POST":
        form = DeliveryForm(request.POST, request.FILES, prefix_id=f"_{deadline.pk}")
        if form.is_valid():
            try:
                services.deliver(
                    user=request.user,
                    deadline=deadline,
                    delivered_on=form.cleaned_data["delivered_on"],
                    document=form.cleaned_data.get("document") or None,
                    version=form.cleaned_data.get("version"),
                )
            except ConflictError:
                messages.error(
                    request,
                    _("Someone else changed this deadline meanwhile; look at it again."),
                )
                return redirect(back)
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(
                    request,
                    _("Delivery recorded for %(title)s, due on %(date)s.")
                    % {"title": obligation.title, "date": _due_label(deadline)},
                )
                return redirect(back)
    else:
        form = DeliveryForm(initial={"version": deadline.version}, prefix_id=f"_{deadline.pk}")
    return render(
        request,
        "agreements/deadline_deliver.html",
        {"deadline": deadline, "obligation": obligation, "form": form, "back": back},
        status=200,
    )


@login_required
@require_POST
def deadline_undo(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo a delivery recorded by mistake: the deadline is pending again."""
    deadline = _deadline_for(request, pk)
    obligation = deadline.obligation
    if deadline.delivered_on:
        try:
            services.deliver(
                user=request.user,
                deadline=deadline,
                delivered_on=None,
                version=_int_or_none(request.POST.get("version")),
            )
        except ConflictError:
            messages.error(
                request, _("Someone else changed this deadline meanwhile; look at it again.")
            )
        else:
            messages.success(
                request,
                _("The delivery for %(date)s was undone; the deadline is pending again.")
                % {"date": _due_label(deadline)},
            )
    return redirect(f"{obligation.get_absolute_url()}#deadline-{deadline.pk}")


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


deadline_document = views.file_download(Deadline, "document")
