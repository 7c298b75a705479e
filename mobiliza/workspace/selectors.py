"""Reads of the home pages: the cards each role opens Mobiliza to.

Every figure comes from a capability app's selector over the records the reader may see
(``restrict``), and every card links to the page its figure comes from. A card is built
only when the reader may open that page (``can(user, "view", model=...)``), so no card
counts what the reader may not see. Each home runs a fixed number of queries whatever
the number of records.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db import models
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import npgettext

from mobiliza.agreements import selectors as agreements
from mobiliza.agreements.models import (
    Acknowledgement,
    Agreement,
    AgreementDocument,
    Contribution,
    Deadline,
)
from mobiliza.coalition.models import MeetingAgreement, PresidencyTerm
from mobiliza.coalition.selectors import RegistrySummary, registry_summary
from mobiliza.core.history import KIND_LABELS
from mobiliza.core.permissions import Actor, actor_for, can
from mobiliza.core.roles import Role
from mobiliza.directory.models import FundingCall, Partner
from mobiliza.directory.selectors import funding_call_closing_list, partner_visible_list
from mobiliza.pipeline.models import Opportunity
from mobiliza.pipeline.selectors import StepCount, opportunity_action_due_list, step_count_list
from mobiliza.plan.models import EvaluationArea, Indicator, OperationalObjective
from mobiliza.plan.selectors import plan_figures, visible

# How far ahead the homes look for reports owed and calls closing.
DUE_WITHIN = 30
# How far ahead an opportunity's next action counts as waiting for its owner.
ACTION_WITHIN = 7
RECENT_CHANGES = 8
# The models whose latest changes the Secretariat's home lists.
RECENT_MODELS: tuple[type[models.Model], ...] = (
    Partner,
    Opportunity,
    Agreement,
    Contribution,
    MeetingAgreement,
)
# The indicators of the plan (5.2) the records already answer, for the evaluator.
ANSWERED_INDICATORS = ("6-i1", "7-i1", "7-i2")


@dataclass
class Figure:
    """One big number of a card, with what it counts and the page that lists it."""

    value: str
    label: str
    url: str | None = None
    warning: bool = False


@dataclass
class Line:
    """One record listed in a card."""

    text: str
    url: str | None = None
    note: str = ""
    badge: str = ""


@dataclass
class Card:
    key: str
    title: str
    url: str | None = None
    figures: list[Figure] = field(default_factory=list)
    note: str = ""
    lines: list[Line] = field(default_factory=list)
    empty: str = ""
    bars: list[StepCount] = field(default_factory=list)
    # A card that lists records (or draws the pipeline): shown below the figures, two a row.
    wide: bool = False


@dataclass
class Home:
    role: str
    heading: str
    lead: str
    registry: RegistrySummary
    cards: list[Card]

    @property
    def figure_cards(self) -> list[Card]:
        return [card for card in self.cards if not card.wide]

    @property
    def list_cards(self) -> list[Card]:
        return [card for card in self.cards if card.wide]


def _url(name: str, *args: Any, **params: Any) -> str:
    address = reverse(name, args=args)
    query = {key: value for key, value in params.items() if value not in (None, "")}
    return f"{address}?{urlencode(query)}" if query else address


def _day(value: datetime.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def home_role(actor: Actor) -> str:
    """The home a user opens to: the first of their roles in this order."""
    if actor.superuser or Role.SECRETARIAT in actor.roles:
        return Role.SECRETARIAT
    if Role.PRESIDENCY in actor.roles:
        return Role.PRESIDENCY
    if actor.is_focal_point:
        return Role.FOCAL_POINT
    if Role.EVALUATOR in actor.roles:
        return Role.EVALUATOR
    if Role.PARTNER_VIEWER in actor.roles and actor.partner_id:
        return Role.PARTNER_VIEWER
    return ""


# --- the cards ------------------------------------------------------------------------------


def mobilized_card(user: Any, today: datetime.date, *, target: bool = True) -> Card | None:
    """The resources mobilized this year (value date), as the totals page counts them."""
    if not can(user, "view", model=Contribution):
        return None
    summary = agreements.contribution_summary(user=user, year=today.year)
    url = _url("agreements:totals", year=today.year)
    card = Card(
        key="mobilized",
        title=_("Resources mobilized in {year}").format(year=today.year),
        url=url,
        figures=[
            Figure(summary.total_display, _("pledged, committed and received"), url),
            Figure(summary.received_display, _("received"), url),
        ],
    )
    if summary.unconverted:
        card.note = npgettext(
            "home",
            "{count} contribution has no amount in {currency} and is not counted.",
            "{count} contributions have no amount in {currency} and are not counted.",
            summary.unconverted,
        ).format(count=summary.unconverted, currency=summary.currency)
    if target:
        # The plan of action (5.2) states its indicators without amounts to reach: the
        # resources managed (7-i1) have no target in the coalition's configuration yet.
        card.lines.append(
            Line(
                _("No target set"),
                _url("plan:plan_of_action"),
                note=_("The plan of action holds no amount to reach for the year."),
            )
        )
    return card


def pipeline_card(user: Any, *, member_state: Any = None) -> Card | None:
    if not can(user, "view", model=Opportunity):
        return None
    steps = step_count_list(user=user, member_state=member_state)
    total = sum(step.count for step in steps)
    url = _url("pipeline:board")
    return Card(
        key="pipeline",
        title=_("Pipeline by step"),
        url=url,
        figures=[
            Figure(
                str(total),
                npgettext("home", "open opportunity", "open opportunities", total),
                _url("pipeline:opportunity_list", outcome="open"),
            )
        ],
        bars=steps,
        wide=True,
    )


def deadlines_card(
    user: Any,
    today: datetime.date,
    *,
    member_state: Any = None,
    title: str | None = None,
    list_later: bool = False,
    name_partner: bool = True,
) -> Card | None:
    if not can(user, "view", model=Deadline):
        return None
    summary = agreements.deadline_due_summary(
        user=user, today=today, within=DUE_WITHIN, member_state=member_state, list_later=list_later
    )
    country = member_state.code if member_state is not None else None
    obligations = "agreements:reportingobligation_list"
    card = Card(
        key="deadlines",
        title=title or _("Reports owed"),
        url=_url("agreements:calendar"),
        figures=[
            Figure(
                str(summary.overdue),
                npgettext("home", "overdue", "overdue", summary.overdue),
                _url(obligations, status="overdue", country=country),
                warning=bool(summary.overdue),
            ),
            Figure(
                str(summary.due),
                npgettext(
                    "home", "due within {days} day", "due within {days} days", summary.within
                ).format(days=summary.within),
                _url("agreements:calendar"),
            ),
        ],
        empty=_("Nothing is owed in the next {days} days.").format(days=DUE_WITHIN),
        wide=True,
    )
    for deadline in summary.first:
        obligation = deadline.obligation
        partner = obligation.partner if name_partner else None
        card.lines.append(
            Line(
                str(obligation.title),
                _url("agreements:deadline_detail", deadline.pk),
                note=(
                    _("{partner}, due {date}").format(partner=partner, date=_day(deadline.due_on))
                    if partner
                    else _("due {date}").format(date=_day(deadline.due_on))
                ),
                badge=_("overdue") if deadline.due_on < today else "",
            )
        )
    return card


def calls_card(user: Any, today: datetime.date) -> Card | None:
    if not can(user, "view", model=FundingCall):
        return None
    closing = funding_call_closing_list(user=user, within=DUE_WITHIN, today=today)
    url = _url("directory:calls_closing")
    card = Card(
        key="calls",
        title=_("Funding calls closing"),
        url=url,
        figures=[
            Figure(
                str(len(closing)),
                npgettext(
                    "home", "closes within {days} day", "close within {days} days", DUE_WITHIN
                ).format(days=DUE_WITHIN),
                url,
            )
        ],
        empty=_("No call closes in the next {days} days.").format(days=DUE_WITHIN),
        wide=True,
    )
    for item in closing[:5]:
        card.lines.append(
            Line(
                str(item.call),
                item.call.get_absolute_url(),
                note=npgettext(
                    "home",
                    "{partner}: closes in {days} day",
                    "{partner}: closes in {days} days",
                    item.days_left,
                ).format(partner=item.call.partner, days=item.days_left),
            )
        )
    return card


def recent_activity_card(user: Any) -> Card | None:
    """The latest changes to the coalition's main records (the managers see them all)."""
    if not actor_for(user).manages_everything:
        return None
    records: list[Any] = []
    for model in RECENT_MODELS:
        history = model.history  # type: ignore[attr-defined]
        # Only changes of records that still exist, so every line links to a page.
        records += list(
            history.filter(id__in=model._default_manager.values("pk"))
            .select_related("history_user")
            .order_by("-history_date", "-history_id")[:RECENT_CHANGES]
        )
    records.sort(key=lambda r: r.history_date, reverse=True)
    card = Card(
        key="activity",
        title=_("Recent activity"),
        empty=_("Nothing has changed yet."),
        wide=True,
    )
    for record in records[:RECENT_CHANGES]:
        instance = record.instance
        who = record.history_user
        card.lines.append(
            Line(
                f"{capfirst(instance._meta.verbose_name)}: {str(instance)[:90]}",
                instance.get_absolute_url(),
                note=_("{event} by {who}, {when}").format(
                    event=KIND_LABELS.get(record.history_type, record.history_type),
                    who=(who.get_full_name() or who.email) if who else _("the system"),
                    when=date_format(record.history_date, "SHORT_DATETIME_FORMAT"),
                ),
            )
        )
    return card


