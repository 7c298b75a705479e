from django.urls import path

from mobiliza.core.notifications import views

app_name = "notifications"

urlpatterns: list = [
    path("", views.inbox, name="inbox"),
    path("read/", views.mark_all_read, name="mark_all_read"),
    path("<int:pk>/open/", views.open_notification, name="open"),
]
