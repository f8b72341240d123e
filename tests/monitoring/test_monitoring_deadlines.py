"""The monitoring deadlines provider: who hears about which watch item and agreement dates."""

import datetime

from samverkan.lib.deadlines import upcoming
from samverkan.monitoring.deadlines import monitoring_deadlines
from samverkan.monitoring.models import WatchItem
from samverkan.registry.models import Agreement

START = datetime.date(2031, 3, 1)
END = datetime.date(2031, 3, 31)


def _uids(user, municipality):
    return {d.uid for d in monitoring_deadlines(user, municipality, START, END)}


def test_watch_item_dates_go_to_the_right_people(demo, own_item, other_item):
    own_item.next_date = datetime.date(2031, 3, 10)
    own_item.next_step = "Omröstning i parlamentet"
    own_item.feedback_closes_on = datetime.date(2031, 3, 31)
    own_item.save()
    other_item.next_date = datetime.date(2031, 3, 11)
    other_item.responsible_person = demo.users["reader"]
    other_item.save()
    outside = WatchItem.objects.create(
        municipality=demo.motala,
        title="Utanför fönstret",
        committee=demo.own_committee,
        next_date=datetime.date(2031, 4, 1),
    )
    closed = WatchItem.objects.create(
        municipality=demo.motala,
        title="Stängd",
        committee=demo.own_committee,
        status=WatchItem.Status.CLOSED,
        next_date=datetime.date(2031, 3, 12),
    )
    own_next = f"watch-item-{own_item.pk}-next-2031-03-10"
    own_feedback = f"watch-item-{own_item.pk}-feedback-2031-03-31"
    other_next = f"watch-item-{other_item.pk}-next-2031-03-11"
    m = demo.motala
    assert {own_next, own_feedback, other_next} <= _uids(demo.users["coordinator"], m)
    editor = _uids(demo.users["editor"], m)
    assert {own_next, own_feedback} <= editor and other_next not in editor
    assert other_next in _uids(demo.users["reader"], m)  # the responsible person
    assert not any(u.startswith("watch-item") for u in _uids(demo.users["registrar"], m))
    everything = _uids(demo.users["coordinator"], m)
    assert not any(f"watch-item-{i.pk}-" in u for u in everything for i in (outside, closed))
    assert _uids(demo.users["vadstena-coordinator"], m) == set()
    deadline = next(
        d for d in monitoring_deadlines(demo.users["editor"], m, START, END) if d.uid == own_next
    )
    assert deadline.title.startswith("Omröstning i parlamentet: ")
    assert deadline.path == f"/monitoring/{own_item.pk}/" and deadline.kind == "watch_item"


def test_agreement_renewals_come_from_the_registry(demo):
    agreement = Agreement.objects.create(
        municipality=demo.motala,
        kind=Agreement.Kind.OTHER,
        title="Avtal att förnya",
        valid_until=datetime.date(2031, 3, 20),
        renewal_due_on=datetime.date(2031, 3, 5),
        signing_body=demo.board,
    )
    uids = _uids(demo.users["coordinator"], demo.motala)
    assert f"agreement-{agreement.pk}-ends-2031-03-20" in uids
    assert f"agreement-{agreement.pk}-renewal-2031-03-05" in uids
    # The editor's committee did not sign it.
    assert not any(
        u.startswith(f"agreement-{agreement.pk}-") for u in _uids(demo.users["editor"], demo.motala)
    )
    # Uids are stable between calls, and upcoming() merges them in date order.
    merged = upcoming(demo.users["coordinator"], demo.motala, START, END)
    assert [d.date for d in merged] == sorted(d.date for d in merged)
    assert f"agreement-{agreement.pk}-renewal-2031-03-05" in {d.uid for d in merged}
