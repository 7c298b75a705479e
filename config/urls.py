from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from mobiliza.core.views import FileDownloadView, HealthView, TransitionView, root_redirect
from mobiliza.workspace.views import HomeView

urlpatterns = [
    path("", root_redirect, name="root"),
    path("healthz", HealthView.as_view(), name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    # Uploaded files, for the pages and for API clients: never from MEDIA_URL.
    path(
        "files/<str:label>/<int:pk>/<slug:field>/",
        FileDownloadView.as_view(),
        name="file_download",
    ),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

urlpatterns += i18n_patterns(
    path("", HomeView.as_view(), name="home"),
    path("accounts/", include("mobiliza.accounts.urls")),
    path("coalition/", include("mobiliza.coalition.urls")),
    path("directory/", include("mobiliza.directory.urls")),
    path("pipeline/", include("mobiliza.pipeline.urls")),
    path("resources/", include("mobiliza.agreements.urls")),
    path("portfolio/", include("mobiliza.portfolio.urls")),
    path("exchange-rates/", include("mobiliza.core.rates.urls")),
    path("notifications/", include("mobiliza.core.notifications.urls")),
    path("imports/", include("mobiliza.core.imports.urls")),
    path("jobs/", include("mobiliza.core.jobs.urls")),
    path("lists/", include("mobiliza.core.lists.urls")),
    path("tasks/", include("mobiliza.core.work.urls")),
    path("strategy/", include("mobiliza.plan.urls")),
    path("", include("mobiliza.workspace.urls")),
    path(
        "records/<str:label>/<int:pk>/steps/<slug:name>/",
        TransitionView.as_view(),
        name="transition",
    ),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)
