"""The exchange-rate table: its pages, and the CSV import (all rows or none, with reasons)."""

from __future__ import annotations

import datetime
import html
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from mobiliza.agreements.models import Contribution
from mobiliza.core.models import ExchangeRate
from mobiliza.core.rates import services as rates
from mobiliza.core.services import record_create
from mobiliza.directory.models import Partner
from mobiliza.plan.models import ResourceKind

D = Decimal
pytestmark = pytest.mark.django_db
DAY = datetime.date(2012, 6, 29)  # long before the demo's rates


def url(name: str, *args: Any, language: str = "es") -> str:
    with translation.override(language):
        return reverse(f"rates:{name}", args=args)


def csv_file(text: str, name: str = "tasas.csv", bom: bool = False) -> SimpleUploadedFile:
    data = text.encode("utf-8")
    return SimpleUploadedFile(name, (b"\xef\xbb\xbf" if bom else b"") + data)


def page_text(response: Any) -> str:
    return html.unescape(response.content.decode())


def preview(client: Any, text: str, language: str = "es", **kwargs: Any) -> Any:
    return client.post(
        url("exchangerate_import", language=language), {"file": csv_file(text, **kwargs)}
    )


def confirm(client: Any, response: Any, language: str = "es") -> Any:
    return client.post(
        url("exchangerate_import", language=language),
        {"token": response.context["token"]},
        follow=True,
    )


def rate_of(currency: str, day: datetime.date) -> Decimal | None:
    found = ExchangeRate.objects.filter(currency=currency, date=day).first()
    return found.rate if found else None


def contribution(user: Any, amount: str, currency: str, day: datetime.date) -> Contribution:
    partner = record_create(user=user, model=Partner, data={"name_es": "Socio de tasas"})
    return record_create(
        user=user,
        model=Contribution,
        data={
            "kind": ResourceKind.objects.get(code="financial"),
            "partner": partner,
            "description_es": "Aporte en moneda extranjera",
            "amount": D(amount),
            "currency": currency,
            "value_date": day,
        },
    )


GOOD = """date,currency,rate
2012-06-27,MXN,0.0731
2012-06-28,MXN,0.0745
2012-06-28,EUR,1.2591
2012-06-28,GTQ,0.1274861237
"""


# --- Import: the good path ---------------------------------------------------------------


def test_a_good_file_is_previewed_then_saved_with_history(client, login):
    user = login("secretariat")
    response = preview(client, GOOD)
    assert response.status_code == 200
    assert response.context["rate_file"].new_count == 4
    assert ExchangeRate.objects.filter(date__year=2012).count() == 0  # nothing saved yet
    response = confirm(client, response)
    assert response.status_code == 200
    assert rate_of("MXN", datetime.date(2012, 6, 28)) == D("0.0745")
    assert rate_of("GTQ", datetime.date(2012, 6, 28)) == D("0.1274861237")  # all ten places
    saved = ExchangeRate.objects.get(currency="EUR", date=datetime.date(2012, 6, 28))
    assert saved.reporting_currency == "USD"
    (entry,) = saved.history.all()  # type: ignore[attr-defined]
    assert entry.history_user == user and entry.history_type == "+"
    messages = [str(m) for m in response.context["messages"]]
    assert any("4" in m for m in messages)


def test_a_semicolon_file_with_a_bom_and_decimal_commas_is_read(client, login):
    login("secretariat")
    text = "fecha;moneda;tasa\r\n2012-06-28;MXN;0,0745\r\n2012-06-28;EUR;1.2591\r\n"
    response = preview(client, text, bom=True)
    assert response.status_code == 200, page_text(response)
    confirm(client, response)
    assert rate_of("MXN", datetime.date(2012, 6, 28)) == D("0.0745")
    assert rate_of("EUR", datetime.date(2012, 6, 28)) == D("1.2591")


def test_a_comma_file_with_a_bom_is_read():
    data = b"\xef\xbb\xbf" + GOOD.encode()
    rate_file = rates.rates_read(data)
    assert rate_file.ok and rate_file.had_bom and rate_file.delimiter == ","


def test_the_template_downloads_for_managers(client, login):
    login("secretariat")
    response = client.get(url("exchangerate_import_template"))
    assert response.status_code == 200
    assert response.content.startswith(b"date,currency,rate")
    assert "attachment" in response["Content-Disposition"]


# --- Import: bad rows --------------------------------------------------------------------

BAD = """date,currency,rate
2012-06-28,XYZ,1.5
2012-06-28,EUR,abc
2012-06-28,GTQ,-0.12
2012-06-28,HNL,0.12345678901
2012-13-01,MXN,0.07
28/06/2012,CAD,0.98
2012-06-28,usd,1
2012-06-27,MXN,0.0731
2012-06-27,MXN,0.0732
2012-06-28,CRC,0
2012-06-29,NIO,0.04
"""


