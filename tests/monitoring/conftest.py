"""Watch items of Motala's two demo committees, made per test (the demo keeps away from them)."""

import pytest

from samverkan.monitoring.models import SubjectArea, WatchItem


@pytest.fixture
def area(demo):
    return SubjectArea.objects.create(
        municipality=demo.motala, name="Utbildning i EU", committee=demo.own_committee
    )


@pytest.fixture
def own_item(demo, area):
    """A watch item of Bildningsnämnden, the demo editor's committee."""
    return WatchItem.objects.create(
        municipality=demo.motala,
        title="Europeiska utbildningsområdet",
        eu_reference="COM(2020) 625",
        kind=WatchItem.Kind.STRATEGY,
        subject_area=area,
        committee=demo.own_committee,
    )


@pytest.fixture
def other_item(demo):
    """A watch item of Socialnämnden: not the editor's."""
    return WatchItem.objects.create(
        municipality=demo.motala,
        title="Europeisk strategi för vård",
        committee=demo.other_committee,
    )
