"""The "agreements" namespace, mounted at /<lang>/resources/.

Agreements, their documents, contributions and instalments are the app's own
(``agreement_*``, ``agreementdocument_*`` and ``agreementdocument_download``,
``contribution_*`` and ``contribution_export``, ``instalment_*``); the sub-packages add
the reporting obligations (:mod:`.obligations`), the acknowledgement letters
(:mod:`.letters`) and the totals of the resources mobilized (:mod:`.totals`).
"""

from django.urls import path

from mobiliza.agreements import views
from mobiliza.agreements.letters import urls as letter_urls
from mobiliza.agreements.obligations import urls as obligation_urls
from mobiliza.agreements.totals import urls as totals_urls

app_name = "agreements"

urlpatterns = [
    path("contributions/export/", views.contribution_export, name="contribution_export"),
    path(
        "agreements/documents/<int:pk>/download/",
        views.agreementdocument_download,
        name="agreementdocument_download",
    ),
    *totals_urls.urlpatterns,  # the totals of the resources mobilized
    *views.crud_urlpatterns(),
    *obligation_urls.urlpatterns,  # reporting obligations, deadlines, calendar, iCalendar feed
    *letter_urls.urlpatterns,  # acknowledgement letters (DOCX, PDF) and their record
]
