"""Every declared transition: the roles it names take it (page and API), every other role
gets 403, and the history says who took it and when."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token

from mobiliza.accounts.models import User
from mobiliza.agreements.models import Agreement, Contribution
from mobiliza.coalition.models import MemberState
from mobiliza.core.permissions import access_of
from mobiliza.core.roles import Role
from mobiliza.core.services import record_create
from mobiliza.directory.models import Partner
from mobiliza.plan.models import ResourceKind

# The cast, each with the role it holds; "focal-gt" is the focal point of the record's
# own country, "focal-mx" of another one.
CAST = {
    "presidency": Role.PRESIDENCY,
    "secretariat": Role.SECRETARIAT,
    "focal-gt": Role.FOCAL_POINT,
    "focal-mx": None,
    "evaluator": Role.EVALUATOR,
    "donor": Role.PARTNER_VIEWER,
}
API_PATHS = {Agreement: "/api/v1/agreements/", Contribution: "/api/v1/contributions/"}
DAY = datetime.date(2024, 3, 1)


def secretariat() -> User:
    return User.objects.get(email="secretariat@example.org")


def build(model: type, state: str) -> Any:
    """A record of ``model`` in ``state``, of Guatemala and of the donor viewer's partner."""
    partner = Partner.objects.get(acronym="OIM")
    guatemala = MemberState.objects.get(code="GT")
    if model is Agreement:
        data: dict[str, Any] = {
            "kind": "mou",
            "title": "Memorando de transición",
            "partner": partner,
            "member_state": guatemala,
            "status": state,
            "signed_on": DAY if state not in ("draft", "negotiation") else None,
        }
    else:
        data = {
            "kind": ResourceKind.objects.get(code="financial"),
            "description_es": "Aporte de transición",
            "partner": partner,
            "member_state": guatemala,
            "amount": Decimal("100.00"),
            "currency": "USD",
            "value_date": DAY,
            "status": state,
            "committed_on": DAY if state == "committed" else None,
        }
    return record_create(user=secretariat(), model=model, data=data)


# A step taken on a page of its own (a suspension, with the plenary's agreement:
# ``portfolio/tests/test_suspensions.py``) is refused by the generic page and API action.
DECLARED = [
    (model, transition)
    for model in (Agreement, Contribution)
    for transition in access_of(model).transitions
    if not transition.page
]


def allowed(role: str | None, transition: Any) -> bool:
    return role is not None and role in transition.roles and role != Role.EVALUATOR


@pytest.mark.parametrize(
    ("model", "transition"), DECLARED, ids=[f"{m.__name__}-{t.name}" for m, t in DECLARED]
)
@pytest.mark.parametrize("person", list(CAST))
def test_each_transition_is_taken_by_the_roles_it_names_and_refused_to_the_others(
    client, cast, model, transition, person
):
    user = cast(person)
    may = allowed(CAST[person], transition)
    label = model._meta.label_lower

    # The page.
    record = build(model, transition.sources[0])
    client.force_login(user)
    response = client.post(
        f"/en/records/{label}/{record.pk}/steps/{transition.name}/", {"version": record.version}
    )
    record.refresh_from_db()
    if may:
        assert response.status_code == 302, response.content
        assert getattr(record, transition.field) == transition.target
        latest = record.history.order_by("-history_id").first()
        assert latest.history_user == user
        assert str(transition.label) in latest.history_change_reason
        assert abs(latest.history_date - timezone.now()) < datetime.timedelta(minutes=1)
    else:
        assert response.status_code == 403
        assert getattr(record, transition.field) == transition.sources[0]

    # The API.
    record = build(model, transition.sources[0])
    token, _ = Token.objects.get_or_create(user=user)
    response = client.post(
        f"{API_PATHS[model]}{record.pk}/transitions/{transition.name}/",
        HTTP_AUTHORIZATION=f"Token {token.key}",
    )
    record.refresh_from_db()
    if may:
        assert response.status_code == 200, response.content
        assert response.json()["status"] == transition.target
        assert record.history.order_by("-history_id").first().history_user == user
    else:
        assert response.status_code == 403, response.content
        assert getattr(record, transition.field) == transition.sources[0]


