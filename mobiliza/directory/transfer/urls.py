"""URL patterns of the spreadsheet import and export, included by the directory's urls.py."""

from django.urls import path

from mobiliza.directory.transfer import views

urlpatterns = [
    path("partners/import/", views.partner_import, name="partner_import"),
    path(
        "partners/import/template/",
        views.partner_import_template,
        name="partner_import_template",
    ),
    path(
        "partners/import/status/<str:job_id>/",
        views.import_status,
        name="import_status",
    ),
    path("partners/export/", views.partner_export, name="partner_export"),
    path(
        "partners/export/status/<str:job_id>/",
        views.PartnerExportStatusView.as_view(),
        name="partner_export_status",
    ),
    path(
        "partners/export/file/<str:job_id>/",
        views.PartnerExportDownloadView.as_view(),
        name="partner_export_download",
    ),
]
