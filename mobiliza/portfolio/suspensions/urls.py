"""The suspensions' pages, included in the "portfolio" namespace."""

from django.urls import path

from mobiliza.portfolio.suspensions import views

urlpatterns = [
    path("suspensions/", views.SuspensionListView.as_view(), name="suspension_list"),
    path("suspensions/suspend/", views.SuspensionCreateView.as_view(), name="suspension_add"),
    path(
        "suspensions/resume/",
        views.SuspensionResumeView.as_view(),
        name="suspension_resume",
    ),
    path(
        "suspensions/<int:pk>/",
        views.SuspensionDetailView.as_view(),
        name="suspension_detail",
    ),
    path(
        "suspensions/<int:pk>/resume/",
        views.SuspensionResumeView.as_view(),
        name="suspension_resume_one",
    ),
]
