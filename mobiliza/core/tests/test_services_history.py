"""Writes through the core services keep a version and a field-by-field history."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mobiliza.coalition.models import Committee, MemberState, NationalBody, Representative
from mobiliza.core.history import history_of
from mobiliza.core.services import ConflictError, record_create, record_delete, record_update


def label(model, field: str) -> str:
    return str(model._meta.get_field(field).verbose_name)


@pytest.fixture
def gt_body(db):
    return NationalBody.objects.get(member_state__code="GT")


def test_an_update_raises_the_version_by_one(cast, gt_body):
    version = gt_body.version
    updated = record_update(
        user=cast("secretariat"), instance=gt_body, data={"acronym": "CIT-GT"}, version=version
    )
    stored = NationalBody.objects.get(pk=gt_body.pk)
    assert updated.version == stored.version == version + 1
    assert stored.acronym == "CIT-GT"


def test_an_update_is_recorded_with_the_acting_user_and_each_field_before_and_after(cast, gt_body):
    focal = cast("focal-gt")
    old_acronym, old_year = gt_body.acronym, gt_body.year_established
    record_update(
        user=focal,
        instance=gt_body,
        data={"acronym": "NUEVA", "year_established": 2011, "chair_es": gt_body.chair_es},
        version=gt_body.version,
        reason="Actualización anual",
    )

    latest = history_of(NationalBody.objects.get(pk=gt_body.pk))[0]
    assert latest.who == focal.get_full_name()
    assert latest.reason == "Actualización anual"
    changes = {c.label: (c.before, c.after) for c in latest.changes}
    assert changes == {
        label(NationalBody, "acronym"): (old_acronym or "—", "NUEVA"),
        label(NationalBody, "year_established"): (str(old_year) if old_year else "—", "2011"),
    }, "only the changed fields are listed (not the unchanged chair, version or timestamps)"


def test_a_changed_foreign_key_is_shown_by_name_in_the_history(cast):
    gt_body = NationalBody.objects.get(member_state__code="GT")
    cr_body = NationalBody.objects.get(member_state__code="CR")
    rep = Representative.objects.create(
        national_body=gt_body, full_name="Ana Prueba", start_date=datetime.date(2023, 1, 1)
    )
    record_update(
        user=cast("secretariat"), instance=rep, data={"national_body": cr_body}, version=1
    )
    change = history_of(rep)[0].changes[0]
    assert (change.label, change.before, change.after) == (
        label(Representative, "national_body"),
        str(gt_body),
        str(cr_body),
    )


def test_saving_a_stale_copy_raises_a_conflict_and_leaves_the_stored_record_untouched(
    cast, gt_body
):
    stale = NationalBody.objects.get(pk=gt_body.pk)
    record_update(
        user=cast("secretariat"), instance=gt_body, data={"acronym": "PRIMERO"}, version=1
    )
    history_count = gt_body.history.count()

    with pytest.raises(ConflictError) as raised:
        record_update(user=cast("focal-gt"), instance=stale, data={"acronym": "SEGUNDO"}, version=1)

    stored = NationalBody.objects.get(pk=gt_body.pk)
    assert stored.acronym == "PRIMERO"
    assert stored.version == 2
    assert raised.value.current.version == 2, "the conflict carries the stored version"
    assert gt_body.history.count() == history_count


def test_an_update_without_permission_writes_nothing(cast, gt_body):
    with pytest.raises(PermissionDenied):
        record_update(user=cast("evaluator"), instance=gt_body, data={"acronym": "X"}, version=1)
    assert NationalBody.objects.get(pk=gt_body.pk).acronym != "X"


def test_an_invalid_update_is_refused_and_nothing_is_saved(cast, gt_body):
    with pytest.raises(ValidationError):
        record_update(
            user=cast("secretariat"),
            instance=gt_body,
            data={"year_established": 1492},
            version=gt_body.version,
        )
    stored = NationalBody.objects.get(pk=gt_body.pk)
    assert stored.year_established != 1492
    assert stored.version == gt_body.version


def test_a_creation_is_recorded_with_its_author_and_values(cast):
    secretariat = cast("secretariat")
    committee = record_create(
        user=secretariat,
        model=Committee,
        data={
            "name_es": "Comité de Comunicación",
            "coordinator": MemberState.objects.get(code="HN"),
            "members": list(MemberState.objects.filter(code__in=["HN", "GT"])),
        },
    )
    assert committee.version == 1
    assert set(committee.members.values_list("code", flat=True)) == {"HN", "GT"}
    [entry] = history_of(committee)
    assert entry.who == secretariat.get_full_name()
    afters = {c.label: c.after for c in entry.changes}
    assert afters[label(Committee, "name_es")] == "Comité de Comunicación"
    assert afters[label(Committee, "coordinator")] == str(MemberState.objects.get(code="HN"))


def test_a_focal_point_cannot_create_a_record_for_another_country(cast):
    cr_body = NationalBody.objects.get(member_state__code="CR")
    with pytest.raises(PermissionDenied):
        record_create(
            user=cast("focal-gt"),
            model=Representative,
            data={"national_body": cr_body, "full_name": "Intrusa", "start_date": "2024-01-01"},
        )
    assert not Representative.objects.filter(full_name="Intrusa").exists()


def test_a_deletion_is_recorded_with_who_deleted_the_record(cast):
    rep = Representative.objects.create(
        national_body=NationalBody.objects.get(member_state__code="GT"),
        full_name="Por Borrar",
        start_date=datetime.date(2022, 5, 1),
    )
    pk = rep.pk
    focal = cast("focal-gt")
    record_delete(user=focal, instance=rep, reason="Dejó el cargo")

    assert not Representative.objects.filter(pk=pk).exists()
    deleted = Representative.history.filter(id=pk).latest("history_id")
    assert deleted.history_type == "-"
    assert deleted.history_user == focal
    assert deleted.history_change_reason == "Dejó el cargo"
    assert deleted.full_name == "Por Borrar", "the history keeps the last state"


def test_a_deletion_without_permission_keeps_the_record(cast):
    body = NationalBody.objects.get(member_state__code="CR")
    with pytest.raises(PermissionDenied):
        record_delete(user=cast("focal-gt"), instance=body)
    assert NationalBody.objects.filter(pk=body.pk).exists()


def _representative_with_changes(cast, count: int) -> Representative:
    bodies = list(NationalBody.objects.filter(member_state__code__in=["GT", "CR", "HN"]))
    editors = [cast("secretariat"), cast("presidency")]
    rep = record_create(
        user=editors[0],
        model=Representative,
        data={"national_body": bodies[0], "full_name": "Cambiante", "start_date": "2020-01-01"},
    )
    for n in range(count):
        rep = record_update(
            user=editors[n % 2],
            instance=rep,
            data={"full_name": f"Cambiante {n}", "national_body": bodies[(n + 1) % 3]},
            version=rep.version,
        )
    return rep


def test_the_history_of_a_record_takes_as_many_queries_for_twenty_changes_as_for_one(
    cast, django_assert_max_num_queries
):
    one = _representative_with_changes(cast, 1)
    twenty = _representative_with_changes(cast, 20)

    with CaptureQueriesContext(connection) as queries_for_one:
        entries = history_of(one)
        rendered = [(e.who, [(c.before, c.after) for c in e.changes]) for e in entries]
    assert len(entries) == 2 and rendered

    with django_assert_max_num_queries(len(queries_for_one)):
        entries = history_of(twenty)
        rendered = [(e.who, [(c.before, c.after) for c in e.changes]) for e in entries]
    assert len(entries) == 21
    assert {e.who for e in entries} == {
        cast("secretariat").get_full_name(),
        cast("presidency").get_full_name(),
    }


def test_changes_to_linked_records_are_kept_in_the_history(cast):
    from mobiliza.coalition.models import Committee, MemberState
    from mobiliza.core.history import history_of
    from mobiliza.core.services import record_create, record_update

    secretariat = cast("secretariat")
    states = {s.code: s for s in MemberState.objects.all()}
    committee = record_create(
        user=secretariat,
        model=Committee,
        data={"name_es": "Comité de prueba", "members": [states["GT"], states["HN"]]},
    )
    record_update(
        user=secretariat,
        instance=committee,
        data={"members": [states["GT"], states["SV"]]},
        version=committee.version,
    )
    reasons = [entry.reason for entry in history_of(committee)]
    assert "Guatemala, Honduras → El Salvador, Guatemala" in reasons[0]
    assert "— → Guatemala, Honduras" in reasons[1]
