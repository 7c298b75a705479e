from django.urls import path

from mobiliza.coalition import views
from mobiliza.core.views import record_urlpatterns

app_name = "coalition"

urlpatterns = [
    *record_urlpatterns(
        "member-states",
        list=views.MemberStateListView,
        detail=views.MemberStateDetailView,
        add=views.MemberStateCreateView,
        edit=views.MemberStateUpdateView,
        delete=views.MemberStateDeleteView,
    ),
    *record_urlpatterns(
        "national-bodies",
        list=views.NationalBodyListView,
        detail=views.NationalBodyDetailView,
        add=views.NationalBodyCreateView,
        edit=views.NationalBodyUpdateView,
        delete=views.NationalBodyDeleteView,
    ),
    *record_urlpatterns(
        "representatives",
        list=views.RepresentativeListView,
        detail=views.RepresentativeDetailView,
        add=views.RepresentativeCreateView,
        edit=views.RepresentativeUpdateView,
        delete=views.RepresentativeDeleteView,
    ),
    *record_urlpatterns(
        "presidencies",
        list=views.PresidencyTermListView,
        detail=views.PresidencyTermDetailView,
        add=views.PresidencyTermCreateView,
        edit=views.PresidencyTermUpdateView,
        delete=views.PresidencyTermDeleteView,
    ),
    *record_urlpatterns(
        "committees",
        list=views.CommitteeListView,
        detail=views.CommitteeDetailView,
        add=views.CommitteeCreateView,
        edit=views.CommitteeUpdateView,
        delete=views.CommitteeDeleteView,
    ),
    *record_urlpatterns(
        "meetings",
        list=views.MeetingListView,
        detail=views.MeetingDetailView,
        add=views.MeetingCreateView,
        edit=views.MeetingUpdateView,
        delete=views.MeetingDeleteView,
    ),
    *record_urlpatterns(
        "meeting-agreements",
        list=views.MeetingAgreementListView,
        detail=views.MeetingAgreementDetailView,
        add=views.MeetingAgreementCreateView,
        edit=views.MeetingAgreementUpdateView,
        delete=views.MeetingAgreementDeleteView,
    ),
    path("meetings/<int:pk>/minutes/", views.meeting_minutes, name="meeting_minutes"),
]
