from django.urls import path

from mobiliza.plan import views

app_name = "plan"

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("plan-of-action/", views.PlanOfActionView.as_view(), name="plan_of_action"),
    path("monitoring/", views.MonitoringView.as_view(), name="monitoring"),
    path("checklist/", views.ChecklistView.as_view(), name="checklist"),
]
