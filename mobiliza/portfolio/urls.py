"""The portfolio's pages, under one "portfolio" namespace (the parts' URLs included).

Projects (``project_*``, ``project_export``), their financing lines
(``projectfinancing_*``), the board by lifecycle state (``board``) and the totals sought
and funded (``totals``).
"""

from django.urls import path

from mobiliza.core.views import record_urlpatterns
from mobiliza.portfolio import views

app_name = "portfolio"

urlpatterns: list = [
    path("board/", views.board, name="board"),
    path("totals/", views.totals, name="totals"),
    path("projects/export/", views.project_export, name="project_export"),
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
]
