from __future__ import annotations

import datetime

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.db import models

from mobiliza.coalition.models import Coalition, MemberState, NationalBody, Representative
from mobiliza.plan import models as plan
from mobiliza.plan.services import ConfigurationError, coalition_load
from mobiliza.plan.tests.conftest import CORETT_FILE, SECOND_COALITION

PLAN_MODELS = [
    plan.Approach,
    plan.ProgrammaticDocument,
    plan.StrategicAxis,
    plan.ResourceKind,
    plan.ResourceCategory,
    plan.SourceType,
    plan.MobilizationStep,
    plan.StepAction,
    plan.OperationalObjective,
    plan.Activity,
    plan.Goal,
    plan.Indicator,
    plan.MonitoringEvidence,
    plan.FollowUpQuestion,
    plan.EvaluationArea,
    plan.EvaluationQuestion,
    plan.ChecklistItem,
]
ALL_MODELS = [Coalition, MemberState, NationalBody, *PLAN_MODELS]


def row_counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in ALL_MODELS}


def history_counts() -> dict[str, int]:
    return {m.__name__: m.history.count() for m in ALL_MODELS}


def corett_yaml() -> dict:
    return yaml.safe_load(CORETT_FILE.read_text(encoding="utf-8"))


# ------------------------------------------------------------------ the CORETT file


@pytest.mark.django_db
def test_corett_file_loads_every_item_of_the_strategy(corett):
    assert Coalition.objects.get().acronym == "CORETT"
    assert row_counts() == {
        "Coalition": 1,
        "MemberState": 9,
        "NationalBody": 9,
        "Approach": 8,
        "ProgrammaticDocument": 5,
        "StrategicAxis": 4,
        "ResourceKind": 3,
        "ResourceCategory": 12,
        "SourceType": 7,
        "MobilizationStep": 5,
        "StepAction": 17,
        "OperationalObjective": 7,
        "Activity": 19,
        "Goal": 14,
        "Indicator": 15,
        "MonitoringEvidence": 8,
        "FollowUpQuestion": 7,
        "EvaluationArea": 5,
        "EvaluationQuestion": 8,
        "ChecklistItem": 20,
    }
    assert corett.created == sum(row_counts().values())


@pytest.mark.django_db
def test_plan_of_action_has_objectives_1_to_8_without_5_under_their_axes(corett):
    objectives = plan.OperationalObjective.objects.select_related("axis")
    assert [(o.code, o.axis.code) for o in objectives] == [
        ("1", "1"),
        ("2", "2"),
        ("3", "2"),
        ("4", "2"),
        ("6", "4"),
        ("7", "4"),
        ("8", "4"),
    ]
    assert not plan.StrategicAxis.objects.get(code="3").objectives.exists()
    assert [o.activities.count() for o in objectives] == [4, 4, 1, 1, 3, 4, 2]
    assert [o.goals.count() for o in objectives] == [1, 1, 1, 1, 5, 4, 1]
    assert [o.indicators.count() for o in objectives] == [1, 1, 1, 1, 5, 5, 1]


@pytest.mark.django_db
def test_member_states_have_their_national_bodies(corett):
    codes = list(MemberState.objects.values_list("code", flat=True))
    assert codes == ["BZ", "CR", "SV", "GT", "HN", "MX", "NI", "PA", "DO"]
    assert NationalBody.objects.filter(member_state__code__in=codes).count() == 9
    costa_rica = NationalBody.objects.get(member_state__code="CR")
    assert (costa_rica.acronym, costa_rica.year_established, costa_rica.member_institutions) == (
        "CONATT",
        2005,
        22,
    )
    assert NationalBody.objects.get(member_state__code="MX").member_institutions is None


