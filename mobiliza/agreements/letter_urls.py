"""Acknowledgement letters (DOCX, PDF) and the record of their sending (step 4).

Included in the "agreements" namespace, mounted at /<lang>/resources/.
"""

from typing import Any

from django.urls import path

from mobiliza.agreements import letter_views

urlpatterns: list[Any] = [
    path(
        "contributions/<int:pk>/letter.<str:fmt>",
        letter_views.acknowledgement_letter,
        name="acknowledgement_letter",
    ),
    path(
        "acknowledgements/add/",
        letter_views.AcknowledgementCreateView.as_view(),
        name="acknowledgement_add",
    ),
    path(
        "acknowledgements/<int:pk>/",
        letter_views.AcknowledgementDetailView.as_view(),
        name="acknowledgement_detail",
    ),
    path(
        "acknowledgements/<int:pk>/edit/",
        letter_views.AcknowledgementUpdateView.as_view(),
        name="acknowledgement_edit",
    ),
    path(
        "acknowledgements/<int:pk>/delete/",
        letter_views.AcknowledgementDeleteView.as_view(),
        name="acknowledgement_delete",
    ),
]
