"""Pages of the coalition registry: one named view per page of each model, built on the
generic scoped views of :mod:`mobiliza.core.views`."""

from __future__ import annotations

from typing import Any

from mobiliza.coalition import filters, forms, models, tables
from mobiliza.core import views as core_views
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


NATIONAL_BODY_FIELDS = [
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
]

REPRESENTATIVE_FIELDS = [
    "national_body",
    "full_name",
    "position_title",
    "institution",
    "role",
    "email",
    "phone",
    "start_date",
    "end_date",
]

MEETING_AGREEMENT_FIELDS = [
    "meeting",
    "text",
    "responsible",
    "deadline",
    "status",
    "compliance_notes",
]


class MemberStateListView(core_views.RecordListView):
    model = models.MemberState
    table_class = tables.MemberStateTable
    filterset_class = filters.MemberStateFilter


class MemberStateDetailView(core_views.RecordDetailView):
    model = models.MemberState
    fields = ["code", "name_es", "name_en"]
    template_name = "coalition/memberstate_detail.html"

    def get_detail_extra(self) -> dict[str, Any]:
        return {"state": _member_state_context(self.object, self.request.user)}


class MemberStateCreateView(core_views.RecordCreateView):
    model = models.MemberState
    form_class = forms.MemberStateForm


class MemberStateUpdateView(core_views.RecordUpdateView):
    model = models.MemberState
    form_class = forms.MemberStateForm


class MemberStateDeleteView(core_views.RecordDeleteView):
    model = models.MemberState


class NationalBodyListView(core_views.RecordListView):
    model = models.NationalBody
    select_related = ("member_state",)
    table_class = tables.NationalBodyTable
    filterset_class = filters.NationalBodyFilter


class NationalBodyDetailView(core_views.RecordDetailView):
    model = models.NationalBody
    select_related = ("member_state",)
    fields = NATIONAL_BODY_FIELDS
    template_name = "coalition/nationalbody_detail.html"

    def get_detail_extra(self) -> dict[str, Any]:
        return {"representatives": _representatives(self.object, self.request.user)}


class NationalBodyCreateView(core_views.RecordCreateView):
    model = models.NationalBody
    form_class = forms.NationalBodyForm


class NationalBodyUpdateView(core_views.RecordUpdateView):
    model = models.NationalBody
    select_related = ("member_state",)
    form_class = forms.NationalBodyForm


class NationalBodyDeleteView(core_views.RecordDeleteView):
    model = models.NationalBody
    select_related = ("member_state",)


class RepresentativeListView(core_views.RecordListView):
    model = models.Representative
    select_related = ("national_body__member_state",)
    table_class = tables.RepresentativeTable
    filterset_class = filters.RepresentativeFilter


class RepresentativeDetailView(core_views.RecordDetailView):
    model = models.Representative
    select_related = ("national_body__member_state",)
    fields = REPRESENTATIVE_FIELDS


class RepresentativeCreateView(core_views.RecordCreateView):
    model = models.Representative
    form_class = forms.RepresentativeForm


class RepresentativeUpdateView(core_views.RecordUpdateView):
    model = models.Representative
    select_related = ("national_body__member_state",)
    form_class = forms.RepresentativeForm


class RepresentativeDeleteView(core_views.RecordDeleteView):
    model = models.Representative
    select_related = ("national_body__member_state",)


class PresidencyTermListView(core_views.RecordListView):
    model = models.PresidencyTerm
    select_related = ("member_state",)
    table_class = tables.PresidencyTermTable
    filterset_class = filters.PresidencyTermFilter


class PresidencyTermDetailView(core_views.RecordDetailView):
    model = models.PresidencyTerm
    select_related = ("member_state",)
    fields = ["member_state", "start_date", "end_date", "notes"]


class PresidencyTermCreateView(core_views.RecordCreateView):
    model = models.PresidencyTerm
    form_class = forms.PresidencyTermForm


class PresidencyTermUpdateView(core_views.RecordUpdateView):
    model = models.PresidencyTerm
    select_related = ("member_state",)
    form_class = forms.PresidencyTermForm


class PresidencyTermDeleteView(core_views.RecordDeleteView):
    model = models.PresidencyTerm
    select_related = ("member_state",)


class CommitteeListView(core_views.RecordListView):
    model = models.Committee
    select_related = ("coordinator",)
    table_class = tables.CommitteeTable
    filterset_class = filters.CommitteeFilter


class CommitteeDetailView(core_views.RecordDetailView):
    model = models.Committee
    select_related = ("coordinator",)
    fields = ["name", "purpose", "coordinator", "is_active"]
    template_name = "coalition/committee_detail.html"


class CommitteeCreateView(core_views.RecordCreateView):
    model = models.Committee
    form_class = forms.CommitteeForm


class CommitteeUpdateView(core_views.RecordUpdateView):
    model = models.Committee
    select_related = ("coordinator",)
    form_class = forms.CommitteeForm


class CommitteeDeleteView(core_views.RecordDeleteView):
    model = models.Committee
    select_related = ("coordinator",)


class MeetingListView(core_views.RecordListView):
    model = models.Meeting
    select_related = ("committee", "host")
    table_class = tables.MeetingTable
    filterset_class = filters.MeetingFilter


class MeetingDetailView(core_views.RecordDetailView):
    model = models.Meeting
    select_related = ("committee", "host")
    fields = ["title", "kind", "committee", "date", "place", "host", "summary"]
    template_name = "coalition/meeting_detail.html"

    def get_detail_extra(self) -> dict[str, Any]:
        return {"agreements": _agreements(self.object, self.request.user)}


class MeetingCreateView(core_views.RecordCreateView):
    model = models.Meeting
    form_class = forms.MeetingForm


class MeetingUpdateView(core_views.RecordUpdateView):
    model = models.Meeting
    select_related = ("committee", "host")
    form_class = forms.MeetingForm


class MeetingDeleteView(core_views.RecordDeleteView):
    model = models.Meeting
    select_related = ("committee", "host")


class MeetingAgreementListView(core_views.RecordListView):
    model = models.MeetingAgreement
    select_related = ("meeting", "responsible")
    table_class = tables.MeetingAgreementTable
    filterset_class = filters.MeetingAgreementFilter


class MeetingAgreementDetailView(core_views.RecordDetailView):
    model = models.MeetingAgreement
    select_related = ("meeting", "responsible")
    fields = MEETING_AGREEMENT_FIELDS


class MeetingAgreementCreateView(core_views.RecordCreateView):
    model = models.MeetingAgreement
    form_class = forms.MeetingAgreementForm


class MeetingAgreementUpdateView(core_views.RecordUpdateView):
    model = models.MeetingAgreement
    select_related = ("meeting", "responsible")
    form_class = forms.MeetingAgreementForm


class MeetingAgreementDeleteView(core_views.RecordDeleteView):
    model = models.MeetingAgreement
    select_related = ("meeting", "responsible")


meeting_minutes = core_views.file_download(models.Meeting, "minutes")
