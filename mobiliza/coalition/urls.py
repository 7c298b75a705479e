from django.urls import path

from mobiliza.coalition.views import CRUDS, meeting_minutes

app_name = "coalition"

urlpatterns = [pattern for crud in CRUDS for pattern in crud.urls(app_name)] + [
    path("meetings/<int:pk>/minutes/", meeting_minutes, name="meeting_minutes"),
]
