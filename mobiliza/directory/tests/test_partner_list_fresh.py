"""The partner list shows every write at once, each reader's own rows, in their language."""

from __future__ import annotations

import html

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mobiliza.core.services import record_create, record_delete, record_update
from mobiliza.directory.models import FundingCall, Partner

PARTNERS = "/es/directory/partners/"


def page(client, path: str = PARTNERS, **params) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params)
    assert response.status_code == 200
    return html.unescape(response.content.decode()), len(queries)


def test_a_written_partner_shows_at_once(client, login, cast):
    user = login("secretariat")
    page(client)
    partner = record_create(user=user, model=Partner, data={"name_es": "Aaa Fundación Nueva"})
    assert "Aaa Fundación Nueva" in page(client)[0]
    record_update(
        user=user,
        instance=partner,
        data={"name_es": "Aaa Fundación Renombrada"},
        version=partner.version,
    )
    body = page(client)[0]
    assert "Aaa Fundación Renombrada" in body and "Aaa Fundación Nueva" not in body
    record_delete(user=user, instance=Partner.objects.get(pk=partner.pk))
    assert "Aaa Fundación Renombrada" not in page(client)[0]


def test_a_new_call_changes_the_open_calls_filter_at_once(client, login):
    from django.utils import timezone

    user = login("secretariat")
    partner = Partner.objects.get(acronym="UNODC")
    FundingCall.objects.filter(partner=partner).delete()
    before = page(client, open_calls="true", q="unodc")[0]
    assert "Oficina de las Naciones Unidas" not in before
    record_create(
        user=user,
        model=FundingCall,
        data={
            "partner": partner,
            "title": "Convocatoria abierta",
            "closes_on": timezone.localdate(),
        },
    )
    assert "Oficina de las Naciones Unidas" in page(client, open_calls="true", q="unodc")[0]


def test_each_user_sees_only_their_own_rows_whatever_another_cached(client, login):
    login("secretariat")
    everyone = page(client)[0]
    assert "UNODC" in everyone
    donor = Client()
    donor.force_login(login("donor"))
    own = page(donor)[0]
    assert "OIM" in own and "UNODC" not in own


def test_the_table_follows_the_readers_language(client, login):
    login("secretariat")
    assert "Tipo de fuente" in page(client)[0]
    assert "Source type" in page(client, "/en/directory/partners/")[0]
