"""Who may view, add, change and delete each kind of registry record.

The matrix is role × record × action. Each record is described by the member state
it belongs to (``None`` for a regional record) and the cast members who may read it;
the rule the tests hold the permission module to is the one of DESIGN.md:

- the Presidency and the Technical Secretariat may do everything;
- a focal point reads what its role may read and writes only its own country's records;
- the evaluator and the partner viewer read, never write;
- anonymous visitors and inactive users get nothing.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from mobiliza.accounts.models import User
from mobiliza.coalition.models import (
    Committee,
    Meeting,
    MeetingAgreement,
    MemberState,
    NationalBody,
    PresidencyTerm,
    Representative,
)
from mobiliza.core.permissions import ACTIONS, can, restrict
from mobiliza.core.services import record_update

MANAGERS = {"presidency", "secretariat"}
INTERNAL = MANAGERS | {"focal-gt", "evaluator"}
EVERYONE = INTERNAL | {"donor"}
ROLES = ["presidency", "secretariat", "focal-gt", "evaluator", "donor", "anonymous"]

# record key -> (member state it belongs to, who may read it)
RECORDS: dict[str, tuple[str | None, set[str]]] = {
    "GT's national body": ("GT", EVERYONE),
    "CR's national body": ("CR", EVERYONE),
    "a representative of GT": ("GT", INTERNAL),
    "a representative of CR": ("CR", INTERNAL),
    "an agreement GT is responsible for": ("GT", INTERNAL),
    "an agreement CR is responsible for": ("CR", INTERNAL),
    "an agreement the region is responsible for": (None, INTERNAL),
    "a presidency term of GT": (None, EVERYONE),
    "a committee coordinated by GT": (None, INTERNAL),
    "a meeting hosted by GT": (None, INTERNAL),
    "the member state GT": (None, EVERYONE),
    "a user account": (None, MANAGERS),
}


def expected(role: str, record: str, action: str) -> bool:
    """The rule of DESIGN.md, written independently of the permission module."""
    country, readers = RECORDS[record]
    if role == "anonymous":
        return False
    if role in MANAGERS:
        return True
    if action == "view":
        return role in readers
    return role == "focal-gt" and country == "GT"


@pytest.fixture
def person(cast):
    def get(role: str):
        if role == "anonymous":
            from django.contrib.auth.models import AnonymousUser

            return AnonymousUser()
        return cast(role)

    return get


@pytest.fixture
def registry(db):
    """One record of each kind and country, keyed as in RECORDS."""
    gt = MemberState.objects.get(code="GT")
    cr = MemberState.objects.get(code="CR")
    gt_body = NationalBody.objects.get(member_state=gt)
    cr_body = NationalBody.objects.get(member_state=cr)
    start = datetime.date(2020, 1, 1)
    meeting = Meeting.objects.create(title="Plenaria de prueba", date=start, host=gt)
    return {
        "GT's national body": gt_body,
        "CR's national body": cr_body,
        "a representative of GT": Representative.objects.create(
            national_body=gt_body, full_name="Rep GT", start_date=start
        ),
        "a representative of CR": Representative.objects.create(
            national_body=cr_body, full_name="Rep CR", start_date=start
        ),
        "an agreement GT is responsible for": MeetingAgreement.objects.create(
            meeting=meeting, text_es="Acuerdo GT", responsible=gt
        ),
        "an agreement CR is responsible for": MeetingAgreement.objects.create(
            meeting=meeting, text_es="Acuerdo CR", responsible=cr
        ),
        "an agreement the region is responsible for": MeetingAgreement.objects.create(
            meeting=meeting, text_es="Acuerdo regional", responsible=None
        ),
        "a presidency term of GT": PresidencyTerm.objects.create(
            member_state=gt,
            start_date=datetime.date(2090, 1, 1),
            end_date=datetime.date(2090, 12, 31),
        ),
        "a committee coordinated by GT": Committee.objects.create(
            name_es="Comité de prueba", coordinator=gt
        ),
        "a meeting hosted by GT": meeting,
        "the member state GT": gt,
        "a user account": User.objects.get(email="evaluator@example.org"),
    }


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("record", list(RECORDS))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_do_exactly_what_the_design_allows_on_each_record(
    person, registry, role, record, action
):
    user = person(role)
    assert can(user, action, registry[record]) is expected(role, record, action)


@pytest.mark.parametrize(
    "role, model, country, allowed",
    [
        ("focal-gt", NationalBody, "GT", True),
        ("focal-gt", NationalBody, "CR", False),
        ("focal-gt", Representative, "GT", True),
        ("focal-gt", Representative, "CR", False),
        ("focal-gt", MeetingAgreement, "GT", True),
        ("focal-gt", MeetingAgreement, "CR", False),
        ("focal-gt", PresidencyTerm, None, False),
        ("focal-gt", Committee, None, False),
        ("focal-gt", Meeting, None, False),
        ("focal-gt", MemberState, None, False),
        ("focal-gt", User, None, False),
        ("secretariat", NationalBody, "CR", True),
        ("secretariat", PresidencyTerm, None, True),
        ("presidency", User, None, True),
        ("evaluator", NationalBody, None, False),
        ("evaluator", Representative, "GT", False),
        ("donor", NationalBody, None, False),
        ("donor", MeetingAgreement, "GT", False),
        ("anonymous", NationalBody, None, False),
    ],
)
def test_adding_a_new_record_is_allowed_only_for_the_member_states_a_user_keeps(
    person, role, model, country, allowed
):
    country_id = MemberState.objects.get(code=country).pk if country else None
    assert can(person(role), "add", model=model, country_id=country_id) is allowed


@pytest.mark.parametrize(
    "model", [NationalBody, Representative, MeetingAgreement, PresidencyTerm, Committee, Meeting]
)
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_a_list_holds_exactly_the_records_whose_page_the_user_may_open(
    person, registry, role, model, action
):
    user = person(role)
    listed = set(restrict(model.objects.all(), user, action))
    every_record = list(model.objects.all())
    assert every_record, "the registry fixture must give the list something to filter"
    for obj in every_record:
        assert (obj in listed) is can(user, action, obj), obj


def test_the_list_of_users_is_for_managers_only(person):
    users = User.objects.all()
    assert set(restrict(users, person("secretariat"))) == set(users)
    assert set(restrict(users, person("presidency"))) == set(users)
    for role in ("focal-gt", "evaluator", "donor", "anonymous"):
        assert not restrict(users, person(role)).exists(), role


def test_a_focal_points_editable_lists_hold_only_its_own_countrys_records(person, registry):
    focal = person("focal-gt")
    bodies = restrict(NationalBody.objects.all(), focal, "change")
    assert list(bodies.values_list("member_state__code", flat=True)) == ["GT"]
    reps = restrict(Representative.objects.all(), focal, "delete")
    assert registry["a representative of GT"] in reps
    assert set(reps.values_list("national_body__member_state__code", flat=True)) == {"GT"}
    agreements = restrict(MeetingAgreement.objects.all(), focal, "change")
    assert set(agreements) == {registry["an agreement GT is responsible for"]}
    assert not restrict(Meeting.objects.all(), focal, "change").exists()
    # ...while it reads every country's national body.
    assert restrict(NationalBody.objects.all(), focal, "view").count() == 9


@pytest.mark.parametrize(
    "record, field, target",
    [
        ("a representative of GT", "national_body", "CR's national body"),
        ("an agreement GT is responsible for", "responsible", "CR"),
        ("an agreement GT is responsible for", "responsible", None),
    ],
)
def test_a_focal_point_cannot_move_its_own_record_to_another_country(
    cast, registry, record, field, target
):
    obj = registry[record]
    if target is None:
        value = None
    elif target in registry:
        value = registry[target]
    else:
        value = MemberState.objects.get(code=target)
    before = type(obj).objects.get(pk=obj.pk)
    history_before = obj.history.count()

    with pytest.raises(PermissionDenied):
        record_update(user=cast("focal-gt"), instance=obj, data={field: value}, version=obj.version)

    after = type(obj).objects.get(pk=obj.pk)
    assert getattr(after, f"{field}_id") == getattr(before, f"{field}_id")
    assert after.version == before.version
    assert obj.history.count() == history_before


def test_a_focal_point_cannot_move_its_national_body_to_a_country_without_one(cast):
    body = NationalBody.objects.get(member_state__code="GT")
    empty_state = MemberState.objects.create(code="QZ", name_es="Estado sin comisión")

    with pytest.raises(PermissionDenied):
        record_update(
            user=cast("focal-gt"),
            instance=body,
            data={"member_state": empty_state},
            version=body.version,
        )

    body.refresh_from_db()
    assert body.member_state.code == "GT"
    assert not NationalBody.objects.filter(member_state=empty_state).exists()


def test_a_focal_point_may_change_its_own_record_through_the_service(cast, registry):
    rep = registry["a representative of GT"]
    updated = record_update(
        user=cast("focal-gt"), instance=rep, data={"full_name": "Rep GT bis"}, version=rep.version
    )
    assert Representative.objects.get(pk=rep.pk).full_name == "Rep GT bis"
    assert updated.version == rep.version + 1


@pytest.mark.parametrize("role", ["secretariat", "presidency", "focal-gt", "evaluator", "donor"])
def test_an_inactive_user_gets_nothing(cast, registry, role):
    user = cast(role)
    User.objects.filter(pk=user.pk).update(is_active=False)
    user = User.objects.get(pk=user.pk)
    for record, obj in registry.items():
        for action in ACTIONS:
            assert not can(user, action, obj), (record, action)
    for model in (NationalBody, Representative, MeetingAgreement, Meeting, User):
        assert not restrict(model.objects.all(), user).exists(), model
    assert not can(user, "add", model=NationalBody)
