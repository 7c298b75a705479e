"""The portfolio's pages, under one "portfolio" namespace (the parts' URLs included)."""

from django.urls import include, path

app_name = "portfolio"

urlpatterns: list = [
    path("", include("mobiliza.portfolio.consultancies.urls")),
]
