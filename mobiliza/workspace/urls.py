from django.urls import path

from mobiliza.workspace import views

app_name = "workspace"

urlpatterns = [
    path("search/", views.search_view, name="search"),
    path("glossary/", views.glossary_view, name="glossary"),
]
