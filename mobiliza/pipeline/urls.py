from django.urls import path

from mobiliza.pipeline import views

app_name = "pipeline"

urlpatterns = [
    path("", views.board, name="board"),
    *[pattern for crud in views.CRUDS for pattern in crud.urls(app_name)],
    path("opportunities/<int:pk>/move/", views.opportunity_move, name="opportunity_move"),
    path("opportunities/<int:pk>/close/", views.opportunity_close, name="opportunity_close"),
    path(
        "opportunities/<int:pk>/checklist/",
        views.opportunity_checklist,
        name="opportunity_checklist",
    ),
    path(
        "interaction-documents/<int:pk>/download/",
        views.interactionattachment_download,
        name="interactionattachment_download",
    ),
]
