"""The migration that turns the names opportunities and contributions gave their initiative
or project into project records, run on a database of its own.

The test database holds the schema after every migration, so the migration runs in a
fresh SQLite file, in a separate process: migrated up to the step before, given records
that name initiatives in text, then migrated forward (and back, and forward again).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import translation

from mobiliza.core.stored_messages import display_reason

ROOT = Path(__file__).resolve().parents[3]

SCRIPT = r"""
import json, sys
import django
django.setup()
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("portfolio", "0001_projects_and_their_financing"),
    ("pipeline", "0006_opportunity_points_to_its_project"),
    ("agreements", "0008_agreements_and_contributions_point_to_projects"),
]
AFTER = [
    ("portfolio", "0002_projects_from_the_names_records_gave"),
    ("pipeline", "0007_opportunity_initiative_text_dropped"),
    ("agreements", "0009_contribution_project_text_dropped"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


apps = migrate(BEFORE)
State = apps.get_model("coalition", "MemberState")
Partner = apps.get_model("directory", "Partner")
Opportunity = apps.get_model("pipeline", "Opportunity")
Step = apps.get_model("plan", "MobilizationStep")
Kind = apps.get_model("plan", "ResourceKind")
Contribution = apps.get_model("agreements", "Contribution")
gt = State.objects.create(code="GT", name_es="Guatemala", name_en="Guatemala", position=1)
hn = State.objects.create(code="HN", name_es="Honduras", name_en="Honduras", position=2)
partner = Partner.objects.create(name_es="Socio de prueba")
step = Step.objects.create(code="identify", number=1, position=1, name_es="Identificar")
kind = Kind.objects.create(code="financial", position=1, name_es="Financiero")


def opportunity(title, initiative, state):
    return Opportunity.objects.create(
        title=title, partner=partner, step=step, initiative=initiative, member_state=state
    ).pk


def contribution(description, project, state):
    return Contribution.objects.create(
        kind=kind, description_es=description, project_name=project, member_state=state,
        amount=1000, currency="USD", value_date="2025-01-10",
    ).pk


made = {
    "o1": opportunity("Becas", "  Escuela de Fiscales ", gt),
    "o2": opportunity("Talleres", "escuela de fiscáles", gt),
    "o3": opportunity("Sin iniciativa", "", None),
    "o4": opportunity("Campaña", "Campaña regional", gt),
    "c1": contribution("Aporte", "Campaña Regional", hn),
    "c2": contribution("Otro aporte", "Observatorio", None),
    "c3": contribution("Aporte nacional", "Fondo de Honduras", hn),
}

apps = migrate(AFTER)


def snapshot(apps):
    Project = apps.get_model("portfolio", "Project")
    HistoricalProject = apps.get_model("portfolio", "HistoricalProject")
    Opportunity = apps.get_model("pipeline", "Opportunity")
    Contribution = apps.get_model("agreements", "Contribution")
    HistoricalOpportunity = apps.get_model("pipeline", "HistoricalOpportunity")
    HistoricalContribution = apps.get_model("agreements", "HistoricalContribution")
    return {
        "projects": [
            {
                "pk": p.pk,
                "name_es": p.name_es,
                "kind": p.kind,
                "scope": p.scope,
                "member_state": p.member_state.code if p.member_state_id else None,
                "member_states": sorted(s.code for s in p.member_states.all()),
                "needs_review": p.needs_review,
                "created": [
                    h.history_change_reason
                    for h in HistoricalProject.objects.filter(id=p.pk, history_type="+")
                ],
            }
            for p in Project.objects.order_by("pk")
        ],
        "links": {
            **{k: Opportunity.objects.get(pk=v).project_id for k, v in made.items() if k[0] == "o"},
            **{k: Contribution.objects.get(pk=v).project_id for k, v in made.items() if k[0] == "c"},
        },
        "history": {
            **{
                k: [h.history_change_reason
                    for h in HistoricalOpportunity.objects.filter(id=v, history_type="~")]
                for k, v in made.items() if k[0] == "o"
            },
            **{
                k: [h.history_change_reason
                    for h in HistoricalContribution.objects.filter(id=v, history_type="~")]
                for k, v in made.items() if k[0] == "c"
            },
        },
    }


forward = snapshot(apps)
apps = migrate(BEFORE)
Opportunity = apps.get_model("pipeline", "Opportunity")
Contribution = apps.get_model("agreements", "Contribution")
back = {
    "texts": {
        **{k: Opportunity.objects.get(pk=v).initiative for k, v in made.items() if k[0] == "o"},
        **{k: Contribution.objects.get(pk=v).project_name for k, v in made.items() if k[0] == "c"},
    },
    "projects": apps.get_model("portfolio", "Project").objects.count(),
}
again = snapshot(migrate(AFTER))
json.dump({"forward": forward, "back": back, "again": again}, sys.stdout)
"""


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    database = tmp_path_factory.mktemp("migration") / "db.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{database}",
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def _by_name(snapshot):
    return {p["name_es"]: p for p in snapshot["projects"]}


def test_one_project_per_name_whatever_its_case_accents_or_spaces(migrated):
    projects = _by_name(migrated["forward"])
    # The first spelling met is kept, trimmed.
    assert sorted(projects) == [
        "Campaña regional",
        "Escuela de Fiscales",
        "Fondo de Honduras",
        "Observatorio",
    ]
    assert all(p["needs_review"] for p in projects.values())
    links = migrated["forward"]["links"]
    assert links["o1"] == links["o2"] == projects["Escuela de Fiscales"]["pk"]
    assert links["o4"] == links["c1"] == projects["Campaña regional"]["pk"]
    assert links["o3"] is None


def test_a_name_of_one_country_is_national_and_of_several_regional(migrated):
    projects = _by_name(migrated["forward"])
    school = projects["Escuela de Fiscales"]
    assert (school["scope"], school["member_state"]) == ("national", "GT")
    campaign = projects["Campaña regional"]
    assert (campaign["scope"], campaign["member_state"]) == ("regional", None)
    assert campaign["member_states"] == ["GT", "HN"]
    # A name no country used cannot be national without a country: it is regional.
    observatory = projects["Observatorio"]
    assert (observatory["scope"], observatory["member_states"]) == ("regional", [])
    assert projects["Fondo de Honduras"]["member_state"] == "HN"


def test_a_name_only_opportunities_gave_is_an_initiative_any_other_a_project(migrated):
    projects = _by_name(migrated["forward"])
    assert projects["Escuela de Fiscales"]["kind"] == "initiative"
    assert projects["Campaña regional"]["kind"] == "project"
    assert projects["Observatorio"]["kind"] == "project"


def test_the_history_keeps_the_text_each_record_had(migrated):
    projects = _by_name(migrated["forward"])
    history = migrated["forward"]["history"]
    number = projects["Escuela de Fiscales"]["pk"]
    with translation.override("en"):
        assert [display_reason(r) for r in history["o2"]] == [
            f"Initiative “escuela de fiscáles” became the project record #{number}"
        ]
        campaign = projects["Campaña regional"]["pk"]
        assert [display_reason(r) for r in history["c1"]] == [
            f"Project “Campaña Regional” became the project record #{campaign}"
        ]
    assert history["o3"] == []


def test_the_project_says_which_records_named_it(migrated):
    campaign = _by_name(migrated["forward"])["Campaña regional"]
    links = migrated["forward"]["links"]
    assert links["o4"] == campaign["pk"]
    with translation.override("en"):
        (created,) = [display_reason(r) for r in campaign["created"]]
    assert created.startswith("Created to review from the name “Campaña regional”")
    assert "opportunity #" in created and "Campaña" in created
    assert "contribution #" in created and "Aporte" in created


def test_backwards_the_texts_come_back_and_the_projects_go(migrated):
    back = migrated["back"]
    assert back["texts"] == {
        "o1": "Escuela de Fiscales",
        "o2": "Escuela de Fiscales",
        "o3": "",
        "o4": "Campaña regional",
        "c1": "Campaña regional",
        "c2": "Observatorio",
        "c3": "Fondo de Honduras",
    }
    assert back["projects"] == 0
    # Forward again: the same projects, once.
    assert sorted(_by_name(migrated["again"])) == sorted(_by_name(migrated["forward"]))
