"""URL patterns of the directory's overviews (see urls.py): names in the "directory" namespace."""

from django.urls import path

from mobiliza.directory.overview import views as overview_views

urlpatterns: list = [
    path("overview/", overview_views.directory_overview, name="directory_overview"),
    path("mapping/", overview_views.partner_mapping, name="partner_mapping"),
    path("calls/closing-soon/", overview_views.calls_closing, name="calls_closing"),
]
