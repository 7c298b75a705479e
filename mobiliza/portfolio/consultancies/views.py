"""The consultancy calls' pages: the list, the call (its steps, applicants, scores and the
joint selection), the forms of the call and of an applicant, the first filter, the scores
of a member state, the selection and the second call."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from mobiliza.core.forms import refuse_country
from mobiliza.core.permissions import actor_for, can, restrict
from mobiliza.core.services import ConflictError
from mobiliza.core.views import (
    RecordCreateView,
    RecordDeleteView,
    RecordDetailView,
    RecordListView,
    RecordUpdateView,
    file_download,
    transitions_context,
)
from mobiliza.portfolio.consultancies import selectors, services
from mobiliza.portfolio.consultancies.filters import ApplicantFilter, ConsultancyCallFilter
from mobiliza.portfolio.consultancies.forms import (
    ApplicantForm,
    ConsultancyCallForm,
    FirstFilterForm,
    ScoresForm,
    SecondCallForm,
    SelectionForm,
)
from mobiliza.portfolio.consultancies.models import (
    Applicant,
    ApplicantDocument,
    ApplicantScore,
    CallState,
    ConsultancyCall,
    FilterDecision,
)
from mobiliza.portfolio.consultancies.tables import ApplicantTable, ConsultancyCallTable

CALL_FIELDS = [
    "project",
    "call_number",
    "first_call",
    "state",
    "opens_on",
    "closes_on",
    "terms",
    "published_on",
    "closed_on",
    "filtered_on",
    "sent_on",
    "selected_on",
]


def call_steps(call: ConsultancyCall) -> list[dict[str, Any]]:
    """The call's way from the draft to the selection, each step with its date."""
    order = [
        (CallState.OPEN, call.published_on),
        (CallState.CLOSED, call.closed_on),
        (CallState.FILTERED, call.filtered_on),
        (CallState.SENT, call.sent_on),
        (CallState.SELECTED, call.selected_on),
    ]
    if call.state == CallState.DESERTED:
        order = [(CallState.OPEN, call.published_on), (CallState.DESERTED, call.closed_on)]
    return [
        {"label": state.label, "date": date, "current": call.state == state, "done": bool(date)}
        for state, date in order
    ]


class ConsultancyCallListView(RecordListView):
    model = ConsultancyCall
    table_class = ConsultancyCallTable
    filterset_class = ConsultancyCallFilter
    url_namespace = "portfolio"

    def shape_queryset(self, queryset: Any) -> Any:
        return selectors.calls_with_counts(queryset.select_related("project"))


class ConsultancyCallDetailView(RecordDetailView):
    model = ConsultancyCall
    fields = CALL_FIELDS
    template_name = "portfolio/consultancies/call_detail.html"
    url_namespace = "portfolio"
    select_related = ("project", "first_call", "selected_applicant")

    def get_detail_extra(self) -> dict[str, Any]:
        call = self.object
        user = self.request.user
        extra = selectors.call_page(call, user)
        # The joint selection has its own form (the applicant chosen, with the scores).
        extra["transitions"] = [
            s for s in transitions_context(user, call) if s["transition"].name != "select"
        ]
        extra["steps"] = call_steps(call)
        extra["evaluating_states"] = list(call.evaluating_states.all())
        extra["sent_to"] = list(call.sent_to.all())
        if can(user, "select", call):
            extra["selection_form"] = SelectionForm(call=call)
        if (
            call.state == CallState.DESERTED
            and call.call_number == 1
            and extra["second_call"] is None
            and can(user, "change", call)
        ):
            extra["second_call_form"] = SecondCallForm()
        extra["filter_open"] = call.state == CallState.CLOSED and can(user, "change", call)
        extra["filter_choices"] = FilterDecision.choices
        extra["may_add_applicant"] = call.state in (CallState.DRAFT, CallState.OPEN) and can(
            user, "change", call
        )
        return extra


