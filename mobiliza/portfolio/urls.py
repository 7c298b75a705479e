"""The portfolio's pages, under one "portfolio" namespace (the parts' URLs included)."""

from mobiliza.portfolio.checklist import urls as checklist_urls

app_name = "portfolio"

urlpatterns: list = [
    *checklist_urls.urlpatterns,  # the 8.4 checklist, the similar-projects warning
]
