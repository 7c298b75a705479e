from mobiliza.agreements import agreement_urls, letter_urls, obligation_urls

app_name = "agreements"

urlpatterns = [
    *agreement_urls.urlpatterns,  # agreements, documents, contributions, instalments, totals
    *obligation_urls.urlpatterns,  # reporting obligations, deadlines, calendar, iCalendar feed
    *letter_urls.urlpatterns,  # acknowledgement letters (DOCX, PDF) and their record
]
