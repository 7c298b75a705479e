"""Pages of the directory of donors and partners."""

from __future__ import annotations

from typing import Any

from mobiliza.core import views as core_views
from mobiliza.core.crud import Crud
from mobiliza.core.permissions import can, can_read_confidential, restrict
from mobiliza.directory import filters, forms, models, tables
from mobiliza.directory.duplicates.views import PartnerCreateView


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
    }


CRUDS = [
    Crud(
        model=models.Partner,
        form_class=forms.PartnerForm,
        table_class=tables.PartnerTable,
        filterset_class=filters.PartnerFilter,
        detail_fields=models.PARTNER_FIELDS.detail_names(),
        prefix="partners",
        list_select_related=("source_type", "member_state", "owner"),
        list_only=(
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
        ),
        detail_template="directory/partner_detail.html",
        detail_extra={"related": _partner_context},
        create_view=PartnerCreateView,
        list_template="directory/partner_list.html",
    ),
    Crud(
        model=models.Contact,
        form_class=forms.ContactForm,
        table_class=tables.ContactTable,
        filterset_class=filters.ContactFilter,
        detail_fields=models.CONTACT_FIELDS.detail_names(),
        prefix="contacts",
        list_select_related=("partner",),
    ),
    Crud(
        model=models.FundingCall,
        form_class=forms.FundingCallForm,
        table_class=tables.FundingCallTable,
        filterset_class=filters.FundingCallFilter,
        detail_fields=models.FUNDING_CALL_FIELDS.detail_names(),
        prefix="calls",
        list_select_related=("partner",),
    ),
    Crud(
        model=models.Attachment,
        form_class=forms.AttachmentForm,
        table_class=tables.AttachmentTable,
        filterset_class=filters.AttachmentFilter,
        detail_fields=models.ATTACHMENT_FIELDS.detail_names(),
        prefix="attachments",
        list_select_related=("partner", "uploaded_by"),
        detail_template="directory/attachment_detail.html",
    ),
]


attachment_download = core_views.file_download(models.Attachment)
