from django.urls import path

from mobiliza.core.views import record_urlpatterns
from mobiliza.pipeline import views

app_name = "pipeline"

urlpatterns = [
    path("", views.board, name="board"),
    *record_urlpatterns(
        "opportunities",
        list=views.OpportunityListView,
        detail=views.OpportunityDetailView,
        add=views.OpportunityCreateView,
        edit=views.OpportunityUpdateView,
        delete=views.OpportunityDeleteView,
    ),
    *record_urlpatterns(
        "interactions",
        list=views.InteractionListView,
        detail=views.InteractionDetailView,
        add=views.InteractionCreateView,
        edit=views.InteractionUpdateView,
        delete=views.InteractionDeleteView,
    ),
    *record_urlpatterns(
        "interaction-documents",
        list=views.InteractionAttachmentListView,
        detail=views.InteractionAttachmentDetailView,
        add=views.InteractionAttachmentCreateView,
        edit=views.InteractionAttachmentUpdateView,
        delete=views.InteractionAttachmentDeleteView,
    ),
    path("interactions/contacts/", views.interaction_contacts, name="interaction_contacts"),
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
