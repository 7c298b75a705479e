"""docs/permissions.md is the code's own table, and the table says what can() does."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from mobiliza.core.management.commands.permissions_doc import DOCUMENT
from mobiliza.core.permissions import (
    ACTIONS,
    access_of,
    can,
    declared_models,
    permissions_markdown,
    rule_for,
)
from mobiliza.core.roles import Role

# A demo user holding each role.
HOLDERS = {
    Role.PRESIDENCY: "presidency",
    Role.SECRETARIAT: "secretariat",
    Role.FOCAL_POINT: "focal-gt",
    Role.EVALUATOR: "evaluator",
    Role.PARTNER_VIEWER: "donor",
}


def test_the_permissions_document_is_the_one_the_code_generates():
    assert DOCUMENT.read_text(encoding="utf-8") == permissions_markdown() + "\n", (
        "docs/permissions.md is stale: run manage.py permissions_doc"
    )


def test_the_check_option_fails_on_a_stale_document(tmp_path, monkeypatch):
    from mobiliza.core.management.commands import permissions_doc

    stale = tmp_path / "permissions.md"
    stale.write_text("old\n", encoding="utf-8")
    monkeypatch.setattr(permissions_doc, "DOCUMENT", stale)
    with pytest.raises(SystemExit):
        call_command("permissions_doc", "--check")
    call_command("permissions_doc")
    call_command("permissions_doc", "--check")


@pytest.mark.django_db
def test_every_cell_of_the_table_agrees_with_can_on_real_records(cast):
    """Where the table says "all" the role may, on every record; where it says "—", on none."""
    checked = 0
    for model in declared_models():
        records = list(model._default_manager.all()[:5])
        actions = [*ACTIONS, *(t.name for t in access_of(model).transitions)]
        for role, person in HOLDERS.items():
            user = cast(person)
            for action in actions:
                rule = rule_for(model, role, action)
                for record in records:
                    if action not in ACTIONS:
                        transition = access_of(model).transition(action)
                        if getattr(record, transition.field) not in transition.sources:
                            continue
                    if rule == "—":
                        assert not can(user, action, record), (model, role, action, record)
                    elif rule == "all" and action in ("view", "change", "delete"):
                        assert can(user, action, record), (model, role, action, record)
                    checked += 1
    assert checked > 500
