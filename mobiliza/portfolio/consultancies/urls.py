"""The consultancy calls' addresses, included in the "portfolio" namespace."""

from django.urls import path

from mobiliza.core.views import record_urlpatterns
from mobiliza.portfolio.consultancies import views

urlpatterns = [
    *record_urlpatterns(
        "consultancies",
        list=views.ConsultancyCallListView,
        detail=views.ConsultancyCallDetailView,
        add=views.ConsultancyCallCreateView,
        edit=views.ConsultancyCallUpdateView,
        delete=views.ConsultancyCallDeleteView,
    ),
    *record_urlpatterns(
        "consultancies/applicants",
        list=views.ApplicantListView,
        detail=views.ApplicantDetailView,
        add=views.ApplicantCreateView,
        edit=views.ApplicantUpdateView,
        delete=views.ApplicantDeleteView,
    ),
    path(
        "consultancies/<int:pk>/terms/",
        views.terms_download,
        name="consultancycall_terms",
    ),
    path(
        "consultancies/<int:pk>/scores/",
        views.ScoresView.as_view(),
        name="consultancycall_scores",
    ),
    path(
        "consultancies/<int:pk>/selection/",
        views.SelectionView.as_view(),
        name="consultancycall_select",
    ),
    path(
        "consultancies/<int:pk>/second-call/",
        views.SecondCallView.as_view(),
        name="consultancycall_second_call",
    ),
    path(
        "consultancies/applicants/<int:pk>/first-filter/",
        views.FirstFilterView.as_view(),
        name="applicant_first_filter",
    ),
    path(
        "consultancies/documents/<int:pk>/download/",
        views.applicant_document_download,
        name="applicantdocument_download",
    ),
]
