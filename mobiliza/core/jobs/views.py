"""The pages of the background jobs: the list of those the reader may follow, and each job's
page: its progress (refreshed by htmx until it ends), its result and, when it failed, the
button that runs it again."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from mobiliza.core.jobs import services
from mobiliza.core.jobs.models import Job

POLL_SECONDS = 1
PAGE_SIZE = 50


def _job(request: HttpRequest, pk: Any) -> Job:
    """The job, or 404 for anybody who neither started it nor is of the Secretariat."""
    job = Job.objects.select_related("started_by").filter(pk=pk).first()
    if job is None or not services.may_see(request.user, job):
        raise Http404
    return job


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    """The reader's jobs (every job, for the Technical Secretariat), newest first."""
    jobs = services.visible_jobs(request.user).select_related("started_by")
    page = Paginator(jobs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "core/jobs/list.html", {"page": page})


@login_required
def job_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    job = _job(request, pk)
    context = {
        "job": job,
        "may_retry": services.may_retry(request.user, job),
        "poll_seconds": POLL_SECONDS,
    }
    if request.headers.get("HX-Request"):
        return render(request, "core/jobs/_progress.html", context)
    return render(request, "core/jobs/detail.html", context)


@login_required
@require_POST
def job_retry(request: HttpRequest, pk: Any) -> HttpResponse:
    job = _job(request, pk)
    try:
        services.job_retry(job=job, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("jobs:detail", pk=job.pk)


@login_required
def job_download(request: HttpRequest, pk: Any) -> FileResponse:
    job = _job(request, pk)
    if not job.result_file:
        raise Http404
    name = (job.result_file.name or "").rsplit("/", 1)[-1]
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=name)
