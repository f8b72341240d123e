"""A user of one municipality can neither list, read, change nor confirm another's records."""

import pytest
from django.urls import reverse

from samverkan.organisation.models import Body, Goal


@pytest.fixture
def vadstena_client(client, demo):
    client.force_login(demo.users["vadstena-coordinator"])
    return client


def test_lists_show_only_own_municipality(vadstena_client, demo):
    body_page = vadstena_client.get(reverse("body-list")).content.decode()
    assert demo.vadstena_body.name in body_page
    assert "Bildningsnämnden" not in body_page
    goal_page = vadstena_client.get(reverse("goal-list")).content.decode()
    assert demo.vadstena_goal.title in goal_page
    assert demo.motala_goal.title not in goal_page


@pytest.mark.parametrize(
    "url_name", ["body-detail", "body-edit", "body-delete"], ids=["read", "edit", "delete"]
)
def test_foreign_body_answers_404_like_a_missing_one(vadstena_client, demo, url_name):
    foreign = vadstena_client.get(reverse(url_name, args=[demo.own_committee.pk]))
    missing = vadstena_client.get(reverse(url_name, args=[999_999]))
    assert foreign.status_code == missing.status_code == 404
    # Same page for both: nothing tells a foreign record from a missing one.
    assert demo.own_committee.name not in foreign.content.decode()


@pytest.mark.parametrize("url_name", ["goal-detail", "goal-edit", "goal-delete"])
def test_foreign_goal_answers_404(vadstena_client, demo, url_name):
    assert vadstena_client.get(reverse(url_name, args=[demo.motala_goal.pk])).status_code == 404


def test_foreign_record_cannot_be_changed_or_deleted_by_post(vadstena_client, demo):
    body = demo.own_committee
    response = vadstena_client.post(
        reverse("body-edit", args=[body.pk]),
        {"kind": "committee", "name": "Kapad", "opened_version": body.version},
    )
    assert response.status_code == 404
    assert vadstena_client.post(reverse("body-delete", args=[body.pk])).status_code == 404
    body.refresh_from_db()
    assert body.name == "Bildningsnämnden"


def test_new_record_belongs_to_the_users_municipality(vadstena_client, demo):
    response = vadstena_client.post(
        reverse("body-create"),
        {"kind": "committee", "name": "Kulturnämnden", "opened_version": ""},
    )
    assert response.status_code == 302
    assert Body.objects.get(name="Kulturnämnden").municipality == demo.vadstena


def test_parent_goal_of_another_municipality_is_refused(vadstena_client, demo):
    motala_area = Goal.objects.filter(municipality=demo.motala, level=Goal.Level.AREA).first()
    response = vadstena_client.post(
        reverse("goal-create"),
        {"parent": motala_area.pk, "level": "goal", "title": "Intrång", "valid_from_year": 2025},
    )
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert not Goal.objects.filter(title="Intrång").exists()


def test_user_with_two_municipalities_switches_between_them(client, demo):
    from samverkan.organisation.models import Role, RoleAssignment

    user = demo.users["coordinator"]
    RoleAssignment.objects.create(user=user, municipality=demo.vadstena, role=Role.READER)
    client.force_login(user)
    assert "Bildningsnämnden" in client.get(reverse("body-list")).content.decode()
    client.post(reverse("switch-municipality"), {"municipality": demo.vadstena.pk})
    page = client.get(reverse("body-list")).content.decode()
    assert "Bildningsnämnden" not in page
    assert demo.vadstena_body.name in page
    # A municipality without a role cannot be switched to.
    other = demo.motala.county.municipalities.exclude(pk__in=[demo.motala.pk, demo.vadstena.pk])
    client.post(reverse("switch-municipality"), {"municipality": other.first().pk})
    assert demo.vadstena_body.name in client.get(reverse("body-list")).content.decode()


def test_anonymous_is_sent_to_login(client, demo):
    response = client.get(reverse("body-detail", args=[demo.own_committee.pk]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