# Each top-level list of the file: (key, model, labels, nested lists).
FILE_LISTS = [
    ("approaches", plan.Approach, ["name"], []),
    ("programmatic_documents", plan.ProgrammaticDocument, ["name"], []),
    ("strategic_axes", plan.StrategicAxis, ["name", "definition"], []),
    (
        "resource_kinds",
        plan.ResourceKind,
        ["name"],
        [("categories", plan.ResourceCategory, ["name"], "kind")],
    ),
    ("source_types", plan.SourceType, ["name", "description"], []),
    (
        "mobilization_steps",
        plan.MobilizationStep,
        ["name", "description"],
        [("actions", plan.StepAction, ["text"], "step")],
    ),
    (
        "plan_of_action",
        plan.OperationalObjective,
        ["text", "timeframe"],
        [
            ("activities", plan.Activity, ["text"], "objective"),
            ("goals", plan.Goal, ["text"], "objective"),
            ("indicators", plan.Indicator, ["text"], "objective"),
        ],
    ),
    ("monitoring_evidence", plan.MonitoringEvidence, ["text"], []),
    ("follow_up_questions", plan.FollowUpQuestion, ["text"], []),
    (
        "evaluation_areas",
        plan.EvaluationArea,
        ["name"],
        [("questions", plan.EvaluationQuestion, ["text"], "area")],
    ),
    ("project_checklist", plan.ChecklistItem, ["text"], []),
]


def _assert_texts(obj: models.Model, item: dict, labels: list[str]) -> int:
    checked = 0
    for label in labels:
        texts = item.get(label) or {}
        for language in ("es", "en"):
            expected = (texts.get(language) or "").strip()
            assert getattr(obj, f"{label}_{language}") == expected, (obj, label, language)
            checked += 1
    return checked


@pytest.mark.django_db
def test_every_text_of_the_file_is_stored_in_both_languages(corett):
    document = corett_yaml()
    checked = 0
    for key, model, labels, nested in FILE_LISTS:
        for item in document[key]:
            code = str(item.get("code", item.get("number")))
            obj = model.objects.get(code=code)
            checked += _assert_texts(obj, item, labels)
            for child_key, child_model, child_labels, parent in nested:
                for child in item.get(child_key, []):
                    child_obj = child_model.objects.get(code=child["code"], **{parent: obj})
                    checked += _assert_texts(child_obj, child, child_labels)
    for item in document["member_states"]:
        state = MemberState.objects.get(code=item["code"])
        checked += _assert_texts(state, item, ["name"])
        checked += _assert_texts(
            state.national_body,
            item["national_body"],
            ["name", "legal_basis", "chair", "description"],
        )
    checked += _assert_texts(
        Coalition.objects.get(), document["coalition"], ["name", "vision", "mission"]
    )
    assert checked == 470  # every label of the file, in both languages


def _key(obj: models.Model) -> str:
    """How a record is named in the file: its code, or its member state's for a national body."""
    if isinstance(obj, NationalBody):
        return obj.member_state.code
    return str(getattr(obj, "code", None) or getattr(obj, "acronym", ""))


@pytest.mark.django_db
def test_no_text_is_empty_except_where_the_file_leaves_a_gap(corett):
    empty = set()
    for model in ALL_MODELS:
        names = [f.name for f in model._meta.concrete_fields if f.name[-3:] in ("_es", "_en")]
        rows = model.objects.all()
        if model is NationalBody:
            rows = rows.select_related("member_state")
        for obj in rows:
            empty |= {(model.__name__, _key(obj), name) for name in names if not getattr(obj, name)}
    # The only gaps of the seed: Belize's legal basis, three chairs, two timeframes.
    gaps = {
        ("NationalBody", "BZ", "legal_basis"),
        ("NationalBody", "BZ", "chair"),
        ("NationalBody", "CR", "chair"),
        ("NationalBody", "HN", "chair"),
        ("OperationalObjective", "3", "timeframe"),
        ("OperationalObjective", "4", "timeframe"),
    }
    assert empty == {(m, c, f"{f}_{lang}") for m, c, f in gaps for lang in ("es", "en")}
    # ... and the file itself leaves exactly those texts empty.
    document = corett_yaml()
    bodies = {s["code"]: s["national_body"] for s in document["member_states"]}
    objectives = {o["code"]: o for o in document["plan_of_action"]}
    assert not any(bodies["BZ"]["legal_basis"].values())
    assert all(not any(bodies[code]["chair"].values()) for code in ("BZ", "CR", "HN"))
    assert objectives["3"]["timeframe"] is None
    assert objectives["4"]["timeframe"] is None


@pytest.mark.django_db
def test_timeframes_keep_the_seed_text_and_its_gaps(corett):
    timeframes = dict(plan.OperationalObjective.objects.values_list("code", "timeframe_en"))
    assert timeframes["1"] == "Strategic plan 2019-2027"
    assert timeframes["8"] == "Strategic plan 2019-"
    assert timeframes["3"] == timeframes["4"] == ""


