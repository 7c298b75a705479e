"""The "my tasks" pages: the list of one's tasks, a task's page (edit it, take its steps),
adding one (about a record with ``?about=<app>.<model>:<pk>``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from mobiliza.core.history import history_of
from mobiliza.core.permissions import can, shows_history_authors, transitions_for
from mobiliza.core.services import ConflictError
from mobiliza.core.work.filters import TaskFilter
from mobiliza.core.work.forms import TaskForm
from mobiliza.core.work.models import Task
from mobiliza.core.work.selectors import group_tasks, record_named, task_counts, visible_tasks
from mobiliza.core.work.services import (
    STEPS,
    may_add_task,
    task_create,
    task_update,
)

# The page lists at most this many tasks (the counts count them all).
PAGE_LIMIT = 200


def _user(request: HttpRequest) -> Any:
    return request.user


def _next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The user's tasks: overdue first, then due this week, later, and done recently."""
    user = _user(request)
    if not can(user, "view", model=Task):
        raise PermissionDenied
    today = timezone.localdate()
    own = Task.objects.filter(owner=user)
    filterset = TaskFilter(request.GET, queryset=own)
    tasks: list[Task] = []
    if filterset.is_valid():
        tasks = list(
            filterset.qs.select_related("content_type")
            .prefetch_related("record")
            .order_by("due_on", "pk")[:PAGE_LIMIT]
        )
    groups = group_tasks(tasks, today)
    return render(
        request,
        "core/task_list.html",
        {
            "filter": filterset,
            "groups": groups,
            "counts": task_counts(own, today),
            "shown": len(tasks),
            "filtered": any(request.GET.get(name) for name in filterset.form.fields),
            "today": today,
        },
    )


def _record_from(about: str, user: Any) -> models.Model | None:
    try:
        return record_named(about, user)
    except LookupError:
        raise Http404 from None


@login_required
def add(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    about = request.POST.get("about") or request.GET.get("about") or ""
    record = _record_from(about, user)
    if not may_add_task(user, owner=user, record=record):
        raise PermissionDenied
    back = (
        record.get_absolute_url()
        if record is not None and hasattr(record, "get_absolute_url")
        else None
    )
    if request.method == "POST":
        form = TaskForm(request.POST, user=user)
        if form.is_valid():
            try:
                task_create(user=user, data=form.model_data(), record=record)
            except ValidationError as error:
                _errors_to_form(form, error)
            else:
                return redirect(_next(request, back or "tasks:mine"))
    else:
        initial = {k: request.GET[k] for k in ("title", "due_on") if request.GET.get(k)}
        form = TaskForm(initial=initial, user=user)
    return render(
        request,
        "core/task_form.html",
        {"form": form, "record": record, "about": about, "cancel_url": back},
    )


def _errors_to_form(form: Any, error: ValidationError) -> None:
    found = error.error_dict if hasattr(error, "error_dict") else {None: error.error_list}
    for name, messages in found.items():
        form.add_error(name if name in form.fields else None, messages)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A task's page: its form for whoever may change it, its steps and its history."""
    user = _user(request)
    task = get_object_or_404(visible_tasks(user), pk=pk)
    may_change = can(user, "change", task)
    form = None
    conflict = None
    if may_change:
        if request.method == "POST":
            form = TaskForm(request.POST, instance=task, user=user)
            if form.is_valid():
                try:
                    task_update(
                        user=user,
                        task=task,
                        data=form.model_data(),
                        version=form.cleaned_data.get("version"),
                    )
                except ConflictError as error:
                    conflict = error.current
                except ValidationError as error:
                    _errors_to_form(form, error)
                else:
                    return redirect(_next(request, "tasks:mine"))
        else:
            form = TaskForm(instance=Task.objects.get(pk=task.pk), user=user)
    elif request.method == "POST":
        raise PermissionDenied
    record = task.record if task.content_type_id and task.object_id else None
    return render(
        request,
        "core/task_detail.html",
        {
            "task": task,
            "object": task,
            "form": form,
            "conflict_current": conflict,
            "record": record,
            "steps": transitions_for(user, task),
            "history": history_of(task, authors=shows_history_authors(user)),
        },
    )


@login_required
@require_POST
def step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """Mark a task done, cancel or reopen it (a button of the list or of its page)."""
    user = _user(request)
    take = STEPS.get(name)
    if take is None:
        raise Http404
    task = get_object_or_404(visible_tasks(user), pk=pk)
    version = request.POST.get("version")
    try:
        take(user=user, task=task, version=int(version) if version else None)
    except (ValidationError, ConflictError):
        pass  # someone else moved it meanwhile: the list shows where it is now
    return redirect(_next(request, "tasks:mine"))
