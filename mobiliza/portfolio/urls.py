"""The portfolio's pages, under one "portfolio" namespace (the parts' URLs included)."""

from django.urls import include, path

app_name = "portfolio"

urlpatterns: list = [
    path("", include("mobiliza.portfolio.sheets.urls")),
    path("", include("mobiliza.portfolio.suspensions.urls")),
    path("", include("mobiliza.portfolio.matching.urls")),
]
