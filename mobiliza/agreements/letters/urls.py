"""Acknowledgement letters (DOCX, PDF) and the record of their sending (step 4).

Included in the "agreements" namespace, mounted at /<lang>/resources/.
"""

from typing import Any

from django.urls import path

from mobiliza.agreements.letters import views

urlpatterns: list[Any] = [
    path(
        "contributions/<int:pk>/letter.<str:fmt>",
        views.acknowledgement_letter,
        name="acknowledgement_letter",
    ),
    path(
        "acknowledgements/<int:pk>/letter.<str:fmt>",
        views.acknowledgement_sent_letter,
        name="acknowledgement_sent_letter",
    ),
    path(
        "acknowledgements/add/",
        views.AcknowledgementCreateView.as_view(),
        name="acknowledgement_add",
    ),
    path(
        "acknowledgements/<int:pk>/",
        views.AcknowledgementDetailView.as_view(),
        name="acknowledgement_detail",
    ),
    path(
        "acknowledgements/<int:pk>/edit/",
        views.AcknowledgementUpdateView.as_view(),
        name="acknowledgement_edit",
    ),
    path(
        "acknowledgements/<int:pk>/delete/",
        views.AcknowledgementDeleteView.as_view(),
        name="acknowledgement_delete",
    ),
]
