"""The pipeline's API: opportunities (with their moves) and interactions with partners."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from mobiliza.coalition.api.serializers import CountryField
from mobiliza.core.drf.files import FileLinkField
from mobiliza.core.drf.serializers import (
    CodeOrIdField,
    CurrencyField,
    LinksField,
    VersionedModelSerializer,
    VisibleRecordField,
)
from mobiliza.core.money import reporting_currency
from mobiliza.pipeline import models
from mobiliza.pipeline.choices import LossReason, Outcome
from mobiliza.pipeline.filters import staff_users
from mobiliza.pipeline.selectors import project_model
from mobiliza.plan.models import MobilizationStep, ResourceKind, StepAction, StrategicAxis


class StageChangeSerializer(serializers.ModelSerializer):
    step: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = models.StageChange
        fields = ["step", "outcome", "moved_at", "moved_by"]
        read_only_fields = fields


class OpportunitySerializer(VersionedModelSerializer):
    country = CountryField(allow_null=True, required=False)
    axis = serializers.SlugRelatedField(
        slug_field="code", queryset=StrategicAxis.objects.all(), allow_null=True, required=False
    )
    resource_kind = serializers.SlugRelatedField(
        slug_field="code", queryset=ResourceKind.objects.all(), allow_null=True, required=False
    )
    step = CodeOrIdField(
        queryset=MobilizationStep.objects.all(),
        required=False,
        help_text=_("Code (or id) of the step; the first step when left out. Change it with move."),
    )
    currency = CurrencyField(required=False, allow_blank=True)
    project = VisibleRecordField(
        queryset=project_model().objects.all(),
        allow_null=True,
        required=False,
        help_text=_("The id of the project or initiative of the portfolio."),
    )
    reporting_currency = serializers.SerializerMethodField()
    is_late = serializers.BooleanField(read_only=True)
    stage_history = StageChangeSerializer(source="stage_changes", many=True, read_only=True)
    actions_done = serializers.SerializerMethodField()
    links = LinksField(
        {
            "interactions": ("interaction-list", "opportunity"),
            "contributions": ("contribution-list", "opportunity"),
            "agreements": ("agreement-list", "opportunity"),
        }
    )

    class Meta:
        model = models.Opportunity
        fields = [
            "id",
            *models.OPPORTUNITY_FIELDS.api_names(models.Opportunity),
            "reporting_currency",
            "is_late",
            "stage_history",
            "actions_done",
            "links",
            "version",
            "created_at",
            "updated_at",
        ]
        # Changed only by the close (and move) actions, so every change is a recorded move.
        read_only_fields = ["outcome", "closed_on", "loss_reason", "loss_notes"]
        extra_kwargs = {"owner": {"queryset": staff_users()}}

    def get_reporting_currency(self, obj: models.Opportunity) -> str:
        return reporting_currency()

    @extend_schema_field(
        {"type": "array", "items": {"type": "string", "x-codes": "/api/v1/step-actions/"}}
    )
    def get_actions_done(self, obj: models.Opportunity) -> list[str]:
        return sorted(done.action.code for done in obj.actions_done.all())

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        step = attrs.get("step")
        if self.instance is not None and step is not None:
            if step.pk != self.instance.step_id:
                raise serializers.ValidationError(
                    {"step": _("Move the opportunity with its move action, so the move is kept.")}
                )
            attrs.pop("step")
        return attrs


class MoveSerializer(serializers.Serializer):
    step = CodeOrIdField(
        queryset=MobilizationStep.objects.all(), help_text=_("Code (or id) of the step.")
    )
    confirm_skip = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_(
            "true to move forward past one or more steps; otherwise such a move is refused."
        ),
    )
    version = serializers.IntegerField(required=False)


class CloseSerializer(serializers.Serializer):
    # All outcomes, so the schema shares one enum with the opportunity; "open" is refused by
    # the service (reopen an opportunity by moving it).
    outcome = serializers.ChoiceField(
        choices=Outcome.choices, help_text=_("won, or lost with a loss_reason.")
    )
    loss_reason = serializers.ChoiceField(
        choices=LossReason.choices, required=False, allow_blank=True, default=""
    )
    loss_notes = serializers.CharField(required=False, allow_blank=True, default="")
    closed_on = serializers.DateField(required=False, allow_null=True, default=None)
    version = serializers.IntegerField(required=False)


class ActionDoneSerializer(serializers.Serializer):
    action = CodeOrIdField(
        queryset=StepAction.objects.all(), help_text=_("Code (or id) of the step's action.")
    )
    done = serializers.BooleanField(default=True)


class AttachmentInlineSerializer(serializers.ModelSerializer):
    file = FileLinkField(read_only=True)

    class Meta:
        model = models.InteractionAttachment
        fields = ["id", "title", "file"]
        read_only_fields = fields


class InteractionSerializer(VersionedModelSerializer):
    country = CountryField(
        allow_null=True,
        required=False,
        help_text=_("Taken from the opportunity when there is one."),
    )
    attachments = AttachmentInlineSerializer(many=True, read_only=True)

    class Meta:
        model = models.Interaction
        fields = [
            "id",
            *models.INTERACTION_FIELDS.api_names(models.Interaction),
            "attachments",
            "version",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {
            "partner": {"required": False},  # taken from the opportunity when there is one
            "users": {"required": False, "queryset": staff_users()},
            "contacts": {"required": False},
        }


class InteractionAttachmentSerializer(VersionedModelSerializer):
    country = CountryField("interaction.member_state", read_only=True)
    file = FileLinkField()

    class Meta:
        model = models.InteractionAttachment
        fields = ["id", "interaction", "country", "title", "file", "version"]