def test_bad_rows_are_listed_with_their_reasons_and_nothing_is_saved(client, login):
    login("secretariat")
    before = ExchangeRate.objects.count()
    response = preview(client, BAD, language="en")
    assert response.status_code == 400
    errors = {row.number: " ".join(row.errors) for row in response.context["bad_rows"]}
    assert "XYZ is not an ISO 4217 currency code" in errors[2]
    assert "“abc” is not a positive number" in errors[3]
    assert "“-0.12” is not a positive number" in errors[4]
    assert "has 11 decimal places; at most 10" in errors[5]
    assert "“2012-13-01” is not a date written YYYY-MM-DD" in errors[6]
    assert "“28/06/2012” is not a date" in errors[7]
    assert "USD is the reporting currency" in errors[8]
    assert "Row 9 already gives the rate of MXN on 2012-06-27" in errors[10]
    assert "more than zero" in errors[11]
    assert set(errors) == {2, 3, 4, 5, 6, 7, 8, 10, 11}  # rows 9 and 12 are fine
    text = page_text(response)
    assert "Nothing was saved" in text and "XYZ is not an ISO 4217 currency code" in text
    assert "token" not in response.context
    assert ExchangeRate.objects.count() == before


def test_bad_rows_are_explained_in_the_readers_language(client, login):
    login("secretariat")
    response = preview(client, BAD, language="es")
    assert response.status_code == 400
    errors = {row.number: row.errors for row in response.context["bad_rows"]}
    with translation.override("es"):
        expected = gettext("“%(value)s” is not a date written YYYY-MM-DD (such as 2024-03-31).") % {
            "value": "2012-13-01"
        }
        currency = gettext(
            "%(value)s is not an ISO 4217 currency code (such as USD, EUR or GTQ)."
        ) % {"value": "XYZ"}
    assert errors[6] == [expected]
    assert errors[2] == [currency]


def test_a_decimal_comma_needs_the_semicolon_separator():
    with translation.override("en"):
        rate_file = rates.rates_read(b"date,currency,rate\n2012-06-28,MXN,0,0745\n")
    (row,) = rate_file.bad_rows
    assert row.number == 2
    assert "separators" in row.errors[0]


def test_a_quoted_decimal_comma_with_commas_is_not_a_number():
    with translation.override("en"):
        rate_file = rates.rates_read(b'date,currency,rate\n2012-06-28,MXN,"0,0745"\n')
        assert "decimal point" in rate_file.bad_rows[0].errors[0]


def test_a_file_without_the_header_is_refused():
    with translation.override("en"), pytest.raises(rates.RateFileError) as raised:
        rates.rates_read(b"2012-06-28,MXN,0.0745\n")
    assert "header" in str(raised.value)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"date,currency,rate\n", "no rates"),
        (b"PK\x03\x04rest-of-a-workbook", "not a CSV"),
        (b"%PDF-1.4 ...", "not a CSV"),
        ("date,currency,rate\n2012-06-28,MXN,0.07 ñ\n".encode("latin-1"), "UTF-8"),
    ],
)
def test_files_that_are_not_csv_tables_of_rates_are_refused(data, words):
    with translation.override("en"), pytest.raises(rates.RateFileError) as raised:
        rates.rates_read(data)
    assert words in str(raised.value)


def test_an_oversize_file_is_refused(client, login, settings):
    login("secretariat")
    settings.MAX_UPLOAD_SIZE = 100
    big = "date,currency,rate\n" + "".join(f"2012-06-{d:02d},MXN,0.07\n" for d in range(1, 29))
    response = preview(client, big, language="en")
    assert response.status_code == 400
    assert "the largest accepted is 100" in page_text(response)
    assert not ExchangeRate.objects.filter(date__year=2012).exists()


# --- Import: who may ---------------------------------------------------------------------


def test_a_focal_point_cannot_import(client, login):
    login("focal-gt")
    assert client.get(url("exchangerate_import")).status_code == 403
    assert preview(client, GOOD).status_code == 403
    assert client.get(url("exchangerate_import_template")).status_code == 403
    assert not ExchangeRate.objects.filter(date__year=2012).exists()
    with pytest.raises(PermissionDenied):
        rates.rates_import(user=login("focal-gt"), data=GOOD.encode())


