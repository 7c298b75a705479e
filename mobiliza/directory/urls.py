from django.urls import path

from mobiliza.directory.duplicates import urls as duplicate_urls
from mobiliza.directory.overview import urls as overview_urls
from mobiliza.directory.transfer import urls as transfer_urls
from mobiliza.directory.views import CRUDS, attachment_download

app_name = "directory"

urlpatterns = [
    *overview_urls.urlpatterns,  # directory overview, mapping, calls closing soon
    *transfer_urls.urlpatterns,  # spreadsheet import and export
    *duplicate_urls.urlpatterns,  # likely duplicates and merging
    *[pattern for crud in CRUDS for pattern in crud.urls(app_name)],
    path("attachments/<int:pk>/download/", attachment_download, name="attachment_download"),
]
