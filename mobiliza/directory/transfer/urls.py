"""URL patterns of the directory's spreadsheet import and export (see urls.py)."""

from django.urls import path

from mobiliza.directory.transfer import views as transfer_views

urlpatterns = [
    path("partners/import/", transfer_views.partner_import, name="partner_import"),
    path(
        "partners/import/template/",
        transfer_views.partner_import_template,
        name="partner_import_template",
    ),
    path(
        "partners/import/status/<str:job_id>/",
        transfer_views.import_status,
        name="import_status",
    ),
    path("partners/export/", transfer_views.partner_export, name="partner_export"),
]
