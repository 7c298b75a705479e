"""The API router, /api/v1/: every app's viewsets, and the token log-in.

It lives in ``config`` because it imports every app; the DRF plumbing the apps build on
(base viewset, serializer fields, parsers, pagination, errors) is ``mobiliza.core.drf``,
below them all (see "Layers" in docs/architecture.md).
"""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from mobiliza.accounts.api.views import TokenView
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
router.register("jobs", core.JobViewSet, basename="job")
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


urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("", include(router.urls)),
]