def meeting_agreements_card(user: Any, registry: RegistrySummary, *, title: str) -> Card | None:
    if not can(user, "view", model=MeetingAgreement):
        return None
    country = registry.own_country.code if registry.own_country else None
    url = _url("coalition:meetingagreement_list", country=country)
    card = Card(
        key="meeting-agreements",
        title=title,
        url=url,
        figures=[
            Figure(
                str(registry.open_count),
                npgettext("home", "open", "open", registry.open_count),
                url,
            ),
            Figure(
                str(registry.overdue_agreements),
                npgettext("home", "overdue", "overdue", registry.overdue_agreements),
                url,
                warning=bool(registry.overdue_agreements),
            ),
        ],
        empty=_("No meeting agreement is waiting to be fulfilled."),
        wide=True,
    )
    for agreement in registry.open_agreements[:5]:
        card.lines.append(
            Line(
                str(agreement.text)[:110],
                agreement.get_absolute_url(),
                note=(
                    _("deadline {date}").format(date=_day(agreement.deadline))
                    if agreement.deadline
                    else _("no deadline")
                ),
                badge=_("overdue") if agreement.is_overdue else "",
            )
        )
    return card


def presidency_card(user: Any, registry: RegistrySummary) -> Card | None:
    if not can(user, "view", model=PresidencyTerm):
        return None
    term = registry.presidency
    return Card(
        key="presidency",
        title=_("Pro tempore presidency"),
        url=term.get_absolute_url() if term else _url("coalition:presidencyterm_list"),
        figures=[
            Figure(
                str(term.member_state) if term else _("None recorded"),
                _("from {start} to {end}").format(
                    start=_day(term.start_date), end=_day(term.end_date)
                )
                if term
                else _("No presidency recorded for today."),
                term.get_absolute_url() if term else None,
            )
        ],
    )


