"""Leaks are the main risk: nothing personal, internal or confidential reaches the public.

The test walks every public page, open-data file, catalogue and anonymous API answer of
the demo (with every register published, a year's accounts approved and secrets planted)
and fails on any string the database says must stay inside.
"""

import pytest

pytestmark = pytest.mark.django_db

MIN_LENGTH = 5


def forbidden_strings() -> dict[str, str]:
    """Each string the public must never see → where it comes from."""
    from django.contrib.auth import get_user_model

    from samverkan.activities.models import Activity
    from samverkan.followup.models import YearlyAccount
    from samverkan.registry.models import (
        Contact,
        ControlLogEntry,
        Document,
        NetworkMembership,
        ParticipationEntry,
        Partner,
        TwinTown,
        TwinTownNote,
        ValueReview,
    )

    found: dict[str, str] = {}

    def add(value, where):
        value = (value or "").strip()
        if len(value) >= MIN_LENGTH:
            found.setdefault(value, where)

    for contact in Contact.objects.all():
        for field in ("name", "email", "phone", "notes"):
            add(getattr(contact, field), f"contact.{field}")
    for user in get_user_model().objects.all():
        add(user.get_full_name(), "user name")
        add(user.email, "user e-mail")
    for partner in Partner.objects.filter(kind__in=Partner.PERSONAL_KINDS):
        add(partner.name, "citizen partner")
    # Who took part is often a role ("the council's chair"), which a public activity may
    # name in its own text; a role that the public record itself names is not a leak.
    public_text = " ".join(
        " ".join(row)
        for row in Activity.objects.filter(is_public=True).values_list(
            "title", "description", "purpose", "results"
        )
    )
    for entry in ParticipationEntry.objects.all():
        if entry.participants.strip() not in public_text:
            add(entry.participants, "participants")
    for membership in NetworkMembership.objects.all():
        if membership.representatives.strip() not in public_text:
            add(membership.representatives, "membership.representatives")
    public_titles = set(Activity.objects.filter(is_public=True).values_list("title", flat=True))
    for activity in Activity.objects.all():
        for field in ("travellers", "traveller_selection", "lessons", "external_id"):
            add(getattr(activity, field), f"activity.{field}")
        if not activity.is_public and activity.title not in public_titles:
            add(activity.title, "internal activity")
    for document in Document.objects.filter(is_public=False):
        add(document.title, "confidential document")
        add(document.confidentiality_ground, "confidentiality ground")
    for note in TwinTownNote.objects.all():
        add(note.text, "twin-town note")
    for entry in ControlLogEntry.objects.all():
        add(entry.findings, "control log")
        add(entry.reviewed_by, "control log reviewer")
    for review in ValueReview.objects.all():
        add(review.benefits, "value review")
        add(review.reviewed_by, "value reviewer")
    for twin in TwinTown.objects.all():
        for field in (*TwinTown.CONSIDERATION_FIELDS, "status_reason"):
            add(getattr(twin, field), f"twin_town.{field}")
    for account in YearlyAccount.objects.all():
        add(account.return_comment, "return comment")
    return found


def test_no_public_answer_shows_anything_personal_internal_or_confidential(
    client, demo, publish_all, approved_year, secrets, public_paths, readable, settings
):
    settings.SAMVERKAN_PUBLIC_API_RATE = "100000/min"
    forbidden = forbidden_strings()
    # The planted secrets are among them, so the walk would see them if they leaked.
    for planted in (secrets.citizen.name, secrets.document.title, secrets.internal.title):
        assert planted in forbidden
    assert any(where == "contact.email" for where in forbidden.values())

    paths = public_paths()
    assert any(path.endswith(".docx") for path in paths), "the approved year's report is walked"
    assert any("/compliance/" in path for path in paths)
    assert any("/policies/" in path for path in paths)
    leaks = []
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        text = readable(response)
        leaks += [
            f"{path}: {where} {value!r}" for value, where in forbidden.items() if value in text
        ]
    assert not leaks, "\n".join(leaks[:40])


def test_the_rows_hold_only_the_documented_fields(client, demo, publish_all, approved_year):
    """No internal field slips into a file or an API answer: each row has the documented
    fields and no other."""
    from samverkan.public import data

    for register, fields in data.FIELDS.items():
        names = [name for name, _description in fields]
        document = client.get(f"/m/0583/data/{register}.json").json()
        assert list(document["fields"]) == names
        for row in document["rows"]:
            assert list(row) == names, register
        for row in client.get(f"/api/v1/public/0583/{register}").json():
            assert set(row) == set(names), register


def test_an_internal_or_foreign_record_answers_404_not_403(client, demo, publish_all, secrets):
    from samverkan.activities.models import Activity

    internal = secrets.internal.pk
    foreign = Activity.objects.filter(municipality=demo.vadstena).first().pk
    public = secrets.public_activity.pk
    for path in (
        f"/m/0583/activities/{internal}/",
        f"/api/v1/public/0583/activities/{internal}",
        f"/m/0583/activities/{foreign}/",
        f"/api/v1/public/0583/activities/{foreign}",
        f"/m/0584/activities/{public}/",
        f"/api/v1/public/0584/activities/{public}",
        "/m/0583/activities/999999999/",
        "/m/0583/reports/1999/",
        "/m/0583/reports/1999.pdf",
        "/m/0583/compliance/1999/",
        "/m/0580/",  # a municipality that does not use the installation
        "/api/v1/public/0580/activities",
        "/m/0583/data/contacts.csv",
        "/api/v1/public/0583/contacts",
    ):
        assert client.get(path).status_code == 404, path
    # And so does one published elsewhere but not here.
    assert client.get(f"/m/0583/activities/{public}/").status_code == 200


def test_a_register_not_published_answers_404(client, demo):
    """By default policies and compliance are not published."""
    assert client.get("/m/0583/twin-towns/").status_code == 200
    for path in (
        "/m/0583/policies/",
        "/m/0583/data/policies.csv",
        "/api/v1/public/0583/policies",
        "/m/0583/compliance/",
        "/api/v1/public/0583/compliance",
    ):
        assert client.get(path).status_code == 404, path


def test_a_year_not_fully_approved_is_not_published(client, demo):
    """The demo's year has accounts still in draft: neither its report nor its dashboard."""
    from samverkan.followup.models import AccountRound

    year = AccountRound.objects.get(municipality=demo.motala).year
    assert client.get("/m/0583/reports/").status_code == 200
    assert client.get(f"/m/0583/reports/{year}/").status_code == 404
    assert client.get(f"/m/0583/reports/{year}.docx").status_code == 404
    assert client.get("/api/v1/public/0583/reports").json() == []


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_every_anonymous_write_is_refused(demo, method, publish_all):
    from django.test import Client

    from samverkan.activities.models import Activity

    client = Client(enforce_csrf_checks=True)
    pk = Activity.objects.filter(municipality=demo.motala, is_public=True).first().pk
    before = Activity.objects.count()
    for path in (
        "/m/",
        "/m/0583/",
        "/m/0583/activities/",
        f"/m/0583/activities/{pk}/",
        "/m/0583/data/activities.csv",
        "/m/0583/data/catalog.jsonld",
        "/m/accessibility/",
        "/api/v1/public/0583/activities",
        f"/api/v1/public/0583/activities/{pk}",
    ):
        response = getattr(client, method)(path, {}, content_type="application/json")
        assert response.status_code in (403, 405), f"{method} {path}: {response.status_code}"
    response = getattr(client, method)("/m/settings/", {"publish_activities": ""})
    assert response.status_code in (302, 403, 405)
    assert Activity.objects.count() == before
