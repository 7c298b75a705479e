from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.utils import translation

from mobiliza.accounts.models import Membership, User
from mobiliza.coalition.models import Coalition, MemberState, NationalBody
from mobiliza.core.roles import Role
from mobiliza.plan.services import PLAN_LISTS, LoadReport, coalition_load


@pytest.fixture(autouse=True)
def english_messages():
    """The loader's messages are compared in English; they are also translated to Spanish."""
    with translation.override("en"):
        yield


CORETT_FILE = Path(settings.BASE_DIR) / "mobiliza" / "plan" / "data" / "corett.yaml"

# A coalition other than CORETT: two member states, one axis, one objective, and
# lists left out or empty where the schema allows it.
SECOND_COALITION = """\
version: 1
coalition:
  acronym: RCX
  name: {es: "Red de Coaliciones del Cono Sur", en: "Southern Cone Coalition Network"}
  vision: {es: "Una región libre de trata.", en: "A region free of trafficking."}
member_states:
  - code: AR
    name: {es: "Argentina", en: "Argentina"}
    national_body:
      name: {es: "Comité Ejecutivo contra la Trata", en: "Executive Committee against Trafficking"}
      acronym: CET
      year_established: 2012
  - code: CL
    name: {es: "Chile"}
strategic_axes:
  - code: P
    name: {es: "Protección"}
    definition: {es: "Proteger a las víctimas.", en: "Protect victims."}
plan_of_action:
  - code: "1"
    axis: P
    text: {es: "Fortalecer los refugios.", en: "Strengthen shelters."}
    activities:
      - {code: "1", text: {es: "Mapear los refugios.", en: "Map the shelters."}}
approaches: []
evaluation_areas: []
"""


def _plan_models(specs=PLAN_LISTS) -> list:
    result = []
    for spec in specs:
        result += [spec.model, *_plan_models(spec.children)]
    return result


CONFIGURATION_MODELS = [Coalition, MemberState, NationalBody, *_plan_models()]


@pytest.fixture
def no_configuration(db):
    """A database without any coalition configuration, for the length of one test.

    The session has loaded CORETT and the demo cast, whose records refer to it, so the
    rows are deleted in SQL, without Django's on_delete checks, inside a savepoint
    that is rolled back afterwards: foreign keys are deferred, so nothing notices.
    """
    savepoint = transaction.savepoint()
    with connection.cursor() as cursor:
        for model in reversed(CONFIGURATION_MODELS):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
    yield
    transaction.savepoint_rollback(savepoint)


@pytest.fixture
def corett(no_configuration) -> LoadReport:
    """The report of loading the CORETT file into a database without configuration."""
    return coalition_load(path=CORETT_FILE)


@pytest.fixture
def corett_loaded(db) -> LoadReport:
    """CORETT as the test session loaded it (loading it again changes nothing)."""
    return coalition_load(path=CORETT_FILE)


@pytest.fixture
def write_yaml(tmp_path):
    def write(text: str, name: str = "coalition.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def second_coalition_file(write_yaml) -> Path:
    return write_yaml(SECOND_COALITION, "rcx.yaml")


def _user_with_role(email: str, role: str) -> User:
    user = User.objects.create_user(email, "mobiliza-test")
    Membership.objects.create(user=user, role=role)
    return user


@pytest.fixture
def secretariat(db) -> User:
    return _user_with_role("plan-secretariat@example.org", Role.SECRETARIAT)


@pytest.fixture
def partner_viewer(db) -> User:
    return _user_with_role("plan-partner@example.org", Role.PARTNER_VIEWER)


@pytest.fixture
def user_without_role(db) -> User:
    return User.objects.create_user("plan-nobody@example.org", "mobiliza-test")
