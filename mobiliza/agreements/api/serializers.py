"""Agreements, contributions and what is owed to donors, as the API shows and takes them."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from mobiliza.agreements import models
from mobiliza.agreements.choices import DueStatus
from mobiliza.coalition.api.serializers import CountryField
from mobiliza.coalition.models import MemberState
from mobiliza.core.drf.files import FileLinkField
from mobiliza.core.drf.serializers import (
    CurrencyField,
    LinksField,
    ModelSerializer,
    VersionedModelSerializer,
    VisibleRecordField,
    money_field,
)
from mobiliza.pipeline.selectors import project_model
from mobiliza.plan.models import ResourceCategory, ResourceKind, StrategicAxis


def _axes() -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(
        slug_field="code", many=True, required=False, queryset=StrategicAxis.objects.all()
    )


class DocumentInlineSerializer(serializers.ModelSerializer):
    file = FileLinkField(read_only=True)

    class Meta:
        model = models.AgreementDocument
        fields = ["id", "title", "file"]
        read_only_fields = fields


class AgreementSerializer(VersionedModelSerializer):
    country = CountryField(
        allow_null=True,
        required=False,
        help_text=_("The responsible member state; empty for a regional agreement."),
    )
    member_states = serializers.SlugRelatedField(
        slug_field="code", many=True, required=False, queryset=MemberState.objects.all()
    )
    axes = _axes()
    currency = CurrencyField(required=False, allow_blank=True)
    project = VisibleRecordField(
        queryset=project_model().objects.all(),
        allow_null=True,
        required=False,
        help_text=_("The id of the project or initiative of the portfolio."),
    )
    documents = DocumentInlineSerializer(many=True, read_only=True)
    links = LinksField(
        {
            "contributions": ("contribution-list", "agreement"),
            "obligations": ("reportingobligation-list", "agreement"),
            "documents": ("agreementdocument-list", "agreement"),
        }
    )

    class Meta:
        model = models.Agreement
        fields = [
            "id",
            *models.AGREEMENT_FIELDS.api_names(models.Agreement),
            "documents",
            "links",
            "version",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {"other_partners": {"required": False}}


class AgreementDocumentSerializer(VersionedModelSerializer):
    country = CountryField("agreement.member_state", read_only=True)
    file = FileLinkField()

    class Meta:
        model = models.AgreementDocument
        fields = ["id", "agreement", "country", "title", "file", "version"]


@extend_schema_field(OpenApiTypes.STR)
class CategoryField(serializers.RelatedField):
    """A resource category by its code, looked up within the contribution's kind."""

    slug_field = "code"  # what the schema reads to name the list of the codes

    default_error_messages = {
        "does_not_exist": _("There is no category “{value}” of this kind of resource."),
        "incorrect_type": _("Give the category's code."),
    }

    def to_internal_value(self, data: Any) -> ResourceCategory:
        if not isinstance(data, str):
            self.fail("incorrect_type")
        candidates = ResourceCategory.objects.filter(code=data.strip())
        parent = self.parent
        kind = getattr(parent, "initial_data", {}).get("kind") if parent is not None else None
        if kind:
            candidates = candidates.filter(kind__code=kind)
        elif (instance := getattr(parent, "instance", None)) is not None:
            candidates = candidates.filter(kind_id=instance.kind_id)
        found = list(candidates[:2])
        if len(found) != 1:
            self.fail("does_not_exist", value=data)
        return found[0]

    def to_representation(self, value: Any) -> str:
        return str(value.code)


class InstalmentInlineSerializer(ModelSerializer):
    class Meta:
        model = models.Instalment
        fields = ["id", "due_on", "amount", "received_on"]
        read_only_fields = fields


class ContributionSerializer(VersionedModelSerializer):
    kind = serializers.SlugRelatedField(slug_field="code", queryset=ResourceKind.objects.all())
    category = CategoryField(
        queryset=ResourceCategory.objects.all(), allow_null=True, required=False
    )
    axis = serializers.SlugRelatedField(
        slug_field="code", queryset=StrategicAxis.objects.all(), allow_null=True, required=False
    )
    country = CountryField(
        allow_null=True,
        required=False,
        help_text=_("The member state that contributes or benefits; empty for the region."),
    )
    received_amount = money_field(
        read_only=True, help_text=_("What has arrived, in the contribution's currency.")
    )
    outstanding = money_field(
        read_only=True, help_text=_("What is still to arrive, in the contribution's currency.")
    )
    currency = CurrencyField()
    project = VisibleRecordField(
        queryset=project_model().objects.all(),
        allow_null=True,
        required=False,
        help_text=_("The id of the project or initiative of the portfolio."),
    )
    instalments = InstalmentInlineSerializer(many=True, read_only=True)

    class Meta:
        model = models.Contribution
        fields = [
            "id",
            *models.CONTRIBUTION_FIELDS.api_names(models.Contribution),
            "received_amount",
            "outstanding",
            "instalments",
            "version",
            "created_at",
            "updated_at",
        ]


class InstalmentSerializer(VersionedModelSerializer):
    country = CountryField("contribution.member_state", read_only=True)
    currency = serializers.CharField(source="contribution.currency", read_only=True)

    class Meta:
        model = models.Instalment
        fields = [
            "id",
            "contribution",
            "country",
            "due_on",
            "amount",
            "currency",
            "received_on",
            "version",
        ]


class AcknowledgementSerializer(VersionedModelSerializer):
    country = CountryField("contribution.member_state", read_only=True)

    class Meta:
        model = models.Acknowledgement
        fields = [
            "id",
            "contribution",
            "country",
            "reference",
            "sent_on",
            "city",
            "recipient",
            "recipient_email",
            "contact",
            "language",
            "sent_by",
            "version",
        ]
        # The reference number is given by the service when the sending is recorded.
        read_only_fields = ["sent_by", "reference"]


class DeadlineSerializer(VersionedModelSerializer):
    country = CountryField("obligation.member_state", read_only=True)
    partner: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        source="obligation.partner", read_only=True
    )
    title = serializers.CharField(source="obligation.title", read_only=True)
    status = serializers.ChoiceField(choices=DueStatus.choices, read_only=True)
    document = FileLinkField(required=False, allow_null=True)

    class Meta:
        model = models.Deadline
        fields = [
            "id",
            "obligation",
            "title",
            "partner",
            "country",
            "due_on",
            "status",
            "delivered_on",
            "document",
            "delivered_by",
            "version",
        ]
        read_only_fields = ["obligation", "due_on", "delivered_by"]


class ObligationSerializer(VersionedModelSerializer):
    country = CountryField(
        read_only=True, help_text=_("Taken from the agreement or the opportunity.")
    )
    deadlines = DeadlineSerializer(many=True, read_only=True)

    class Meta:
        model = models.ReportingObligation
        fields = [
            "id",
            *models.OBLIGATION_FIELDS.api_names(models.ReportingObligation),
            "deadlines",
            "version",
            "created_at",
            "updated_at",
        ]
