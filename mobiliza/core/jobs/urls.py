from django.urls import path

from mobiliza.core.jobs import views

app_name = "jobs"

urlpatterns: list = [
    path("", views.job_list, name="list"),
    path("<uuid:pk>/", views.job_detail, name="detail"),
    path("<uuid:pk>/run-again/", views.job_retry, name="retry"),
    path("<uuid:pk>/download/", views.job_download, name="download"),
]
