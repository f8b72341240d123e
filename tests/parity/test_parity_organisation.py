"""Organisation: bodies and goals change through the same actions from the page and the API."""

from django.urls import reverse
from django.utils import timezone

from samverkan.history.models import DeletedRecord
from samverkan.organisation.models import Body, Goal


def _body_form(body, **changes):
    data = {
        "kind": body.kind,
        "name": body.name,
        "abbreviation": body.abbreviation,
        "administration": body.administration,
        "description": body.description,
        "opened_version": body.version,
    }
    return {**data, **changes}


def _api(data):
    data = dict(data)
    data["version"] = data.pop("opened_version")
    return data


def test_a_body_is_created_changed_and_deleted_alike(demo, client, call_as, snapshot):
    started = timezone.now()
    coordinator = demo.users["coordinator"]
    client.force_login(coordinator)
    new = {"kind": "committee", "abbreviation": "X", "administration": "F", "description": "D"}
    assert client.post(reverse("body-create"), {**new, "name": "Sida"}).status_code == 302
    api = call_as("coordinator")
    assert api.post("/bodies", {**new, "name": "Api"}).status_code == 201
    on_page = Body.objects.get(municipality=demo.motala, name="Sida")
    by_api = Body.objects.get(municipality=demo.motala, name="Api")
    page, through_api = snapshot(on_page, since=started), snapshot(by_api, since=started)
    assert page["fields"].pop("name") == "Sida" and through_api["fields"].pop("name") == "Api"
    assert page == through_api
    assert page["history"] == [("+", coordinator.pk, "")]

    form = _body_form(on_page, description="Ny")
    assert client.post(reverse("body-edit", args=[on_page.pk]), form).status_code == 302
    form = _body_form(by_api, description="Ny")
    assert api.put(f"/bodies/{by_api.pk}", _api(form)).status_code == 200
    page, through_api = snapshot(on_page, since=started), snapshot(by_api, since=started)
    page["fields"].pop("name"), through_api["fields"].pop("name")
    assert page == through_api
    assert [row[0] for row in page["history"]] == ["~", "+"]
    assert on_page.version == by_api.version == 2

    assert client.post(reverse("body-delete", args=[on_page.pk])).status_code == 302
    assert api.delete(f"/bodies/{by_api.pk}").status_code == 204
    trashed = DeletedRecord.objects.filter(object_id__in=[str(on_page.pk), str(by_api.pk)])
    assert sorted(trashed.values_list("deleted_by", flat=True)) == [coordinator.pk] * 2
    assert not Body.objects.filter(pk__in=[on_page.pk, by_api.pk]).exists()


def test_a_duplicate_name_is_refused_alike(demo, client, call_as):
    client.force_login(demo.users["coordinator"])
    taken = {"kind": "committee", "name": demo.own_committee.name.upper()}
    response = client.post(reverse("body-create"), taken)
    assert response.status_code == 200
    [message] = response.context["form"].errors["name"]
    response = call_as("coordinator").post("/bodies", taken)
    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "name", "message": message}]


def test_a_goals_place_in_the_tree_is_checked_alike(demo, client, call_as):
    """The tree's rule is the action's: a goal must hang under an area, page and API alike."""
    vision = Goal.objects.filter(municipality=demo.motala, level=Goal.Level.VISION).first()
    bad = {"level": "goal", "code": "9.9", "title": "Fel plats", "parent": vision.pk}
    bad["valid_from_year"] = 2024
    client.force_login(demo.users["coordinator"])
    response = client.post(reverse("goal-create"), bad)
    assert response.status_code == 200
    page_errors = response.context["form"].errors["parent"]
    response = call_as("coordinator").post("/goals", bad)
    assert response.status_code == 400
    assert [e["message"] for e in response.json()["errors"]] == page_errors
    assert not Goal.objects.filter(code="9.9").exists()
