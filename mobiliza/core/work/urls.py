from django.urls import path

from mobiliza.core.work import views

app_name = "tasks"

urlpatterns: list = [
    path("", views.mine, name="mine"),
    path("add/", views.add, name="add"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/<slug:name>/", views.step, name="step"),
]
