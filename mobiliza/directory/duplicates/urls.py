"""URL patterns of likely duplicates and merging, included by the directory's urls.py."""

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
