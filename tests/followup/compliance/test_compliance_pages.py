"""The compliance dashboard page, the records pages and the `samverkan compliance` command."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.followup import compliance

LAST_YEAR = datetime.date.today().year - 1


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def login(client, demo, username="reader"):
    client.force_login(demo.users[username])
    return client


def test_readers_see_every_clause_with_value_and_status_text(english, demo):
    response = login(english, demo).get(reverse("compliance-dashboard", args=[LAST_YEAR]))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row.clause for row in rows][:2] == ["P1", "P1"]
    assert {row.clause for row in rows} == {f"P{n}" for n in range(1, 16)}
    assert all(row.value is not None for row in rows)  # the demo year has data everywhere
    page = response.content.decode()
    assert "Policy compliance" in page
    for label in ("Met", "Not met"):
        assert f">{label}</span>" in page  # the status in words, not colour only
    assert reverse("compliance-records", args=[LAST_YEAR, "university_activities"]) in page
    assert f"/activities/?year={LAST_YEAR}&amp;eu_priority=1" in page


@pytest.mark.parametrize(
    "username", ["admin", "coordinator", "editor", "registrar", "reader", "vadstena-coordinator"]
)
def test_every_role_may_read_the_dashboard(client, demo, username):
    login(client, demo, username)
    response = client.get(reverse("compliance-dashboard", args=[LAST_YEAR]))
    assert response.status_code == 200
    # Each municipality's own pack: Vadstena's indicators are its own.
    for row in response.context["rows"][:3]:
        assert client.get(row.records_url).status_code == 200


def test_the_bare_address_and_the_year_picker_lead_to_a_year(client, demo):
    login(client, demo)
    response = client.get(reverse("compliance"))
    # The demo's round of yearly accounts is last year's: that year is followed up.
    assert response.url == reverse("compliance-dashboard", args=[LAST_YEAR])
    picked = client.get(reverse("compliance"), {"year": "2023"})
    assert picked.url == reverse("compliance-dashboard", args=[2023])
    nonsense = client.get(reverse("compliance"), {"year": "abc"})
    assert nonsense.url == reverse("compliance-dashboard", args=[LAST_YEAR])
    assert client.get(reverse("compliance-dashboard", args=[1066])).status_code == 404
    assert client.get(reverse("compliance-dashboard", args=[99999])).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, demo):
    response = client.get(reverse("compliance-dashboard", args=[LAST_YEAR]))
    assert response.status_code == 302
    assert reverse("login") in response.url


def test_records_page_lists_the_records_behind_the_number(english, demo):
    login(english, demo)
    response = english.get(
        reverse("compliance-records", args=[LAST_YEAR, "committees_without_resources"])
    )
    assert response.status_code == 200
    row = response.context["row"]
    assert len(response.context["links"]) == row.value
    twins = english.get(
        reverse("compliance-records", args=[LAST_YEAR, "decisions_without_authority_council"])
    )
    links = twins.context["links"]
    assert len(links) == twins.context["row"].value > 0
    assert all(link["note"] for link in links)  # the broken rule's message
    assert english.get(reverse("compliance-records", args=[LAST_YEAR, "nonsense"])).status_code == (
        404
    )


def test_another_municipalitys_user_sees_only_their_own(client, demo):
    login(client, demo, "vadstena-coordinator")
    response = client.get(reverse("compliance-dashboard", args=[LAST_YEAR]))
    assert response.status_code == 200
    values = {row.key: row.value for row in response.context["rows"]}
    motala = {row.key: row.value for row in compliance.dashboard(demo.motala, LAST_YEAR)}
    assert values != motala


def test_dashboard_queries_do_not_grow_with_rows(client, demo, django_assert_max_num_queries):
    from samverkan.activities.models import Activity

    login(client, demo)
    url = reverse("compliance-dashboard", args=[LAST_YEAR])
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for number in range(5):
        Activity.objects.create(
            municipality=demo.motala,
            title=f"Fler {number}",
            committee=demo.own_committee,
            start_date=datetime.date(LAST_YEAR, 6, 1),
        )
    with CaptureQueriesContext(connection) as after:
        response = client.get(url)
    assert response.status_code == 200
    assert len(after) == len(before)
    with django_assert_max_num_queries(60):
        client.get(url)


def test_the_command_prints_the_values_of_the_page(client, demo):
    login(client, demo)
    page_rows = client.get(reverse("compliance-dashboard", args=[LAST_YEAR])).context["rows"]
    out = io.StringIO()
    call_command("compliance", str(LAST_YEAR), municipality="0583", json=True, stdout=out)
    printed = json.loads(out.getvalue())
    assert [(i["key"], i["value"], i["status"]) for i in printed["indicators"]] == [
        (row.key, compliance._number(row.value), row.status) for row in page_rows
    ]
    text = io.StringIO()
    call_command("compliance", str(LAST_YEAR), municipality="0583", language="en", stdout=text)
    lines = text.getvalue().splitlines()
    assert lines[0] == f"Policy compliance {LAST_YEAR} – Motala"
    for row in page_rows:
        value = "–" if row.value is None else str(compliance._number(row.value))
        assert any(line.startswith(row.clause) and value in line for line in lines), row.key
    assert "Not met:" in lines[-1]


def test_the_command_refuses_an_unknown_municipality(demo):
    with pytest.raises(CommandError):
        call_command("compliance", "2024", municipality="0000", stdout=io.StringIO())


def test_the_follow_up_section_links_to_the_dashboard(english, demo):
    login(english, demo)
    page = english.get(reverse("section", args=["follow-up"])).content.decode()
    assert reverse("compliance") in page
