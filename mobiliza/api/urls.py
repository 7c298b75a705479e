"""The API router: /api/v1/."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.permissions import AllowAny
from rest_framework.routers import DefaultRouter

from mobiliza.accounts.forms import authenticate_by_email
from mobiliza.agreements.api import views as agreements
from mobiliza.coalition.api import views as coalition
from mobiliza.core.api import views as core
from mobiliza.directory.api import views as directory
from mobiliza.pipeline.api import views as pipeline

router = DefaultRouter()
router.register("member-states", coalition.MemberStateViewSet)
router.register("national-bodies", coalition.NationalBodyViewSet)
router.register("representatives", coalition.RepresentativeViewSet)
router.register("presidency-terms", coalition.PresidencyTermViewSet)
router.register("committees", coalition.CommitteeViewSet)
router.register("meetings", coalition.MeetingViewSet)
router.register("meeting-agreements", coalition.MeetingAgreementViewSet)
router.register("partners", directory.PartnerViewSet)
router.register("contacts", directory.ContactViewSet)
router.register("funding-calls", directory.FundingCallViewSet)
router.register("attachments", directory.AttachmentViewSet)
router.register("opportunities", pipeline.OpportunityViewSet)
router.register("interactions", pipeline.InteractionViewSet)
router.register("interaction-attachments", pipeline.InteractionAttachmentViewSet)
router.register("agreements", agreements.AgreementViewSet)
router.register("agreement-documents", agreements.AgreementDocumentViewSet)
router.register("contributions", agreements.ContributionViewSet)
router.register("instalments", agreements.InstalmentViewSet)
router.register("acknowledgements", agreements.AcknowledgementViewSet)
router.register("obligations", agreements.ObligationViewSet)
router.register("deadlines", agreements.DeadlineViewSet)
router.register("exchange-rates", core.ExchangeRateViewSet)


class TokenSerializer(AuthTokenSerializer):
    """DRF's token log-in, checked like the web log-in so that django-axes counts failures."""

    def validate(self, attrs: dict) -> dict:
        username, password = attrs.get("username"), attrs.get("password")
        user = authenticate_by_email(self.context.get("request"), username or "", password or "")
        if user is None:
            raise serializers.ValidationError(
                _("Unable to log in with provided credentials."), code="authorization"
            )
        attrs["user"] = user
        return attrs


class TokenView(ObtainAuthToken):
    """POST ``username`` (e-mail) and ``password``; get ``{"token": ...}``."""

    permission_classes = [AllowAny]
    serializer_class = TokenSerializer


urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("", include(router.urls)),
]
