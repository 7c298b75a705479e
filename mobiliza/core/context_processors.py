"""What every page needs: the navigation the user may follow and the language links."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from mobiliza.core.permissions import actor_for, can


@dataclass
class NavItem:
    label: Any
    url: str
    active: bool = False


# (section label, [(item label, url name, model "app.Model" whose view permission shows it)])
NAVIGATION: list[tuple[Any, list[tuple[Any, str, str]]]] = [
    (
        _("Coalition"),
        [
            (_("Member states"), "coalition:memberstate_list", "coalition.MemberState"),
            (_("National bodies"), "coalition:nationalbody_list", "coalition.NationalBody"),
            (_("Representatives"), "coalition:representative_list", "coalition.Representative"),
            (_("Presidencies"), "coalition:presidencyterm_list", "coalition.PresidencyTerm"),
            (_("Committees"), "coalition:committee_list", "coalition.Committee"),
            (_("Meetings"), "coalition:meeting_list", "coalition.Meeting"),
            (
                _("Meeting agreements"),
                "coalition:meetingagreement_list",
                "coalition.MeetingAgreement",
            ),
        ],
    ),
    (
        _("Directory"),
        [
            (_("Partners and donors"), "directory:partner_list", "directory.Partner"),
            (_("Contacts"), "directory:contact_list", "directory.Contact"),
            (_("Funding calls"), "directory:fundingcall_list", "directory.FundingCall"),
            (_("Calls closing soon"), "directory:calls_closing", "directory.FundingCall"),
            (
                _("Directory of potential donors"),
                "directory:directory_overview",
                "directory.Partner",
            ),
            (_("Mapping of strategic partners"), "directory:partner_mapping", "directory.Partner"),
            (_("Likely duplicates"), "directory:partner_duplicates", "directory.Partner"),
        ],
    ),
    (
        _("Pipeline"),
        [
            (_("Pipeline board"), "pipeline:board", "pipeline.Opportunity"),
            (_("Opportunities"), "pipeline:opportunity_list", "pipeline.Opportunity"),
            (_("Interactions"), "pipeline:interaction_list", "pipeline.Interaction"),
        ],
    ),
    (
        _("Agreements and resources"),
        [
            (_("Agreements"), "agreements:agreement_list", "agreements.Agreement"),
            (_("Contributions"), "agreements:contribution_list", "agreements.Contribution"),
            (_("Resources mobilized"), "agreements:totals", "agreements.Contribution"),
            (
                _("Reporting obligations"),
                "agreements:reportingobligation_list",
                "agreements.ReportingObligation",
            ),
            (_("Deadlines calendar"), "agreements:calendar", "agreements.Deadline"),
            (_("Exchange rates"), "rates:exchangerate_list", "core.ExchangeRate"),
        ],
    ),
    (
        _("Strategy"),
        [
            (_("Strategy overview"), "plan:overview", "plan.StrategicAxis"),
            (_("Plan of action"), "plan:plan_of_action", "plan.OperationalObjective"),
            (_("Monitoring and evaluation"), "plan:monitoring", "plan.EvaluationArea"),
            (_("Project checklist"), "plan:checklist", "plan.ChecklistItem"),
        ],
    ),
    (
        _("Administration"),
        [(_("Users"), "accounts:user_list", "accounts.User")],
    ),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_sections": []}
    sections = []
    for section_label, items in NAVIGATION:
        visible = []
        for label, url_name, model_label in items:
            try:
                model = apps.get_model(model_label)
                url = reverse(url_name)
            except (LookupError, NoReverseMatch):
                continue
            if can(user, "view", model=model):
                visible.append(NavItem(label, url))
        if visible:
            sections.append((section_label, visible))
    # The current page is the item with the longest address that starts this path.
    matches = [item for _, items in sections for item in items if request.path.startswith(item.url)]
    if matches:
        max(matches, key=lambda item: len(item.url)).active = True
    actor = actor_for(user)
    return {"nav_sections": sections, "actor": actor}


def unread_notifications(request: HttpRequest) -> dict[str, Any]:
    """How many of the user's notifications are unread, for the header's badge.

    Counted at most once per request (one query), and only if a template shows it.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    count = getattr(request, "_unread_notifications", None)
    if count is None:
        from django.utils.functional import SimpleLazyObject

        from mobiliza.core.models import Notification

        count = SimpleLazyObject(
            lambda: Notification.objects.filter(user=user, read_at__isnull=True).count()
        )
        request._unread_notifications = count  # type: ignore[attr-defined]
    return {"unread_notifications": count}
