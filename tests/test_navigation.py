"""The menu by task (samverkan.navigation): items by role, the current place marked with
aria-current, breadcrumbs on the detail pages, and the policy's chapters on the policy page.

The wording is being translated, so these tests look at URLs and ARIA attributes."""

import re

import pytest
from django.urls import reverse

from samverkan.activities.models import Activity
from samverkan.policy.models import PolicyDocument
from samverkan.policy.sections import sections_for
from samverkan.registry.models import Agreement, Decision, NetworkMembership, TwinTown

MENU = [
    reverse("activity-list"),
    reverse("twintown-list"),
    reverse("membership-list"),
    reverse("decision-list"),
    reverse("call-list"),
    reverse("account-rounds"),
]
ROLES = ["admin", "coordinator", "editor", "registrar", "reader", "vadstena-coordinator"]


def _main_nav(html: str) -> str:
    found = re.search(r'<nav aria-label="[^"]+">\s*<ul class="nav">(.*?)</ul>', html, re.S)
    return found.group(1) if found else ""


def _menu_links(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)"', _main_nav(html))


def _current(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)" aria-current="page"', _main_nav(html))


@pytest.mark.parametrize("username", ROLES)
def test_every_role_gets_the_task_menu(client, demo, username):
    client.force_login(demo.users[username])
    assert _menu_links(client.get("/").content.decode()) == MENU


PUBLIC = [reverse("public:index")]


def test_anonymous_visitors_and_users_without_a_role_get_only_the_public_item(client, demo):
    from django.contrib.auth import get_user_model

    assert _menu_links(client.get("/").content.decode()) == PUBLIC
    assert _menu_links(client.get(reverse("login")).content.decode()) == PUBLIC
    nobody = get_user_model().objects.create_user("nobody", password="x")
    client.force_login(nobody)
    assert _menu_links(client.get("/").content.decode()) == PUBLIC


def test_the_public_pages_show_no_internal_menu(client, demo):
    public = reverse("public:municipality", args=[demo.motala.code])
    assert client.get(public).status_code == 200
    assert _menu_links(client.get(public).content.decode()) == PUBLIC
    assert _current(client.get(public).content.decode()) == PUBLIC
    client.force_login(demo.users["coordinator"])
    page = client.get(public).content.decode()
    assert _menu_links(page) == PUBLIC
    assert reverse("decision-list") not in page


def test_the_menu_does_not_offer_the_policys_chapters(client, demo):
    client.force_login(demo.users["coordinator"])
    links = _menu_links(client.get("/").content.decode())
    assert not any("/policy/sections/" in href for href in links)


@pytest.mark.parametrize(
    "path, current",
    [
        ("/", []),
        (reverse("activity-list"), [reverse("activity-list")]),
        (reverse("training-list"), [reverse("activity-list")]),
        (reverse("agreement-list"), [reverse("twintown-list")]),
        (reverse("agreement-renewals"), [reverse("twintown-list")]),
        (reverse("membership-list"), [reverse("membership-list")]),
        (reverse("rule-violations"), [reverse("decision-list")]),
        (reverse("programme-list"), [reverse("call-list")]),
        (reverse("application-list"), [reverse("call-list")]),
        (reverse("watchitem-list"), [reverse("call-list")]),
        (reverse("compliance-dashboard", args=[2025]), [reverse("account-rounds")]),
        (reverse("policy-list"), [reverse("account-rounds")]),
        (reverse("body-list"), []),
    ],
)
def test_the_current_place_is_marked(client, demo, path, current):
    client.force_login(demo.users["coordinator"])
    response = client.get(path)
    assert response.status_code == 200
    assert _current(response.content.decode()) == current


def _breadcrumbs(html: str) -> list[str]:
    found = re.search(r'<nav class="breadcrumbs" aria-label="[^"]+">(.*?)</nav>', html, re.S)
    assert found, "no breadcrumbs"
    return re.findall(r'<a href="([^"]+)"', found.group(1))


def test_detail_pages_have_breadcrumbs(client, demo):
    client.force_login(demo.users["reader"])
    records = {
        "activity-detail": (Activity, [reverse("activity-list")]),
        "twintown-detail": (TwinTown, [reverse("twintown-list")]),
        "agreement-detail": (Agreement, [reverse("twintown-list"), reverse("agreement-list")]),
        "membership-detail": (NetworkMembership, [reverse("membership-list")]),
        "decision-detail": (Decision, [reverse("decision-list")]),
    }
    for url_name, (model, trail) in records.items():
        record = model.objects.filter(municipality=demo.motala).first()
        page = client.get(reverse(url_name, args=[record.pk])).content.decode()
        assert _breadcrumbs(page) == ["/", *trail], url_name
        assert page.count('<span aria-current="page">') == 1, url_name
        # The menu marks the place too.
        assert _current(page) == [trail[0]], url_name


def _chapters(html: str) -> list[str]:
    found = re.search(r'<nav class="chapters"[^>]*>(.*?)</nav>', html, re.S)
    assert found, "no chapters"
    return re.findall(r'<a href="([^"]+)"', found.group(1))


def test_the_policy_page_lists_the_chapters(client, demo):
    client.force_login(demo.users["reader"])
    expected = [reverse("section", args=[key]) for key, _label in sections_for(demo.motala)]
    assert len(expected) == 5
    assert _chapters(client.get(reverse("policy-list")).content.decode()) == expected
    policy = PolicyDocument.objects.filter(municipality=demo.motala).first()
    detail = client.get(reverse("policy-detail", args=[policy.pk])).content.decode()
    assert _chapters(detail) == expected
    section = client.get(expected[2]).content.decode()
    assert _chapters(section) == expected
    assert re.search(rf'<a href="{expected[2]}" aria-current="page">', section)
    assert _breadcrumbs(section) == ["/", reverse("account-rounds"), reverse("policy-list")]


def test_the_chapters_carry_a_packs_own_section_names(client, demo):
    from samverkan.organisation.models import Municipality

    Municipality.objects.filter(pk=demo.vadstena.pk).update(
        policy_sections=[
            {"key": "oppenhet", "label": "Öppenhet mot omvärlden"},
            {"key": "ansvar", "label": "Ansvar och beslut"},
        ]
    )
    client.force_login(demo.users["vadstena-coordinator"])
    page = client.get(reverse("policy-list")).content.decode()
    assert _chapters(page) == [
        reverse("section", args=["oppenhet"]),
        reverse("section", args=["ansvar"]),
    ]
    assert "Öppenhet mot omvärlden" in page and "Ansvar och beslut" in page
