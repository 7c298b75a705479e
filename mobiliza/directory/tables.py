import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from mobiliza.core.tables import LinkedTable
from mobiliza.directory import models


class PartnerTable(LinkedTable):
    phone_cards = True
    name = tables.Column(verbose_name=_("Name"), linkify=True, order_by=("name_es",))
    acronym = tables.Column(verbose_name=_("Acronym"))
    source_type = tables.Column(order_by=("source_type__position",))

    class Meta(LinkedTable.Meta):
        model = models.Partner
        fields = ["name", "acronym", "source_type", "scope", "status", "member_state"]


class ContactTable(LinkedTable):
    phone_cards = True
    full_name = tables.Column(linkify=True)
    partner = tables.Column(linkify=True, order_by=("partner__name_es",))

    class Meta(LinkedTable.Meta):
        model = models.Contact
        fields = ["full_name", "partner", "title", "email", "phone", "newsletter_consent"]


class FundingCallTable(LinkedTable):
    title = tables.Column(linkify=True)
    partner = tables.Column(linkify=True, order_by=("partner__name_es",))

    class Meta(LinkedTable.Meta):
        model = models.FundingCall
        fields = ["title", "partner", "opens_on", "closes_on", "amount_max", "currency"]


class AttachmentTable(LinkedTable):
    title = tables.Column(linkify=True)
    partner = tables.Column(linkify=True, order_by=("partner__name_es",))

    class Meta(LinkedTable.Meta):
        model = models.Attachment
        fields = ["title", "kind", "partner", "created_at"]
