"""The calendar shows what is overdue (this month and before) and the funding calls'
closing dates beside the reports owed, in the page and in the iCalendar feed."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from mobiliza.agreements.obligations.feeds import calendar_feed_renew
from mobiliza.agreements.tests.test_obligations_fixtures import (
    make_agreement,
    make_obligation,
    make_partner,
)
from mobiliza.core.services import record_create
from mobiliza.directory.models import FundingCall

D = datetime.date


@pytest.fixture
def secretariat(cast):
    return cast("secretariat")


@pytest.fixture
def owed(secretariat, cast):
    """Guatemala's report due 10 February, Honduras' due 22 March 2027; a call of a
    Guatemalan partner closing 18 March 2027."""
    partner = make_partner(secretariat, "Fundación Calendario")
    gt = make_obligation(
        secretariat,
        agreement=make_agreement(secretariat, partner=partner, country="GT", title="Convenio GT"),
        title="Informe GT de febrero",
        first_due_on=D(2027, 2, 10),
    )
    hn = make_obligation(
        secretariat,
        agreement=make_agreement(secretariat, partner=partner, country="HN", title="Convenio HN"),
        title="Informe HN de marzo",
        first_due_on=D(2027, 3, 22),
    )
    call = record_create(
        user=secretariat,
        model=FundingCall,
        data={
            "partner": partner,
            "title": "Convocatoria de albergues",
            "closes_on": D(2027, 3, 18),
            "url": "https://fundacion.example.org/convocatoria",
        },
    )
    return {"gt": gt, "hn": hn, "call": call}


def calendar(client, language: str, **params: str):
    with translation.override(language):
        url = reverse("agreements:calendar")
    return client.get(url, params)


@time_machine.travel(datetime.datetime(2027, 3, 25, 12, tzinfo=datetime.UTC), tick=False)
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_month_lists_what_is_overdue_this_month_and_before(client, login, owed, language):
    login("secretariat")
    response = calendar(client, language, month="2027-03")
    titles = [e.deadline.obligation.title for e in response.context["overdue"]]
    ours = [t for t in titles if t.startswith("Informe GT de") or t.startswith("Informe HN de")]
    assert ours == ["Informe GT de febrero", "Informe HN de marzo"]  # the oldest first
    dates = [e.deadline.due_on for e in response.context["overdue"]]
    assert dates == sorted(dates) and all(d < D(2027, 3, 25) for d in dates)
    page = response.content.decode()
    assert 'id="overdue"' in page
    assert page.index("Informe GT de febrero") < page.index('id="month-title"')
    if language == "en":
        assert f"{response.context['overdue_count']} deadlines overdue" in page


@time_machine.travel(datetime.datetime(2027, 3, 25, 12, tzinfo=datetime.UTC), tick=False)
def test_a_partner_viewer_sees_only_its_partners_overdue_deadlines(client, login, owed):
    login("donor")  # IOM's viewer
    response = calendar(client, "en", month="2027-03")
    partners = {e.deadline.obligation.partner.acronym for e in response.context["overdue"]}
    assert partners <= {"OIM"}
    assert owed["call"] not in response.context["calls"]


@time_machine.travel(datetime.datetime(2027, 1, 5, 12, tzinfo=datetime.UTC), tick=False)
def test_nothing_overdue_shows_no_overdue_section(client, login, owed):
    login("secretariat")
    response = calendar(client, "en", month="2027-03")
    titles = [e.deadline.obligation.title for e in response.context["overdue"]]
    assert "Informe GT de febrero" not in titles and "Informe HN de marzo" not in titles
    if not titles:
        assert 'id="overdue"' not in response.content.decode()


@time_machine.travel(datetime.datetime(2027, 1, 5, 12, tzinfo=datetime.UTC), tick=False)
@pytest.mark.parametrize("language", ["en", "es"])
def test_calls_closing_show_beside_the_deadlines(client, login, owed, language):
    login("secretariat")
    response = calendar(client, language, month="2027-03")
    assert owed["call"] in response.context["calls"]
    page = response.content.decode()
    with translation.override(language):
        link = owed["call"].get_absolute_url()
    assert page.count(f'href="{link}"') == 2  # in the day's cell and in the month's list
    assert 'id="calls"' in page
    # "Only mine": a call has no one responsible for it.
    assert calendar(client, language, month="2027-03", mine="1").context["calls"] == []
    # Another month does not list it.
    assert owed["call"] not in calendar(client, language, month="2027-04").context["calls"]


def test_the_feed_holds_each_call_closing_as_its_own_event(client, cast, owed, settings):
    settings.SITE_URL = "http://127.0.0.1:8010"
    token = calendar_feed_renew(user=cast("secretariat")).token
    with translation.override("en"):
        path = reverse("agreements:calendar_feed", args=[token])
    feed = Calendar.from_ical(client.get(path).content)
    events = {str(e["UID"]): e for e in feed.walk("VEVENT")}
    call = owed["call"]
    event = events[f"call-{call.pk}@127.0.0.1"]
    assert event.decoded("DTSTART") == D(2027, 3, 18)
    assert event.decoded("DTEND") == D(2027, 3, 19)
    assert str(event["SUMMARY"]) == "Call closes: Convocatoria de albergues"
    assert [str(c) for c in event["CATEGORIES"].cats] == ["Funding call"]
    with translation.override("en"):
        link = f"http://127.0.0.1:8010{call.get_absolute_url()}"
    assert str(event["URL"]) == link
    deadline_uids = {uid for uid in events if uid.startswith("deadline-")}
    assert len(deadline_uids) >= 2 and len(set(events)) == len(feed.walk("VEVENT"))
    # The calls are no one's own deadlines.
    mine = Calendar.from_ical(client.get(path, {"mine": "1"}).content)
    assert not [e for e in mine.walk("VEVENT") if str(e["UID"]).startswith("call-")]


def test_the_feed_leaves_out_calls_the_reader_may_not_see(client, cast, owed):
    token = calendar_feed_renew(user=cast("donor")).token  # IOM's viewer
    with translation.override("en"):
        path = reverse("agreements:calendar_feed", args=[token])
    feed = Calendar.from_ical(client.get(path).content)
    uids = {str(e["UID"]) for e in feed.walk("VEVENT")}
    assert not any(uid.startswith(f"call-{owed['call'].pk}@") for uid in uids)
    own = FundingCall.objects.filter(partner__acronym="OIM", closes_on__isnull=False)
    assert {uid for uid in uids if uid.startswith("call-")} == {
        f"call-{pk}@127.0.0.1" for pk in own.values_list("pk", flat=True)
    }
