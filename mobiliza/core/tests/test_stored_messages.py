"""Notifications and history reasons are stored as msgid and parameters and read in the
language of whoever reads them, not the one they were written in."""

from __future__ import annotations

from django.utils import translation

from mobiliza.core.models import Notification
from mobiliza.core.notifications.services import notify_in_app
from mobiliza.core.stored_messages import both, display_reason, encode_reason, message
from mobiliza.pipeline.models import Opportunity
from mobiliza.pipeline.services import move
from mobiliza.plan.models import MobilizationStep


def test_a_message_keeps_its_msgid_and_reads_in_the_active_language():
    stored = message("Created", context="history event")
    with translation.override("es"):
        spanish = display_reason(encode_reason(stored))
    with translation.override("en"):
        english = display_reason(encode_reason(stored))
    assert english == "Created" and spanish == "Creado"
    assert display_reason("un motivo de antes") == "un motivo de antes"


def test_a_notification_written_in_spanish_reads_in_english_and_back(client, cast):
    user = cast("focal-gt")
    step = MobilizationStep.objects.order_by("position").first()
    with translation.override("es"):
        notify_in_app(
            user,
            message=message("Moved to {step}", step=both(step)),
            url="/es/pipeline/",
        )
    with translation.override("es"):
        spanish_name = str(step)
    with translation.override("en"):
        english_name = str(step)
    client.force_login(user)
    english = client.get("/en/notifications/").content.decode()
    spanish = client.get("/es/notifications/").content.decode()
    assert f"Moved to {english_name}" in english
    assert spanish_name in spanish
    if spanish_name != english_name:
        assert english_name not in spanish.split("notification-list", 1)[1].split("</ul>")[0]
    # An old notification (text only) keeps its text.
    old = Notification.objects.create(user=user, message="Nuevo convenio: texto de antes")
    assert old.shown_message == "Nuevo convenio: texto de antes"
    assert "Nuevo convenio: texto de antes" in client.get("/en/notifications/").content.decode()


def test_opening_a_notification_follows_its_link_in_the_readers_language(client, cast):
    user = cast("focal-gt")
    with translation.override("es"):
        line = notify_in_app(user, message=message("Created"), url="/es/pipeline/")
    client.force_login(user)
    response = client.get(f"/en/notifications/{line.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/en/pipeline/"


def test_a_history_reason_written_in_spanish_reads_in_english(client, cast):
    secretariat = cast("secretariat")
    opportunity = Opportunity.objects.filter(outcome="open").first()
    steps = list(MobilizationStep.objects.order_by("position"))
    target = next(s for s in steps if s.pk != opportunity.step_id)
    with translation.override("es"):
        move(user=secretariat, opportunity=opportunity, step=target)
        spanish_name = str(target)
    with translation.override("en"):
        english_name = str(target)
    client.force_login(secretariat)
    english = client.get(f"/en/pipeline/opportunities/{opportunity.pk}/").content.decode()
    assert f"Moved to {english_name}" in english
    spanish = client.get(f"/es/pipeline/opportunities/{opportunity.pk}/").content.decode()
    assert spanish_name in spanish
