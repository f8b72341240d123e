"""P8 figures: open items without an owner, and influence actions in a year."""

import datetime

from samverkan.monitoring.figures import actions_in_year, open_items_without_owner
from samverkan.monitoring.models import InfluenceAction, WatchItem


def test_open_items_without_owner_counts_neither_committee_nor_person(demo, own_item):
    m = demo.motala
    before = set(open_items_without_owner(m).values_list("pk", flat=True))
    orphan = WatchItem.objects.create(municipality=m, title="Utan ägare")
    person_only = WatchItem.objects.create(
        municipality=m, title="Bara person", responsible_person=demo.users["coordinator"]
    )
    closed = WatchItem.objects.create(
        municipality=m, title="Stängd", status=WatchItem.Status.CLOSED
    )
    acting = WatchItem.objects.create(
        municipality=m, title="Agerar", status=WatchItem.Status.ACTING
    )
    WatchItem.objects.create(municipality=demo.vadstena, title="Vadstenas utan ägare")
    found = set(open_items_without_owner(m).values_list("pk", flat=True))
    assert found - before == {orphan.pk, acting.pk}
    assert person_only.pk not in found and closed.pk not in found and own_item.pk not in found
    # The demo's strategy without an owner is counted.
    assert open_items_without_owner(m).filter(title__startswith="Europeisk plan").exists()


def test_actions_in_year_keeps_to_the_calendar_year_and_municipality(demo, own_item):
    def action(day):
        return InfluenceAction.objects.create(
            municipality=demo.motala,
            watch_item=own_item,
            kind=InfluenceAction.Kind.MEETING,
            taken_on=day,
        )

    first = action(datetime.date(2031, 1, 1))
    last = action(datetime.date(2031, 12, 31))
    action(datetime.date(2030, 12, 31))
    action(datetime.date(2032, 1, 1))
    assert set(actions_in_year(demo.motala, 2031)) == {first, last}
    assert actions_in_year(demo.vadstena, 2031).count() == 0
