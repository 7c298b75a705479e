"""Reporting obligations, their deadlines, the calendar and the personal iCalendar feed."""

from typing import Any

from django.urls import path

from mobiliza.agreements import calendar, obligation_views

urlpatterns: list[Any] = [
    path(
        "obligations/",
        obligation_views.ObligationListView.as_view(),
        name="reportingobligation_list",
    ),
    path(
        "obligations/add/",
        obligation_views.ObligationCreateView.as_view(),
        name="reportingobligation_add",
    ),
    path(
        "obligations/<int:pk>/",
        obligation_views.ObligationDetailView.as_view(),
        name="reportingobligation_detail",
    ),
    path(
        "obligations/<int:pk>/edit/",
        obligation_views.ObligationUpdateView.as_view(),
        name="reportingobligation_edit",
    ),
    path(
        "obligations/<int:pk>/delete/",
        obligation_views.ObligationDeleteView.as_view(),
        name="reportingobligation_delete",
    ),
    path("deadlines/<int:pk>/", obligation_views.deadline_detail, name="deadline_detail"),
    path(
        "deadlines/<int:pk>/deliver/",
        obligation_views.deadline_deliver,
        name="deadline_deliver",
    ),
    path("deadlines/<int:pk>/undo/", obligation_views.deadline_undo, name="deadline_undo"),
    path(
        "deadlines/<int:pk>/document/",
        obligation_views.deadline_document,
        name="deadline_document",
    ),
    path("calendar/", calendar.CalendarView.as_view(), name="calendar"),
    path(
        "calendar/feed/address/",
        calendar.calendar_feed_address,
        name="calendar_feed_address",
    ),
    path("calendar/feed/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
]
