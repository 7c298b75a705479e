"""The totals of the resources mobilized, in the "agreements" namespace."""

from typing import Any

from django.urls import path

from mobiliza.agreements.totals import views

urlpatterns: list[Any] = [
    path("totals/", views.totals, name="totals"),
]
