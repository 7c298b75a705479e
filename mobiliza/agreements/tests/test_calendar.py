"""The deadlines calendar (month grid and agenda) and the personal iCalendar feed."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import translation
from icalendar import Calendar

from mobiliza.agreements.choices import DueStatus, Recurrence
from mobiliza.agreements.models import CalendarFeed, Deadline
from mobiliza.agreements.services import deliver
from mobiliza.agreements.tests.test_obligations_fixtures import (
    make_agreement,
    make_obligation,
    make_partner,
)
from mobiliza.directory.models import Partner

CALENDAR = "/en/resources/calendar/"
ADDRESS = "/en/resources/calendar/feed/address/"
D = datetime.date
UTC = datetime.UTC


def feed_path(token: str, language: str = "en") -> str:
    return f"/{language}/resources/calendar/feed/{token}.ics"


@pytest.fixture
def secretariat(cast):
    return cast("secretariat")


@pytest.fixture
def march(secretariat, cast):
    """Three deadlines in March 2027: Guatemala's (focal-gt responsible), Honduras', IOM's."""
    partner = make_partner(secretariat, "Fundación Marzo")
    gt = make_obligation(
        secretariat,
        agreement=make_agreement(secretariat, partner=partner, country="GT", title="Convenio GT"),
        title="Informe GT",
        first_due_on=D(2027, 3, 10),
        responsible=cast("focal-gt"),
        remind_days_before=14,
    )
    hn = make_obligation(
        secretariat,
        agreement=make_agreement(secretariat, partner=partner, country="HN", title="Convenio HN"),
        title="Informe HN",
        first_due_on=D(2027, 3, 22),
    )
    oim = make_obligation(
        secretariat,
        agreement=make_agreement(
            secretariat, partner=Partner.objects.get(acronym="OIM"), title="Convenio OIM"
        ),
        title="Informe OIM",
        first_due_on=D(2027, 3, 5),
        remind_days_before=7,
    )
    deliver(user=secretariat, deadline=oim.deadlines.get(), delivered_on=D(2026, 11, 20))
    return {"gt": gt, "hn": hn, "oim": oim}


def shown(response) -> list[str]:
    return [entry.deadline.obligation.title for entry in response.context["agenda"]]


def feed_events(response) -> list:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


# --- the month grid -----------------------------------------------------------------------


def test_the_calendar_needs_a_log_in(client):
    response = client.get(CALENDAR)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_month_shows_its_deadlines_in_the_grid_and_the_agenda(client, login, march):
    login("secretariat")
    with translation.override("en"):
        response = client.get(CALENDAR, {"month": "2027-03"})
    assert response.status_code == 200
    assert shown(response) == ["Informe OIM", "Informe GT", "Informe HN"]
    weeks = response.context["weeks"]
    assert weeks[0][0].date == D(2027, 3, 1)  # March 2027 starts on a Monday
    assert all(len(week) == 7 for week in weeks)
    days = {day.date: day for week in weeks for day in week}
    assert [e.deadline.obligation.title for e in days[D(2027, 3, 10)].entries] == ["Informe GT"]
    page = response.content.decode()
    assert "March 2027" in page
    # The status is said in words as well as colour.
    assert "status-delivered" in page and ">Delivered<" in page
    assert "?month=2027-02" in page and "?month=2027-04" in page


def test_the_calendar_shows_spanish_by_default(client, login, march):
    login("secretariat")
    page = client.get("/es/resources/calendar/", {"month": "2027-03"}).content.decode()
    assert "Marzo de 2027" in page
    with translation.override("es"):
        assert f">{DueStatus.DELIVERED.label}<" in page


def test_today_is_highlighted(client, login, march):
    with time_machine.travel(datetime.datetime(2027, 3, 10, 18, tzinfo=UTC), tick=False):
        login("secretariat")
        response = client.get(CALENDAR)
    assert response.context["month"] == D(2027, 3, 1)
    today = [day for week in response.context["weeks"] for day in week if day.is_today]
    assert [day.date for day in today] == [D(2027, 3, 10)]
    assert response.content.decode().count('aria-current="date"') == 1
    # The GT report is due today: due, not overdue.
    entry = today[0].entries[0]
    assert entry.status == "due"


