"""Background jobs as their users meet them: the progress page and its progress bar, a job
that fails and is run again, the file it produced, and the same through /api/v1/jobs/.

The tests' task backend runs each task at once; test_jobs_queue.py runs a real worker.
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from mobiliza.core.jobs.services import job_start
from mobiliza.core.models import Job, JobStatus
from mobiliza.core.tests.job_tasks import count_to


def page(job: Job, language: str = "en") -> str:
    with translation.override(language):
        return reverse("jobs:detail", args=[job.pk])


def start(user, *arguments) -> Job:
    with translation.override("en"):
        job = job_start(task=count_to, title="Counting", user=user, arguments=arguments)
    job.refresh_from_db()
    return job


def test_a_running_job_shows_a_progress_bar_that_keeps_itself_fresh(client, login):
    user = login("focal-gt")
    job = Job.objects.create(
        title="Counting",
        task_path=count_to.module_path,
        started_by=user,
        status=JobStatus.RUNNING,
        done=50,
        total=200,
    )
    body = client.get(page(job)).content.decode()
    assert '<progress id="job-progress-bar" max="100" value="25">25%</progress>' in body
    assert '<label for="job-progress-bar">50 of 200 done</label>' in body
    assert 'aria-live="polite"' in body

    fragment = client.get(page(job), headers={"HX-Request": "true"}).content.decode()
    assert fragment.startswith('<div id="job-progress"')
    assert f'hx-get="{page(job)}" hx-trigger="every 1s"' in fragment
    assert "<html" not in fragment


def test_a_queued_job_says_it_waits_for_a_worker(client, login):
    user = login("focal-gt")
    job = Job.objects.create(title="Counting", task_path=count_to.module_path, started_by=user)
    body = client.get(page(job)).content.decode()
    assert "Waiting for a worker to start it…" in body
    assert "<progress" in body and 'value="' not in body.split("<progress")[1].split(">")[0]


def test_a_finished_job_stops_polling_and_links_to_its_result(client, login):
    user = login("focal-gt")
    job = start(user, 3)
    assert (job.status, job.done, job.total, job.attempts) == ("done", 3, 3, 1)
    fragment = client.get(page(job), headers={"HX-Request": "true"}).content.decode()
    assert "hx-get" not in fragment
    assert 'value="100"' in fragment
    assert "Counted to 3." in fragment and '<a class="button" href="/">Home</a>' in fragment


def test_a_failed_job_is_marked_failed_and_can_be_run_again(client, login, cast, tmp_path):
    flag = Path(tmp_path / "fail")
    flag.touch()
    user = login("focal-gt")
    job = start(user, 4, str(flag))

    assert job.status == "failed"
    assert job.message == (
        "The job stopped on an unexpected error; nothing it was doing was saved. "
        "You can run it again."
    )
    body = html.unescape(client.get(page(job)).content.decode())
    assert f'<p class="message message-error" role="alert">{job.message}</p>' in body
    assert f'action="{page(job)}run-again/"' in body and "Run it again</button>" in body

    # Nobody else sees it, nor runs it again.
    login("focal-hn")
    assert client.get(page(job)).status_code == 404
    assert client.post(page(job) + "run-again/").status_code == 404
    assert Job.objects.get(pk=job.pk).status == "failed"

    flag.unlink()  # what made it fail is put right; the Secretariat runs it again
    login("secretariat")
    response = client.post(page(job) + "run-again/")
    assert response["Location"] == page(job)
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.attempts) == ("done", 4, 4, 2)
    assert job.message == "Counted to 4."
    assert job.started_by == cast("focal-gt")  # still the starter's job


def test_a_job_that_did_not_fail_is_not_run_again(client, login):
    user = login("focal-gt")
    job = start(user, 2)
    response = client.post(page(job) + "run-again/", follow=True)
    assert "Only a job that failed can be run again." in response.content.decode()
    job.refresh_from_db()
    assert job.attempts == 1


def test_the_file_a_job_produced_is_downloaded_by_its_starter_only(client, login):
    user = login("focal-gt")
    job = start(user, 3, "", True)
    body = client.get(page(job)).content.decode()
    download = reverse("jobs:download", args=[job.pk])
    assert f'href="{download}"' in body and "Download the file" in body
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"1\n2\n3"
    assert "attachment" in response["Content-Disposition"]
    login("focal-hn")
    assert client.get(download).status_code == 404


def test_a_job_without_a_file_has_nothing_to_download(client, login):
    user = login("focal-gt")
    job = start(user, 1)
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404


# --- API ------------------------------------------------------------------------------------


@pytest.fixture
def api(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


def test_the_api_shows_a_job_s_progress_to_its_starter_only(api, cast, tmp_path):
    flag = tmp_path / "fail"
    flag.touch()
    starter = cast("focal-gt")
    job = start(starter, 5, str(flag))
    address = f"/api/v1/jobs/{job.pk}/"

    data = api(starter).get(address, HTTP_ACCEPT_LANGUAGE="en").json()
    assert data["status"] == "failed"
    assert data["status_label"] == "Failed"
    assert data["can_run_again"] is True
    assert data["page"] == "http://testserver" + page(job, "en")
    assert data["download"] is None
    assert [item["id"] for item in api(starter).get("/api/v1/jobs/").json()["results"]] == [
        str(job.pk)
    ]

    other = api(cast("focal-hn"))
    assert other.get(address).status_code == 404
    assert other.post(address + "run-again/").status_code == 404
    assert other.get("/api/v1/jobs/").json()["results"] == []

    flag.unlink()
    response = api(starter).post(address + "run-again/")
    assert response.status_code == 202
    assert (response.json()["status"], response.json()["percent"]) == ("done", 100)

    again = api(starter).post(address + "run-again/", HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 400
    assert "Only a job that failed can be run again." in again.content.decode()


def test_the_api_needs_a_logged_in_user(client, cast):
    job = start(cast("focal-gt"), 1)
    assert client.get(f"/api/v1/jobs/{job.pk}/").status_code in (401, 403)


def test_the_list_shows_each_reader_their_jobs_and_the_secretariat_all_of_them(
    client, login, cast, django_assert_max_num_queries
):
    mine = start(cast("focal-gt"), 2)
    scheduled = start(None, 1)
    with translation.override("en"):
        address = reverse("jobs:list")
        mine_address, scheduled_address = mine.get_absolute_url(), scheduled.get_absolute_url()

    login("focal-gt")
    body = client.get(address).content.decode()
    assert body.count('<th scope="row">') == 1 and mine_address in body
    login("secretariat")
    with django_assert_max_num_queries(12):
        body = client.get(address).content.decode()
    assert mine_address in body and scheduled_address in body
    assert "the daily schedule" in body
    login("focal-hn")
    assert "No background jobs yet." in client.get(address).content.decode()


def test_a_job_s_title_is_shown_in_each_reader_s_language(client, login, cast):
    from django.utils.translation import gettext_lazy

    with translation.override("es"):  # started from a Spanish page
        job = job_start(
            task=count_to, title=gettext_lazy("Importing partners"), user=cast("secretariat")
        )
    login("secretariat")
    assert "<h1>Importing partners</h1>" in client.get(page(job, "en")).content.decode()
    assert "<h1>Importando socios</h1>" in client.get(page(job, "es")).content.decode()
