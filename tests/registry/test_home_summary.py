"""The start page shows the registries at a glance, and warns when a rule is broken."""

from samverkan.registry.authority import violations


def test_the_start_page_counts_the_registries_and_warns_of_broken_rules(client, demo):
    client.force_login(demo.users["reader"])
    html = client.get("/").content.decode()
    assert 'href="/registry/twin-towns/"' in html
    assert 'href="/registry/agreements/renewals/"' in html
    broken = len(violations(demo.motala.pk))
    assert broken > 0  # the demo's deliberately imported breach
    assert 'href="/registry/rule-violations/"' in html


def test_vadstena_sees_no_warning(client, demo):
    client.force_login(demo.users["vadstena-coordinator"])
    html = client.get("/").content.decode()
    assert 'href="/registry/rule-violations/"' not in html


def test_the_start_page_queries_do_not_grow_with_the_registries(
    client, demo, django_assert_max_num_queries
):
    client.force_login(demo.users["coordinator"])
    with django_assert_max_num_queries(40):
        assert client.get("/").status_code == 200


def test_finding_violations_takes_the_same_queries_for_more_records(
    demo, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from samverkan.registry.models import Partner, TwinTown

    with CaptureQueriesContext(connection) as before:
        violations(demo.motala.pk)
    for number in range(5):
        partner = Partner.objects.create(
            municipality=demo.motala, name=f"Prov {number}", kind="municipality", country="DK"
        )
        TwinTown.objects.create(municipality=demo.motala, partner=partner, status="active")
    with django_assert_num_queries(len(before.captured_queries)):
        assert len(violations(demo.motala.pk)) >= 5
