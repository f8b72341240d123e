"""Bad input to activities, trainings and resources: 400 with a message on the field, never a
500 or a 422, and nothing saved. The rules are the pages' (the same forms and model checks).
"""

import datetime

import pytest

from samverkan.activities.models import Activity, FundingLine, Milestone, Resource, Training

D = datetime.date
MODELS = {"activities": Activity, "trainings": Training, "resources": Resource}


def _errors(response) -> dict[str, list[str]]:
    assert response.status_code == 400, response.content
    data = response.json()
    assert data["message"]
    found = {}
    for error in data["errors"]:
        assert error["message"]
        found.setdefault(error["field"], []).append(error["message"])
    return found


def _refused(api, resource, payload) -> dict[str, list[str]]:
    model = MODELS[resource]
    count, history = model.objects.count(), model.history.count()
    errors = _errors(api.post(f"/{resource}", payload))
    # Nothing partly saved: no row, no history.
    assert (model.objects.count(), model.history.count()) == (count, history)
    return errors


def _on(field, errors) -> bool:
    """Whether `errors` name `field` (or an item of it, like topics.0)."""
    return any(name == field or name.startswith(f"{field}.") for name in errors)


@pytest.fixture
def api(call_as):
    return call_as("coordinator")


def _activity(demo, **changes):
    return {
        "title": "Studieresa",
        "committee": demo.own_committee.pk,
        "start_date": "2031-05-10",
        **changes,
    }


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"end_date": "2031-05-01"}, "end_date"),
        ({"own_costs": "-1"}, "own_costs"),
        ({"own_costs": "ett tusen"}, "own_costs"),
        ({"participants_young": "många"}, "participants_young"),
        ({"participants_young": -3}, "participants_young"),
        ({"start_date": "14/3 2031"}, "start_date"),
        ({"countries": ["XX"]}, "countries"),
        ({"countries": ["Finland"]}, "countries"),
        ({"agenda_2030_goals": [18]}, "agenda_2030_goals"),
        ({"progress": 101}, "progress"),
        ({"kind": "holiday"}, "kind"),
        ({"title": ""}, "title"),
        ({"committee": 999999}, "committee"),
    ],
)
def test_bad_activities_are_refused_on_the_field(demo, api, changes, field):
    errors = _refused(api, "activities", _activity(demo, **changes))
    assert _on(field, errors), errors


def test_another_municipalitys_goal_committee_or_partner_is_not_a_choice(demo, api):
    from samverkan.registry.models import Partner

    foreign_partner = Partner.objects.create(
        municipality=demo.vadstena, name="Vadstenas vän", kind="municipality", country="DE"
    )
    errors = _refused(
        api,
        "activities",
        _activity(
            demo,
            goals=[demo.vadstena_goal.pk],
            partners=[foreign_partner.pk],
            committee=demo.vadstena_body.pk,
        ),
    )
    assert {"goals", "partners", "committee"} <= set(errors)


def test_a_part_of_an_activity_that_is_no_project_is_refused(demo, api):
    visit = Activity.objects.create(
        municipality=demo.motala,
        title="Besök",
        committee=demo.own_committee,
        start_date=D(2031, 1, 1),
        kind=Activity.Kind.STUDY_VISIT,
    )
    assert _on("parent", _refused(api, "activities", _activity(demo, parent=visit.pk)))


def test_a_current_parent_that_is_no_project_stays_a_choice(demo, api):
    visit = Activity.objects.create(
        municipality=demo.motala,
        title="Besök",
        committee=demo.own_committee,
        start_date=D(2031, 1, 1),
        kind=Activity.Kind.STUDY_VISIT,
    )
    part = Activity.objects.create(
        municipality=demo.motala,
        title="Del av besöket",
        committee=demo.own_committee,
        start_date=D(2031, 1, 2),
        parent=visit,
    )
    read = api.get(f"/activities/{part.pk}").json()
    fields = ("title", "committee", "start_date", "parent", "version")
    response = api.put(f"/activities/{part.pk}", {k: read[k] for k in fields})
    assert response.status_code == 200, response.content
    assert response.json()["parent"] == visit.pk


