"""An opportunity's next action is its owner's task; an interaction's follow-up is a task
of whoever recorded it."""

from __future__ import annotations

import datetime

from django.utils import timezone

from mobiliza.core.models import Notification, Task, TaskSource, TaskStatus
from mobiliza.core.services import record_create, record_update
from mobiliza.core.work.services import task_complete
from mobiliza.pipeline.models import Interaction

SOON = timezone.localdate() + datetime.timedelta(days=5)


def open_tasks(record, source):
    return list(Task.objects.filter(object_id=record.pk, source=source, status=TaskStatus.OPEN))


def test_the_next_action_is_one_task_kept_in_step(make_opportunity, cast, state):
    owner = cast("focal-gt")
    opportunity = make_opportunity(
        member_state=state("GT"),
        owner=owner,
        next_action="Enviar nota conceptual",
        next_action_on=SOON,
    )
    [task] = open_tasks(opportunity, TaskSource.NEXT_ACTION)
    assert (task.owner, task.title, task.due_on) == (owner, "Enviar nota conceptual", SOON)
    opportunity = record_update(
        user=cast("secretariat"),
        instance=opportunity,
        data={"next_action": "Llamar a la oficial de programas"},
        version=None,
    )
    [same] = open_tasks(opportunity, TaskSource.NEXT_ACTION)
    assert same.pk == task.pk and same.title == "Llamar a la oficial de programas"
    opportunity = record_update(
        user=cast("secretariat"), instance=opportunity, data={"next_action": ""}, version=None
    )
    assert open_tasks(opportunity, TaskSource.NEXT_ACTION) == []
    task.refresh_from_db()
    assert task.status == TaskStatus.CANCELLED


def test_completing_the_task_clears_the_next_action(make_opportunity, cast, state):
    owner = cast("focal-gt")
    opportunity = make_opportunity(
        member_state=state("GT"), owner=owner, next_action="Reunión", next_action_on=SOON
    )
    [task] = open_tasks(opportunity, TaskSource.NEXT_ACTION)
    task_complete(user=owner, task=task)
    opportunity.refresh_from_db()
    assert opportunity.next_action == "" and opportunity.next_action_on is None
    assert open_tasks(opportunity, TaskSource.NEXT_ACTION) == []


def test_an_opportunity_given_to_someone_tells_them(
    make_opportunity, cast, state, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_opportunity(member_state=state("GT"), owner=cast("focal-gt"), title="Fondo X")
    assert Notification.objects.filter(
        user=cast("focal-gt"), message_id__contains="owner of the opportunity"
    ).exists()


def test_a_follow_up_after_an_interaction_is_a_task(cast, partner):
    focal = cast("secretariat")
    interaction = record_create(
        user=focal,
        model=Interaction,
        data={
            "partner": partner,
            "kind": "meeting",
            "subject": "Reunión inicial",
            "follow_up_on": SOON,
            "follow_up_action": "Enviar la propuesta",
        },
    )
    [task] = open_tasks(interaction, TaskSource.FOLLOW_UP)
    assert (task.owner, task.title, task.due_on) == (focal, "Enviar la propuesta", SOON)
    record_update(user=focal, instance=interaction, data={"follow_up_on": None}, version=None)
    assert open_tasks(interaction, TaskSource.FOLLOW_UP) == []
