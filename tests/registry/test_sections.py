"""The policy's sections lead to the registers that follow them up."""

import pytest

LINKS = {
    "cooperation": ["/registry/partners/", "/registry/agreements/", "/registry/memberships/"],
    "monitoring": ["/registry/contacts/"],
    "twinning": ["/registry/twin-towns/"],
    "roles": ["/registry/decisions/", "/registry/rule-violations/"],
    "follow-up": ["/registry/agreements/renewals/", "/registry/settings/"],
}


@pytest.mark.parametrize("key", LINKS)
def test_each_section_links_its_registers(client, demo, key):
    client.force_login(demo.users["coordinator"])
    html = client.get(f"/policy/sections/{key}/").content.decode()
    for href in LINKS[key]:
        assert f'href="{href}' in html


def test_a_reader_is_not_led_to_personal_data_or_settings(client, demo):
    client.force_login(demo.users["reader"])
    assert (
        'href="/registry/contacts/'
        not in client.get("/policy/sections/monitoring/").content.decode()
    )
    assert (
        'href="/registry/settings/'
        not in client.get("/policy/sections/follow-up/").content.decode()
    )
