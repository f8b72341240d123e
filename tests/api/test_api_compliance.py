"""GET /api/v1/compliance/{year}: the dashboard as JSON, for every member, 4xx on bad input."""

import datetime

import pytest

from samverkan.followup import compliance

LAST_YEAR = datetime.date.today().year - 1


@pytest.mark.parametrize("username", ["admin", "coordinator", "editor", "registrar", "reader"])
def test_every_member_reads_the_dashboard(call_as, demo, username):
    response = call_as(username).get(f"/compliance/{LAST_YEAR}")
    assert response.status_code == 200
    body = response.json()
    assert body["municipality"] == {"code": "0583", "name": "Motala"}
    assert {row["clause"] for row in body["indicators"]} == {f"P{n}" for n in range(1, 16)}


def test_the_api_gives_the_values_of_the_dashboard(call_as, demo):
    body = call_as("reader", via="token").get(f"/compliance/{LAST_YEAR}").json()
    rows = compliance.dashboard(demo.motala, LAST_YEAR)
    expected = compliance.as_json(demo.motala, LAST_YEAR, rows)
    assert body == expected
    assert sum(body["summary"].values()) == len(body["indicators"]) == 16
    first = body["indicators"][0]
    assert set(first) >= {"clause", "key", "value", "target", "status", "url"}


def test_another_municipality_sees_its_own(call_as, demo):
    body = call_as("vadstena-coordinator").get(f"/compliance/{LAST_YEAR}").json()
    assert body["municipality"]["code"] == "0584"


def test_anonymous_and_bad_years_are_refused_with_json(call_as, demo):
    anonymous = call_as(None).get(f"/compliance/{LAST_YEAR}")
    assert anonymous.status_code == 401
    assert "message" in anonymous.json()
    for year in ("1066", "99999", "nineteen"):
        response = call_as("reader").get(f"/compliance/{year}")
        assert response.status_code in (400, 404), year
        assert "message" in response.json()