def test_the_presidency_may_import(client, login):
    login("presidency")
    response = preview(client, GOOD)
    assert response.status_code == 200
    confirm(client, response)
    assert rate_of("MXN", datetime.date(2012, 6, 27)) == D("0.0731")


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(url("exchangerate_import"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_confirmation_token_works_once(client, login):
    login("secretariat")
    response = preview(client, GOOD)
    confirm(client, response)
    again = confirm(client, response)
    assert again.redirect_chain[-1][0].endswith(url("exchangerate_import"))
    assert ExchangeRate.objects.filter(date__year=2012).count() == 4


# --- Import: updating and converting again -----------------------------------------------


def test_re_importing_updates_rates_and_converts_contributions_again(client, login):
    user = login("secretariat")
    ExchangeRate.objects.create(
        date=datetime.date(2012, 6, 28), currency="MXN", rate=D("0.0700"), reporting_currency="USD"
    )
    later = contribution(user, "1000000.01", "MXN", datetime.date(2012, 6, 29))
    assert later.amount_reporting == D("70000.00")
    text = "date,currency,rate\n2012-06-28,MXN,0.0586\n2012-06-29,EUR,1.2591\n"
    response = preview(client, text, language="en")
    rate_file = response.context["rate_file"]
    assert (rate_file.new_count, rate_file.update_count) == (1, 1)
    assert "Updated (was 0.07)" in page_text(response)
    response = confirm(client, response, language="en")
    later.refresh_from_db()
    assert later.rate == D("0.0586")
    assert later.amount_reporting == D("58600.00")
    assert later.rate_date == datetime.date(2012, 6, 28)
    message = " ".join(str(m) for m in response.context["messages"])
    assert "1 added, 1 updated, 0 unchanged" in message
    assert "1 contribution was converted again" in message
    rate = ExchangeRate.objects.get(currency="MXN", date=datetime.date(2012, 6, 28))
    assert rate.version == 2
    assert [h.history_type for h in rate.history.all()] == ["~", "+"]  # type: ignore[attr-defined]
    assert rate.history.first().history_user == user  # type: ignore[attr-defined]


def test_importing_the_same_file_twice_changes_nothing_the_second_time(login):
    user = login("secretariat")
    first = rates.rates_import(user=user, data=GOOD.encode())
    second = rates.rates_import(user=user, data=GOOD.encode())
    assert (first.added, first.updated) == (4, 0)
    assert (second.added, second.updated, second.unchanged) == (0, 0, 4)


def test_an_import_with_a_bad_row_saves_nothing_through_the_service(login):
    user = login("secretariat")
    with pytest.raises(rates.ImportRefused):
        rates.rates_import(user=user, data=(GOOD + "2012-06-28,XYZ,1\n").encode())
    assert not ExchangeRate.objects.filter(date__year=2012).exists()


def test_reading_a_file_costs_the_same_queries_whatever_its_length():
    def queries(rows: int) -> int:
        start = datetime.date(2000, 1, 1)
        lines = "".join(
            f"{(start + datetime.timedelta(days=n)).isoformat()},MXN,0.07\n" for n in range(rows)
        )
        with CaptureQueriesContext(connection) as captured:
            rates.rates_read(("date,currency,rate\n" + lines).encode())
        return len(captured)

    assert queries(5) == queries(500) <= 1


# --- The list and one rate's pages -------------------------------------------------------


def test_the_list_shows_the_latest_rate_of_each_currency_and_filters(client, login):
    login("focal-gt")  # an internal role reads the table
    for day, rate in ((27, "0.0731"), (28, "0.0745")):
        ExchangeRate.objects.create(
            date=datetime.date(2012, 6, day), currency="XCD", rate=D(rate), reporting_currency="USD"
        )
    response = client.get(url("exchangerate_list", language="en"))
    assert response.status_code == 200
    latest = {row["currency"]: row for row in response.context["latest"]}
    assert latest["XCD"]["rate"] == D("0.0745")
    assert latest["XCD"]["date"] == datetime.date(2012, 6, 28)
    assert not response.context["import_url"] and not response.context["add_url"]
    response = client.get(
        url("exchangerate_list"),
        {"currency": "XCD", "date_from": "2012-06-27", "date_to": "2012-06-27"},
    )
    rows = list(response.context["table"].data)
    assert [(r.currency, r.rate) for r in rows] == [("XCD", D("0.0731"))]


def test_the_list_runs_a_fixed_number_of_queries(client, login):
    login("secretariat")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("exchangerate_list")).status_code == 200
        return len(captured)

    few = queries()
    ExchangeRate.objects.bulk_create(
        ExchangeRate(
            date=datetime.date(2001, 1, 1) + datetime.timedelta(days=n),
            currency=code,
            rate=D("1.5"),
            reporting_currency="USD",
        )
        for n in range(60)
        for code in ("CHF", "SEK", "NOK")
    )
    assert queries() == few
    response = client.get(url("exchangerate_list"), {"page": 2})
    assert response.status_code == 200


def test_a_partner_viewer_may_not_read_the_table(client, login):
    login("donor")
    assert client.get(url("exchangerate_list")).status_code == 403


def test_managers_add_edit_and_delete_a_rate_and_contributions_follow(client, login):
    user = login("secretariat")
    ExchangeRate.objects.create(
        date=datetime.date(2012, 6, 1), currency="MXN", rate=D("0.0700"), reporting_currency="USD"
    )
    given = contribution(user, "1000.00", "MXN", datetime.date(2012, 6, 29))
    assert given.amount_reporting == D("70.00")
    response = client.post(
        url("exchangerate_add"),
        {"date": "2012-06-28", "currency": "MXN", "rate": "0,0586", "source": "Banxico"},
    )
    assert response.status_code == 302, response.context["form"].errors
    rate = ExchangeRate.objects.get(currency="MXN", date=datetime.date(2012, 6, 28))
    assert rate.rate == D("0.0586") and rate.reporting_currency == "USD"
    given.refresh_from_db()
    assert given.amount_reporting == D("58.60")
    assert client.get(url("exchangerate_detail", rate.pk)).status_code == 200
    response = client.post(
        url("exchangerate_edit", rate.pk),
        {"date": "2012-06-28", "currency": "MXN", "rate": "0.0600", "version": rate.version},
    )
    assert response.status_code == 302
    given.refresh_from_db()
    assert given.amount_reporting == D("60.00")
    response = client.post(url("exchangerate_delete", rate.pk))
    assert response.status_code == 302
    given.refresh_from_db()
    assert (given.amount_reporting, given.rate_date) == (D("70.00"), datetime.date(2012, 6, 1))


def test_a_second_rate_for_the_same_day_is_refused_with_a_message(client, login):
    login("secretariat")
    ExchangeRate.objects.create(date=DAY, currency="MXN", rate=D("0.07"), reporting_currency="USD")
    response = client.post(
        url("exchangerate_add", language="en"),
        {"date": DAY.isoformat(), "currency": "MXN", "rate": "0.08"},
    )
    assert response.status_code == 200
    assert "already has the rate of MXN" in page_text(response)


def test_the_only_rate_a_contribution_uses_cannot_be_deleted(client, login):
    user = login("secretariat")
    rate = ExchangeRate.objects.create(
        date=DAY, currency="MXN", rate=D("0.07"), reporting_currency="USD"
    )
    contribution(user, "10.00", "MXN", DAY)
    response = client.post(url("exchangerate_delete", rate.pk))
    assert response.status_code == 302
    assert ExchangeRate.objects.filter(pk=rate.pk).exists()


def test_a_focal_point_reads_a_rate_but_may_not_change_it(client, login):
    login("focal-hn")
    rate = ExchangeRate.objects.create(
        date=DAY, currency="MXN", rate=D("0.07"), reporting_currency="USD"
    )
    assert client.get(url("exchangerate_detail", rate.pk)).status_code == 200
    assert client.get(url("exchangerate_add")).status_code == 403
    assert client.get(url("exchangerate_edit", rate.pk)).status_code == 403
    assert client.post(url("exchangerate_delete", rate.pk)).status_code == 403
    assert ExchangeRate.objects.filter(pk=rate.pk).exists()


def test_the_export_is_a_file_the_import_reads_back(client, login):
    login("secretariat")
    for day, rate in ((27, "0.0731"), (28, "0.0745")):
        ExchangeRate.objects.create(
            date=datetime.date(2012, 6, day), currency="XCD", rate=D(rate), reporting_currency="USD"
        )
    response = client.get(url("exchangerate_export"), {"currency": "XCD"})
    assert response.status_code == 200
    rate_file = rates.rates_read(response.getvalue())
    assert [(r.date, r.rate) for r in rate_file.rows] == [
        (datetime.date(2012, 6, 27), D("0.0731")),
        (datetime.date(2012, 6, 28), D("0.0745")),
    ]
    assert rate_file.unchanged_count == 2


def test_the_optional_source_column_may_be_left_short(login):
    user = login("secretariat")
    data = b"date,currency,rate,source\n2012-06-28,MXN,0.0745,Banxico\n2012-06-28,EUR,1.2591\n"
    result = rates.rates_import(user=user, data=data, source="BCE")
    assert result.added == 2
    assert ExchangeRate.objects.get(currency="MXN", date=datetime.date(2012, 6, 28)).source == (
        "Banxico"
    )
    assert ExchangeRate.objects.get(currency="EUR", date=datetime.date(2012, 6, 28)).source == "BCE"