@pytest.mark.django_db
def test_evidence_of_the_prosecution_objective_has_no_objective(corett):
    evidence = dict(plan.MonitoringEvidence.objects.values_list("code", "objective__code"))
    assert evidence == {
        "1": "1",
        "2": "2",
        "3": "3",
        "4": "4",
        "5": None,
        "6": "6",
        "7": "7",
        "8": "8",
    }


# ------------------------------------------------------------------ idempotency


@pytest.mark.django_db
def test_the_configuration_the_session_loaded_is_the_corett_file(corett_loaded):
    assert not corett_loaded.changed


@pytest.mark.django_db
def test_loading_the_same_file_twice_changes_nothing(corett):
    rows, history = row_counts(), history_counts()
    again = coalition_load(path=CORETT_FILE)
    assert row_counts() == rows
    assert history_counts() == history
    assert (again.created, again.updated) == (0, 0)
    assert not again.changed
    # The sections other apps load (the portfolio's initiatives) count their own records.
    unchanged = sum(c.unchanged for m, c in again.counts.items() if m in ALL_MODELS)
    assert unchanged == sum(rows.values())
    assert Coalition.objects.get().version == 1


@pytest.mark.django_db
def test_a_changed_text_updates_that_record_only(corett, write_yaml):
    text = CORETT_FILE.read_text(encoding="utf-8").replace(
        'en: "Encourage personal or virtual communication."',
        'en: "Encourage personal or virtual communication with partners."',
    )
    history = history_counts()
    report = coalition_load(path=write_yaml(text))
    assert report.updated == 1
    assert report.of(plan.StepAction).updated == 1
    action = plan.StepAction.objects.get(code="participate-4")
    assert action.text_en == "Encourage personal or virtual communication with partners."
    assert history_counts() == {**history, "StepAction": history["StepAction"] + 1}


@pytest.mark.django_db
def test_records_users_added_stay_and_removed_items_are_kept(corett, write_yaml):
    guatemala = NationalBody.objects.get(member_state__code="GT")
    guatemala.website = "https://svet.gob.gt"
    guatemala.save()
    Representative.objects.create(
        national_body=guatemala, full_name="Ana López", start_date=datetime.date(2024, 1, 1)
    )
    objective = plan.OperationalObjective.objects.get(code="1")
    plan.Activity.objects.create(objective=objective, code="1.9", text_es="Actividad añadida")
    # The checklist's last item leaves the file.
    text = CORETT_FILE.read_text(encoding="utf-8")
    text = text.replace(
        '  - {number: 20, text: {es: "Otras consideraciones", en: "Other considerations"}}\n', ""
    )

    report = coalition_load(path=write_yaml(text))

    guatemala.refresh_from_db()
    assert guatemala.website == "https://svet.gob.gt"
    assert Representative.objects.filter(full_name="Ana López").exists()
    assert plan.Activity.objects.filter(code="1.9").exists()
    assert plan.ChecklistItem.objects.filter(number=20).exists()
    assert report.of(plan.Activity).not_in_file == 1
    assert report.of(plan.ChecklistItem).not_in_file == 1
    assert report.of(plan.ChecklistItem).unchanged == 19
    assert report.not_in_file == 2
    assert "never deleted" in report.as_text()


# ------------------------------------------------------------------ another coalition


@pytest.mark.django_db
def test_another_coalition_loads_its_own_shorter_file(no_configuration, second_coalition_file):
    report = coalition_load(path=second_coalition_file)
    assert report.coalition == "RCX"
    assert Coalition.objects.get().name_en == "Southern Cone Coalition Network"
    assert list(MemberState.objects.values_list("code", flat=True)) == ["AR", "CL"]
    assert NationalBody.objects.get().acronym == "CET"
    chile = MemberState.objects.get(code="CL")
    assert (chile.name_es, chile.name_en) == ("Chile", "")
    objective = plan.OperationalObjective.objects.select_related("axis").get()
    assert (objective.axis.code, objective.timeframe_es, objective.timeframe_en) == ("P", "", "")
    assert plan.Activity.objects.get().text_en == "Map the shelters."
    for model in PLAN_MODELS:
        if model not in (plan.StrategicAxis, plan.OperationalObjective, plan.Activity):
            assert model.objects.count() == 0, model
    assert not coalition_load(path=second_coalition_file).changed


