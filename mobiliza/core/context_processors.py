"""What every page needs: the navigation the user may follow and the language links."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from django.http import HttpRequest
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mobiliza.core.pages import Check, check_of
from mobiliza.core.permissions import actor_for


@dataclass
class NavItem:
    label: Any
    url: str
    active: bool = False


class NavSection(NamedTuple):
    """One menu of the header: ``{% for label, items in nav_sections %}`` unpacks it."""

    label: Any
    items: list[NavItem]

    @property
    def active(self) -> bool:
        return any(item.active for item in self.items)


# The header's menus, grouped by capability: (menu label, [(item label, url name)]).
# Whether a user sees an item is the page's own check (``core.pages``): the header asks
# the view the address resolves to, so a link is shown exactly when the page would
# answer. Short menu labels have the context "menu".
NAVIGATION: list[tuple[Any, list[tuple[Any, str]]]] = [
    (
        _("Coalition"),
        [
            (_("Member states"), "coalition:memberstate_list"),
            (_("National bodies"), "coalition:nationalbody_list"),
            (_("Representatives"), "coalition:representative_list"),
            (_("Presidencies"), "coalition:presidencyterm_list"),
            (_("Committees"), "coalition:committee_list"),
            (_("Meetings"), "coalition:meeting_list"),
            (_("Meeting agreements"), "coalition:meetingagreement_list"),
        ],
    ),
    (
        pgettext_lazy("menu", "Partners"),
        [
            (_("Partners and donors"), "directory:partner_list"),
            (_("Contacts"), "directory:contact_list"),
            (_("Funding calls"), "directory:fundingcall_list"),
            (_("Calls closing soon"), "directory:calls_closing"),
            (_("Directory of potential donors"), "directory:directory_overview"),
            (_("Mapping of strategic partners"), "directory:partner_mapping"),
            (_("Likely duplicates"), "directory:partner_duplicates"),
        ],
    ),
    (
        pgettext_lazy("menu", "Pipeline"),
        [
            (_("Pipeline board"), "pipeline:board"),
            (_("Opportunities"), "pipeline:opportunity_list"),
            (_("Interactions"), "pipeline:interaction_list"),
        ],
    ),
    (
        pgettext_lazy("menu", "Resources"),
        [
            (_("Agreements"), "agreements:agreement_list"),
            (_("Contributions"), "agreements:contribution_list"),
            (_("Resources mobilized"), "agreements:totals"),
            (_("Reporting obligations"), "agreements:reportingobligation_list"),
            (_("Deadlines calendar"), "agreements:calendar"),
        ],
    ),
    (
        pgettext_lazy("menu", "Portfolio"),
        [
            (_("Projects"), "portfolio:project_list"),
            (_("Project board"), "portfolio:board"),
            (_("Portfolio totals"), "portfolio:totals"),
            (_("Consultancy calls"), "portfolio:consultancycall_list"),
            (_("Suspensions"), "portfolio:suspension_list"),
        ],
    ),
    (
        _("Strategy"),
        [
            (_("Strategy overview"), "plan:overview"),
            (_("Plan of action"), "plan:plan_of_action"),
            (_("Monitoring and evaluation"), "plan:monitoring"),
            (_("Project checklist"), "plan:checklist"),
        ],
    ),
    (
        _("Administration"),
        [
            (_("Users"), "accounts:user_list"),
            (_("Exchange rates"), "rates:exchangerate_list"),
        ],
    ),
]


@lru_cache(maxsize=512)
def _check_at(url: str) -> Check | None:
    """The check of the page at ``url`` (the same for every user, so kept)."""
    try:
        return check_of(resolve(url).func)
    except Resolver404:
        return None


def menus_for(user: Any, path: str = "") -> list[NavSection]:
    """The header's menus with only the pages ``user`` may open; ``path``'s item is active."""
    sections = []
    for section_label, entries in NAVIGATION:
        visible = []
        for label, url_name in entries:
            try:
                url = reverse(url_name)
            except NoReverseMatch:
                continue
            check = _check_at(url)
            if check is None or check(user):
                visible.append(NavItem(label, url))
        if visible:
            sections.append(NavSection(section_label, visible))
    # The current page is the item with the longest address that starts this path.
    matches = [item for section in sections for item in section.items if path.startswith(item.url)]
    if matches:
        max(matches, key=lambda item: len(item.url)).active = True
    return sections


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_sections": []}
    return {"nav_sections": menus_for(user, request.path), "actor": actor_for(user)}


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
