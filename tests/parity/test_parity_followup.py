"""Follow-up: an account's workflow through the page and through the API leaves the same
record, the same history rows and the same frozen figures (followup.actions)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from samverkan.followup import actions, queries
from samverkan.followup.models import YearlyAccount

YEAR = 2024
TEXTS = {name: f"Vår text om {name}." for name in YearlyAccount.SECTIONS}
COMMENT = "Beskriv resultaten mer konkret."
DECIDED = datetime.date(YEAR + 1, 3, 4)
# Who did it and when differ by nature; the body and its figures differ by the account.
PER_ACCOUNT = ("body", "frozen_figures", "submitted_at", "approved_at")


def _english(client):
    # The history's reasons and the messages are read as English msgids.
    client.cookies["django_language"] = "en"


def _accounts(demo):
    round_ = actions.open_round(demo.motala, YEAR, acting_user=demo.users["coordinator"])
    return [
        YearlyAccount.objects.get(round=round_, body=body)
        for body in (demo.own_committee, demo.other_committee)
    ]


def _page_sections(account) -> dict:
    account.refresh_from_db()
    return {
        "opened_version": account.version,
        **TEXTS,
        **{f"{name}_ready": "on" for name in YearlyAccount.SECTIONS},
    }


def _api_sections(account) -> dict:
    account.refresh_from_db()
    return {
        "version": account.version,
        **TEXTS,
        **{f"{name}_ready": True for name in YearlyAccount.SECTIONS},
    }


def test_the_accounts_workflow_is_the_same_through_page_and_api(demo, client, call_as, snapshot):
    on_page, by_api = _accounts(demo)
    coordinator = demo.users["coordinator"]
    started = timezone.now()
    _english(client)
    client.force_login(coordinator)
    api = call_as("coordinator")

    def page(name, account, data=None):
        response = client.post(reverse(name, args=[account.pk]), data or {})
        assert response.status_code == 302, response.content

    def call(path, account, data=None, method="post"):
        response = getattr(api, method)(f"/accounts/{by_api.pk}/{path}", data or {})
        assert response.status_code == 200, response.content

    # Write the sections, submit, be returned with a comment, write again, submit, approve.
    page("account-edit", on_page, _page_sections(on_page))
    call("sections", by_api, _api_sections(by_api), method="put")
    page("account-submit", on_page)
    call("submit", by_api)
    page("account-return", on_page, {"return_comment": COMMENT})
    call("return", by_api, {"comment": COMMENT})
    page("account-edit", on_page, _page_sections(on_page))
    call("sections", by_api, _api_sections(by_api), method="put")
    page("account-submit", on_page)
    call("submit", by_api)
    decision = {"decision_date": DECIDED.isoformat(), "decision_paragraph": "12"}
    page("account-approve", on_page, decision)
    call("approve", by_api, decision)

    page_side = snapshot(on_page, since=started, without=PER_ACCOUNT)
    api_side = snapshot(by_api, since=started, without=PER_ACCOUNT)
    assert page_side == api_side
    assert page_side["fields"]["status"] == YearlyAccount.Status.APPROVED
    assert page_side["fields"]["submitted_by"] == page_side["fields"]["approved_by"]
    assert page_side["fields"]["approved_by"] == coordinator.pk
    assert page_side["fields"]["return_comment"] == COMMENT
    assert [reason for _type, _user, reason in page_side["history"]] == [
        "Approved",
        "Submitted",
        "Sections edited",
        f"Returned: {COMMENT}",
        "Submitted",
        "Sections edited",
    ]
    assert {user for _type, user, _reason in page_side["history"]} == {coordinator.pk}

    # The side effect of approval: each account froze its own live figures, alike.
    for account in (on_page, by_api):
        account.refresh_from_db()
        assert account.frozen_figures == queries.live_figures(account).to_json()
        assert account.frozen_figures["body"] == {"id": account.body_id, "name": account.body.name}
    assert on_page.frozen_figures.keys() == by_api.frozen_figures.keys()
    frozen = api.get(f"/accounts/{by_api.pk}").json()
    assert frozen["figures_frozen"] is True and frozen["figures"] == by_api.frozen_figures


def test_a_refused_move_is_refused_alike(demo, client, call_as, snapshot):
    """Submitting with sections not ready: the page says why, the API answers 409; neither
    account moves."""
    on_page, by_api = _accounts(demo)
    _english(client)
    client.force_login(demo.users["coordinator"])
    response = client.post(reverse("account-submit", args=[on_page.pk]), follow=True)
    assert "ready" in response.content.decode()
    refused = call_as("coordinator").post(f"/accounts/{by_api.pk}/submit", {})
    assert refused.status_code == 409 and "ready" in refused.json()["message"]
    assert snapshot(on_page, without=("body",)) == snapshot(by_api, without=("body",))

    # A reader may do neither.
    client.force_login(demo.users["reader"])
    assert client.post(reverse("account-submit", args=[on_page.pk])).status_code == 403
    assert call_as("reader").post(f"/accounts/{by_api.pk}/submit", {}).status_code == 403
