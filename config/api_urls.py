"""The API router, /api/v1/: every app's viewsets, and the token log-in.

It lives in ``config`` because it imports every app; the DRF plumbing the apps build on
(base viewset, serializer fields, parsers, pagination, errors) is ``mobiliza.core.drf``,
below them all (see "Layers" in docs/architecture.md).
"""

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, include, path, re_path, resolve
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework.routers import DefaultRouter

from mobiliza.accounts.api.views import TokenView
from mobiliza.agreements.api import views as agreements
from mobiliza.coalition.api import views as coalition
from mobiliza.core.api import views as core
from mobiliza.directory.api import views as directory
from mobiliza.pipeline.api import views as pipeline
from mobiliza.plan.api import views as plan
from mobiliza.portfolio.api import checklist as portfolio_checklist
from mobiliza.portfolio.api import consultancies, suspensions
from mobiliza.portfolio.api import sheets as portfolio_sheets
from mobiliza.portfolio.api import views as portfolio
from mobiliza.portfolio.matching.api import ProjectMatchesView

router = DefaultRouter()
router.register("member-states", coalition.MemberStateViewSet)
router.register("national-bodies", coalition.NationalBodyViewSet)
router.register("representatives", coalition.RepresentativeViewSet)
router.register("presidency-terms", coalition.PresidencyTermViewSet)
router.register("committees", coalition.CommitteeViewSet)
router.register("meetings", coalition.MeetingViewSet)
router.register("meeting-agreements", coalition.MeetingAgreementViewSet)
router.register("jobs", core.JobViewSet, basename="job")
router.register("tasks", core.TaskViewSet)
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
router.register("checklist-answers", portfolio_checklist.ChecklistAnswerViewSet)
router.register("acknowledgements", agreements.AcknowledgementViewSet)
router.register("obligations", agreements.ObligationViewSet)
router.register("deadlines", agreements.DeadlineViewSet)
router.register("sheet-presentations", portfolio_sheets.SheetPresentationViewSet)
router.register("projects", portfolio.ProjectViewSet)
router.register("project-financing", portfolio.ProjectFinancingViewSet)
router.register("exchange-rates", core.ExchangeRateViewSet)
router.register("consultancy-calls", consultancies.ConsultancyCallViewSet)
router.register("applicants", consultancies.ApplicantViewSet)
router.register("applicant-scores", consultancies.ApplicantScoreViewSet)
# The configuration's codes, which other records name their items by (read only).
router.register("axes", plan.StrategicAxisViewSet)
router.register("resource-kinds", plan.ResourceKindViewSet)
router.register("resource-categories", plan.ResourceCategoryViewSet)
router.register("source-types", plan.SourceTypeViewSet)
router.register("steps", plan.MobilizationStepViewSet)
router.register("step-actions", plan.StepActionViewSet)
router.register("directory-terms", directory.DirectoryTermViewSet)
router.register("suspensions", suspensions.SuspensionViewSet)


# Neither view changes anything; a client's POST, with a token and no CSRF cookie, must
# get the API's answer, not the CSRF failure page.
@csrf_exempt
def with_slash(request: HttpRequest, path: str) -> HttpResponse:
    """An address without its final slash: 308 to the one with it, which keeps the method
    and the body (Django's own redirect would drop a POST's body, and fails under DEBUG).
    """
    target = f"{request.path}/"
    try:
        match = resolve(target)
    except Resolver404:
        return not_found(request)
    if match.func is not_found:
        return not_found(request)
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(
        f"{target}?{query}" if query else target, preserve_request=True
    )


@csrf_exempt
def not_found(request: HttpRequest, path: str = "") -> HttpResponse:
    """An address under the API that names nothing: the API's JSON 404, not a page."""
    return JsonResponse({"detail": _("Not found."), "code": "not_found"}, status=404)


urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    # Before the router, whose projects viewset would otherwise answer this address.
    path("projects/<int:pk>/matches/", ProjectMatchesView.as_view(), name="project-matches"),
    path("", include(router.urls)),
    re_path(r"^(?P<path>[\s\S]*[^/])$", with_slash),
    re_path(r"^(?P<path>[\s\S]*)$", not_found),
]
