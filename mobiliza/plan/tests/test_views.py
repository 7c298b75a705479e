from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from mobiliza.plan import models as plan
from mobiliza.plan.services import coalition_load

PAGES = ["plan:overview", "plan:plan_of_action", "plan:monitoring", "plan:checklist"]

# Per page: (text shown at /es/..., the same text shown at /en/...)
KNOWN_TEXT = {
    "plan:overview": ("Atención integral", "Comprehensive care"),
    "plan:plan_of_action": (
        "Movilizar recursos para la revisión de los protocolos nacionales",
        "Mobilize resources for the revision of the national protocols",
    ),
    "plan:monitoring": ("Sostenibilidad", "Sustainability"),
    "plan:checklist": (
        "¿El proyecto tiene cobertura regional?",
        "Does the project have regional coverage?",
    ),
}

# The most queries each page may run: session, user, roles, coalition and one per list.
# Each includes one query for the header's count of unread notifications.
MAX_QUERIES = {
    "plan:overview": 13,
    "plan:plan_of_action": 10,
    "plan:monitoring": 9,
    "plan:checklist": 6,
}


def url(name: str, language: str) -> str:
    with translation.override(language):
        return reverse(name)


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_log_in(client, name):
    response = client.get(url(name, "es"))
    assert response.status_code == 302
    assert response.url.startswith("/es/accounts/login/")


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.django_db
def test_user_without_a_role_is_refused(client, user_without_role, name):
    client.force_login(user_without_role)
    assert client.get(url(name, "es")).status_code == 403


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.django_db
def test_partner_viewer_may_read_the_strategy(client, corett_loaded, partner_viewer, name):
    client.force_login(partner_viewer)
    assert client.get(url(name, "en")).status_code == 200


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.django_db
def test_page_shows_the_plan_in_the_readers_language(client, corett_loaded, secretariat, name):
    client.force_login(secretariat)
    spanish, english = KNOWN_TEXT[name]

    response = client.get(url(name, "es"))
    assert response.status_code == 200
    assert response.templates[0].name == f"plan/{name.split(':')[1]}.html"
    page = response.content.decode()
    assert spanish in page
    assert english not in page

    page = client.get(url(name, "en")).content.decode()
    assert english in page
    assert spanish not in page


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.django_db
def test_page_runs_a_fixed_number_of_queries(
    client, corett_loaded, secretariat, name, django_assert_max_num_queries
):
    client.force_login(secretariat)
    with django_assert_max_num_queries(MAX_QUERIES[name]):
        assert client.get(url(name, "en")).status_code == 200


@pytest.mark.django_db
def test_plan_of_action_queries_do_not_grow_with_the_plan(client, corett_loaded, secretariat):
    client.force_login(secretariat)
    page = url("plan:plan_of_action", "en")
    client.get(page)  # warm the session
    with CaptureQueriesContext(connection) as before:
        client.get(page)
    axis = plan.StrategicAxis.objects.get(code="3")
    for number in range(20, 30):
        objective = plan.OperationalObjective.objects.create(
            code=str(number), position=number, axis=axis, text_es=f"Objetivo {number}"
        )
        for kind in (plan.Activity, plan.Goal, plan.Indicator):
            kind.objects.create(objective=objective, code="1", text_es="Texto")
    with CaptureQueriesContext(connection) as after:
        response = client.get(page)
    assert "Objetivo 29" in response.content.decode()
    assert len(after) == len(before)


@pytest.mark.django_db
def test_plan_of_action_shows_gaps_as_not_stated(client, corett_loaded, secretariat):
    client.force_login(secretariat)
    page = client.get(url("plan:plan_of_action", "en")).content.decode()
    # Objectives 3 and 4 have no timeframe; axis 3 has no objective in section 5.2.
    assert page.count("not stated") == 2
    assert "The plan of action states no operational objective for this axis." in page
    assert "Strategic plan 2019-2027" in page
    for code in ("1.1", "8.2", "7.1.4"):
        assert f"<li>{code} " in page


@pytest.mark.django_db
def test_monitoring_shows_the_evidence_without_objective_as_not_stated(
    client, corett_loaded, secretariat
):
    client.force_login(secretariat)
    page = client.get(url("plan:monitoring", "en")).content.decode()
    assert "Systematization of good practices." in page
    assert page.count("not stated") == 2  # its axis and its objective
    assert "Other similar" in page


@pytest.mark.django_db
def test_checklist_lists_its_twenty_items(client, corett_loaded, secretariat):
    client.force_login(secretariat)
    page = client.get(url("plan:checklist", "en")).content.decode()
    assert page.count('<th scope="row">') == 20


@pytest.mark.django_db
def test_a_missing_translation_is_marked_not_hidden(
    client, no_configuration, second_coalition_file, secretariat
):
    coalition_load(path=second_coalition_file)
    client.force_login(secretariat)
    page = client.get(url("plan:overview", "en")).content.decode()
    assert "Southern Cone Coalition Network" in page
    assert '<span lang="es">Protección</span> <span class="badge badge-missing">' in page


@pytest.mark.django_db
def test_admin_shows_the_strategy_read_only(admin_client, corett_loaded):
    from django.contrib import admin

    plan_models = [m for m in admin.site._registry if m._meta.app_label == "plan"]
    assert len(plan_models) == 17
    for model in plan_models:
        opts = model._meta
        changelist = reverse(f"admin:plan_{opts.model_name}_changelist")
        assert admin_client.get(changelist).status_code == 200
        obj = model.objects.first()
        history = reverse(f"admin:plan_{opts.model_name}_history", args=[obj.pk])
        assert admin_client.get(history).status_code == 200
        assert admin_client.get(reverse(f"admin:plan_{opts.model_name}_add")).status_code == 403
