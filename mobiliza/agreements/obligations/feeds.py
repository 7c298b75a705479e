"""The calendar of deadlines (a month grid and an agenda) and the personal iCalendar feed.

The feed's address holds a secret key instead of a log-in, so a calendar program can
subscribe to it; it shows the deadlines the key's owner may see, and nothing when that
person is no longer active. Making a new address invalidates the old one.
"""

from __future__ import annotations

import calendar as stdlib_calendar
import datetime
import secrets
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from icalendar import Alarm, Calendar, Event

from mobiliza.agreements.choices import DueStatus
from mobiliza.agreements.models import CalendarFeed, Deadline
from mobiliza.core.permissions import can, restrict
from mobiliza.directory.models import FundingCall
from mobiliza.pipeline.models import Opportunity

MONTH_PARAM = "%Y-%m"
CALL_MARK = "◆"  # a funding call's closing date, in the grid and the legend
# A sign for each status, so that it is told apart without colour where words do not fit
# (a phone's month grid); the legend and the hidden text say what each one means.
MARKS = {
    DueStatus.UPCOMING: "○",
    DueStatus.DUE: "◔",
    DueStatus.OVERDUE: "!",
    DueStatus.DELIVERED: "✓",
}


# --- Selecting deadlines ------------------------------------------------------------------


def deadlines_visible(user: Any, *, mine: bool = False) -> QuerySet:
    """Deadlines ``user`` may see (only those they are responsible for, with ``mine``),
    with what a calendar entry shows, in one query."""
    queryset = Deadline.objects.select_related(
        "obligation",
        "obligation__partner",
        "obligation__agreement",
        "obligation__opportunity",
    ).order_by("due_on", "obligation__title", "pk")
    queryset = restrict(queryset, user, "view")
    if mine:
        queryset = queryset.filter(obligation__responsible=user)
    return queryset


@dataclass
class Entry:
    """One deadline as the calendar shows it."""

    deadline: Deadline
    status: str
    status_label: str
    url: str

    @property
    def mark(self) -> str:
        return MARKS[DueStatus(self.status)]


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    is_today: bool
    entries: list[Entry] = field(default_factory=list)
    more: int = 0  # deadlines of this day not shown in the grid (see ENTRIES_PER_DAY)
    calls: list[FundingCall] = field(default_factory=list)  # funding calls closing that day


def calls_visible(user: Any) -> QuerySet:
    """The funding calls ``user`` may see that have a closing date, with their partner."""
    if not can(user, "view", model=FundingCall):
        return FundingCall.objects.none()
    queryset = FundingCall.objects.select_related("partner").filter(closes_on__isnull=False)
    return restrict(queryset, user, "view").order_by("closes_on", "title", "pk")


def overdue_deadlines(user: Any, today: datetime.date, *, mine: bool = False) -> QuerySet:
    """The deadlines ``user`` may see that are past their date and not delivered."""
    return deadlines_visible(user, mine=mine).filter(delivered_on__isnull=True, due_on__lt=today)


def parse_month(value: str | None, today: datetime.date) -> datetime.date:
    """The first day of the month named ``2026-12``; this month when missing or malformed."""
    if value:
        try:
            parsed = datetime.datetime.strptime(value, MONTH_PARAM).date()
        except ValueError:
            pass
        else:
            if 1900 <= parsed.year <= 9998:
                return parsed
    return today.replace(day=1)


def shift_month(first: datetime.date, months: int) -> datetime.date:
    index = first.year * 12 + first.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_weeks(first: datetime.date, today: datetime.date) -> list[list[Day]]:
    """The weeks (Monday first) that show the month of ``first``."""
    weeks = stdlib_calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    return [
        [Day(date=d, in_month=d.month == first.month, is_today=d == today) for d in week]
        for week in weeks
    ]


def entry_for(deadline: Deadline, today: datetime.date) -> Entry:
    status = deadline.status(today)
    return Entry(
        deadline=deadline,
        status=status,
        status_label=str(DueStatus(status).label),
        url=f"{deadline.obligation.get_absolute_url()}#deadline-{deadline.pk}",
    )


# --- The calendar page ---------------------------------------------------------------------


# How many deadlines the grid shows in a day, and the agenda in a month; how many overdue
# deadlines the page lists (the oldest first), and how many calls closing in a month.
ENTRIES_PER_DAY = 3
AGENDA_LIMIT = 60
OVERDUE_LIMIT = 20
CALLS_LIMIT = 60


