"""Shared helpers for the application tests: a record maker and English pages."""

import datetime
from decimal import Decimal

import pytest

from samverkan.applications.models import Application


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def english(client):
    # Assertions read English msgids, whatever the Swedish catalogue holds.
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def make_application(demo):
    def make(title="Skolutveckling med Hyvinge", **extra):
        values = {
            "municipality": demo.motala,
            "lead_body": demo.own_committee,
            "programme_name": "Erasmus+",
            "amount_applied": Decimal("100000"),
            "status": Application.Status.IDEA,
        }
        values.update(extra)
        return Application.objects.create(title=title, **values)

    return make


DAY = datetime.date
