"""No person's name on the public side, even on a record that is public.

"Offentlig" makes a record public, never the people in it: travellers, training
participants, contacts, reporters, reviewers and representatives stay inside. The test
makes every activity of the demo public, plants a name in every field that holds people,
publishes every register with a year approved, and walks every public page, open-data
file, catalogue, report and anonymous API answer for each person's name in the database.
"""

import datetime

import pytest

pytestmark = pytest.mark.django_db

TRAVELLERS = ("Greta Resenärsson", "Sven Medresenär")
CONTACT = "Mirja Kontaktdotter"
REPRESENTATIVE = "Rolf Ombudsson"
PARTICIPANT = "Bo Mötesdeltagare"
REVIEWER = "Gun Granskarsson"


@pytest.fixture
def everything_public_with_people(demo):
    """Every Motala activity public, each field that holds people given a name."""
    from samverkan.activities.models import Activity, Training
    from samverkan.followup.models import YearlyAccount
    from samverkan.registry.models import (
        Contact,
        NetworkMembership,
        ParticipationEntry,
        Partner,
        TwinTown,
        ValueReview,
    )

    motala = demo.motala
    activities = Activity.objects.filter(municipality=motala)
    activities.update(
        is_public=True,
        travellers=" och ".join(TRAVELLERS),
        traveller_selection=f"Nämnden utsåg {TRAVELLERS[0]}.",
    )
    assert activities.filter(is_public=False).count() == 0
    users = list(demo.users.values())
    for training in Training.objects.filter(municipality=motala):
        training.named_participants.add(*users)
    organisations = Partner.objects.filter(municipality=motala)
    partner = organisations.exclude(kind__in=Partner.PERSONAL_KINDS).first()
    contact = Contact.objects.create(
        municipality=motala, partner=partner, name=CONTACT, email="mirja@example.org"
    )
    for twin in TwinTown.objects.filter(municipality=motala):
        twin.contacts.add(contact)
    memberships = NetworkMembership.objects.filter(municipality=motala)
    memberships.update(representatives=REPRESENTATIVE)
    membership = memberships.first()
    ParticipationEntry.objects.create(
        municipality=motala,
        membership=membership,
        kind=ParticipationEntry.Kind.choices[0][0],
        occurred_on=datetime.date(2025, 4, 1),
        description="Årsmöte.",
        participants=PARTICIPANT,
    )
    ValueReview.objects.create(
        municipality=motala,
        membership=membership,
        year=2001,
        benefits="Nätverket gav kontakter.",
        recommendation=ValueReview.Recommendation.choices[0][0],
        reviewed_by=REVIEWER,
    )
    accounts = YearlyAccount.objects.filter(round__municipality=motala)
    accounts.update(reporter=demo.users["editor"])


def person_names() -> dict[str, str]:
    """Each person's name (and e-mail) in the database → where it is kept."""
    from django.contrib.auth import get_user_model

    from samverkan.registry.models import (
        Contact,
        ControlLogEntry,
        Partner,
        ValueReview,
    )

    names: dict[str, str] = {}
    for user in get_user_model().objects.all():
        names.setdefault(user.get_full_name(), f"user {user.username}")
        if user.email:
            names.setdefault(user.email, f"e-mail of {user.username}")
    for contact in Contact.objects.all():
        names.setdefault(contact.name, "contact")
        if contact.email:
            names.setdefault(contact.email, "contact's e-mail")
    for partner in Partner.objects.filter(kind__in=Partner.PERSONAL_KINDS):
        names.setdefault(partner.name, "a person as partner")
    for traveller in TRAVELLERS:
        names.setdefault(traveller, "traveller")
    # Who represents the municipality or took part in a meeting is mostly a role in the
    # demo ("the council's chair"), which a public activity may name; the names planted
    # there are looked for.
    names.setdefault(REPRESENTATIVE, "representative")
    names.setdefault(PARTICIPANT, "participant in a meeting")
    for model in (ControlLogEntry, ValueReview):
        for value in model.objects.values_list("reviewed_by", flat=True):
            names.setdefault(value, "reviewer")
    return {name.strip(): where for name, where in names.items() if len(name.strip()) >= 5}


def test_no_persons_name_reaches_the_public_even_on_a_public_record(
    client,
    demo,
    everything_public_with_people,
    publish_all,
    approved_year,
    public_paths,
    readable,
    settings,
):
    settings.SAMVERKAN_PUBLIC_API_RATE = "100000/min"
    names = person_names()
    # The cast of demo users and every planted name are looked for.
    for user in demo.users.values():
        assert user.get_full_name() in names
    for planted in (*TRAVELLERS, CONTACT, REPRESENTATIVE, PARTICIPANT, REVIEWER):
        assert planted in names

    paths = public_paths()
    # Every activity is public, so each one's page and API answer is walked.
    from samverkan.activities.models import Activity

    public_ids = Activity.objects.filter(municipality=demo.motala).values_list("pk", flat=True)
    for pk in public_ids:
        paths.append(f"/m/0583/activities/{pk}/")
    assert f"/api/v1/public/0583/activities/{public_ids[0]}" in paths
    paths.append(f"/m/0583/reports/{approved_year}/")
    leaks = []
    for path in dict.fromkeys(paths):
        response = client.get(path)
        assert response.status_code == 200, path
        text = readable(response)
        leaks += [f"{path}: {where} {name!r}" for name, where in names.items() if name in text]
    assert not leaks, "\n".join(leaks[:40])


def test_a_new_activity_is_not_public_until_someone_says_so(demo):
    """The flag "public" starts off: in the model, in the form and in the API's schema."""
    from samverkan.activities.forms import ActivityForm
    from samverkan.activities.models import Activity
    from samverkan.api.endpoints.activities_schemas import ActivityIn

    assert Activity(municipality=demo.motala).is_public is False
    form = ActivityForm(instance=Activity(municipality=demo.motala), municipality=demo.motala)
    assert "checked" not in str(form["is_public"])
    assert ActivityIn.model_fields["is_public"].default is False
