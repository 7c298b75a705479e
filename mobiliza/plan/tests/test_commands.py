from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from mobiliza.coalition.models import Coalition
from mobiliza.plan.tests.conftest import SECOND_COALITION


@pytest.mark.django_db
def test_load_coalition_defaults_to_the_configured_file_and_prints_the_report(
    no_configuration, second_coalition_file, settings
):
    settings.MOBILIZA_COALITION_FILE = str(second_coalition_file)
    out = io.StringIO()
    call_command("load_coalition", stdout=out)
    report = out.getvalue()
    assert "Loaded the configuration of RCX" in report
    assert "never deleted" in report
    assert Coalition.objects.get().acronym == "RCX"


@pytest.mark.django_db
def test_load_coalition_twice_reports_nothing_changed(no_configuration, second_coalition_file):
    call_command("load_coalition", str(second_coalition_file), stdout=io.StringIO())
    out = io.StringIO()
    call_command("load_coalition", str(second_coalition_file), stdout=out)
    assert "Nothing changed" in out.getvalue()


@pytest.mark.django_db
def test_load_coalition_fails_with_the_problem_on_a_bad_file(no_configuration, write_yaml):
    path = write_yaml(SECOND_COALITION.replace('name: {es: "Chile"}', 'name: {en: "Chile"}'))
    with pytest.raises(CommandError) as error:
        call_command("load_coalition", str(path), stdout=io.StringIO())
    assert "member_states[1].name: a label needs its Spanish text (es)" in str(error.value)
    assert not Coalition.objects.exists()
