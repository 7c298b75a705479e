"""Tasks: their rules, who sees and changes them, the "my tasks" page and card, the API
and the reminders."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from mobiliza.coalition.models import MemberState
from mobiliza.core.models import Notification, Task, TaskReminder, TaskStatus
from mobiliza.core.permissions import can, restrict
from mobiliza.core.services import record_create
from mobiliza.core.work.selectors import tasks_of
from mobiliza.core.work.services import (
    send_task_reminders,
    task_complete,
    task_create,
    task_update,
)
from mobiliza.directory.models import Partner

TODAY = timezone.localdate()


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def url(name: str, *args, lang: str = "en") -> str:
    with translation.override(lang):
        return reverse(name, args=args)


@pytest.fixture
def gt_partner(cast):
    return record_create(
        user=cast("secretariat"),
        model=Partner,
        data={
            "name_es": "Fundación de Tareas",
            "acronym": "FDT",
            "member_state": MemberState.objects.get(code="GT"),
        },
    )


def new_task(user, owner=None, record=None, **data) -> Task:
    values = {"title": "Llamar a la fundación", "due_on": days(3), **data}
    if owner is not None:
        values["owner"] = owner
    return task_create(user=user, data=values, record=record)


# --- rules ---------------------------------------------------------------------------------


def test_a_reminder_after_the_due_date_and_a_year_out_of_range_are_refused(cast):
    focal = cast("focal-gt")
    with pytest.raises(ValidationError) as refused:
        new_task(focal, remind_on=days(5), due_on=days(3))
    assert "remind_on" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        new_task(focal, due_on=datetime.date(2300, 1, 1))
    assert "due_on" in refused.value.message_dict


def test_the_owner_must_be_able_to_see_the_task_and_its_record(cast, gt_partner):
    with pytest.raises(ValidationError) as refused:
        new_task(cast("secretariat"), owner=cast("donor"), record=gt_partner)
    assert "owner" in refused.value.message_dict


def test_a_task_about_a_record_takes_its_member_state(cast, gt_partner):
    task = new_task(cast("focal-gt"), record=gt_partner)
    assert task.member_state.code == "GT"
    assert task.record == gt_partner
    assert task.created_by == cast("focal-gt")
    assert task.history.count() == 1


# --- who sees and changes ------------------------------------------------------------------


def test_a_focal_point_sees_its_country_and_its_own_tasks_and_nobody_elses(cast, gt_partner):
    secretariat = cast("secretariat")
    gt_task = new_task(secretariat, owner=cast("focal-gt"), record=gt_partner)
    own_hn = new_task(cast("focal-hn"))
    regional = new_task(secretariat)
    hn = cast("focal-hn")
    assert set(restrict(Task.objects.all(), hn)) >= {own_hn}
    assert gt_task not in restrict(Task.objects.all(), hn)
    assert regional not in restrict(Task.objects.all(), hn)
    assert not can(hn, "view", gt_task)
    assert can(cast("focal-gt"), "view", gt_task)
    assert not can(cast("donor"), "view", gt_task)
    assert can(secretariat, "view", own_hn)


def test_only_the_owner_and_the_managers_change_a_task(cast, gt_partner):
    task = new_task(cast("secretariat"), owner=cast("focal-gt"), record=gt_partner)
    other = new_task(cast("secretariat"), owner=cast("secretariat"), record=gt_partner)
    focal = cast("focal-gt")
    assert can(focal, "change", task)
    # Its country's record, another person's task: read, not changed.
    assert can(focal, "view", other) and not can(focal, "change", other)
    with pytest.raises(PermissionDenied):
        task_update(user=cast("focal-hn"), task=task, data={"title": "x"}, version=None)
    with pytest.raises(PermissionDenied):
        task_complete(user=cast("focal-hn"), task=task)
    done = task_complete(user=focal, task=task)
    assert done.status == TaskStatus.DONE and done.closed_at is not None


def test_a_focal_point_gives_no_task_to_another_country_record(cast):
    hn_partner = record_create(
        user=cast("secretariat"),
        model=Partner,
        data={"name_es": "Socio de Honduras", "member_state": MemberState.objects.get(code="HN")},
    )
    with pytest.raises(PermissionDenied):
        new_task(cast("focal-gt"), owner=cast("focal-hn"), record=hn_partner)


def test_a_task_given_by_someone_else_tells_its_owner_in_the_app_and_by_email(
    cast, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        new_task(cast("secretariat"), owner=cast("focal-gt"), title="Enviar la propuesta")
    told = Notification.objects.get(user=cast("focal-gt"), message_id__contains="gave you a task")
    with translation.override("en"):
        assert "Enviar la propuesta" in told.shown_message
        assert "gave you a task" in told.shown_message
    assert [m.to for m in mail.outbox] == [["focal-gt@example.org"]]
    # One's own task tells nobody.
    with django_capture_on_commit_callbacks(execute=True):
        new_task(cast("focal-gt"))
    assert Notification.objects.filter(user=cast("focal-gt")).count() == 1


# --- pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["es", "en"])
def test_my_tasks_lists_overdue_first_then_this_week_later_and_done(client, login, lang):
    user = login("focal-gt")
    Task.objects.filter(owner=user).delete()
    late = new_task(user, title="Tarea atrasada", due_on=days(-2))
    later = new_task(user, title="Tarea lejana", due_on=days(40))
    done = new_task(user, title="Tarea hecha", due_on=days(1))
    task_complete(user=user, task=done)
    response = client.get(url("tasks:mine", lang=lang))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Tarea atrasada") < html.index("Tarea lejana") < html.index("Tarea hecha")
    assert 'id="tasks-overdue"' in html and 'id="tasks-closed"' in html
    assert late.pk in [t.pk for t in response.context["groups"].overdue]
    assert later.pk in [t.pk for t in response.context["groups"].later]
    assert response.context["counts"]["open"] == 2
    assert response.context["counts"]["overdue"] == 1


def test_my_tasks_shows_an_empty_state_and_filters(client, login):
    user = login("evaluator")
    Task.objects.filter(owner=user).delete()
    response = client.get(url("tasks:mine"))
    assert response.status_code == 200
    assert "You have no open tasks" in response.content.decode()
    new_task(user, title="Leer el informe", due_on=days(-1))
    response = client.get(url("tasks:mine"), {"due": "later"})
    assert "No task matches these filters" in response.content.decode()
    response = client.get(url("tasks:mine"), {"due": "overdue"})
    assert "Leer el informe" in response.content.decode()


def test_a_partner_viewer_has_no_tasks_page(client, login):
    login("donor")
    assert client.get(url("tasks:mine")).status_code == 403


def test_marking_done_from_the_list_is_a_post_with_its_csrf_token(login, cast):
    from django.test import Client

    user = cast("focal-gt")
    task = new_task(user, title="Marcar hecha")
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(user)
    page = csrf_client.get(url("tasks:mine"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert token
    assert csrf_client.get(url("tasks:step", task.pk, "complete")).status_code == 405
    refused = csrf_client.post(url("tasks:step", task.pk, "complete"))
    assert refused.status_code == 403
    response = csrf_client.post(
        url("tasks:step", task.pk, "complete"),
        {"csrfmiddlewaretoken": token.group(1), "next": url("tasks:mine")},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE


def test_another_country_task_page_is_not_found_and_its_step_refused(client, login, cast):
    task = new_task(cast("focal-gt"))
    login("focal-hn")
    assert client.get(url("tasks:detail", task.pk)).status_code == 404
    assert client.post(url("tasks:step", task.pk, "complete")).status_code == 404
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_adding_and_editing_a_task_about_a_record(client, login, gt_partner):
    user = login("focal-gt")
    about = f"directory.partner:{gt_partner.pk}"
    page = client.get(url("tasks:add"), {"about": about})
    assert page.status_code == 200
    response = client.post(
        url("tasks:add"),
        {"about": about, "title": "Visitar la fundación", "owner": user.pk, "due_on": days(2)},
    )
    assert response.status_code == 302
    task = Task.objects.get(title="Visitar la fundación")
    assert task.record == gt_partner
    response = client.post(
        url("tasks:detail", task.pk),
        {
            "title": "Visitar la fundación",
            "owner": user.pk,
            "due_on": days(2),
            "remind_on": days(5),
            "version": task.version,
        },
    )
    assert response.status_code == 200
    assert "remind_on" in response.context["form"].errors


def test_the_home_card_shows_the_first_open_tasks_and_counts_in_two_queries(
    cast, django_assert_max_num_queries
):
    user = cast("focal-gt")
    for n in range(7):
        new_task(user, title=f"Tarea {n}", due_on=days(n - 2))
    with django_assert_max_num_queries(2):
        mine = tasks_of(user=user, limit=5)
    assert len(mine["tasks"]) == 5
    assert mine["counts"]["open"] >= 7 and mine["counts"]["overdue"] >= 2
    with translation.override("es"):
        html = render_to_string("core/_my_tasks_card.html", mine)
    assert "Tarea 0" in html and reverse("tasks:mine") in html


def test_the_page_reads_a_constant_number_of_queries(client, login, django_assert_max_num_queries):
    user = login("focal-gt")
    new_task(user)
    client.get(url("tasks:mine"))
    for n in range(10):
        new_task(user, title=f"Tarea {n}")
    with django_assert_max_num_queries(14):
        assert client.get(url("tasks:mine")).status_code == 200


# --- API -----------------------------------------------------------------------------------


def test_the_api_lists_creates_and_completes_tasks(client, login, cast):
    user = login("focal-gt")
    response = client.post(
        "/api/v1/tasks/",
        {"title": "Desde la API", "due_on": days(4).isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["owner"] == user.pk and body["status"] == "open"
    listed = client.get("/api/v1/tasks/", {"status": "open"}).json()
    assert body["id"] in [row["id"] for row in listed["results"]]
    done = client.post(f"/api/v1/tasks/{body['id']}/transitions/complete/")
    assert done.status_code == 200 and done.json()["status"] == "done"
    client.force_login(cast("focal-hn"))
    assert client.get(f"/api/v1/tasks/{body['id']}/").status_code == 404


# --- reminders -----------------------------------------------------------------------------


def test_a_reminder_goes_out_on_its_date_and_once_more_when_overdue(cast):
    owner = cast("focal-gt")
    task = new_task(owner, title="Preparar la reunión", due_on=days(2), remind_on=days(0))
    mail.outbox.clear()
    assert send_task_reminders(TODAY) >= 1
    assert TaskReminder.objects.filter(task=task, kind="before").count() == 1
    assert send_task_reminders(TODAY) == 0
    assert any("Preparar la reunión" in m.subject for m in mail.outbox)
    line = Notification.objects.filter(user=owner, message_id__startswith="Reminder").first()
    assert line is not None
    assert send_task_reminders(days(3)) >= 1
    assert TaskReminder.objects.filter(task=task, kind="overdue").count() == 1
    assert send_task_reminders(days(4)) == 0
    task_complete(user=owner, task=task)
