from django.urls import path

from mobiliza.core.lists import views

app_name = "lists"

urlpatterns: list = [
    path("bulk/", views.bulk, name="bulk"),
    path("saved-filters/", views.saved_filter_save, name="saved_filter_save"),
    path("saved-filters/<int:pk>/delete/", views.saved_filter_delete, name="saved_filter_delete"),
]
