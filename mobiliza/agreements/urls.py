"""The "agreements" namespace, mounted at /<lang>/resources/.

Agreements, their documents, contributions and instalments are the app's own
(``agreement_*``, ``agreementdocument_*`` and ``agreementdocument_download``,
``contribution_*`` and ``contribution_export`` with the ``_status`` and ``_download``
pages of a background one, ``instalment_*``); the sub-packages add
the reporting obligations (:mod:`.obligations`), the acknowledgement letters
(:mod:`.letters`) and the totals of the resources mobilized (:mod:`.totals`).
"""

from django.urls import path

from mobiliza.agreements import views
from mobiliza.agreements.letters import urls as letter_urls
from mobiliza.agreements.obligations import urls as obligation_urls
from mobiliza.agreements.totals import urls as totals_urls
from mobiliza.core.views import record_urlpatterns

app_name = "agreements"

urlpatterns = [
    path("contributions/export/", views.contribution_export, name="contribution_export"),
    path(
        "agreements/documents/<int:pk>/download/",
        views.agreementdocument_download,
        name="agreementdocument_download",
    ),
    *totals_urls.urlpatterns,  # the totals of the resources mobilized
    *record_urlpatterns(
        "agreements",
        list=views.AgreementListView,
        detail=views.AgreementDetailView,
        add=views.AgreementCreateView,
        edit=views.AgreementUpdateView,
        delete=views.AgreementDeleteView,
    ),
    *record_urlpatterns(
        "agreements/documents",
        list=views.AgreementDocumentListView,
        detail=views.AgreementDocumentDetailView,
        add=views.AgreementDocumentCreateView,
        edit=views.AgreementDocumentUpdateView,
        delete=views.AgreementDocumentDeleteView,
    ),
    *record_urlpatterns(
        "contributions",
        list=views.ContributionListView,
        detail=views.ContributionDetailView,
        add=views.ContributionCreateView,
        edit=views.ContributionUpdateView,
        delete=views.ContributionDeleteView,
    ),
    *record_urlpatterns(
        "instalments",
        list=views.InstalmentListView,
        detail=views.InstalmentDetailView,
        add=views.InstalmentCreateView,
        edit=views.InstalmentUpdateView,
        delete=views.InstalmentDeleteView,
    ),
    *obligation_urls.urlpatterns,  # reporting obligations, deadlines, calendar, iCalendar feed
    *letter_urls.urlpatterns,  # acknowledgement letters (DOCX, PDF) and their record
]