def test_a_malformed_month_shows_the_current_one(client, login):
    with time_machine.travel(datetime.datetime(2027, 5, 4, 18, tzinfo=UTC), tick=False):
        login("secretariat")
        response = client.get(CALENDAR, {"month": "2027-13"})
    assert response.status_code == 200
    assert response.context["month"] == D(2027, 5, 1)


def test_only_mine_shows_the_deadlines_i_am_responsible_for(client, login, march):
    login("focal-gt")
    response = client.get(CALENDAR, {"month": "2027-03", "mine": "1"})
    assert shown(response) == ["Informe GT"]
    assert "mine=1" in response.content.decode()  # kept by the month links


def test_a_partner_viewer_sees_only_its_partners_deadlines(client, login, march):
    login("donor")
    response = client.get(CALENDAR, {"month": "2027-03"})
    assert response.status_code == 200
    assert shown(response) == ["Informe OIM"]


def test_the_calendar_runs_a_constant_number_of_queries(
    client, login, secretariat, django_assert_max_num_queries
):
    partner = make_partner(secretariat)
    agreement = make_agreement(secretariat, partner=partner, country="GT")

    def add(count: int) -> None:
        for i in range(count):
            make_obligation(
                secretariat,
                agreement=agreement,
                title=f"Informe {i}",
                first_due_on=D(2027, 6, 1) + datetime.timedelta(days=i % 30),
                recurrence=Recurrence.ONCE,
            )

    def ours(response) -> int:
        return sum(e.deadline.obligation.partner == partner for e in response.context["agenda"])

    login("focal-gt")
    client.post(ADDRESS)  # with the feed section filled in
    add(5)
    # Session, user, roles, deadlines a day, the deadlines, the overdue ones, the funding
    # calls closing, feed address, unread notifications.
    with django_assert_max_num_queries(10) as five:
        response = client.get(CALENDAR, {"month": "2027-06"})
    assert ours(response) == 5
    add(45)
    with django_assert_max_num_queries(len(five.captured_queries)):
        response = client.get(CALENDAR, {"month": "2027-06"})
    assert ours(response) == 50


# --- the feed address -----------------------------------------------------------------------


def test_the_feed_address_is_made_on_demand_and_can_be_replaced(client, login):
    user = login("focal-gt")
    assert client.get(CALENDAR).context["feed"] is None
    assert client.get(ADDRESS).status_code == 405
    response = client.post(ADDRESS)
    assert response.status_code == 302
    first = CalendarFeed.objects.get(user=user).token
    assert len(first) >= 43
    page = client.get(CALENDAR).content.decode()
    assert feed_path(first) in page
    assert client.get(feed_path(first)).status_code == 200
    client.post(ADDRESS)  # "make a new address"
    second = CalendarFeed.objects.get(user=user).token
    assert second != first
    assert client.get(feed_path(first)).status_code == 404
    assert client.get(feed_path(second)).status_code == 200


def test_a_logged_out_visitor_cannot_make_an_address(client, db):
    response = client.post(ADDRESS)
    assert response.status_code == 302
    assert not CalendarFeed.objects.exists()


# --- the feed -------------------------------------------------------------------------------


def test_an_unknown_token_is_not_found(client, db):
    assert client.get(feed_path("not-a-real-token")).status_code == 404


def test_the_feed_has_one_all_day_event_per_visible_deadline(client, login, march, settings):
    settings.SITE_URL = "https://mobiliza.example.org"
    login("secretariat")
    client.post(ADDRESS)
    client.logout()  # the token authenticates, not the session
    token = CalendarFeed.objects.get(user__email="secretariat@example.org").token
    events = {
        str(e["SUMMARY"]).split(" (")[0]: e for e in feed_events(client.get(feed_path(token)))
    }
    assert {"Informe GT", "Informe HN", "Informe OIM"} <= set(events)
    gt = events["Informe GT"]
    deadline = march["gt"].deadlines.get()
    assert gt.decoded("DTSTART") == D(2027, 3, 10)
    assert gt.decoded("DTEND") == D(2027, 3, 11)
    assert str(gt["UID"]) == f"deadline-{deadline.pk}@mobiliza.example.org"
    assert str(gt["SUMMARY"]) == "Informe GT (Upcoming)"
    description = str(gt["DESCRIPTION"])
    assert "Partner: Fundación Marzo" in description
    assert "Agreement: Convenio GT" in description
    link = f"https://mobiliza.example.org/en/resources/obligations/{march['gt'].pk}/"
    assert link in description
    alarm = gt.walk("VALARM")[0]
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm.decoded("TRIGGER") == -datetime.timedelta(days=14)
    # Delivered: said so, and no alarm.
    oim = events["Informe OIM"]
    assert str(oim["SUMMARY"]) == "Informe OIM (Delivered)"
    assert oim.walk("VALARM") == []
    # The same deadline keeps the same UID.
    again = {str(e["UID"]) for e in feed_events(client.get(feed_path(token)))}
    assert str(gt["UID"]) in again


