from django.urls import path

from mobiliza.core.notifications import views as notification_views

app_name = "notifications"

urlpatterns: list = [
    path("", notification_views.inbox, name="inbox"),
    path("read/", notification_views.mark_all_read, name="mark_all_read"),
    path("<int:pk>/open/", notification_views.open_notification, name="open"),
]
