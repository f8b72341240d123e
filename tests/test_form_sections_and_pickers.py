"""Forms people can use: long forms in sections, long lists searchable, goals and people
by name (the pages draw them through templates/includes/form.html)."""

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def _forms(demo):
    from samverkan.activities.forms import ActivityForm, TrainingForm
    from samverkan.activities.models import Activity, Training
    from samverkan.applications.forms import ApplicationForm
    from samverkan.applications.models import Application
    from samverkan.registry.forms import (
        AgreementForm,
        DecisionForm,
        NetworkMembershipForm,
        TwinTownForm,
    )
    from samverkan.registry.models import Agreement, Decision, NetworkMembership, TwinTown

    motala = demo.motala
    return {
        "activity": ActivityForm(instance=Activity(municipality=motala), municipality=motala),
        "training": TrainingForm(instance=Training(municipality=motala), municipality=motala),
        "application": ApplicationForm(
            instance=Application(municipality=motala), municipality=motala
        ),
        "agreement": AgreementForm(instance=Agreement(municipality=motala), municipality=motala),
        "decision": DecisionForm(instance=Decision(municipality=motala), municipality=motala),
        "membership": NetworkMembershipForm(
            instance=NetworkMembership(municipality=motala), municipality=motala
        ),
        "twin town": TwinTownForm(instance=TwinTown(municipality=motala), municipality=motala),
    }


def test_every_long_form_puts_each_field_in_one_named_section(demo):
    for name, form in _forms(demo).items():
        sections = form.sections()
        assert len(sections) >= 2, name
        placed = [field.name for section in sections for field in section.fields]
        visible = [field.name for field in form.visible_fields()]
        assert sorted(placed) == sorted(visible), name
        # No field fell into the catch-all section: each is placed on purpose.
        with translation.override("en"):
            assert "Other details" not in [str(section.legend) for section in sections], name


def test_lists_of_several_choices_and_long_single_lists_are_searchable(demo):
    from django import forms

    from samverkan.registry.forms import PartnerForm
    from samverkan.registry.models import Partner

    for name, form in _forms(demo).items():
        for field_name, field in form.fields.items():
            widget = field.widget
            if isinstance(widget, forms.SelectMultiple) and not isinstance(
                widget, forms.CheckboxSelectMultiple
            ):
                assert "data-picker" in widget.attrs, f"{name}.{field_name}"
    partner_form = PartnerForm(instance=Partner(municipality=demo.motala), municipality=demo.motala)
    assert "data-picker" in partner_form.fields["country"].widget.attrs
    assert "data-picker" not in partner_form.fields["kind"].widget.attrs


def test_agenda_goals_and_training_participants_are_shown_by_name(demo):
    from samverkan.activities.models import AGENDA_2030_GOALS

    forms_ = _forms(demo)
    with translation.override("en"):
        goals = dict(forms_["activity"].fields["agenda_2030_goals"].choices)
        assert str(goals[3]) == "Goal 3: Good health and well-being"
        assert len(goals) == 17 == len(AGENDA_2030_GOALS)
    participants = forms_["training"]["named_participants"]
    shown = str(participants)
    editor = demo.users["editor"]
    assert editor.get_full_name() in shown
    assert f">{editor.username}<" not in shown


def test_the_activity_page_draws_the_sections_and_the_picker_files(client, demo):
    client.force_login(demo.users["coordinator"])
    html = client.get(reverse("activity-create"), headers={"Accept-Language": "en"}).content
    html = html.decode()
    assert html.count('<fieldset class="form-section">') >= 5
    assert "vendor/tom-select/tom-select.complete.min.js" in html
    assert "samverkan/pickers.js" in html
    assert 'id="id_agenda_2030_goals"' in html and "data-picker" in html
    # "Public" starts off.
    assert 'name="is_public" id="id_is_public" checked' not in html
