"""The portfolio's pages, under one "portfolio" namespace (the parts' URLs included)."""

from django.urls import include, path

from mobiliza.portfolio.checklist import urls as checklist_urls

app_name = "portfolio"

urlpatterns: list = [
    path("", include("mobiliza.portfolio.sheets.urls")),
    path("", include("mobiliza.portfolio.suspensions.urls")),
    path("", include("mobiliza.portfolio.matching.urls")),
    *checklist_urls.urlpatterns,  # the 8.4 checklist, the similar-projects warning
    path("", include("mobiliza.portfolio.consultancies.urls")),
]
