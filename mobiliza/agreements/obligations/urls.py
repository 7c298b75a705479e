"""Reporting obligations, their deadlines, the calendar and the personal iCalendar feed."""

from typing import Any

from django.urls import path

from mobiliza.agreements.obligations import feeds, views

urlpatterns: list[Any] = [
    path(
        "obligations/",
        views.ObligationListView.as_view(),
        name="reportingobligation_list",
    ),
    path(
        "obligations/add/",
        views.ObligationCreateView.as_view(),
        name="reportingobligation_add",
    ),
    path(
        "obligations/<int:pk>/",
        views.ObligationDetailView.as_view(),
        name="reportingobligation_detail",
    ),
    path(
        "obligations/<int:pk>/edit/",
        views.ObligationUpdateView.as_view(),
        name="reportingobligation_edit",
    ),
    path(
        "obligations/<int:pk>/delete/",
        views.ObligationDeleteView.as_view(),
        name="reportingobligation_delete",
    ),
    path("deadlines/<int:pk>/", views.deadline_detail, name="deadline_detail"),
    path(
        "deadlines/<int:pk>/deliver/",
        views.deadline_deliver,
        name="deadline_deliver",
    ),
    path("deadlines/<int:pk>/undo/", views.deadline_undo, name="deadline_undo"),
    path(
        "deadlines/<int:pk>/document/",
        views.deadline_document,
        name="deadline_document",
    ),
    path("calendar/", feeds.CalendarView.as_view(), name="calendar"),
    path(
        "calendar/feed/address/",
        feeds.calendar_feed_address,
        name="calendar_feed_address",
    ),
    path("calendar/feed/<str:token>.ics", feeds.calendar_feed, name="calendar_feed"),
]
