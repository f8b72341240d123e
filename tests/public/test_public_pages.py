"""The public pages: readable without signing in, with titles, language, descriptions, a
sitemap, the accessibility statement, and a query count that does not grow with rows."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def test_every_public_page_has_a_title_language_description_and_one_h1(
    client, demo, publish_all, approved_year
):
    from samverkan.public.views import sitemap_paths

    paths = sitemap_paths()
    assert "/m/0583/" in paths and "/m/0584/" in paths
    assert f"/m/0583/reports/{approved_year}/" in paths
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert re.search(r'<html lang="sv">', html), path
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()
        assert len(title) > len(" – Samverkan"), path
        description = re.search(r'<meta name="description" content="([^"]+)"', html)
        assert description and description.group(1).strip(), path
        assert html.count("<h1") == 1, path
        assert 'href="/m/accessibility/"' in html, path


def test_the_index_lists_the_municipalities_that_publish(client, demo):
    from samverkan.lib.actions import SYSTEM
    from samverkan.public import actions
    from samverkan.public.models import PublicationSettings

    html = client.get("/m/").content.decode()
    assert 'data-code="0583"' in html and 'data-code="0584"' in html
    # Municipalities nobody uses here are not listed.
    assert 'data-code="0580"' not in html
    # A municipality that publishes nothing is neither listed nor shown.
    off = dict.fromkeys(set(PublicationSettings.FLAGS.values()), False)
    actions.save_publication_settings(
        PublicationSettings.for_municipality(demo.vadstena), off, acting_user=SYSTEM
    )
    assert 'data-code="0584"' not in client.get("/m/").content.decode()
    assert client.get("/m/0584/").status_code == 404
    assert client.get("/api/v1/public/0584").status_code == 404


def test_the_sitemap_lists_the_public_pages(client, demo):
    response = client.get("/m/sitemap.xml")
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = [loc.text for loc in root.findall("s:url/s:loc", namespace)]
    assert "http://testserver/m/0583/activities/" in urls
    assert "http://testserver/m/accessibility/" in urls
    assert all(url.startswith("http://testserver/m/") for url in urls)


def test_the_accessibility_statement_names_contact_and_enforcement_body(client, settings):
    settings.SAMVERKAN_ACCESSIBILITY_CONTACT = "tillganglighet@motala.example"
    html = client.get("/m/accessibility/").content.decode()
    assert 'href="mailto:tillganglighet@motala.example"' in html
    assert 'href="https://www.digg.se/tdosanmalan"' in html
    assert "2018:1937" in html
    assert 'data-status="partial"' in html
    for anchor in ("status", "problems", "report", "enforcement", "method"):
        assert f'id="{anchor}"' in html


def test_the_footer_of_every_page_links_the_statement(client, demo):
    for path in ("/", "/login/", "/m/"):
        assert 'href="/m/accessibility/"' in client.get(path).content.decode(), path
    client.force_login(demo.users["reader"])
    assert 'href="/m/accessibility/"' in client.get("/").content.decode()


def test_an_approved_year_publishes_its_report_in_three_formats(
    client, demo, publish_all, approved_year
):
    page = client.get(f"/m/0583/reports/{approved_year}/")
    assert page.status_code == 200
    docx = client.get(f"/m/0583/reports/{approved_year}.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    pdf = client.get(f"/m/0583/reports/{approved_year}.pdf")
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    dashboard = client.get(f"/m/0583/compliance/{approved_year}/")
    assert dashboard.status_code == 200
    assert 'data-key="' in dashboard.content.decode()
    # No link into the signed-in site's records pages.
    assert "/follow-up/compliance" not in dashboard.content.decode()
    reports = client.get("/api/v1/public/0583/reports").json()
    assert [r["year"] for r in reports] == [approved_year]
    assert reports[0]["pdf"] == f"/m/0583/reports/{approved_year}.pdf"


def _add_public_rows(demo, count):
    """`count` more public activities, twin towns, agreements and memberships, each with
    everything their rows show."""
    from samverkan.activities.models import Activity, ActivityCountry, FundingLine
    from samverkan.registry.models import (
        Agreement,
        MembershipFee,
        NetworkMembership,
        Partner,
        TwinTown,
    )

    m = demo.motala
    for i in range(count):
        partner = Partner.objects.create(
            municipality=m, name=f"Testkommun {i}", kind=Partner.Kind.MUNICIPALITY, country="FI"
        )
        network = Partner.objects.create(
            municipality=m, name=f"Testnätverk {i}", kind=Partner.Kind.NETWORK, country="BE"
        )
        activity = Activity.objects.create(
            municipality=m,
            committee=demo.own_committee,
            title=f"Test {i}",
            start_date=datetime.date(2025, 1, 1 + i),
            is_public=True,
        )
        ActivityCountry.objects.create(municipality=m, activity=activity, country="FI")
        FundingLine.objects.create(
            municipality=m, activity=activity, source="own", amount=100, currency="SEK"
        )
        activity.partners.add(partner)
        activity.goals.add(demo.motala_goal)
        TwinTown.objects.create(municipality=m, partner=partner, status="proposed")
        agreement = Agreement.objects.create(municipality=m, kind="other", title=f"Avtal {i}")
        agreement.parties.add(partner)
        membership = NetworkMembership.objects.create(
            municipality=m, organisation=network, started_on=datetime.date(2024, 1, 1)
        )
        MembershipFee.objects.create(municipality=m, membership=membership, year=2025, amount=10)


@pytest.mark.parametrize(
    "path",
    [
        "/m/0583/activities/",
        "/m/0583/twin-towns/",
        "/m/0583/agreements/",
        "/m/0583/memberships/",
        "/m/0583/countries/",
        "/m/0583/policies/",
        "/m/0583/data/activities.csv",
        "/m/0583/data/memberships.json",
        "/api/v1/public/0583/activities",
        "/api/v1/public/0583/agreements",
    ],
)
def test_a_list_reads_as_many_queries_for_more_rows(client, demo, publish_all, path):
    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(path).status_code == 200
        return len(context.captured_queries)

    client.get(path)  # caches warmed (content types, the map's outlines)
    before = queries()
    _add_public_rows(demo, 4)
    assert queries() == before


def test_the_administrator_chooses_what_is_published(client, demo):
    from samverkan.public.models import PublicationSettings

    admin = demo.users["admin"]
    client.force_login(admin)
    session = client.session
    session["samverkan_mfa_pending"] = False
    session.save()
    page = client.get("/m/settings/")
    assert page.status_code == 200
    data = {
        "publish_policies": "on",
        "publish_twin_towns": "on",
        "publish_activities": "on",
        "opened_version": "",
    }
    response = client.post("/m/settings/", data)
    assert response.status_code == 302
    settings = PublicationSettings.objects.get(municipality=demo.motala)
    assert settings.publish_policies and not settings.publish_memberships
    assert settings.history.count() == 1
    assert client.get("/m/0583/memberships/").status_code == 404
    assert client.get("/m/0583/policies/").status_code == 200
    assert client.get("/api/v1/public/0583/memberships").status_code == 404


@pytest.mark.parametrize("username", ["coordinator", "reader", "vadstena-coordinator"])
def test_only_the_administrator_may_choose(client, demo, username):
    client.force_login(demo.users[username])
    assert client.get("/m/settings/").status_code == 403
    assert client.post("/m/settings/", {"publish_policies": "on"}).status_code == 403


def test_the_settings_page_asks_an_anonymous_visitor_to_sign_in(client, demo):
    assert client.get("/m/settings/").status_code == 302
