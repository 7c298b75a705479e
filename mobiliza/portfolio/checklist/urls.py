"""The checklist's page and the similar-projects warning, in the "portfolio" namespace."""

from typing import Any

from django.urls import path

from mobiliza.portfolio.checklist import views

urlpatterns: list[Any] = [
    path("projects/<int:pk>/checklist/", views.checklist, name="checklist"),
    path("projects/similar/", views.similar_check, name="similar_check"),
]
