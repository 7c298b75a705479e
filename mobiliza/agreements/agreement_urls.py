"""Agreements, their documents, contributions, instalments and the resources mobilized.

Names in the "agreements" namespace: ``agreement_*``, ``agreementdocument_*`` (and
``agreementdocument_download``), ``contribution_*`` (and ``contribution_export``),
``instalment_*`` and ``totals``.
"""

from django.urls import path

from mobiliza.agreements import totals_views, views

urlpatterns: list = [
    path("contributions/export/", views.contribution_export, name="contribution_export"),
    path(
        "agreements/documents/<int:pk>/download/",
        views.agreementdocument_download,
        name="agreementdocument_download",
    ),
    path("totals/", totals_views.totals, name="totals"),
    *views.crud_urlpatterns(),
]
