"""A client generated from the schema imports and works against a running Mobiliza.

What an integrator does: ``openapi-python-client generate`` from /api/schema/, import the
package, and list, create and update partners, opportunities and contributions, with the
version that keeps two people from overwriting each other.
"""

from __future__ import annotations

import datetime
import importlib
import io
import json
import pkgutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

PACKAGE = "mobiliza_api_client"


def _generate(schema: dict, where: Path) -> Path:
    (where / "schema.json").write_text(json.dumps(schema))
    # No formatting hooks: the generated code is imported as it is.
    (where / "config.json").write_text(json.dumps({"post_hooks": []}))
    output = where / PACKAGE
    generator = Path(sys.executable).parent / "openapi-python-client"
    result = subprocess.run(
        [
            str(generator),
            "generate",
            "--path",
            str(where / "schema.json"),
            "--meta",
            "none",
            "--config",
            str(where / "config.json"),
            "--output-path",
            str(output),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stdout, result.stdout
    return output


@pytest.fixture
def site(live_server, transactional_db):
    """The live server with the coalition configuration and the demo data loaded."""
    call_command("load_coalition", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    return live_server


@pytest.fixture
def generated(site, tmp_path):
    """The generated package, imported; its modules are forgotten afterwards."""
    schema = Client().get("/api/schema/", {"format": "json"}).json()
    _generate(schema, tmp_path)
    sys.path.insert(0, str(tmp_path))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(tmp_path))
        for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
            del sys.modules[name]


def _token(email: str) -> str:
    from rest_framework.authtoken.models import Token

    from mobiliza.accounts.models import User

    token, _created = Token.objects.get_or_create(user=User.objects.get(email=email))
    return token.key


def test_a_generated_client_imports_and_round_trips_partners_opportunities_and_contributions(
    site, generated
):
    broken = []
    modules = list(pkgutil.walk_packages(generated.__path__, f"{PACKAGE}."))
    for module in modules:
        try:
            importlib.import_module(module.name)
        except Exception as error:  # noqa: BLE001  # report every module that fails
            broken.append(f"{module.name}: {error!r}")
    assert len(modules) > 100
    assert broken == []

    api = importlib.import_module(f"{PACKAGE}.api.v1")
    models = importlib.import_module(f"{PACKAGE}.models")
    client = importlib.import_module(PACKAGE).AuthenticatedClient(
        base_url=site.url, token=_token("secretariat@example.org"), prefix="Token"
    )

    def call(name: str, **kwargs):
        return importlib.import_module(f"{api.__name__}.{name}").sync_detailed(
            client=client, **kwargs
        )

    # Partners: list, create, update with the version, a stale version refused.
    listed = call("v1_partners_list", page_size=5)
    assert listed.status_code == 200
    assert listed.parsed.count > 0 and len(listed.parsed.results) <= 5
    created = call("v1_partners_create", body=models.PartnerRequest(name_es="Fundación Cliente"))
    assert created.status_code == 201, created.content
    partner = created.parsed
    assert created.headers["Location"].endswith(f"/api/v1/partners/{partner.id}/")
    assert partner.links.contacts.endswith(f"/api/v1/contacts/?partner={partner.id}")
    renamed = call(
        "v1_partners_partial_update",
        id=partner.id,
        body=models.PatchedPartnerRequest(acronym="FC", version=partner.version),
    )
    assert renamed.status_code == 200, renamed.content
    assert (renamed.parsed.acronym, renamed.parsed.version) == ("FC", partner.version + 1)
    stale = call(
        "v1_partners_partial_update",
        id=partner.id,
        body=models.PatchedPartnerRequest(acronym="XX", version=partner.version),
    )
    assert stale.status_code == 409
    assert stale.parsed.current_version == partner.version + 1
    stale_header = call(
        "v1_partners_partial_update",
        id=partner.id,
        body=models.PatchedPartnerRequest(acronym="XX"),
        if_match=f'"{partner.version}"',
    )
    assert stale_header.status_code == 412
    assert stale_header.parsed.code == "precondition_failed"

    # Opportunities: the step is a code from the list of steps.
    steps = call("v1_steps_list")
    assert steps.status_code == 200
    first_step = steps.parsed.results[0].code
    opportunity = call(
        "v1_opportunities_create",
        body=models.OpportunityRequest(title="Apoyo del cliente", partner=partner.id),
    )
    assert opportunity.status_code == 201, opportunity.content
    assert opportunity.parsed.step == first_step
    assert call("v1_opportunities_list", partner=str(partner.id)).parsed.count == 1
    updated = call(
        "v1_opportunities_partial_update",
        id=opportunity.parsed.id,
        body=models.PatchedOpportunityRequest(probability=60, version=opportunity.parsed.version),
    )
    assert updated.status_code == 200, updated.content
    assert updated.parsed.probability == 60
    conflict = call(
        "v1_opportunities_partial_update",
        id=opportunity.parsed.id,
        body=models.PatchedOpportunityRequest(probability=10, version=opportunity.parsed.version),
    )
    assert conflict.status_code == 409

    # Contributions: the kind is a code from its list; the amount an exact decimal string.
    kind = call("v1_resource_kinds_list").parsed.results[0].code
    contribution = call(
        "v1_contributions_create",
        body=models.ContributionRequest(
            kind=kind,
            amount="1234567.89",
            currency="USD",
            description_es="Aporte del cliente",
            value_date=datetime.date(2026, 1, 15),
            partner=partner.id,
            opportunity=opportunity.parsed.id,
        ),
    )
    assert contribution.status_code == 201, contribution.content
    assert Decimal(contribution.parsed.amount) == Decimal("1234567.89")
    listed = call("v1_contributions_list", opportunity=opportunity.parsed.id)
    assert [item.id for item in listed.parsed.results] == [contribution.parsed.id]
    replaced = call(
        "v1_contributions_partial_update",
        id=contribution.parsed.id,
        body=models.PatchedContributionRequest(
            amount="1000.00", version=contribution.parsed.version
        ),
    )
    assert replaced.status_code == 200, replaced.content
    assert replaced.parsed.amount == "1000.00"
    refused = call(
        "v1_contributions_partial_update",
        id=contribution.parsed.id,
        body=models.PatchedContributionRequest(amount="5.00"),
        if_match=f'"{contribution.parsed.version}"',
    )
    assert refused.status_code == 412
    assert call("v1_contributions_retrieve", id=contribution.parsed.id).parsed.amount == "1000.00"