def agreements_card(user: Any, today: datetime.date, *, own: bool = False) -> Card | None:
    if not can(user, "view", model=Agreement):
        return None
    summary = agreements.agreement_summary(user=user, year=today.year)
    url = _url("agreements:agreement_list")
    card = Card(
        key="agreements",
        title=_("Your agreements") if own else _("Agreements"),
        url=url,
        figures=[
            Figure(
                str(summary.signed_this_year),
                npgettext(
                    "home", "signed in {year}", "signed in {year}", summary.signed_this_year
                ).format(year=today.year),
                _url("agreements:agreement_list", year=today.year),
            ),
            Figure(
                str(summary.in_force),
                npgettext("home", "in force", "in force", summary.in_force),
                _url("agreements:agreement_list", status="in_force"),
            ),
        ],
    )
    if own:
        card.empty = _("No agreement yet.")
        card.figures.insert(
            0,
            Figure(
                str(summary.total), npgettext("home", "agreement", "agreements", summary.total), url
            ),
        )
        for agreement in agreements.agreement_list(user=user).order_by("-signed_on", "-pk")[:5]:
            card.lines.append(
                Line(
                    str(agreement),
                    agreement.get_absolute_url(),
                    note=agreement.get_status_display(),
                )
            )
    return card


def partners_card(user: Any, member_state: Any) -> Card | None:
    if not can(user, "view", model=Partner):
        return None
    count = partner_visible_list(user=user).filter(member_state=member_state).count()
    url = _url("directory:partner_list", country=member_state.code)
    return Card(
        key="partners",
        title=_("Your country's partners"),
        url=url,
        figures=[
            Figure(str(count), npgettext("home", "partner added", "partners added", count), url)
        ],
    )


def country_contributions_card(user: Any, today: datetime.date, member_state: Any) -> Card | None:
    if not can(user, "view", model=Contribution):
        return None
    summary = agreements.contribution_summary(user=user, member_state=member_state)
    url = _url("agreements:contribution_list", country=member_state.code)
    return Card(
        key="contributions",
        title=_("Your country's contributions"),
        url=url,
        figures=[
            Figure(
                str(summary.count),
                npgettext("home", "contribution", "contributions", summary.count),
                url,
            ),
            Figure(
                summary.received_display,
                _("received"),
                _url("agreements:contribution_list", country=member_state.code, status="received"),
            ),
        ],
        note=_("{amount} in all, pledged, committed and received.").format(
            amount=summary.total_display
        ),
    )