def test_the_feed_shows_what_the_tokens_owner_may_see(client, cast, march):
    from mobiliza.agreements.obligations.feeds import calendar_feed_renew

    token = calendar_feed_renew(user=cast("donor")).token
    events = feed_events(client.get(feed_path(token)))
    summaries = {str(e["SUMMARY"]) for e in events}
    assert "Informe OIM (Delivered)" in summaries
    assert not {"Informe GT (Upcoming)", "Informe HN (Upcoming)"} & summaries
    oim = Partner.objects.get(acronym="OIM")
    deadlines = [e for e in events if str(e["UID"]).startswith("deadline-")]
    assert len(deadlines) == Deadline.objects.filter(obligation__partner=oim).count()
    token = calendar_feed_renew(user=cast("focal-gt")).token
    mine = feed_events(client.get(feed_path(token), {"mine": "1"}))
    assert [str(e["SUMMARY"]).split(" (")[0] for e in mine] == ["Informe GT"]


def test_the_feed_speaks_the_language_of_its_address(client, cast, march):
    from mobiliza.agreements.obligations.feeds import calendar_feed_renew

    token = calendar_feed_renew(user=cast("donor")).token
    events = feed_events(client.get(feed_path(token, "es")))
    with translation.override("es"):
        delivered = str(DueStatus.DELIVERED.label)
    assert f"Informe OIM ({delivered})" in {str(e["SUMMARY"]) for e in events}


def test_the_feed_of_a_deactivated_person_is_gone(client, cast):
    from mobiliza.agreements.obligations.feeds import calendar_feed_renew

    user = cast("focal-gt")
    token = calendar_feed_renew(user=user).token
    user.is_active = False
    user.save()
    assert client.get(feed_path(token)).status_code == 404


def test_the_feed_runs_a_constant_number_of_queries(
    client, cast, march, django_assert_max_num_queries
):
    from mobiliza.agreements.obligations.feeds import calendar_feed_renew

    token = calendar_feed_renew(user=cast("secretariat")).token
    # The feed and its owner, the owner's roles, the deadlines, the funding calls.
    with django_assert_max_num_queries(4):
        assert client.get(feed_path(token)).status_code == 200


def test_a_crowded_month_shows_a_few_deadlines_a_day_and_counts_the_rest(client, login, cast):
    from mobiliza.agreements.models import ReportingObligation
    from mobiliza.agreements.obligations.feeds import AGENDA_LIMIT, ENTRIES_PER_DAY
    from mobiliza.agreements.services import create_agreement
    from mobiliza.directory.models import Partner

    agreement = create_agreement(
        user=cast("secretariat"),
        data={"kind": "mou", "title": "Memorando concurrido", "partner": Partner.objects.first()},
    )
    day = datetime.date(2031, 3, 12)
    # A deadline is unique per obligation and day: one obligation each.
    obligations = ReportingObligation.objects.bulk_create(
        ReportingObligation(
            kind="progress_report",
            title=f"Informe {i:03d}",
            agreement=agreement,
            first_due_on=day,
        )
        for i in range(AGENDA_LIMIT + 40)
    )
    Deadline.objects.bulk_create(Deadline(obligation=o, due_on=day) for o in obligations)
    login("secretariat")
    response = client.get(CALENDAR, {"month": "2031-03"})
    assert response.status_code == 200
    cell = next(d for week in response.context["weeks"] for d in week if d.date == day)
    assert len(cell.entries) == ENTRIES_PER_DAY
    assert cell.more == AGENDA_LIMIT + 40 - ENTRIES_PER_DAY
    assert len(response.context["agenda"]) == AGENDA_LIMIT
    assert response.context["agenda_more"] == 40
