from django.urls import path

from mobiliza.core.views import record_urlpatterns
from mobiliza.directory import views
from mobiliza.directory.duplicates import urls as duplicate_urls
from mobiliza.directory.duplicates import views as duplicate_views
from mobiliza.directory.overview import urls as overview_urls
from mobiliza.directory.transfer import urls as transfer_urls

app_name = "directory"

urlpatterns = [
    *overview_urls.urlpatterns,  # directory overview, mapping, calls closing soon
    *transfer_urls.urlpatterns,  # spreadsheet import and export
    *duplicate_urls.urlpatterns,  # likely duplicates and merging
    *record_urlpatterns(
        "partners",
        list=views.PartnerListView,
        detail=views.PartnerDetailView,
        add=duplicate_views.PartnerCreateView,
        edit=views.PartnerUpdateView,
        delete=views.PartnerDeleteView,
    ),
    *record_urlpatterns(
        "contacts",
        list=views.ContactListView,
        detail=views.ContactDetailView,
        add=views.ContactCreateView,
        edit=views.ContactUpdateView,
        delete=views.ContactDeleteView,
    ),
    *record_urlpatterns(
        "calls",
        list=views.FundingCallListView,
        detail=views.FundingCallDetailView,
        add=views.FundingCallCreateView,
        edit=views.FundingCallUpdateView,
        delete=views.FundingCallDeleteView,
    ),
    *record_urlpatterns(
        "attachments",
        list=views.AttachmentListView,
        detail=views.AttachmentDetailView,
        add=views.AttachmentCreateView,
        edit=views.AttachmentUpdateView,
        delete=views.AttachmentDeleteView,
    ),
    path("attachments/<int:pk>/download/", views.attachment_download, name="attachment_download"),
]
