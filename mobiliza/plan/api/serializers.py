"""The strategy's configuration items as the API lists them: the codes other records use."""

from __future__ import annotations

from rest_framework import serializers

from mobiliza.plan import models


class _CodeSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="The name in the reader's language.")


class StrategicAxisSerializer(_CodeSerializer):
    class Meta:
        model = models.StrategicAxis
        fields = ["id", "code", "name", "name_es", "name_en", "position"]


class ResourceKindSerializer(_CodeSerializer):
    class Meta:
        model = models.ResourceKind
        fields = ["id", "code", "name", "name_es", "name_en", "position"]


class ResourceCategorySerializer(_CodeSerializer):
    kind: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = models.ResourceCategory
        fields = ["id", "code", "kind", "name", "name_es", "name_en", "position"]


class SourceTypeSerializer(_CodeSerializer):
    class Meta:
        model = models.SourceType
        fields = ["id", "code", "name", "name_es", "name_en", "section", "position"]


class MobilizationStepSerializer(_CodeSerializer):
    class Meta:
        model = models.MobilizationStep
        fields = ["id", "code", "number", "name", "name_es", "name_en", "position"]


class StepActionSerializer(serializers.ModelSerializer):
    step: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    text = serializers.CharField(read_only=True, help_text="The text in the reader's language.")

    class Meta:
        model = models.StepAction
        fields = ["id", "code", "step", "text", "text_es", "text_en", "position"]