def actions_card(user: Any, today: datetime.date) -> Card | None:
    if not can(user, "view", model=Opportunity):
        return None
    due = opportunity_action_due_list(user=user, owner=user, today=today, within=ACTION_WITHIN)
    url = _url("pipeline:opportunity_list", owner=user.pk, outcome="open")
    card = Card(
        key="actions",
        title=_("Your opportunities' next actions"),
        url=url,
        figures=[
            Figure(
                str(due.count),
                npgettext(
                    "home", "due within {days} day", "due within {days} days", ACTION_WITHIN
                ).format(days=ACTION_WITHIN),
                url,
            ),
            Figure(
                str(due.late),
                npgettext("home", "late", "late", due.late),
                _url("pipeline:opportunity_list", owner=user.pk, late="true"),
                warning=bool(due.late),
            ),
        ],
        empty=_("None of your opportunities has a next action due."),
    )
    for opportunity in due.first:
        card.lines.append(
            Line(
                str(opportunity),
                opportunity.get_absolute_url(),
                note=_("{action}, {date}").format(
                    action=opportunity.next_action or _("next action"),
                    date=_day(opportunity.next_action_on),
                )
                if opportunity.next_action_on
                else "",
                badge=_("late") if opportunity.is_late else "",
            )
        )
    return card


def plan_cards(user: Any, today: datetime.date) -> list[Card]:
    cards: list[Card] = []
    figures = plan_figures(user=user)
    if can(user, "view", model=OperationalObjective):
        url = _url("plan:plan_of_action")
        cards.append(
            Card(
                key="plan",
                title=_("Plan of action"),
                url=url,
                figures=[
                    Figure(
                        str(figures.objectives),
                        npgettext(
                            "home",
                            "operational objective",
                            "operational objectives",
                            figures.objectives,
                        ),
                        url,
                    ),
                    Figure(
                        str(figures.indicators),
                        npgettext("home", "indicator", "indicators", figures.indicators),
                        url,
                    ),
                    Figure(
                        str(figures.goals), npgettext("home", "goal", "goals", figures.goals), url
                    ),
                ],
            )
        )
    if can(user, "view", model=EvaluationArea):
        url = _url("plan:monitoring")
        cards.append(
            Card(
                key="monitoring",
                title=_("Monitoring and evaluation"),
                url=url,
                figures=[
                    Figure(
                        str(figures.evidence),
                        npgettext(
                            "home",
                            "objective with its evidence",
                            "objectives with their evidence",
                            figures.evidence,
                        ),
                        url,
                    ),
                    Figure(
                        str(figures.follow_up_questions),
                        npgettext(
                            "home",
                            "follow-up question",
                            "follow-up questions",
                            figures.follow_up_questions,
                        ),
                        url,
                    ),
                    Figure(
                        str(figures.evaluation_questions),
                        npgettext(
                            "home",
                            "evaluation question",
                            "evaluation questions",
                            figures.evaluation_questions,
                        ),
                        url,
                    ),
                ],
            )
        )
    answered = indicators_card(user, today)
    if answered is not None:
        cards.append(answered)
    return cards


def indicators_card(user: Any, today: datetime.date) -> Card | None:
    """What the records already say of the indicators they can answer (6-i1, 7-i1, 7-i2)."""
    if not can(user, "view", model=Indicator):
        return None
    indicators = {
        i.code: i for i in visible(Indicator, user=user).filter(code__in=ANSWERED_INDICATORS)
    }
    card = Card(
        key="indicators",
        title=_("Indicators the records already answer"),
        url=_url("plan:plan_of_action"),
        wide=True,
    )

    def label(code: str) -> str:
        indicator = indicators.get(code)
        return f"{code} · {indicator.text}" if indicator else code

    if "6-i1" in indicators and can(user, "view", model=Partner):
        partners = partner_visible_list(user=user).count()
        card.figures.append(Figure(str(partners), label("6-i1"), _url("directory:partner_list")))
    if "7-i1" in indicators and can(user, "view", model=Contribution):
        summary = agreements.contribution_summary(user=user, year=today.year)
        card.figures.append(
            Figure(
                summary.total_display,
                "{label} ({year})".format(label=label("7-i1"), year=today.year),
                _url("agreements:totals", year=today.year),
            )
        )
    if "7-i2" in indicators and can(user, "view", model=Agreement):
        signed = agreements.agreement_summary(user=user, year=today.year).signed
        card.figures.append(Figure(str(signed), label("7-i2"), _url("agreements:agreement_list")))
    return card if card.figures else None


