"""URL patterns of the directory's overviews, included by its urls.py ("directory" namespace)."""

from django.urls import path

from mobiliza.directory.overview import views

urlpatterns: list = [
    path("overview/", views.directory_overview, name="directory_overview"),
    path("mapping/", views.partner_mapping, name="partner_mapping"),
    path("calls/closing-soon/", views.calls_closing, name="calls_closing"),
]