def test_a_bad_update_changes_nothing(demo, api):
    activity = Activity.objects.create(
        municipality=demo.motala,
        title="Oförändrad",
        committee=demo.own_committee,
        start_date=D(2031, 1, 1),
    )
    read = api.get(f"/activities/{activity.pk}").json()
    payload = {
        **{k: read[k] for k in ("title", "committee", "start_date", "version")},
        "countries": ["FI"],
        "end_date": "2030-01-01",
    }
    assert _on("end_date", _errors(api.put(f"/activities/{activity.pk}", payload)))
    activity.refresh_from_db()
    assert (activity.version, activity.end_date, activity.eu_priority) == (1, None, False)
    assert not activity.countries.exists()


def test_a_taken_external_id_is_refused(demo, api):
    Activity.objects.create(
        municipality=demo.motala,
        title="Från ekonomisystemet",
        committee=demo.own_committee,
        start_date=D(2031, 1, 1),
        external_id="EK-17",
    )
    errors = _refused(api, "activities", _activity(demo, external_id="EK-17"))
    assert _on("external_id", errors)


# Funding lines and milestones -----------------------------------------------------------------


@pytest.fixture
def activity(demo):
    return Activity.objects.create(
        municipality=demo.motala,
        title="Med finansiering",
        committee=demo.own_committee,
        start_date=D(2031, 1, 1),
    )


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"source": "eu_programme", "amount": "1000", "currency": "EUR"}, "exchange_rate"),
        ({"source": "own", "amount": "-5"}, "amount"),
        ({"source": "own", "amount": "mycket"}, "amount"),
        ({"source": "lottery", "amount": "5"}, "source"),
        ({"source": "own", "amount": "5", "currency": "NOK"}, "currency"),
    ],
)
def test_bad_funding_lines_are_refused(activity, api, payload, field):
    response = api.post(f"/activities/{activity.pk}/funding-lines", payload)
    assert _on(field, _errors(response))
    assert not FundingLine.objects.filter(activity=activity).exists()
    activity.refresh_from_db()
    assert activity.eu_priority is False


def test_bad_milestones_are_refused(activity, api):
    for payload, field in (({"title": ""}, "title"), ({"title": "X", "due_on": "snart"}, "due_on")):
        assert _on(field, _errors(api.post(f"/activities/{activity.pk}/milestones", payload)))
    assert not Milestone.objects.filter(activity=activity).exists()


# Trainings and resources -------------------------------------------------------------------------


def _training(demo, **changes):
    return {
        "title": "Kurs",
        "committee": demo.own_committee.pk,
        "held_on": "2031-02-01",
        "hours": "2",
        **changes,
    }


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"hours": "-1"}, "hours"),
        ({"hours": "två"}, "hours"),
        ({"topics": ["cooking"]}, "topics"),
        ({"participants_elected": -1}, "participants_elected"),
        ({"committee": "{council}"}, "committee"),
        ({"named_participants": ["{stranger}"]}, "named_participants"),
    ],
)
def test_bad_trainings_are_refused(demo, api, django_user_model, changes, field):
    stranger = django_user_model.objects.create_user("utomstående")
    values = {"council": demo.council.pk, "stranger": stranger.pk}

    def fill(value):
        if isinstance(value, list):
            return [fill(v) for v in value]
        if isinstance(value, str) and value.startswith("{"):
            return values[value.strip("{}")]
        return value

    payload = _training(demo, **{k: fill(v) for k, v in changes.items()})
    assert _on(field, _refused(api, "trainings", payload))


def test_a_second_resource_for_the_same_body_and_year_is_refused(demo, api):
    Resource.objects.create(municipality=demo.motala, body=demo.own_committee, year=2031)
    errors = _refused(api, "resources", {"body": demo.own_committee.pk, "year": 2031})
    # The form's own check of the body-and-year rule, as on the page: on the record as a whole.
    assert list(errors) == [""] and len(errors[""]) == 1
    assert Resource.objects.filter(body=demo.own_committee, year=2031).count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"budget_sek": "-100"}, "budget_sek"),
        ({"budget_sek": "100 kr"}, "budget_sek"),
        ({"staff_fte": "-0.5"}, "staff_fte"),
        ({"year": 1999}, "year"),
        ({"body": "{council}"}, "body"),
    ],
)
def test_bad_resources_are_refused(demo, api, changes, field):
    if changes.get("body") == "{council}":
        changes = {"body": demo.council.pk}
    payload = {"body": demo.own_committee.pk, "year": 2031, **changes}
    assert _on(field, _refused(api, "resources", payload))


def test_malformed_json_is_a_400_not_a_500(demo, api):
    response = api.client.post("/api/v1/activities", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["message"]
