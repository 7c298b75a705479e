"""Pages of the coalition registry, built from the generic scoped views."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from mobiliza.coalition import filters, forms, models, tables
from mobiliza.coalition.selectors import registry_summary
from mobiliza.core import views as core_views
from mobiliza.core.crud import Crud
from mobiliza.core.permissions import can, restrict


def _representatives(body: models.NationalBody, user: Any) -> dict[str, Any]:
    reps = restrict(body.representatives.all(), user, "view")
    return {
        "rows": list(reps),
        "can_add": can(user, "add", model=models.Representative, country_id=body.member_state_id),
    }


def _agreements(meeting: models.Meeting, user: Any) -> dict[str, Any]:
    return {
        "rows": list(restrict(meeting.agreements.select_related("responsible"), user, "view")),
        # A focal point may record agreements its own country is responsible for.
        "can_add": can(user, "add", model=models.MeetingAgreement),
    }


def _member_state_context(state: models.MemberState, user: Any) -> dict[str, Any]:
    body = models.NationalBody.objects.filter(member_state=state).first()
    return {"body": body, "terms": list(state.presidency_terms.all())}


CRUDS = [
    Crud(
        model=models.MemberState,
        form_class=forms.MemberStateForm,
        table_class=tables.MemberStateTable,
        filterset_class=filters.MemberStateFilter,
        detail_fields=["code", "name_es", "name_en"],
        prefix="member-states",
        detail_template="coalition/memberstate_detail.html",
        detail_extra={"state": _member_state_context},
    ),
    Crud(
        model=models.NationalBody,
        form_class=forms.NationalBodyForm,
        table_class=tables.NationalBodyTable,
        filterset_class=filters.NationalBodyFilter,
        detail_fields=[
            "member_state",
            "acronym",
            "name",
            "legal_basis",
            "year_established",
            "chair",
            "member_institutions",
            "description",
            "website",
            "email",
        ],
        prefix="national-bodies",
        list_select_related=("member_state",),
        detail_template="coalition/nationalbody_detail.html",
        detail_extra={"representatives": _representatives},
    ),
    Crud(
        model=models.Representative,
        form_class=forms.RepresentativeForm,
        table_class=tables.RepresentativeTable,
        filterset_class=filters.RepresentativeFilter,
        detail_fields=[
            "national_body",
            "full_name",
            "position_title",
            "institution",
            "role",
            "email",
            "phone",
            "start_date",
            "end_date",
        ],
        prefix="representatives",
        list_select_related=("national_body__member_state",),
    ),
    Crud(
        model=models.PresidencyTerm,
        form_class=forms.PresidencyTermForm,
        table_class=tables.PresidencyTermTable,
        filterset_class=filters.PresidencyTermFilter,
        detail_fields=["member_state", "start_date", "end_date", "notes"],
        prefix="presidencies",
        list_select_related=("member_state",),
    ),
    Crud(
        model=models.Committee,
        form_class=forms.CommitteeForm,
        table_class=tables.CommitteeTable,
        filterset_class=filters.CommitteeFilter,
        detail_fields=["name", "purpose", "coordinator", "is_active"],
        prefix="committees",
        list_select_related=("coordinator",),
        detail_template="coalition/committee_detail.html",
    ),
    Crud(
        model=models.Meeting,
        form_class=forms.MeetingForm,
        table_class=tables.MeetingTable,
        filterset_class=filters.MeetingFilter,
        detail_fields=["title", "kind", "committee", "date", "place", "host", "summary"],
        prefix="meetings",
        list_select_related=("committee", "host"),
        detail_template="coalition/meeting_detail.html",
        detail_extra={"agreements": _agreements},
    ),
    Crud(
        model=models.MeetingAgreement,
        form_class=forms.MeetingAgreementForm,
        table_class=tables.MeetingAgreementTable,
        filterset_class=filters.MeetingAgreementFilter,
        detail_fields=[
            "meeting",
            "text",
            "responsible",
            "deadline",
            "status",
            "compliance_notes",
        ],
        prefix="meeting-agreements",
        list_select_related=("meeting", "responsible"),
    ),
]


meeting_minutes = core_views.file_download(models.Meeting, "minutes")


class HomeView(LoginRequiredMixin, TemplateView):
    """The home page: the coalition registry at a glance (it lives with the registry it
    summarises, since core imports no app)."""

    template_name = "core/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["summary"] = registry_summary(user=self.request.user)
        return context
