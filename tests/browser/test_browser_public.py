"""The public pages in the browser, each checked with axe-core (see conftest.py), as an
anonymous visitor: every register published and a year's accounts approved."""

import datetime

import pytest

pytestmark = pytest.mark.browser


def _publish_everything(site):
    from samverkan.followup import actions as followup_actions
    from samverkan.followup.models import AccountRound, YearlyAccount
    from samverkan.lib.actions import SYSTEM
    from samverkan.public import actions
    from samverkan.public.models import PublicationSettings

    settings = PublicationSettings.for_municipality(site.motala)
    values = dict.fromkeys(set(PublicationSettings.FLAGS.values()), True)
    actions.save_publication_settings(settings, values, acting_user=SYSTEM)
    round_ = AccountRound.objects.get(municipality=site.motala)
    ready = {name: f"Text {name}." for name in YearlyAccount.SECTIONS}
    ready.update({f"{name}_ready": True for name in YearlyAccount.SECTIONS})
    for account in round_.accounts.exclude(status=YearlyAccount.Status.APPROVED):
        if account.status != YearlyAccount.Status.SUBMITTED:
            followup_actions.save_sections(
                account, ready, expected_version=None, acting_user=SYSTEM
            )
            account.refresh_from_db()
            followup_actions.submit_account(account, acting_user=SYSTEM)
            account.refresh_from_db()
        followup_actions.approve_account(
            account,
            decision_date=datetime.date(round_.year + 1, 3, 25),
            paragraph="7",
            acting_user=SYSTEM,
        )
    return round_.year


def test_the_public_pages_pass_axe(page, site, visit, follow):
    from samverkan.activities.models import Activity

    year = _publish_everything(site)
    visit(page, "/m/")
    follow(page, page.locator("#municipalities a[href='/m/0583/']"))
    for register in (
        "policies",
        "twin-towns",
        "memberships",
        "agreements",
        "activities",
        "countries",
        "reports",
        "compliance",
    ):
        visit(page, f"/m/0583/{register}/")
        assert page.locator("nav.breadcrumbs").count() == 1
    activity = Activity.objects.filter(municipality=site.motala, is_public=True).first()
    visit(page, f"/m/0583/activities/{activity.pk}/")
    visit(page, f"/m/0583/policies/{site.motala_policy.pk}/")
    visit(page, f"/m/0583/reports/{year}/")
    visit(page, f"/m/0583/compliance/{year}/")
    visit(page, "/m/0584/")
    follow(page, page.locator("footer a[href='/m/accessibility/']"))
    assert page.locator("main a[href='https://www.digg.se/tdosanmalan']").count() == 1


def test_an_internal_activity_is_not_found_in_the_browser(page, site, visit):
    from samverkan.activities.models import Activity

    internal = Activity.objects.filter(municipality=site.motala, is_public=False).first()
    visit(page, f"/m/0583/activities/{internal.pk}/", status=404)
