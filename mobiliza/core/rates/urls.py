"""The exchange-rate table's pages, mounted at /<lang>/exchange-rates/ (namespace "rates")."""

from django.urls import path

from mobiliza.core.rates import views as rate_views

app_name = "rates"

urlpatterns = [
    path("", rate_views.ExchangeRateListView.as_view(), name="exchangerate_list"),
    path("add/", rate_views.ExchangeRateCreateView.as_view(), name="exchangerate_add"),
    path("import/", rate_views.exchangerate_import, name="exchangerate_import"),
    path(
        "import/template.csv",
        rate_views.exchangerate_import_template,
        name="exchangerate_import_template",
    ),
    path("export.csv", rate_views.exchangerate_export, name="exchangerate_export"),
    path("<int:pk>/", rate_views.ExchangeRateDetailView.as_view(), name="exchangerate_detail"),
    path("<int:pk>/edit/", rate_views.ExchangeRateUpdateView.as_view(), name="exchangerate_edit"),
    path(
        "<int:pk>/delete/", rate_views.ExchangeRateDeleteView.as_view(), name="exchangerate_delete"
    ),
]
