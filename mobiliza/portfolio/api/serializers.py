"""Projects and their financing lines as the API shows and takes them (DESIGN.md contract).

Besides every field of ``PROJECT_FIELDS`` (the member state as ``country``, the scoping
field), a project carries ``countries``: the ISO codes of the member states it runs in,
its own for a national project, those taking part for a regional one. Sent, it sets
``country`` (national) or ``member_states`` (regional).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from mobiliza.coalition.api.serializers import CountryField
from mobiliza.coalition.models import MemberState
from mobiliza.core.drf.serializers import (
    CodeOrIdField,
    CurrencyField,
    LinksField,
    VersionedModelSerializer,
)
from mobiliza.directory.models import DirectoryTerm
from mobiliza.plan.models import Activity, Approach, Goal, OperationalObjective, StrategicAxis
from mobiliza.portfolio import models
from mobiliza.portfolio.choices import Scope

COUNTRIES = "_countries"


def _codes(queryset: Any) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(
        slug_field="code", many=True, required=False, queryset=queryset
    )


@extend_schema_field({"type": "array", "items": {"type": "string", "example": "GT"}})
class CountriesField(serializers.Field):
    """The member states a project runs in, as upper-case ISO codes."""

    default_error_messages = {
        "not_a_list": _("Give a list of ISO codes, such as [“GT”, “HN”]."),
        "unknown": _("There is no member state “%(code)s”."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs["source"] = "*"
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_representation(self, value: models.Project) -> list[str]:
        return [state.code for state in value.countries]

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, list) or not all(isinstance(c, str) for c in data):
            self.fail("not_a_list")
        codes = [c.strip().upper() for c in data]
        found = {s.code: s for s in MemberState.objects.filter(code__in=codes)}
        for code in codes:
            if code not in found:
                raise serializers.ValidationError(self.error_messages["unknown"] % {"code": code})
        return {COUNTRIES: [found[c] for c in dict.fromkeys(codes)]}


class ProjectSerializer(VersionedModelSerializer):
    country = CountryField(
        allow_null=True,
        required=False,
        help_text=_("The member state of a national project; empty for a regional one."),
    )
    countries = CountriesField(
        help_text=_(
            "The member states it runs in: its own for a national project, those taking part "
            "for a regional one."
        )
    )
    member_states = _codes(MemberState.objects.all())
    axes = _codes(StrategicAxis.objects.all())
    approaches = _codes(Approach.objects.all())
    areas = _codes(DirectoryTerm.objects.filter(kind="area"))
    kinds_sought = _codes(DirectoryTerm.objects.filter(kind="contribution"))
    objective = CodeOrIdField(
        queryset=OperationalObjective.objects.all(), allow_null=True, required=False
    )
    activity = CodeOrIdField(queryset=Activity.objects.all(), allow_null=True, required=False)
    goal = CodeOrIdField(queryset=Goal.objects.all(), allow_null=True, required=False)
    currency = CurrencyField(required=False, allow_blank=True)
    # The code of an initiative loaded from the coalition's file; empty for the others.
    code = serializers.CharField(read_only=True)
    links = LinksField({"financing": ("projectfinancing-list", "project")})

    class Meta:
        model = models.Project
        fields = [
            "id",
            *models.PROJECT_FIELDS.api_names(models.Project),
            "countries",
            "links",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["state", "sheet_version", "amount_reporting"]
        extra_kwargs = {"associated_projects": {"required": False}}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        states = attrs.pop(COUNTRIES, None)
        if states is not None:
            instance = self.instance
            scope = attrs.get("scope") or (instance.scope if instance else Scope.NATIONAL)
            if scope == Scope.NATIONAL:
                # Its own state, and any other named as taking part: the model refuses those
                # (``Project.clean_links``), as it does on the page.
                attrs["member_state"] = states[0] if states else None
                attrs["member_states"] = states[1:]
            else:
                attrs["member_states"] = states
                attrs.setdefault("member_state", None)
        return super().validate(attrs)


class ProjectFinancingSerializer(VersionedModelSerializer):
    country = CountryField("project.member_state", read_only=True)
    currency = CurrencyField(required=False, allow_blank=True)

    class Meta:
        model = models.ProjectFinancing
        fields = [
            "id",
            "project",
            "country",
            "source",
            "partner",
            "amount",
            "currency",
            "amount_reporting",
            "confirmed",
            "notes",
            "version",
        ]
        read_only_fields = ["amount_reporting"]
