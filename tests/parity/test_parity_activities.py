"""Activities, trainings and resources: the page and the API make the same change through
the same action, and leave the same record, history rows and side effects."""

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from samverkan.activities import actions
from samverkan.activities.models import Activity, FundingLine, Training
from samverkan.history.models import DeletedRecord
from samverkan.lib.actions import SYSTEM

ACTIVITY = {
    "description": "Skolutbyte.",
    "kind": "student_exchange",
    "status": "planned",
    "start_date": "2031-04-01",
    "end_date": "2031-04-10",
    "countries": ["FI", "NO"],
    "participants_elected": 1,
    "participants_employees": 2,
    "participants_residents": 0,
    "participants_young": 12,
    "own_costs": "15000.50",
    "purpose": "Lära av varandra.",
    "agenda_2030_goals": [4],
    "weight": "1",
}


def _page_activity(demo, title, **changes):
    data = {**ACTIVITY, "title": title, "committee": demo.own_committee.pk, "is_public": "on"}
    data["goals"] = [demo.motala_goal.pk]
    data.update(changes)
    return data


def _api_activity(demo, title, **changes):
    data = {**ACTIVITY, "title": title, "committee": demo.own_committee.pk, "is_public": True}
    data["goals"] = [demo.motala_goal.pk]
    data.update(changes)
    return data


def _activity_snapshot(snapshot, activity, since):
    values = snapshot(activity, since=since, without=("title",))
    values["countries"] = sorted(row.country.code for row in activity.countries.all())
    return values


def _make_activity(demo, title):
    return actions.create_activity(
        demo.motala,
        {
            "title": title,
            "committee": demo.own_committee,
            "start_date": datetime.date(2031, 4, 1),
            "countries": ["NO"],
        },
        acting_user=SYSTEM,
    )


def test_an_activity_is_created_alike_through_page_and_api(demo, client, call_as, snapshot):
    started = timezone.now()
    client.force_login(demo.users["editor"])
    response = client.post(reverse("activity-create"), _page_activity(demo, "På sidan"))
    assert response.status_code == 302
    api = call_as("editor")
    assert api.post("/activities", _api_activity(demo, "Genom API")).status_code == 201

    on_page = Activity.objects.get(title="På sidan")
    by_api = Activity.objects.get(title="Genom API")
    page_values = _activity_snapshot(snapshot, on_page, started)
    assert page_values == _activity_snapshot(snapshot, by_api, started)
    assert page_values["countries"] == ["FI", "NO"]
    # The side effect: Finland makes an EU priority.
    assert page_values["fields"]["eu_priority"] is True
    # The row, then its links (simple_history records a change of the many-to-many).
    assert page_values["history"][-1] == ("+", demo.users["editor"].pk, "")
    assert {row[1] for row in page_values["history"]} == {demo.users["editor"].pk}


def test_an_activity_is_changed_alike_through_page_and_api(demo, client, call_as, snapshot):
    on_page, by_api = _make_activity(demo, "Sidan"), _make_activity(demo, "API")
    assert on_page.eu_priority is False
    started = timezone.now()
    client.force_login(demo.users["coordinator"])
    response = client.post(
        reverse("activity-edit", args=[on_page.pk]),
        _page_activity(demo, "Sidan", opened_version=on_page.version),
    )
    assert response.status_code == 302
    api = call_as("coordinator")
    answer = api.put(f"/activities/{by_api.pk}", _api_activity(demo, "API", version=by_api.version))
    assert answer.status_code == 200

    page_values = _activity_snapshot(snapshot, on_page, started)
    assert page_values == _activity_snapshot(snapshot, by_api, started)
    assert page_values["fields"]["eu_priority"] is True  # Finland was added
    assert {row[:2] for row in page_values["history"]} == {("~", demo.users["coordinator"].pk)}

    # A stale version is refused alike: 409, and nothing written.
    stale_page = client.post(
        reverse("activity-edit", args=[on_page.pk]),
        _page_activity(demo, "Gammal", opened_version=on_page.version - 1),
    )
    stale_api = api.put(
        f"/activities/{by_api.pk}", _api_activity(demo, "Gammal", version=by_api.version - 1)
    )
    assert stale_page.status_code == stale_api.status_code == 409
    assert not Activity.objects.filter(title="Gammal").exists()


def test_an_activity_is_deleted_alike_through_page_and_api(demo, client, call_as):
    on_page, by_api = _make_activity(demo, "Sidan"), _make_activity(demo, "API")
    ids = [on_page.pk, by_api.pk]
    client.force_login(demo.users["coordinator"])
    assert client.post(reverse("activity-delete", args=[on_page.pk])).status_code == 302
    assert call_as("coordinator").delete(f"/activities/{by_api.pk}").status_code == 204

    assert not Activity.objects.filter(pk__in=ids).exists()
    for pk in ids:
        entry = DeletedRecord.objects.get(model_label="activities.activity", object_id=str(pk))
        assert entry.deleted_by == demo.users["coordinator"]
        # The activity and its country row go to the trash together.
        assert sorted(row["model"] for row in entry.rows) == [
            "activities.activity",
            "activities.activitycountry",
        ]
        history = [
            (row.history_type, row.history_user_id)
            for row in Activity.history.filter(id=pk).order_by("-history_date")[:1]
        ]
        assert history == [("-", demo.users["coordinator"].pk)]


