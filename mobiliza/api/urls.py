"""The API router: /api/v1/."""

from django.urls import include, path
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.permissions import AllowAny
from rest_framework.routers import DefaultRouter

from mobiliza.coalition.api import views as coalition

router = DefaultRouter()
router.register("member-states", coalition.MemberStateViewSet)
router.register("national-bodies", coalition.NationalBodyViewSet)
router.register("representatives", coalition.RepresentativeViewSet)
router.register("presidency-terms", coalition.PresidencyTermViewSet)
router.register("committees", coalition.CommitteeViewSet)
router.register("meetings", coalition.MeetingViewSet)
router.register("meeting-agreements", coalition.MeetingAgreementViewSet)


class TokenView(ObtainAuthToken):
    """POST ``username`` (e-mail) and ``password``; get ``{"token": ...}``."""

    permission_classes = [AllowAny]


urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("", include(router.urls)),
]
