"""The technical sheets' pages, included in the "portfolio" namespace (/<lang>/portfolio/)."""

from typing import Any

from django.urls import path

from mobiliza.portfolio.sheets import views

urlpatterns: list[Any] = [
    path("projects/<int:pk>/sheet.docx", views.sheet_docx, name="sheet_docx"),
    path("projects/<int:pk>/sheet.pdf", views.sheet_pdf, name="sheet_pdf"),
    path(
        "projects/<int:pk>/sheet/new-version/",
        views.sheet_new_version,
        name="sheet_new_version",
    ),
    path("projects/<int:pk>/sheets/", views.project_sheets, name="project_sheets"),
    path(
        "sheet-presentations/add/",
        views.PresentationCreateView.as_view(),
        name="presentation_add",
    ),
    path(
        "sheet-presentations/<int:pk>/",
        views.PresentationDetailView.as_view(),
        name="presentation_detail",
    ),
    path(
        "sheet-presentations/<int:pk>/edit/",
        views.PresentationUpdateView.as_view(),
        name="presentation_edit",
    ),
    path(
        "sheet-presentations/<int:pk>/delete/",
        views.PresentationDeleteView.as_view(),
        name="presentation_delete",
    ),
    path(
        "sheet-presentations/<int:pk>/document.pdf",
        views.presentation_file,
        name="presentation_file",
    ),
]
