"""The funding app's actions hold their rules whoever calls them: rights, an owner's saved
search, a programme's unique code, and the importer behind the import action."""

import pytest
from django.core.exceptions import PermissionDenied

from samverkan.funding import actions
from samverkan.funding.models import Call, CallMark, Programme, SavedSearch
from samverkan.lib.actions import SYSTEM, RuleViolation


def test_only_coordinators_mark_calls(demo):
    call = Call.objects.filter(municipality=demo.motala, mark__isnull=True).first()
    with pytest.raises(PermissionDenied):
        actions.mark_call(call, "follow", acting_user=demo.users["reader"])
    with pytest.raises(RuleViolation):
        actions.mark_call(call, "maybe", acting_user=demo.users["coordinator"])
    assert not CallMark.objects.filter(call=call).exists()


def test_a_programme_code_is_unique_and_its_period_in_order(demo):
    taken = Programme.objects.filter(municipality=demo.motala).first()
    values = {"code": taken.code, "name": "Dubblett", "level": "eu"}
    with pytest.raises(RuleViolation) as raised:
        actions.create_programme(values, municipality=demo.motala, acting_user=SYSTEM)
    assert raised.value.errors[0][0] == "code"
    late = {"code": "ny", "name": "Ny", "level": "eu", "period_start_year": 2027}
    with pytest.raises(RuleViolation) as raised:
        actions.create_programme(
            {**late, "period_end_year": 2021}, municipality=demo.motala, acting_user=SYSTEM
        )
    assert raised.value.errors[0][0] == "period_end_year"
    with pytest.raises(PermissionDenied):
        actions.create_programme(late, municipality=demo.motala, acting_user=demo.users["editor"])


def test_a_saved_search_is_its_owners_and_never_empty(demo):
    editor = demo.users["editor"]
    with pytest.raises(RuleViolation):
        actions.create_saved_search(
            {"name": "Allt"}, municipality=demo.motala, owner=editor, acting_user=editor
        )
    search = actions.create_saved_search(
        {"name": "Klimat", "words": "climate"},
        municipality=demo.motala,
        owner=editor,
        acting_user=editor,
    )
    with pytest.raises(PermissionDenied):
        actions.update_saved_search(
            search, {"name": "Mitt"}, expected_version=1, acting_user=demo.users["coordinator"]
        )
    with pytest.raises(PermissionDenied):
        actions.delete_saved_search(search, acting_user=demo.users["coordinator"])
    assert SavedSearch.objects.get(pk=search.pk).name == "Klimat"


def test_importing_calls_is_for_coordinators_and_the_server(demo):
    with pytest.raises(PermissionDenied):
        actions.import_calls(demo.motala, {}, acting_user=demo.users["editor"])
    result = actions.import_calls(demo.motala, {}, acting_user=SYSTEM)
    assert (result.created, result.updated) == (0, 0)