class CalendarView(LoginRequiredMixin, TemplateView):
    template_name = "agreements/calendar.html"

    @classmethod
    def allows(cls, user: Any) -> bool:
        """The page's check, which the header asks too (``core.pages``)."""
        return can(user, "view", model=Deadline)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not self.allows(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user: Any = self.request.user
        today = timezone.localdate()
        first = parse_month(self.request.GET.get("month"), today)
        mine = self.request.GET.get("mine") in ("1", "on", "true")
        weeks = month_weeks(first, today)
        start, end = weeks[0][0].date, weeks[-1][-1].date
        days = {day.date: day for week in weeks for day in week}
        agenda: list[Entry] = []
        shown = deadlines_visible(user, mine=mine).filter(due_on__range=(start, end))
        # A busy month can hold thousands of deadlines: the grid shows a few a day and the
        # agenda the earliest AGENDA_LIMIT; counts per day come from one GROUP BY query.
        # Not cached: uncached it costs about a millisecond more at ten times the demo.
        per_day: dict[datetime.date, int] = dict(
            shown.order_by().values("due_on").annotate(n=Count("pk")).values_list("due_on", "n")
        )
        for deadline in shown.order_by("due_on", "pk")[:AGENDA_LIMIT]:
            entry = entry_for(deadline, today)
            day = days[deadline.due_on]
            if len(day.entries) < ENTRIES_PER_DAY:
                day.entries.append(entry)
            if deadline.due_on.month == first.month:
                agenda.append(entry)
        for day_date, count in per_day.items():
            days[day_date].more = count - len(days[day_date].entries)
        in_month = sum(n for d, n in per_day.items() if d.month == first.month)
        # What is overdue, whatever month is shown: this month's and the months' before.
        overdue_query = overdue_deadlines(user, today, mine=mine)
        overdue = [
            entry_for(d, today) for d in overdue_query.order_by("due_on", "pk")[:OVERDUE_LIMIT]
        ]
        overdue_count = len(overdue) if len(overdue) < OVERDUE_LIMIT else overdue_query.count()
        # Funding calls closing in the weeks shown (a call has no one responsible for it,
        # so "only mine" leaves them out).
        calls: list[FundingCall] = []
        if not mine:
            for call in calls_visible(user).filter(closes_on__range=(start, end))[:CALLS_LIMIT]:
                days[call.closes_on].calls.append(call)
                if call.closes_on.month == first.month:
                    calls.append(call)
        previous, following = shift_month(first, -1), shift_month(first, 1)
        feed = CalendarFeed.objects.filter(user=user).first()
        context.update(
            title=_("Deadlines calendar"),
            month=first,
            month_label=capfirst(date_format(first, "YEAR_MONTH_FORMAT")),
            month_inline=date_format(first, "YEAR_MONTH_FORMAT"),
            legend=[(status, status.label, MARKS[status]) for status in DueStatus],
            weekdays=[(WEEKDAYS_ABBR[i], WEEKDAYS[i]) for i in range(7)],
            weeks=weeks,
            agenda=agenda,
            agenda_more=in_month - len(agenda),
            overdue=overdue,
            overdue_more=overdue_count - len(overdue),
            overdue_count=overdue_count,
            calls=calls,
            call_mark=CALL_MARK,
            mine=mine,
            previous=previous,
            previous_label=capfirst(date_format(previous, "YEAR_MONTH_FORMAT")),
            following=following,
            following_label=capfirst(date_format(following, "YEAR_MONTH_FORMAT")),
            this_month=today.replace(day=1),
            is_this_month=first == today.replace(day=1),
            show_opportunities=can(user, "view", model=Opportunity),
            feed=feed,
            feed_urls=feed_urls(feed) if feed else None,
        )
        return context


def feed_urls(feed: CalendarFeed) -> dict[str, str]:
    """The subscription addresses of a feed: all deadlines, and only the owner's."""
    path = reverse("agreements:calendar_feed", args=[feed.token])
    everything = f"{settings.SITE_URL}{path}"
    mine = f"{everything}?mine=1"
    return {
        "all": everything,
        "mine": mine,
        # webcal:// opens the calendar program and subscribes in one click.
        "webcal_all": "webcal://" + everything.split("://", 1)[-1],
        "webcal_mine": "webcal://" + mine.split("://", 1)[-1],
    }


# --- The personal feed ---------------------------------------------------------------------


@transaction.atomic
def calendar_feed_renew(*, user: Any) -> CalendarFeed:
    """Give ``user`` a new secret feed address; the previous one stops working at once."""
    if not can(user, "view", model=Deadline):
        raise PermissionDenied
    feed, _created = CalendarFeed.objects.update_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32)}
    )
    return feed