@pytest.mark.django_db
def test_a_second_coalition_is_refused_where_one_is_already_loaded(corett, second_coalition_file):
    rows = row_counts()
    with pytest.raises(ConfigurationError) as error:
        coalition_load(path=second_coalition_file)
    assert "coalition.acronym" in str(error.value)
    assert "CORETT" in str(error.value)
    assert row_counts() == rows


# ------------------------------------------------------------------ bad files


def _nothing_loaded() -> bool:
    return all(model.objects.count() == 0 for model in ALL_MODELS)


@pytest.mark.django_db
def test_a_label_without_spanish_is_refused_and_nothing_is_loaded(no_configuration, write_yaml):
    text = SECOND_COALITION.replace('name: {es: "Protección"}', 'name: {en: "Protection"}')
    with pytest.raises(ConfigurationError) as error:
        coalition_load(path=write_yaml(text))
    assert "strategic_axes[0].name: a label needs its Spanish text (es)" in str(error.value)
    assert _nothing_loaded()


@pytest.mark.django_db
def test_a_duplicate_code_is_refused_and_nothing_is_loaded(no_configuration, write_yaml):
    text = SECOND_COALITION.replace(
        '      - {code: "1", text: {es: "Mapear los refugios.", en: "Map the shelters."}}\n',
        '      - {code: "1", text: {es: "Mapear los refugios.", en: "Map the shelters."}}\n'
        '      - {code: "1", text: {es: "Visitar los refugios.", en: "Visit the shelters."}}\n',
    )
    with pytest.raises(ConfigurationError) as error:
        coalition_load(path=write_yaml(text))
    message = str(error.value)
    assert "plan_of_action[0].activities[1].code: duplicate code '1'" in message
    assert "plan_of_action[0].activities[0]" in message
    assert _nothing_loaded()


@pytest.mark.django_db
def test_a_duplicate_code_in_the_corett_file_leaves_the_database_as_it_was(corett, write_yaml):
    text = CORETT_FILE.read_text(encoding="utf-8").replace("code: rights-of-minors", "code: gender")
    text = text.replace('"Derechos humanos"', '"Derechos humanos y más"')
    rows, history = row_counts(), history_counts()
    with pytest.raises(ConfigurationError) as error:
        coalition_load(path=write_yaml(text))
    assert "approaches[2].code: duplicate code 'gender'" in str(error.value)
    assert (row_counts(), history_counts()) == (rows, history)
    assert plan.Approach.objects.get(code="human-rights").name_es == "Derechos humanos"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("  acronym: RCX\n", ""), "coalition.acronym: required key missing"),
        (("member_states:", "members:"), "member_states: required key missing"),
        (("strategic_axes:", "axes:"), "strategic_axes: required key missing"),
        (("    axis: P\n", "    axis: Q\n"), "plan_of_action[0].axis: 'Q' is not a code of"),
        (("  - code: CL\n", "  - code: Chile\n"), "member_states[1].code: 'Chile' does not have"),
        (('    text: {es: "Fortalecer', '    txt: {es: "Fortalecer'), "unknown key(s) txt"),
        (("version: 1", "version: 2"), "version: schema version 2 is not supported"),
        (('name: {es: "Chile"}', 'name: {es: "", en: "Chile"}'), "member_states[1].name.es"),
        (("      year_established: 2012", "      year_established: 1492"), "out of range"),
        (("  - code: AR\n", "  - code: AR\n    code: BR\n"), "duplicate key 'code'"),
    ],
)
@pytest.mark.django_db
def test_a_bad_file_is_refused_naming_the_key(no_configuration, write_yaml, change, expected):
    old, new = change
    assert old in SECOND_COALITION
    with pytest.raises(ConfigurationError) as error:
        coalition_load(path=write_yaml(SECOND_COALITION.replace(old, new)))
    assert expected in str(error.value)
    assert _nothing_loaded()


@pytest.mark.django_db
def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(ConfigurationError, match="file not found"):
        coalition_load(path=tmp_path / "nowhere.yaml")


@pytest.mark.django_db
def test_a_failure_while_writing_rolls_everything_back(
    no_configuration, second_coalition_file, monkeypatch
):
    def refuse(self, *args, **kwargs):
        raise ValidationError({"text_es": ["refused"]})

    monkeypatch.setattr(plan.Activity, "full_clean", refuse)
    with pytest.raises(ConfigurationError, match=r"activities\[0\]\.text_es: refused"):
        coalition_load(path=second_coalition_file)
    assert _nothing_loaded()
