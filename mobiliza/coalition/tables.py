import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from mobiliza.coalition import models
from mobiliza.core.tables import LinkedTable


class MemberStateTable(LinkedTable):
    name = tables.Column(verbose_name=_("Name"), linkify=True, order_by=("name_es",))

    class Meta(LinkedTable.Meta):
        model = models.MemberState
        fields = ["code", "name"]


class NationalBodyTable(LinkedTable):
    acronym = tables.Column(verbose_name=_("Acronym"), linkify=True)
    name = tables.Column(verbose_name=_("Name"), linkify=True, order_by=("name_es",))
    member_state = tables.Column(
        verbose_name=_("Member state"), order_by=("member_state__position",)
    )

    class Meta(LinkedTable.Meta):
        model = models.NationalBody
        fields = ["acronym", "name", "member_state", "year_established", "member_institutions"]


class RepresentativeTable(LinkedTable):
    full_name = tables.Column(linkify=True)
    national_body = tables.Column(order_by=("national_body__acronym",))

    class Meta(LinkedTable.Meta):
        model = models.Representative
        fields = ["full_name", "national_body", "role", "institution", "start_date", "end_date"]


class PresidencyTermTable(LinkedTable):
    member_state = tables.Column(linkify=True)
    # The dates open the term itself (the member state links to the country's page).
    start_date = tables.DateColumn(linkify=True)

    class Meta(LinkedTable.Meta):
        model = models.PresidencyTerm
        fields = ["member_state", "start_date", "end_date"]


class CommitteeTable(LinkedTable):
    name = tables.Column(verbose_name=_("Name"), linkify=True, order_by=("name_es",))
    coordinator = tables.Column()

    class Meta(LinkedTable.Meta):
        model = models.Committee
        fields = ["name", "coordinator", "is_active"]


class MeetingTable(LinkedTable):
    title = tables.Column(linkify=True)

    class Meta(LinkedTable.Meta):
        model = models.Meeting
        fields = ["date", "title", "kind", "place", "host"]


class MeetingAgreementTable(LinkedTable):
    # The reader's language, marked when only the other one is written.
    text = tables.Column(linkify=True, verbose_name=_("Agreement reached"), order_by=("text_es",))

    class Meta(LinkedTable.Meta):
        model = models.MeetingAgreement
        fields = ["text", "meeting", "responsible", "deadline", "status"]