@login_required
@require_POST
def calendar_feed_address(request: HttpRequest) -> HttpResponse:
    """Create the user's feed address, or replace it with a new one."""
    user: Any = request.user
    had_one = CalendarFeed.objects.filter(user=user).exists()
    calendar_feed_renew(user=user)
    if had_one:
        messages.success(
            request,
            _("Your calendar has a new address. The old one no longer works: subscribe again."),
        )
    else:
        messages.success(request, _("Your calendar address is ready: copy it below."))
    return redirect(f"{reverse('agreements:calendar')}#feed")


def _uid_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "mobiliza"


def feed_calendar(user: Any, *, mine: bool = False) -> Calendar:
    """The iCalendar of the deadlines ``user`` may see: one all-day event per deadline."""
    today = timezone.localdate()
    domain = _uid_domain()
    show_opportunities = can(user, "view", model=Opportunity)
    cal = Calendar()
    cal.add("prodid", "-//Mobiliza//Deadlines//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _("Mobiliza: reporting deadlines"))
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    # Calendar programs that honour these ask again every hour.
    cal.add("refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    for deadline in deadlines_visible(user, mine=mine):
        obligation = deadline.obligation
        status = deadline.status(today)
        link = f"{settings.SITE_URL}{obligation.get_absolute_url()}#deadline-{deadline.pk}"
        summary = _("%(title)s (%(status)s)") % {
            "title": obligation.title,
            "status": DueStatus(status).label,
        }
        lines = [str(obligation.get_kind_display())]
        if obligation.partner:
            lines.append(_("Partner: %(partner)s") % {"partner": obligation.partner})
        if obligation.agreement:
            lines.append(_("Agreement: %(agreement)s") % {"agreement": obligation.agreement})
        if obligation.opportunity and show_opportunities:
            lines.append(
                _("Opportunity: %(opportunity)s") % {"opportunity": obligation.opportunity}
            )
        if deadline.delivered_on:
            lines.append(
                _("Delivered on %(date)s.")
                % {"date": date_format(deadline.delivered_on, "DATE_FORMAT")}
            )
        lines.append(link)
        event = Event()
        event.add("uid", f"deadline-{deadline.pk}@{domain}")
        changed = deadline.updated_at.astimezone(datetime.UTC)
        event.add("dtstamp", changed)
        event.add("last-modified", changed)
        event.add("dtstart", deadline.due_on)
        event.add("dtend", deadline.due_on + datetime.timedelta(days=1))
        event.add("summary", summary)
        event.add("description", "\n".join(lines))
        event.add("url", link)
        event.add("categories", [str(obligation.get_kind_display())])
        event.add("transp", "TRANSPARENT")  # a deadline does not make the person busy
        if not deadline.delivered_on:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", summary)
            alarm.add("trigger", -datetime.timedelta(days=obligation.remind_days_before))
            event.add_component(alarm)
        cal.add_component(event)
    if not mine:  # a call has no one responsible for it
        for call in calls_visible(user):
            cal.add_component(_call_event(call, domain))
    return cal


def _call_event(call: FundingCall, domain: str) -> Event:
    """A funding call's closing date as an all-day event, linked to the call's page."""
    link = f"{settings.SITE_URL}{call.get_absolute_url()}"
    summary = _("Call closes: {title}").format(title=call.title)
    lines = [_("Partner: %(partner)s") % {"partner": call.partner}]
    if call.url:
        lines.append(call.url)
    lines.append(link)
    event = Event()
    event.add("uid", f"call-{call.pk}@{domain}")
    changed = call.updated_at.astimezone(datetime.UTC)
    event.add("dtstamp", changed)
    event.add("last-modified", changed)
    event.add("dtstart", call.closes_on)
    event.add("dtend", call.closes_on + datetime.timedelta(days=1))  # type: ignore[operator]
    event.add("summary", summary)
    event.add("description", "\n".join(lines))
    event.add("url", link)
    event.add("categories", [capfirst(str(FundingCall._meta.verbose_name))])
    event.add("transp", "TRANSPARENT")
    return event


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed itself: the secret key in the address stands for the log-in."""
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, user__is_active=True)
        .first()
    )
    if feed is None:
        raise Http404
    mine = request.GET.get("mine") in ("1", "on", "true")
    body = feed_calendar(feed.user, mine=mine).to_ical()
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="mobiliza-deadlines.ics"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response