def test_a_funding_line_moves_the_external_funding_alike(demo, client, call_as, snapshot):
    on_page, by_api = _make_activity(demo, "Sidan"), _make_activity(demo, "API")
    line = {
        "source": "eu_programme",
        "programme": "Erasmus+",
        "amount": "1000.00",
        "currency": "EUR",
        "exchange_rate": "11.2000",
        "rate_date": "2031-03-01",
    }
    started = timezone.now()
    client.force_login(demo.users["editor"])
    response = client.post(reverse("activity-funding-create", args=[on_page.pk]), line)
    assert response.status_code == 302
    answer = call_as("editor").post(f"/activities/{by_api.pk}/funding-lines", line)
    assert answer.status_code == 201

    page_values = _activity_snapshot(snapshot, on_page, started)
    assert page_values == _activity_snapshot(snapshot, by_api, started)
    # The side effects: the external funding in SEK, and EU funding makes an EU priority.
    assert page_values["fields"]["external_funding_sek"] == Decimal("11200.00")
    assert page_values["fields"]["eu_priority"] is True
    page_line, api_line = on_page.funding_lines.get(), by_api.funding_lines.get()
    assert snapshot(page_line, without=("activity",)) == snapshot(api_line, without=("activity",))
    assert snapshot(page_line)["history"] == [("+", demo.users["editor"].pk, "")]

    # Deleting the line (on the page) takes the figures back, and restoring it brings
    # them again.
    client.post(reverse("activity-funding-delete", args=[page_line.pk]))
    on_page.refresh_from_db()
    assert (on_page.external_funding_sek, on_page.eu_priority) == (Decimal("0.00"), False)
    from samverkan.history.actions import restore_record

    entry = DeletedRecord.objects.get(model_label="activities.fundingline")
    restore_record(entry, acting_user=demo.users["admin"])
    on_page.refresh_from_db()
    assert (on_page.external_funding_sek, on_page.eu_priority) == (Decimal("11200.00"), True)
    assert FundingLine.objects.filter(activity=on_page).count() == 1


def test_a_training_with_participants_is_created_alike(demo, client, call_as, snapshot):
    people = sorted([demo.users["coordinator"].pk, demo.users["editor"].pk])
    training = {
        "organiser": "Region Östergötland",
        "committee": demo.own_committee.pk,
        "held_on": "2031-03-05",
        "hours": "3.5",
        "participants_elected": 4,
        "participants_employees": 7,
        "named_participants": people,
        "topics": ["eu_knowledge", "languages"],
        "description": "EU-kunskap.",
    }
    started = timezone.now()
    client.force_login(demo.users["editor"])
    response = client.post(reverse("training-create"), {**training, "title": "Sidan"})
    assert response.status_code == 302
    answer = call_as("editor").post("/trainings", {**training, "title": "API"})
    assert answer.status_code == 201

    on_page, by_api = Training.objects.get(title="Sidan"), Training.objects.get(title="API")
    page_values = snapshot(on_page, since=started, without=("title",))
    assert page_values == snapshot(by_api, since=started, without=("title",))
    assert page_values["fields"]["named_participants"] == people
    assert page_values["history"][-1] == ("+", demo.users["editor"].pk, "")
    assert {row[1] for row in page_values["history"]} == {demo.users["editor"].pk}
    figures = Training.objects.filter(pk__in=[on_page.pk, by_api.pk]).totals()
    assert (figures.elected, figures.employees) == (8, 14)
    assert figures.participant_hours == Decimal("77.0")


def test_a_resource_is_changed_alike_through_page_and_api(demo, client, call_as, snapshot):
    on_page = actions.create_resource(
        demo.motala, {"body": demo.own_committee, "year": 2031}, acting_user=SYSTEM
    )
    by_api = actions.create_resource(
        demo.motala, {"body": demo.other_committee, "year": 2031}, acting_user=SYSTEM
    )
    change = {"year": 2031, "budget_sek": "120000.00", "staff_fte": "0.50", "note": "Ny budget."}
    started = timezone.now()
    client.force_login(demo.users["coordinator"])
    response = client.post(
        reverse("resource-edit", args=[on_page.pk]),
        {**change, "body": demo.own_committee.pk, "opened_version": on_page.version},
    )
    assert response.status_code == 302
    answer = call_as("coordinator").put(
        f"/resources/{by_api.pk}",
        {**change, "body": demo.other_committee.pk, "version": by_api.version},
    )
    assert answer.status_code == 200

    page_values = snapshot(on_page, since=started, without=("body",))
    assert page_values == snapshot(by_api, since=started, without=("body",))
    assert page_values["fields"]["budget_sek"] == Decimal("120000.00")
    assert page_values["history"] == [("~", demo.users["coordinator"].pk, "")]
