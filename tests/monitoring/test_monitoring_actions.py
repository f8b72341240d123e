"""The monitoring actions hold their rules themselves: a command or the API cannot skip them."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from samverkan.lib.actions import SYSTEM, RuleViolation
from samverkan.monitoring import actions
from samverkan.monitoring.models import InfluenceAction
from samverkan.registry.models import Contact, Partner


def test_an_editor_cannot_hand_an_item_to_another_committee(demo, own_item):
    with pytest.raises(PermissionDenied):
        actions.update_watch_item(
            own_item,
            {"committee": demo.other_committee},
            expected_version=own_item.version,
            acting_user=demo.users["editor"],
        )
    own_item.refresh_from_db()
    assert own_item.committee == demo.own_committee


def test_another_municipalitys_records_are_refused(demo, own_item):
    with pytest.raises(RuleViolation) as refused:
        actions.update_watch_item(
            own_item,
            {"committee": demo.vadstena_body},
            expected_version=None,
            acting_user=SYSTEM,
        )
    assert refused.value.errors[0][0] == "committee"
    partner = Partner.objects.filter(municipality=demo.vadstena).first()
    foreign = Contact.objects.create(municipality=demo.vadstena, partner=partner, name="Annan")
    with pytest.raises(RuleViolation):
        actions.create_influence_action(
            own_item,
            {"kind": "meeting", "taken_on": datetime.date(2030, 1, 1), "contact": foreign},
            acting_user=SYSTEM,
        )
    assert not InfluenceAction.objects.filter(watch_item=own_item).exists()
    foreign.refresh_from_db()
    assert foreign.last_contact_on is None


def test_a_calendar_address_is_its_users_own(demo):
    reader, coordinator = demo.users["reader"], demo.users["coordinator"]
    with pytest.raises(PermissionDenied):
        actions.renew_feed(reader, acting_user=coordinator)
    feed = actions.renew_feed(reader, acting_user=reader)
    assert actions.revoke_feed(reader, acting_user=SYSTEM) == 1
    feed.refresh_from_db()
    assert feed.revoked_at is not None
