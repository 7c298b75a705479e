from rest_framework import serializers

from mobiliza.api.viewsets import VersionedSerializer
from mobiliza.coalition import models


def country_field(source: str, read_only: bool = False) -> serializers.SlugRelatedField:
    """The member state as its upper-case ISO code, as every country-scoped resource shows it."""
    if read_only:
        return serializers.SlugRelatedField(slug_field="code", source=source, read_only=True)
    return serializers.SlugRelatedField(
        slug_field="code", source=source, queryset=models.MemberState.objects.all()
    )


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
            "summary",
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
            "text",
            "country",
            "deadline",
            "status",
            "compliance_notes",
            "version",
        ]
