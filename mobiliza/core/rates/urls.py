"""The exchange-rate table's pages, mounted at /<lang>/exchange-rates/ (namespace "rates")."""

from django.urls import path

from mobiliza.core.rates import views

app_name = "rates"

urlpatterns = [
    path("", views.ExchangeRateListView.as_view(), name="exchangerate_list"),
    path("add/", views.ExchangeRateCreateView.as_view(), name="exchangerate_add"),
    path("import/", views.exchangerate_import, name="exchangerate_import"),
    path(
        "import/template.csv",
        views.exchangerate_import_template,
        name="exchangerate_import_template",
    ),
    path("export.csv", views.exchangerate_export, name="exchangerate_export"),
    path("<int:pk>/", views.ExchangeRateDetailView.as_view(), name="exchangerate_detail"),
    path("<int:pk>/edit/", views.ExchangeRateUpdateView.as_view(), name="exchangerate_edit"),
    path("<int:pk>/delete/", views.ExchangeRateDeleteView.as_view(), name="exchangerate_delete"),
]