def test_a_transition_from_a_state_it_does_not_leave_is_explained(client, login):
    login("secretariat")
    record = build(Agreement, "draft")
    response = client.post(
        f"/en/records/agreements.agreement/{record.pk}/steps/expire/", follow=True
    )
    assert "cannot be taken from the state this record is in (Draft)" in response.content.decode()
    login("secretariat")
    response = client.post(
        f"/es/records/agreements.agreement/{record.pk}/steps/expire/", follow=True
    )
    assert "no se puede dar desde el estado" in response.content.decode()
    record.refresh_from_db()
    assert record.status == "draft"


def test_the_detail_page_offers_the_steps_the_reader_may_take(client, login):
    record = build(Agreement, "in_force")
    login("secretariat")
    page = client.get(f"/en/resources/agreements/{record.pk}/").content.decode()
    assert "Terminate" in page and "Mark as expired" in page
    login("focal-gt")
    page = client.get(f"/en/resources/agreements/{record.pk}/").content.decode()
    assert "Mark as expired" in page and "Terminate" not in page
    login("focal-mx")
    page = client.get(f"/en/resources/agreements/{record.pk}/").content.decode()
    assert "Mark as expired" not in page


def test_a_stale_copy_cannot_take_a_step(client, login):
    record = build(Contribution, "pledged")
    login("secretariat")
    token, _ = Token.objects.get_or_create(user=secretariat())
    response = client.post(
        f"/api/v1/contributions/{record.pk}/transitions/commit/",
        HTTP_AUTHORIZATION=f"Token {token.key}",
        HTTP_IF_MATCH=f'"{record.version - 1}"',
    )
    assert response.status_code == 412  # a stale If-Match is a failed precondition
    record.refresh_from_db()
    assert record.status == "pledged"


# --- a saved record's state moves only through its steps -----------------------------------


@pytest.mark.parametrize("model", [Agreement, Contribution])
def test_the_edit_form_does_not_offer_the_state_and_ignores_a_forged_one(client, login, model):
    record = build(model, "draft" if model is Agreement else "pledged")
    login("secretariat")
    base = "/en/resources/agreements/" if model is Agreement else "/en/resources/contributions/"
    form = client.get(f"{base}{record.pk}/edit/").context["form"]
    assert "status" not in form.fields
    assert "status" in client.get(f"{base}add/").context["form"].fields  # a new record: any


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "changes only through the steps"), ("es", "solo cambia mediante los pasos")],
)
def test_an_api_edit_that_changes_the_state_is_refused_and_names_the_steps(
    client, cast, language, words
):
    record = build(Agreement, "draft")
    token, _ = Token.objects.get_or_create(user=secretariat())
    response = client.patch(
        f"/api/v1/agreements/{record.pk}/",
        {"status": "in_force", "version": record.version},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token.key}",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400, response.content
    message = str(response.json())
    assert words in message
    assert ("Put into force" if language == "en" else "Poner en vigor") in message
    record.refresh_from_db()
    assert record.status == "draft" and record.version == 1
    # Sending the state it already has is no change, and the rest of the edit goes in.
    response = client.patch(
        f"/api/v1/agreements/{record.pk}/",
        {"status": "draft", "title": "Memorando corregido", "version": record.version},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token.key}",
    )
    assert response.status_code == 200, response.content
    record.refresh_from_db()
    assert record.title == "Memorando corregido"


def test_the_services_refuse_a_state_change_by_edit_as_the_pages_do(cast):
    from django.core.exceptions import ValidationError

    from mobiliza.core.services import record_update

    record = build(Contribution, "pledged")
    with pytest.raises(ValidationError) as refused:
        record_update(
            user=secretariat(), instance=record, data={"status": "received"}, version=None
        )
    assert "status" in refused.value.message_dict
    record.refresh_from_db()
    assert record.status == "pledged"
