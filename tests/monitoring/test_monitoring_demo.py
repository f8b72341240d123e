"""The monitoring demo: real EU matters with sources, one item without an owner, actions."""

from samverkan.monitoring.demo import create_monitoring_demo
from samverkan.monitoring.figures import open_items_without_owner
from samverkan.monitoring.models import InfluenceAction, SubjectArea, WatchItem


def test_demo_is_there_once_and_per_municipality(demo):
    before = WatchItem.objects.count()
    create_monitoring_demo()  # does nothing the second time
    assert WatchItem.objects.count() == before
    motala = WatchItem.objects.for_municipality(demo.motala)
    real = motala.filter(is_demo=False)
    assert real.exists() and all(item.url for item in real)
    assert motala.filter(eu_reference="COM(2025) 565", status="acting").exists()
    assert open_items_without_owner(demo.motala).exists()
    assert InfluenceAction.objects.for_municipality(demo.motala).filter(contact__isnull=False)
    assert SubjectArea.objects.for_municipality(demo.vadstena).count() == 1
    # The committees the tests delete are not referred to.
    for committee in (demo.own_committee, demo.other_committee):
        assert not committee.watch_items.exists() and not committee.subject_areas.exists()
