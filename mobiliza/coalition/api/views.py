from mobiliza.coalition import filters, models
from mobiliza.coalition.api import serializers
from mobiliza.core.drf.viewsets import ScopedModelViewSet


class MemberStateViewSet(ScopedModelViewSet):
    queryset = models.MemberState.objects.all()
    serializer_class = serializers.MemberStateSerializer
    filterset_class = filters.MemberStateFilter
    search_fields = ["code", "name_es", "name_en"]


class NationalBodyViewSet(ScopedModelViewSet):
    queryset = models.NationalBody.objects.select_related("member_state")
    serializer_class = serializers.NationalBodySerializer
    filterset_class = filters.NationalBodyFilter
    search_fields = ["name_es", "name_en", "acronym"]


class RepresentativeViewSet(ScopedModelViewSet):
    queryset = models.Representative.objects.select_related("national_body__member_state")
    serializer_class = serializers.RepresentativeSerializer
    filterset_class = filters.RepresentativeFilter
    search_fields = ["full_name", "institution", "email"]


class PresidencyTermViewSet(ScopedModelViewSet):
    queryset = models.PresidencyTerm.objects.select_related("member_state")
    serializer_class = serializers.PresidencyTermSerializer
    filterset_class = filters.PresidencyTermFilter
    search_fields = ["notes", "member_state__name_es", "member_state__name_en"]


class CommitteeViewSet(ScopedModelViewSet):
    queryset = models.Committee.objects.prefetch_related("members")
    serializer_class = serializers.CommitteeSerializer
    filterset_class = filters.CommitteeFilter
    search_fields = ["name_es", "name_en"]


class MeetingViewSet(ScopedModelViewSet):
    queryset = models.Meeting.objects.all()
    serializer_class = serializers.MeetingSerializer
    filterset_class = filters.MeetingFilter
    search_fields = ["title", "place"]


class MeetingAgreementViewSet(ScopedModelViewSet):
    queryset = models.MeetingAgreement.objects.select_related("responsible")
    serializer_class = serializers.MeetingAgreementSerializer
    filterset_class = filters.MeetingAgreementFilter
    search_fields = ["text_es", "text_en"]
