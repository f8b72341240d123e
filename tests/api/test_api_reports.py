"""GET /api/v1/reports/{year}: the overview figures as JSON (figures.overview)."""

import datetime
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.test import Client

from samverkan.followup import figures

LAST_YEAR = datetime.date.today().year - 1


def _as_api(value):
    # Decimals are strings in the API, as in /api/v1/activities/totals.
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def test_report_figures_are_the_overview(call_as, demo):
    body = call_as("reader").get(f"/reports/{LAST_YEAR}").json()
    expected = figures.overview(demo.motala, LAST_YEAR).to_json()
    assert body.pop("municipality") == {"code": "0583", "name": "Motala"}
    assert body == expected
    assert body["activities"] > 0
    assert len(body["eu_share_five_years"]) == 5


def test_report_figures_of_one_body(call_as, demo):
    response = call_as("coordinator").get(f"/reports/{LAST_YEAR}", {"body": demo.own_committee.pk})
    assert response.status_code == 200
    body = response.json()
    assert body["body"] == {"id": demo.own_committee.pk, "name": demo.own_committee.name}
    expected = figures.overview(demo.motala, LAST_YEAR, body=demo.own_committee).to_json()
    assert body["activities"] == expected["activities"]


def test_another_municipalitys_body_is_not_found(call_as, demo):
    response = call_as("reader").get(f"/reports/{LAST_YEAR}", {"body": demo.vadstena_body.pk})
    assert response.status_code == 404
    assert response.json() == {"message": "Not found."} or "message" in response.json()


def test_bad_input_is_a_4xx_json_error(call_as, caller, demo):
    reader = call_as("reader")
    # A year no report can have is no address at all (the input guard answers for every path).
    year_one = reader.get("/reports/1")
    assert year_one.status_code == 404 and "message" in year_one.json()
    bad_body = reader.get(f"/reports/{LAST_YEAR}", {"body": "x"})
    assert bad_body.status_code == 400
    assert "message" in bad_body.json()
    anonymous = caller(Client()).get(f"/reports/{LAST_YEAR}")
    assert anonymous.status_code == 401