class ConsultancyCallCreateView(RecordCreateView):
    model = ConsultancyCall
    form_class = ConsultancyCallForm

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            self.object = services.create_call(user=self.request.user, data=form.model_data())
        except PermissionDenied:
            refuse_country(form, _("You may not create this record for that member state."))
            return self.form_invalid(form)
        messages.success(self.request, _("Saved: %(name)s.") % {"name": self.object})
        return redirect(self.object.get_absolute_url())


class ConsultancyCallUpdateView(RecordUpdateView):
    model = ConsultancyCall
    form_class = ConsultancyCallForm
    url_namespace = "portfolio"


class ConsultancyCallDeleteView(RecordDeleteView):
    model = ConsultancyCall
    url_namespace = "portfolio"


class ApplicantListView(RecordListView):
    """Every applicant the reader may read (the managers: all of them)."""

    model = Applicant
    table_class = ApplicantTable
    filterset_class = ApplicantFilter
    url_namespace = "portfolio"
    select_related = ("call",)

    def add_url(self) -> str | None:
        return None


class ApplicantDetailView(RecordDetailView):
    model = Applicant
    fields = [
        "call",
        "full_name",
        "nationality",
        "email",
        "phone",
        "notes",
        "passed_first_filter",
        "filter_comment",
        "retention_until",
        "files_deleted_on",
    ]
    template_name = "portfolio/consultancies/applicant_detail.html"
    url_namespace = "portfolio"
    select_related = ("call",)

    def get_detail_extra(self) -> dict[str, Any]:
        user = self.request.user
        return {
            "documents": list(
                restrict(ApplicantDocument.objects.filter(applicant=self.object), user, "view")
            ),
            "scores": list(
                restrict(
                    ApplicantScore.objects.filter(applicant=self.object).select_related(
                        "member_state"
                    ),
                    user,
                    "view",
                )
            ),
        }


class ApplicantCreateView(RecordCreateView):
    model = Applicant
    form_class = ApplicantForm

    def form_valid(self, form: Any) -> HttpResponse:
        call = form.cleaned_data["call"]
        try:
            self.object = services.add_applicant(
                user=self.request.user,
                call=call,
                data={k: v for k, v in form.model_data().items() if k != "call"},
                documents=form.documents(),
            )
        except PermissionDenied:
            form.add_error(None, _("You may not add applicants to this call."))
            return self.form_invalid(form)
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved: %(name)s.") % {"name": self.object})
        return redirect(reverse("portfolio:consultancycall_detail", args=[call.pk]))


class ApplicantUpdateView(RecordUpdateView):
    model = Applicant
    form_class = ApplicantForm
    url_namespace = "portfolio"

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            services.update_applicant(
                user=self.request.user,
                applicant=self.object,
                data=form.model_data(),
                version=form.cleaned_data.get("version"),
                documents=form.documents(),
            )
        except ConflictError as conflict:
            form.add_error(None, str(conflict.message))
            return self.form_invalid(form)
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved: %(name)s.") % {"name": self.object})
        return redirect(reverse("portfolio:applicant_detail", args=[self.object.pk]))


class ApplicantDeleteView(RecordDeleteView):
    model = Applicant
    url_namespace = "portfolio"


def _call_for(request: HttpRequest, pk: int) -> ConsultancyCall:
    return get_object_or_404(restrict(ConsultancyCall.objects.all(), request.user), pk=pk)


