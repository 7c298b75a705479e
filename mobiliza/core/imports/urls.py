"""The import wizard's addresses (namespace ``imports``, at ``/<lang>/imports/``)."""

from django.urls import path

from mobiliza.core.imports import views

app_name = "imports"

urlpatterns = [
    path("<slug:name>/", views.import_upload, name="upload"),
    path("<slug:name>/<uuid:pk>/columns/", views.import_columns, name="columns"),
    path("<slug:name>/<uuid:pk>/preview/", views.import_preview, name="preview"),
    path("<slug:name>/<uuid:pk>/rejected/", views.import_rejected, name="rejected"),
]
