from __future__ import annotations

from typing import Any

from django_countries.serializers import CountryFieldMixin
from rest_framework import serializers

from mobiliza.coalition.api.serializers import country_field_for
from mobiliza.coalition.models import MemberState
from mobiliza.core.currencies import validate_currency
from mobiliza.core.drf.files import FileLinkField
from mobiliza.core.drf.serializers import LinksField
from mobiliza.core.drf.viewsets import VersionedSerializer
from mobiliza.directory import models
from mobiliza.directory.choices import TermKind
from mobiliza.plan.models import SourceType, StrategicAxis


def _terms(kind: str, source: str | None = None) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        required=False,
        source=source,
        queryset=models.DirectoryTerm.objects.filter(kind=kind),
    )


class CurrencyField(serializers.CharField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=3, allow_blank=True, required=False, **kwargs)
        self.validators.append(validate_currency)


class PartnerSerializer(CountryFieldMixin, VersionedSerializer):
    # The model's scoping field, under the name the API contract gives it.
    country = country_field_for(models.Partner, allow_null=True, required=False)
    source_type = serializers.SlugRelatedField(
        slug_field="code", queryset=SourceType.objects.all(), allow_null=True, required=False
    )
    areas = _terms(TermKind.AREA)
    contribution_kinds = _terms(TermKind.CONTRIBUTION)
    axes = serializers.SlugRelatedField(
        slug_field="code", many=True, required=False, queryset=StrategicAxis.objects.all()
    )
    budget_currency = CurrencyField()
    links = LinksField(
        {
            "contacts": ("contact-list", "partner"),
            "funding_calls": ("fundingcall-list", "partner"),
            "attachments": ("attachment-list", "partner"),
        }
    )

    class Meta:
        model = models.Partner
        fields = [
            "id",
            *models.PARTNER_FIELDS.api_names(models.Partner),
            "links",
            "version",
            "updated_at",
        ]
        # Blank in the model: a client need not send it.
        extra_kwargs = {"countries": {"required": False}}


class DirectoryTermSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="The name in the reader's language.")

    class Meta:
        model = models.DirectoryTerm
        fields = ["id", "kind", "code", "name", "name_es", "name_en", "position"]


class ContactSerializer(VersionedSerializer):
    country = country_field_for(models.Contact)

    class Meta:
        model = models.Contact
        fields = ["id", *models.CONTACT_FIELDS.api_names(models.Contact), "version"]


class FundingCallSerializer(VersionedSerializer):
    country = country_field_for(models.FundingCall)
    areas = _terms(TermKind.AREA)
    eligible_countries = serializers.SlugRelatedField(
        slug_field="code", many=True, required=False, queryset=MemberState.objects.all()
    )
    currency = CurrencyField()

    class Meta:
        model = models.FundingCall
        fields = ["id", *models.FUNDING_CALL_FIELDS.api_names(models.FundingCall), "version"]


class AttachmentSerializer(VersionedSerializer):
    country = country_field_for(models.Attachment)
    file = FileLinkField()

    class Meta:
        model = models.Attachment
        fields = ["id", *models.ATTACHMENT_FIELDS.api_names(models.Attachment), "version"]
        read_only_fields = ["uploaded_by"]