class FirstFilterView(LoginRequiredMixin, View):
    """``POST``: the first filter's decision for one applicant (the managers)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        applicant = get_object_or_404(restrict(Applicant.objects.all(), request.user), pk=pk)
        form = FirstFilterForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose the first filter's decision."))
        else:
            try:
                services.decide_first_filter(
                    user=request.user,
                    applicant=applicant,
                    decision=form.cleaned_data["passed_first_filter"],
                    comment=form.cleaned_data["filter_comment"],
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request, _("First filter recorded: %(name)s.") % {"name": applicant}
                )
        return redirect(reverse("portfolio:consultancycall_detail", args=[applicant.call_id]))


class ScoresView(LoginRequiredMixin, View):
    """A member state's scores of the applicants who passed the first filter.

    A focal point of an evaluating state fills its own state's column; the managers choose
    the state they enter scores for (``?state=``).
    """

    template_name = "portfolio/consultancies/scores_form.html"

    def setup_call(self, request: HttpRequest, pk: int) -> tuple[ConsultancyCall, Any, list]:
        call = _call_for(request, pk)
        actor = actor_for(request.user)
        states = list(call.sent_to.all())
        if call.state != CallState.SENT:
            raise PermissionDenied
        if actor.manages_everything:
            wanted = request.GET.get("state") or request.POST.get("state")
            state = next((s for s in states if str(s.pk) == wanted or s.code == wanted), None)
            state = state or (states[0] if states else None)
        else:
            state = next((s for s in states if s.pk == actor.member_state_id), None)
        if state is None or not can(request.user, "add", model=ApplicantScore, country_id=state.pk):
            raise PermissionDenied
        applicants = list(
            restrict(Applicant.objects.filter(call=call), request.user).filter(
                passed_first_filter=FilterDecision.YES
            )
        )
        return call, state, applicants

    def scores(self, state: Any, applicants: list) -> dict[int, ApplicantScore]:
        return {
            s.applicant_id: s
            for s in ApplicantScore.objects.filter(applicant__in=applicants, member_state=state)
        }

    def page(self, request: HttpRequest, call: Any, state: Any, form: Any) -> HttpResponse:
        others = list(call.sent_to.all()) if actor_for(request.user).manages_everything else []
        return render(
            request,
            self.template_name,
            {"call": call, "state": state, "form": form, "states": others},
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        call, state, applicants = self.setup_call(request, pk)
        form = ScoresForm(applicants=applicants, scores=self.scores(state, applicants))
        return self.page(request, call, state, form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        call, state, applicants = self.setup_call(request, pk)
        form = ScoresForm(
            request.POST, applicants=applicants, scores=self.scores(state, applicants)
        )
        if not form.is_valid():
            return self.page(request, call, state, form)
        try:
            for applicant in applicants:
                value = form.cleaned_data.get(f"score_{applicant.pk}")
                if value is None:
                    continue
                services.score_applicant(
                    user=request.user,
                    applicant=applicant,
                    member_state=state,
                    score=value,
                    comment=form.cleaned_data.get(f"comment_{applicant.pk}", ""),
                )
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self.page(request, call, state, form)
        messages.success(request, _("Scores of %(state)s saved.") % {"state": state})
        return redirect(call.get_absolute_url())


class SelectionView(LoginRequiredMixin, View):
    """``POST``: the joint selection (the managers)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        call = _call_for(request, pk)
        if not can(request.user, "select", call):
            raise PermissionDenied
        form = SelectionForm(request.POST, call=call)
        if not form.is_valid():
            messages.error(request, _("Choose the applicant selected."))
            return redirect(call.get_absolute_url())
        try:
            services.select_applicant(
                user=request.user,
                call=call,
                applicant=form.cleaned_data["applicant"],
                without_every_score=form.cleaned_data["without_every_score"],
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(name)s selected.") % {"name": form.cleaned_data["applicant"]},
            )
        return redirect(call.get_absolute_url())


class SecondCallView(LoginRequiredMixin, View):
    """``POST``: open the second call of a deserted first call (the managers)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        call = _call_for(request, pk)
        if not can(request.user, "change", call):
            raise PermissionDenied
        form = SecondCallForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give the dates of the second call."))
            return redirect(call.get_absolute_url())
        try:
            second = services.open_second_call(
                user=request.user,
                call=call,
                opens_on=form.cleaned_data["opens_on"],
                closes_on=form.cleaned_data["closes_on"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(call.get_absolute_url())
        messages.success(request, _("Second call created: %(name)s.") % {"name": second})
        return redirect(second.get_absolute_url())


applicant_document_download = file_download(ApplicantDocument)
terms_download = file_download(ConsultancyCall, "terms_file")
