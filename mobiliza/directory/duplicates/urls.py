"""URL patterns of the directory (see urls.py): likely duplicates and merging."""

from django.urls import path

from mobiliza.directory.duplicates.views import partner_duplicates, partner_merge_view

urlpatterns = [
    path("partners/duplicates/", partner_duplicates, name="partner_duplicates"),
    path(
        "partners/merge/<int:first>/<int:second>/",
        partner_merge_view,
        name="partner_merge",
    ),
]
