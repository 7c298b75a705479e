"""The matching's pages, in the portfolio's namespace (included by ``portfolio/urls.py``)."""

from django.urls import path

from mobiliza.portfolio.matching import views

urlpatterns = [
    path("projects/<int:pk>/partners/", views.ProjectMatchesView.as_view(), name="project_matches"),
    path("projects/<int:pk>/partners/top/", views.project_matches_top, name="project_matches_top"),
    path(
        "partners/<int:pk>/projects/",
        views.PartnerProjectsView.as_view(),
        name="partner_projects",
    ),
]
