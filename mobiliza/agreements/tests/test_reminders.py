"""Reminder e-mails of reporting deadlines: when they go out, to whom, in which language,
and that each goes out once only; the task and the ``send_reminders`` command."""

from __future__ import annotations

import datetime
import io
import re
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from mobiliza.agreements.choices import Recurrence
from mobiliza.agreements.models import Deadline, ReminderSent, ReportingObligation
from mobiliza.agreements.services import deliver, send_reminders
from mobiliza.agreements.tasks import reminders_enqueue, reminders_send_now
from mobiliza.agreements.tests.test_obligations_fixtures import (
    make_agreement,
    make_obligation,
    make_partner,
)
from mobiliza.core.models import Job

D = datetime.date
UTC = datetime.UTC
TITLE = "Informe trimestral al donante"


def at(day: datetime.date):
    """Noon in UTC: the same calendar day in Central America."""
    return time_machine.travel(
        datetime.datetime(day.year, day.month, day.day, 12, tzinfo=UTC), tick=False
    )


def run(day: datetime.date) -> int:
    with at(day):
        return send_reminders()


@pytest.fixture
def secretariat(cast):
    return cast("secretariat")


@pytest.fixture
def quarterly(secretariat, cast):
    """The only obligation: quarterly from 2027-01-15 to the end of 2027, reminded 14 days
    before, focal-gt responsible."""
    ReportingObligation.objects.all().delete()  # the demo's own, dated from today
    agreement = make_agreement(secretariat, partner=make_partner(secretariat), country="GT")
    return make_obligation(
        secretariat,
        agreement=agreement,
        title=TITLE,
        recurrence=Recurrence.QUARTERLY,
        first_due_on=D(2027, 1, 15),
        repeat_until=D(2027, 12, 31),
        remind_days_before=14,
        responsible=cast("focal-gt"),
    )


def deadline(obligation, day: datetime.date) -> Deadline:
    return obligation.deadlines.get(due_on=day)


def test_each_reminder_goes_out_once_before_and_once_when_overdue(quarterly, cast, secretariat):
    responsible = cast("focal-gt")
    assert run(D(2026, 12, 31)) == 0  # 15 days before: not yet
    assert run(D(2027, 1, 1)) == 1  # 14 days before
    assert mail.outbox[-1].to == [responsible.email]
    assert TITLE in mail.outbox[-1].subject
    assert run(D(2027, 1, 1)) == 0  # running again the same day sends nothing
    assert run(D(2027, 1, 2)) == 0  # nor the next day
    assert run(D(2027, 1, 15)) == 0  # nor on the due date
    assert run(D(2027, 1, 16)) == 1  # overdue and not delivered
    assert run(D(2027, 1, 16)) == 0
    assert run(D(2027, 1, 20)) == 0
    deliver(
        user=responsible, deadline=deadline(quarterly, D(2027, 1, 15)), delivered_on=D(2026, 11, 20)
    )
    assert run(D(2027, 3, 31)) == 0
    assert run(D(2027, 4, 1)) == 1  # the April report, 14 days before
    assert run(D(2027, 4, 1)) == 0
    april = deadline(quarterly, D(2027, 4, 15))
    deliver(user=responsible, deadline=april, delivered_on=D(2026, 11, 20))
    assert run(D(2027, 4, 16)) == 0  # delivered: no overdue reminder
    assert run(D(2027, 7, 1)) == 1
    assert len(mail.outbox) == 4
    sent = ReminderSent.objects.filter(deadline__obligation=quarterly)
    assert sorted(sent.values_list("deadline__due_on", "kind")) == [
        (D(2027, 1, 15), "before"),
        (D(2027, 1, 15), "overdue"),
        (D(2027, 4, 15), "before"),
        (D(2027, 7, 15), "before"),
    ]


def test_a_run_that_was_missed_still_reminds(quarterly):
    assert run(D(2027, 1, 10)) == 1  # five days before, the first run in a while


def test_undoing_a_delivery_brings_back_the_overdue_reminder(quarterly, cast):
    january = deadline(quarterly, D(2027, 1, 15))
    deliver(user=cast("focal-gt"), deadline=january, delivered_on=D(2026, 11, 20))
    assert run(D(2027, 1, 16)) == 0
    deliver(user=cast("focal-gt"), deadline=Deadline.objects.get(pk=january.pk), delivered_on=None)
    assert run(D(2027, 1, 17)) == 1


def test_the_reminder_is_written_in_the_recipients_language(quarterly, cast):
    responsible = cast("focal-gt")
    responsible.language = "en"
    responsible.save()
    run(D(2027, 1, 1))
    english = mail.outbox[-1]
    assert english.subject == f"[Mobiliza] Due on 15 January 2027: {TITLE}"
    assert f"“{TITLE}” is due on 15 January 2027, in 14 days." in english.body
    assert f"/en/resources/obligations/{quarterly.pk}/" in english.body

    responsible.language = "es"
    responsible.save()
    run(D(2027, 1, 16))
    spanish = mail.outbox[-1]
    with translation.override("es"):
        date = date_format(D(2027, 1, 15), "DATE_FORMAT")
        subject = gettext("[Mobiliza] Overdue: %(title)s (due %(date)s)") % {
            "title": TITLE,
            "date": date,
        }
    assert date == "15 de enero de 2027"
    assert spanish.subject == subject
    assert date in spanish.body
    assert f"/es/resources/obligations/{quarterly.pk}/" in spanish.body


