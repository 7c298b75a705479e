"""Pages of the directory of donors and partners: one named view per page of each model.

Adding a partner is :class:`~mobiliza.directory.duplicates.views.PartnerCreateView`, which
warns of likely duplicates first.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps

from mobiliza.core import views as core_views
from mobiliza.core.permissions import actor_for, can, can_read_confidential, restrict
from mobiliza.directory import filters, forms, models, tables


def _partner_context(partner: models.Partner, user: Any) -> dict[str, Any]:
    return {
        "areas": list(partner.areas.all()),
        "contribution_kinds": list(partner.contribution_kinds.all()),
        "axes": list(partner.axes.all()),
        "contacts": list(restrict(partner.contacts.all(), user, "view")),
        "calls": list(restrict(partner.calls.all(), user, "view")),
        "attachments": list(
            restrict(partner.attachments.select_related("uploaded_by"), user, "view")
        ),
        # The mobilization pipeline with this partner (capability 3).
        "opportunities": list(
            restrict(partner.opportunities.select_related("step", "member_state"), user, "view")
        ),
        "interactions": list(
            restrict(partner.interactions.select_related("opportunity"), user, "view")
        ),
        "show_pipeline": can(user, "view", model=partner.opportunities.model),
        "can_add_pipeline": can(user, "add", model=partner.opportunities.model),
        "can_add_related": can(user, "change", partner),
        "show_confidential": can_read_confidential(user, partner),
        # The portfolio's projects that fit this partner (a higher app: named, not imported).
        "show_projects": not actor_for(user).only_partner_viewer
        and can(user, "view", model=apps.get_model("portfolio", "Project")),
    }


# The related records a partner's pages show (its list reads only the columns below).
PARTNER_RELATED = ("source_type", "member_state", "owner")
# The columns the partner list's table shows: the list reads only these, so a search
# over many rows sorts narrow rows.
PARTNER_LIST_COLUMNS = (
    "name_es",
    "name_en",
    "acronym",
    "scope",
    "status",
    "source_type__name_es",
    "source_type__name_en",
    "member_state__code",
    "member_state__name_es",
    "member_state__name_en",
)


# --- partners ------------------------------------------------------------


class PartnerListView(core_views.RecordListView):
    model = models.Partner
    list_only = PARTNER_LIST_COLUMNS
    table_class = tables.PartnerTable
    filterset_class = filters.PartnerFilter
    template_name = "directory/partner_list.html"
    bulk_export = True
    bulk_fields = ("owner", "status")
    bulk_form_class = forms.PartnerForm


class PartnerDetailView(core_views.RecordDetailView):
    model = models.Partner
    select_related = PARTNER_RELATED
    fields = models.PARTNER_FIELDS.detail_names()
    template_name = "directory/partner_detail.html"

    def get_detail_extra(self) -> dict[str, Any]:
        return {"related": _partner_context(self.object, self.request.user)}


class PartnerUpdateView(core_views.RecordUpdateView):
    model = models.Partner
    select_related = PARTNER_RELATED
    form_class = forms.PartnerForm


class PartnerDeleteView(core_views.RecordDeleteView):
    model = models.Partner
    select_related = PARTNER_RELATED


# --- contacts ------------------------------------------------------------


class ContactListView(core_views.RecordListView):
    model = models.Contact
    select_related = ("partner",)
    table_class = tables.ContactTable
    filterset_class = filters.ContactFilter
    bulk_export = True


class ContactDetailView(core_views.RecordDetailView):
    model = models.Contact
    select_related = ("partner",)
    fields = models.CONTACT_FIELDS.detail_names()


class ContactCreateView(core_views.RecordCreateView):
    model = models.Contact
    form_class = forms.ContactForm


class ContactUpdateView(core_views.RecordUpdateView):
    model = models.Contact
    select_related = ("partner",)
    form_class = forms.ContactForm


class ContactDeleteView(core_views.RecordDeleteView):
    model = models.Contact
    select_related = ("partner",)


# --- calls ------------------------------------------------------------


class FundingCallListView(core_views.RecordListView):
    model = models.FundingCall
    select_related = ("partner",)
    table_class = tables.FundingCallTable
    filterset_class = filters.FundingCallFilter


class FundingCallDetailView(core_views.RecordDetailView):
    model = models.FundingCall
    select_related = ("partner",)
    fields = models.FUNDING_CALL_FIELDS.detail_names()


class FundingCallCreateView(core_views.RecordCreateView):
    model = models.FundingCall
    form_class = forms.FundingCallForm


class FundingCallUpdateView(core_views.RecordUpdateView):
    model = models.FundingCall
    select_related = ("partner",)
    form_class = forms.FundingCallForm


class FundingCallDeleteView(core_views.RecordDeleteView):
    model = models.FundingCall
    select_related = ("partner",)


# --- attachments ------------------------------------------------------------


class AttachmentListView(core_views.RecordListView):
    model = models.Attachment
    select_related = ("partner", "uploaded_by")
    table_class = tables.AttachmentTable
    filterset_class = filters.AttachmentFilter


class AttachmentDetailView(core_views.RecordDetailView):
    model = models.Attachment
    select_related = ("partner", "uploaded_by")
    fields = models.ATTACHMENT_FIELDS.detail_names()
    template_name = "directory/attachment_detail.html"


class AttachmentCreateView(core_views.RecordCreateView):
    model = models.Attachment
    form_class = forms.AttachmentForm


class AttachmentUpdateView(core_views.RecordUpdateView):
    model = models.Attachment
    select_related = ("partner", "uploaded_by")
    form_class = forms.AttachmentForm


class AttachmentDeleteView(core_views.RecordDeleteView):
    model = models.Attachment
    select_related = ("partner", "uploaded_by")


attachment_download = core_views.file_download(models.Attachment)
