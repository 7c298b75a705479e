from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from mobiliza.coalition import models
from mobiliza.core.drf.files import FileLinkField
from mobiliza.core.drf.viewsets import VersionedSerializer
from mobiliza.core.models import translated_field_names


def country_field(source: str, read_only: bool = False) -> serializers.SlugRelatedField:
    """The member state as its upper-case ISO code, as every country-scoped resource shows it."""
    if read_only:
        return CountryField(source, read_only=True)
    return CountryField(source)


class CountryField(serializers.SlugRelatedField):
    """A member state as its upper-case ISO code; ``"gt"`` is read as ``"GT"``."""

    def __init__(self, source: str = "member_state", **kwargs: Any) -> None:
        kwargs.setdefault("slug_field", "code")
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", models.MemberState.objects.all())
        else:
            # Shown from a parent (a partner, an agreement) that may be regional: null then.
            kwargs.setdefault("allow_null", True)
        super().__init__(source=source, **kwargs)

    default_error_messages = {
        **serializers.SlugRelatedField.default_error_messages,
        "incorrect_type": _("Give the member state's ISO code, such as “GT”."),
        "null_characters": _("Null characters are not allowed."),
    }

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str):
            self.fail("incorrect_type")
        if "\x00" in data:  # the database cannot compare it
            self.fail("null_characters")
        return super().to_internal_value(data.strip().upper())


def country_field_for(model: Any, **kwargs: Any) -> CountryField:
    """The API's ``country`` of a country-scoped model, read from its ``Access.country_path``.

    A record whose country is its own field writes it; one that takes its country from
    a parent (``partner__member_state``) only shows it.
    """
    path = model.access.country_path
    if "__" in path:
        kwargs["read_only"] = True
    return CountryField(path.replace("__", "."), **kwargs)


class MemberStateSerializer(VersionedSerializer):
    class Meta:
        model = models.MemberState
        fields = ["id", "code", "name_es", "name_en", "position", "version"]


class NationalBodySerializer(VersionedSerializer):
    country = country_field("member_state")

    class Meta:
        model = models.NationalBody
        fields = [
            "id",
            "country",
            "name_es",
            "name_en",
            "acronym",
            "legal_basis_es",
            "legal_basis_en",
            "year_established",
            "chair_es",
            "chair_en",
            "member_institutions",
            "description_es",
            "description_en",
            "website",
            "email",
            "version",
            "updated_at",
        ]


class RepresentativeSerializer(VersionedSerializer):
    country = country_field("national_body.member_state", read_only=True)

    class Meta:
        model = models.Representative
        fields = [
            "id",
            "country",
            "national_body",
            "full_name",
            "position_title",
            "institution",
            "role",
            "email",
            "phone",
            "start_date",
            "end_date",
            "version",
        ]


class PresidencyTermSerializer(VersionedSerializer):
    country = country_field("member_state")

    class Meta:
        model = models.PresidencyTerm
        fields = ["id", "country", "start_date", "end_date", "notes", "version"]


class CommitteeSerializer(VersionedSerializer):
    class Meta:
        model = models.Committee
        fields = [
            "id",
            "name_es",
            "name_en",
            "purpose_es",
            "purpose_en",
            "coordinator",
            "members",
            "is_active",
            "version",
        ]


class MeetingSerializer(VersionedSerializer):
    minutes = FileLinkField(required=False, allow_null=True)

    class Meta:
        model = models.Meeting
        fields = [
            "id",
            "title",
            "kind",
            "committee",
            "date",
            "place",
            "host",
            *translated_field_names("summary"),
            "minutes",
            "version",
        ]


class MeetingAgreementSerializer(VersionedSerializer):
    country = serializers.SlugRelatedField(
        slug_field="code",
        source="responsible",
        queryset=models.MemberState.objects.all(),
        allow_null=True,
        required=False,
    )

    class Meta:
        model = models.MeetingAgreement
        fields = [
            "id",
            "meeting",
            *translated_field_names("text"),
            "country",
            "deadline",
            "status",
            "compliance_notes",
            "version",
        ]
