"""Roles given and taken are kept in the history, shown on the user's page."""

from __future__ import annotations

import html

from django.urls import reverse
from django.utils import translation

from mobiliza.accounts.models import Membership
from mobiliza.accounts.selectors import membership_history_list
from mobiliza.coalition.models import MemberState
from mobiliza.core.roles import Role


def page(client, user, language: str) -> str:
    with translation.override(language):
        url = reverse("accounts:user_edit", args=[user.pk])
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def say(language: str, text: str) -> str:
    with translation.override(language):
        return translation.pgettext("history event", text)


def role_name(language: str, role: str) -> str:
    with translation.override(language):
        return str(Role(role).label)


def make_focal_point_of_panama(client, user) -> None:
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "language": "es",
        "is_active": "on",
        "role": Role.FOCAL_POINT,
        "member_state": MemberState.objects.get(code="PA").pk,
    }
    with translation.override("es"):
        url = reverse("accounts:user_edit", args=[user.pk])
    assert client.post(url, data).status_code == 302


def test_a_role_given_and_one_taken_are_in_the_history_with_who_and_when(client, login, cast):
    secretariat = login("secretariat")
    evaluator = cast("evaluator")

    make_focal_point_of_panama(client, evaluator)

    with translation.override("en"):
        given, taken = membership_history_list(user=evaluator)[:2]
        panama = str(MemberState.objects.get(code="PA"))
    assert (given.kind, taken.kind) == (say("en", "Role given"), say("en", "Role taken"))
    assert given.who == taken.who == secretariat.full_name
    assert given.when >= taken.when
    assert [(c.before, c.after) for c in taken.changes] == [(role_name("en", "evaluator"), "—")]
    assert ("—", role_name("en", "focal_point")) in [(c.before, c.after) for c in given.changes]
    assert ("—", panama) in [(c.before, c.after) for c in given.changes]
    assert not Membership.objects.filter(user=evaluator, role=Role.EVALUATOR).exists()


def test_the_users_page_shows_the_roles_history_in_the_readers_language(client, login, cast):
    secretariat = login("secretariat")
    evaluator = cast("evaluator")
    make_focal_point_of_panama(client, evaluator)

    for language in ("es", "en"):
        shown = page(client, evaluator, language)
        history = shown[shown.index('id="history-title"') :]
        assert say(language, "Role given") in history
        assert say(language, "Role taken") in history
        assert role_name(language, "evaluator") in history
        assert role_name(language, "focal_point") in history
        assert secretariat.full_name in history


def test_saving_a_user_without_changing_the_role_adds_no_role_entry(client, login, cast):
    login("secretariat")
    evaluator = cast("evaluator")
    make_focal_point_of_panama(client, evaluator)
    before = len(membership_history_list(user=evaluator))

    make_focal_point_of_panama(client, evaluator)

    assert len(membership_history_list(user=evaluator)) == before


def test_the_demo_partner_viewers_partner_is_in_its_roles_history(cast):
    with translation.override("en"):
        entries = membership_history_list(user=cast("donor"))
        changed = [e for e in entries if e.kind == say("en", "Role changed")]
    assert changed, "the demo gives the partner viewer its partner through the history"
    assert any("OIM" in c.after for c in changed[0].changes)
