"""The portfolio's pages, under one "portfolio" namespace (the parts' URLs included).

Projects (``project_*``, ``project_export``), their financing lines
(``projectfinancing_*``), the board by lifecycle state (``board``) and the totals sought
and funded (``totals``); then the parts: the technical sheets, the suspensions, the
partners that fit, the 8.4 checklist with the similar-projects warning, and the
consultancy calls.
"""

from django.urls import include, path

from mobiliza.core.views import record_urlpatterns
from mobiliza.portfolio import views
from mobiliza.portfolio.checklist import urls as checklist_urls

app_name = "portfolio"

urlpatterns: list = [
    path("board/", views.board, name="board"),
    path("totals/", views.totals, name="totals"),
    path("projects/export/", views.project_export, name="project_export"),
    *checklist_urls.urlpatterns,  # the 8.4 checklist, the similar-projects warning
    *record_urlpatterns(
        "projects",
        list=views.ProjectListView,
        detail=views.ProjectDetailView,
        add=views.ProjectCreateView,
        edit=views.ProjectUpdateView,
        delete=views.ProjectDeleteView,
    ),
    *record_urlpatterns(
        "financing",
        list=views.ProjectFinancingListView,
        detail=views.ProjectFinancingDetailView,
        add=views.ProjectFinancingCreateView,
        edit=views.ProjectFinancingUpdateView,
        delete=views.ProjectFinancingDeleteView,
    ),
    path("", include("mobiliza.portfolio.sheets.urls")),
    path("", include("mobiliza.portfolio.suspensions.urls")),
    path("", include("mobiliza.portfolio.matching.urls")),
    path("", include("mobiliza.portfolio.consultancies.urls")),
]