def test_without_a_responsible_the_secretariat_is_reminded(quarterly, secretariat):
    quarterly.responsible = None
    quarterly.save()
    assert run(D(2027, 1, 1)) == 1
    assert mail.outbox[-1].to == [secretariat.email]


def test_an_inactive_responsible_is_replaced_by_the_secretariat(quarterly, cast, secretariat):
    responsible = cast("focal-gt")
    responsible.is_active = False
    responsible.save()
    assert run(D(2027, 1, 1)) == 1
    assert mail.outbox[-1].to == [secretariat.email]


def test_long_forgotten_deadlines_send_no_overdue_reminder(secretariat, cast):
    ReportingObligation.objects.all().delete()
    agreement = make_agreement(secretariat, partner=make_partner(secretariat), country="GT")
    make_obligation(
        secretariat,
        agreement=agreement,
        title="Informe de un convenio antiguo",
        recurrence=Recurrence.QUARTERLY,
        first_due_on=D(2025, 1, 15),
        repeat_until=D(2026, 10, 15),
        responsible=cast("focal-gt"),
    )
    # Eight past reports never recorded as delivered: only the latest, 30 days late or
    # less, is reminded, not the whole backlog.
    assert run(D(2026, 11, 10)) == 1
    assert ReminderSent.objects.get().deadline.due_on == D(2026, 10, 15)


def test_a_failed_e_mail_is_tried_again_on_the_next_run(quarterly):
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=OSError("mail server down"),
    ):
        assert run(D(2027, 1, 1)) == 0
    assert not ReminderSent.objects.exists()
    assert run(D(2027, 1, 2)) == 1


def test_a_long_reminder_window_is_honoured(quarterly):
    quarterly.remind_days_before = 400
    quarterly.save()
    assert run(D(2026, 1, 1)) == 1  # more than a year before the first report


def test_the_reminders_run_as_a_job_the_secretariat_can_follow(quarterly, client, login):
    with at(D(2027, 1, 1)), translation.override("en"):
        job = reminders_enqueue()
    job.refresh_from_db()
    assert (job.status, job.done) == ("done", 1)
    with translation.override("es"):
        assert job.message == ngettext(
            "%(count)s reminder was sent.", "%(count)s reminders were sent.", 1
        ) % {"count": 1}
    assert job.started_by is None  # the daily schedule, nobody in particular
    assert job.language == "es"  # so it speaks the site's language, not the caller's
    job, sent = reminders_send_now(today="2027-01-16")
    assert sent == 1 and job.status == "done"
    assert len(mail.outbox) == 2

    login("secretariat")
    assert client.get(job.get_absolute_url()).status_code == 200
    login("focal-gt")
    assert client.get(job.get_absolute_url()).status_code == 404


def test_the_command_runs_the_task_now_and_says_how_many(quarterly):
    out = io.StringIO()
    with at(D(2027, 1, 1)):
        call_command("send_reminders", stdout=out)
    assert out.getvalue().strip() == "1 reminder(s) sent."
    out = io.StringIO()
    call_command("send_reminders", "--date", "2027-01-16", stdout=out)
    assert out.getvalue().strip() == "1 reminder(s) sent."
    assert len(mail.outbox) == 2


def test_the_command_can_queue_the_task_instead(quarterly):
    out = io.StringIO()
    with at(D(2027, 1, 1)):
        call_command("send_reminders", "--enqueue", stdout=out)
    assert "queued" in out.getvalue()
    assert len(mail.outbox) == 1  # the tests' backend runs it at once
    assert Job.objects.get().status == "done"


def test_the_command_refuses_a_malformed_date(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("send_reminders", "--date", "16/01/2027")


def html_of(message) -> str:
    """The HTML alternative of a message (fails when there is none)."""
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


@pytest.mark.parametrize(
    ("language", "hello", "record_it"),
    [
        ("es", "Hola, ", "Cuando se entregue, regístrelo en Mobiliza"),
        ("en", "Hello ", "When it is delivered, record it in Mobiliza"),
    ],
)
def test_the_reminder_is_a_message_mail_programs_expect(
    quarterly, cast, settings, language, hello, record_it
):
    settings.SITE_URL = "https://mobiliza.corett.example"
    responsible = cast("focal-gt")
    responsible.language = language
    responsible.save()
    run(D(2027, 1, 1))
    message = mail.outbox[-1]
    html = html_of(message)

    # Both parts say the same, in the recipient's language.
    assert message.content_subtype == "plain"
    for part in (message.body, html):
        assert hello in part
        assert record_it in part
        assert TITLE in part
    assert f'<html lang="{"es-GT" if language == "es" else "en"}"' in html
    assert "<table" not in html
    assert message.extra_headers["Content-Language"] == ("es-GT" if language == "es" else "en")

    # An automatic message: responders keep quiet, and the id is on the site's own domain.
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    sent = message.message()
    assert sent["Auto-Submitted"] == "auto-generated"
    assert sent["Message-ID"].endswith("@mobiliza.corett.example>")

    # Every link leads to the site from outside it.
    page = f"https://mobiliza.corett.example/{language}/resources/obligations/{quarterly.pk}/"
    links = re.findall(r'href="([^"]*)"', html)
    assert page in links
    assert links and all(link.startswith("https://mobiliza.corett.example/") for link in links)
    assert page in message.body