def own_contributions_card(user: Any) -> Card | None:
    if not can(user, "view", model=Contribution):
        return None
    summary = agreements.contribution_summary(user=user)
    url = _url("agreements:contribution_list")
    return Card(
        key="contributions",
        title=_("Your contributions"),
        url=url,
        figures=[
            Figure(
                str(summary.count),
                npgettext("home", "contribution", "contributions", summary.count),
                url,
            ),
            Figure(summary.total_display, _("pledged, committed and received"), url),
            Figure(
                summary.received_display,
                _("received"),
                _url("agreements:contribution_list", status="received"),
            ),
        ],
    )


def documents_card(user: Any) -> Card | None:
    if not (can(user, "view", model=AgreementDocument) or can(user, "view", model=Acknowledgement)):
        return None
    card = Card(
        key="documents",
        title=_("Your documents"),
        empty=_("No document has been shared with you yet."),
        wide=True,
    )
    if can(user, "view", model=AgreementDocument):
        card.url = _url("agreements:agreementdocument_list")
        for document in agreements.agreement_document_list(user=user):
            card.lines.append(
                Line(
                    str(document),
                    _url("agreements:agreementdocument_download", document.pk),
                    note=str(document.agreement),
                )
            )
    if can(user, "view", model=Acknowledgement):
        for letter in agreements.acknowledgement_list(user=user):
            card.lines.append(
                Line(
                    _("Thank-you letter for {contribution}").format(
                        contribution=letter.contribution
                    ),
                    letter.get_absolute_url(),
                    note=_("sent {date}").format(date=_day(letter.sent_on)),
                )
            )
    return card


# --- the homes ------------------------------------------------------------------------------


def home_for(*, user: Any, today: datetime.date) -> Home:
    """The home page ``user`` opens to, with only the cards of what they may see."""
    actor = actor_for(user)
    role = home_role(actor)
    registry = registry_summary(user=user, limit=5)
    cards: list[Card | None] = []
    heading = _("Welcome, {name}").format(name=user.get_full_name() or user.email)
    lead = ""
    if role == Role.SECRETARIAT:
        lead = _("What the coalition has mobilized, what is moving and what is owed.")
        cards = [
            mobilized_card(user, today),
            deadlines_card(user, today),
            calls_card(user, today),
            pipeline_card(user),
            recent_activity_card(user),
        ]
    elif role == Role.PRESIDENCY:
        lead = _("The region at a glance.")
        cards = [
            mobilized_card(user, today, target=False),
            agreements_card(user, today),
            presidency_card(user, registry),
            meeting_agreements_card(user, registry, title=_("Meeting agreements to fulfil")),
            pipeline_card(user),
        ]
    elif role == Role.FOCAL_POINT and registry.own_country is not None:
        country = registry.own_country
        lead = _("What {country} has in Mobiliza and what waits for you.").format(country=country)
        cards = [
            partners_card(user, country),
            country_contributions_card(user, today, country),
            deadlines_card(
                user,
                today,
                member_state=country,
                title=_("Reports owed by {country}").format(country=country),
            ),
            meeting_agreements_card(
                user,
                registry,
                title=_("Meeting agreements {country} must fulfil").format(country=country),
            ),
            actions_card(user, today),
        ]
    elif role == Role.EVALUATOR:
        lead = _("The plan of action and what its monitoring and evaluation can count today.")
        cards = list(plan_cards(user, today))
    elif role == Role.PARTNER_VIEWER:
        partner = partner_visible_list(user=user).first()
        if partner is not None:
            heading = _("{partner} and {coalition}").format(
                partner=partner, coalition=registry.coalition or ""
            )
        lead = _("Your contributions, your agreements, the reports owed to you and your documents.")
        cards = [
            own_contributions_card(user),
            agreements_card(user, today, own=True),
            deadlines_card(
                user, today, title=_("Reports owed to you"), list_later=True, name_partner=False
            ),
            documents_card(user),
        ]
    else:
        lead = _("Your account has no role yet: the Technical Secretariat gives one.")
    return Home(
        role=str(role),
        heading=heading,
        lead=lead,
        registry=registry,
        cards=[card for card in cards if card is not None],
    )
