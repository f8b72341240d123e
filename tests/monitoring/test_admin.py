"""The back office shows the monitoring records to an administrator."""

import pytest

from samverkan.monitoring.models import WatchItem


@pytest.fixture
def back_office(client, demo):
    """The demo's administrator, let into the back office."""
    admin = demo.users["admin"]
    admin.is_staff = admin.is_superuser = True
    admin.save(update_fields=["is_staff", "is_superuser"])
    client.force_login(admin)
    return client


@pytest.mark.parametrize("model", ["watchitem", "subjectarea", "calendarfeed", "sentreminder"])
def test_back_office_lists(back_office, model):
    assert back_office.get(f"/admin/monitoring/{model}/").status_code == 200


def test_back_office_watch_item_with_its_actions(back_office, demo):
    item = WatchItem.objects.get(municipality=demo.motala, eu_reference="COM(2025) 565")
    page = back_office.get(f"/admin/monitoring/watchitem/{item.pk}/change/")
    assert page.status_code == 200 and "COM(2025) 565" in page.content.decode()
