"""Pages for partners, decisions, the control log, rule violations and register settings."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samverkan.organisation.models import Body, Municipality, Role, RoleAssignment
from samverkan.registry.models import (
    ControlLogEntry,
    Decision,
    DecisionType,
    Partner,
    RegisterSettings,
)

MEETING = datetime.date(2026, 3, 9)


@pytest.fixture
def english(client):
    # Assertions read English msgids, whatever the Swedish catalogue holds.
    client.cookies["django_language"] = "en"
    return client


def login(client, demo, username):
    client.force_login(demo.users[username])
    return client


def partner(demo, name="Provort Hyvinge", country="FI", kind=Partner.Kind.MUNICIPALITY, **extra):
    return Partner.objects.create(
        municipality=extra.pop("municipality", demo.motala),
        name=name,
        country=country,
        kind=kind,
        **extra,
    )


def board(demo):
    return Body.objects.get(municipality=demo.motala, kind=Body.Kind.EXECUTIVE_BOARD)


def decision(demo, body=None, paragraph=901, decision_type=DecisionType.OTHER, **extra):
    return Decision.objects.create(
        municipality=demo.motala,
        body=body or demo.council,
        decision_type=decision_type,
        meeting_date=extra.pop("meeting_date", MEETING),
        registration_number=extra.pop("registration_number", f"26/KS {paragraph:04d}"),
        paragraph=paragraph,
        title=extra.pop("title", f"Provbeslut {paragraph}"),
        **extra,
    )


def decision_data(demo, body, **changes):
    data = {
        "body": body.pk,
        "decision_type": DecisionType.TWIN_TOWN_AGREEMENT,
        "meeting_date": MEETING.isoformat(),
        "registration_number": "26/KS 0942",
        "paragraph": 912,
        "title": "Provbeslut: vänortsavtal med Hyvinge",
        "text": "Kommunfullmäktige godkänner avtalet.",
    }
    data.update(changes)
    return data


# Partners ----------------------------------------------------------------------------


def test_partner_list_filters_by_kind_country_local_actor_and_country_group(english, demo):
    # Named apart from the demo's partners: every query below searches "Provort".
    partner(demo, "Provort Hyvinge", "FI")
    partner(demo, "Provort Daugavpils", "LV")
    partner(demo, "Provort Eigersund", "NO")
    partner(demo, "Provort College", "GB", kind=Partner.Kind.UNIVERSITY)
    partner(
        demo,
        "Provort Verkstad",
        "SE",
        kind=Partner.Kind.COMPANY,
        is_local_actor=True,
        city="Motala",
    )
    client = login(english, demo, "reader")

    def names(**params):
        params.setdefault("q", "Provort")
        page = client.get(reverse("partner-list"), params).context["page"]
        return sorted(p.name.removeprefix("Provort ") for p in page)

    assert names(kind="university") == ["College"]
    assert names(country="LV") == ["Daugavpils"]
    assert names(local="yes") == ["Verkstad"]
    # Today: the UK has left the EU; Norway is Nordic and in the EEA, not the EU.
    assert names(group="eu") == ["Daugavpils", "Hyvinge", "Verkstad"]
    assert "Eigersund" in names(group="eea") and "College" not in names(group="eea")
    assert names(group="nordic") == ["Eigersund", "Hyvinge", "Verkstad"]
    assert names(q="Provort Daug") == ["Daugavpils"]
    assert "Verkstad" in names(q="motala")  # the city is searched too
    assert names(kind="no-such-kind") == names()  # unknown filters are ignored
    sorted_by_country = client.get(
        reverse("partner-list"), {"q": "Provort", "sort": "-country"}
    ).context["page"]
    assert [p.country.code for p in sorted_by_country][:2] == ["SE", "NO"]


def test_partner_list_queries_do_not_grow_with_rows(client, demo, django_assert_max_num_queries):
    client = login(client, demo, "reader")
    for number in range(3):
        partner(demo, f"Partner {number}", "FI")
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("partner-list"))
    for number in range(3, 30):
        partner(demo, f"Partner {number}", ["FI", "DE", "NO"][number % 3])
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("partner-list"))
    assert len(response.context["page"]) == 25


def test_coordinator_creates_a_partner(client, demo):
    login(client, demo, "coordinator")
    response = client.post(
        reverse("partner-create"),
        {"name": "Provort Tartu", "kind": "municipality", "country": "EE", "city": "Tartu"},
    )
    created = Partner.objects.get(municipality=demo.motala, name="Provort Tartu")
    assert response.status_code == 302
    assert response.url == reverse("partner-detail", args=[created.pk])
    assert created.history.count() == 1


def test_unknown_country_is_refused_in_the_form(english, demo):
    login(english, demo, "coordinator")
    response = english.post(
        reverse("partner-create"), {"name": "Atlantis", "kind": "municipality", "country": "XX"}
    )
    assert response.status_code == 200
    assert "country" in response.context["form"].errors
    page = response.content.decode()
    assert 'class="error-summary"' in page and 'id="id_country_error"' in page
    assert not Partner.objects.filter(name="Atlantis").exists()


def test_partner_detail_shows_country_groups_and_contacts_only_to_those_who_may(english, demo):
    hyvinge = partner(demo)
    hyvinge.contacts.create(municipality=demo.motala, name="Aino Virtanen", email="a@hyvinka.fi")
    login(english, demo, "coordinator")
    page = english.get(reverse("partner-detail", args=[hyvinge.pk])).content.decode()
    assert "Nordic, EU, EEA" in page
    assert "Aino Virtanen" in page
    for username in ("reader", "registrar"):
        login(english, demo, username)
        response = english.get(reverse("partner-detail", args=[hyvinge.pk]))
        assert response.status_code == 200
        assert "Aino Virtanen" not in response.content.decode()
        assert "a@hyvinka.fi" not in response.content.decode()


def test_a_citizen_partner_is_personal_data(client, demo):
    citizen = partner(demo, "Anna Andersson", "SE", kind=Partner.Kind.CITIZEN)
    login(client, demo, "reader")
    assert "Anna Andersson" not in client.get(reverse("partner-list")).content.decode()
    assert client.get(reverse("partner-detail", args=[citizen.pk])).status_code == 404
    login(client, demo, "coordinator")
    assert "Anna Andersson" in client.get(reverse("partner-list")).content.decode()


def test_reader_cannot_create_change_or_delete_partners(client, demo):
    hyvinge = partner(demo)
    login(client, demo, "reader")
    assert client.get(reverse("partner-create")).status_code == 403
    assert client.post(reverse("partner-create"), {"name": "X"}).status_code == 403
    assert client.get(reverse("partner-edit", args=[hyvinge.pk])).status_code == 403
    assert client.post(reverse("partner-delete", args=[hyvinge.pk])).status_code == 403
    assert Partner.objects.filter(pk=hyvinge.pk).exists()


def test_partner_edit_and_delete(client, demo):
    hyvinge = partner(demo)
    login(client, demo, "coordinator")
    response = client.post(
        reverse("partner-edit", args=[hyvinge.pk]),
        {
            "name": "Provort Hyvinge",
            "local_name": "Hyvinkää",
            "kind": "municipality",
            "country": "FI",
            "opened_version": hyvinge.version,
        },
    )
    assert response.status_code == 302
    hyvinge.refresh_from_db()
    assert hyvinge.local_name == "Hyvinkää"
    response = client.post(reverse("partner-delete", args=[hyvinge.pk]))
    assert response.status_code == 302
    assert not Partner.objects.filter(pk=hyvinge.pk).exists()


def test_stale_edit_of_a_partner_is_a_conflict(client, demo):
    hyvinge = partner(demo)
    opened = hyvinge.version
    Partner.objects.filter(pk=hyvinge.pk).update(version=opened + 1, city="Hyvinkää")
    login(client, demo, "coordinator")
    response = client.post(
        reverse("partner-edit", args=[hyvinge.pk]),
        {
            "name": "Provort Hyvinge",
            "kind": "municipality",
            "country": "FI",
            "opened_version": opened,
        },
    )
    assert response.status_code == 409
    hyvinge.refresh_from_db()
    assert hyvinge.city == "Hyvinkää"


# Tenancy -----------------------------------------------------------------------------


def test_another_municipality_gets_404_on_motalas_records(client, demo):
    hyvinge = partner(demo)
    contact = hyvinge.contacts.create(municipality=demo.motala, name="Aino Virtanen")
    kf = decision(demo)
    login(client, demo, "vadstena-coordinator")
    urls = [
        reverse("partner-detail", args=[hyvinge.pk]),
        reverse("partner-edit", args=[hyvinge.pk]),
        reverse("partner-delete", args=[hyvinge.pk]),
        reverse("contact-detail", args=[contact.pk]),
        reverse("contact-export", args=[contact.pk]),
        reverse("contact-erase", args=[contact.pk]),
        reverse("decision-detail", args=[kf.pk]),
        reverse("decision-edit", args=[kf.pk]),
        reverse("document-create", args=["decision", kf.pk]),
        reverse("controllog-create", args=["decision", kf.pk]),
        reverse("controllog-create", args=["partner", hyvinge.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert "Provort Hyvinge" not in client.get(reverse("partner-list")).content.decode()
    assert kf.title not in client.get(reverse("decision-list")).content.decode()


def test_anonymous_is_sent_to_login(client, demo):
    response = client.get(reverse("partner-list"))
    assert response.status_code == 302
    assert reverse("login") in response.url


# Decisions ---------------------------------------------------------------------------


def test_coordinator_records_a_council_decision(client, demo):
    login(client, demo, "coordinator")
    response = client.post(reverse("decision-create"), decision_data(demo, demo.council))
    created = Decision.objects.get(municipality=demo.motala, paragraph=912)
    assert response.status_code == 302
    assert response.url == reverse("decision-detail", args=[created.pk])
    assert created.year == 2026


def test_a_twin_town_agreement_by_the_board_is_refused_with_the_clause(client, demo):
    login(client, demo, "coordinator")
    before = Decision.objects.count()
    response = client.post(reverse("decision-create"), decision_data(demo, board(demo)))
    assert response.status_code == 200
    message = "Vänortsavtal beslutas av kommunfullmäktige (P12)."
    assert response.context["form"].errors["body"] == [message]
    page = response.content.decode()
    summary = page[
        page.index('class="error-summary"') : page.index("</div>", page.index("error-summary"))
    ]
    assert message in summary
    field = page[page.index('id="id_body_error"') :]
    assert field.index(message) < field.index("</div>")
    assert Decision.objects.count() == before


def test_duplicate_paragraph_is_refused(client, demo):
    decision(demo, paragraph=912)
    before = Decision.objects.count()
    login(client, demo, "coordinator")
    response = client.post(
        reverse("decision-create"),
        decision_data(demo, demo.council, registration_number="26/KS 0999"),
    )
    assert response.status_code == 200
    assert "§ 912" in response.context["form"].errors["paragraph"][0]
    assert Decision.objects.count() == before


@pytest.mark.parametrize("number", ["15-KS-0089", "KS 0089"])
def test_malformed_registration_number_is_refused(client, demo, number):
    login(client, demo, "coordinator")
    before = Decision.objects.count()
    response = client.post(
        reverse("decision-create"), decision_data(demo, demo.council, registration_number=number)
    )
    assert response.status_code == 200
    assert "registration_number" in response.context["form"].errors
    assert Decision.objects.count() == before


def test_registrar_records_a_decision_but_reader_cannot(client, demo):
    before = Decision.objects.count()
    login(client, demo, "registrar")
    response = client.post(reverse("decision-create"), decision_data(demo, demo.council))
    assert response.status_code == 302
    login(client, demo, "reader")
    assert client.get(reverse("decision-create")).status_code == 403
    response = client.post(
        reverse("decision-create"), decision_data(demo, demo.council, paragraph=913)
    )
    assert response.status_code == 403
    assert Decision.objects.count() == before + 1


def test_decision_list_filters_searches_and_sorts(client, demo):
    # Titled apart from the demo's decisions: the queries below search "Provbeslut".
    decision(
        demo,
        paragraph=901,
        title="Provbeslut vänortsavtal",
        decision_type=DecisionType.TWIN_TOWN_AGREEMENT,
    )
    decision(demo, body=board(demo), paragraph=902, title="Provbeslut handslag")
    decision(
        demo,
        paragraph=903,
        title="Provbeslut gammalt",
        meeting_date=datetime.date(2003, 5, 2),
        registration_number="03/KS 0903",
    )
    login(client, demo, "reader")

    def titles(**params):
        params.setdefault("q", "Provbeslut")
        page = client.get(reverse("decision-list"), params).context["page"]
        return [d.title.removeprefix("Provbeslut ") for d in page]

    assert titles(body=board(demo).pk) == ["handslag"]
    assert titles(type="twin_town_agreement") == ["vänortsavtal"]
    assert titles(year="2003") == ["gammalt"]
    assert titles(q="26/KS 0902") == ["handslag"]
    assert titles()[-1] == "gammalt"  # newest meeting first
    assert titles(sort="meeting_date")[0] == "gammalt"
    assert titles(sort="body__name")[-1] == "handslag"  # Kommunfullmäktige < Kommunstyrelsen


def test_decision_list_flags_rule_breakers_with_constant_queries(
    client, demo, django_assert_max_num_queries
):
    login(client, demo, "reader")
    wrong = decision(demo, body=board(demo), decision_type=DecisionType.TWIN_TOWN_AGREEMENT)
    only_tests = {"q": "Provbeslut"}
    with CaptureQueriesContext(connection) as few:
        response = client.get(reverse("decision-list"), only_tests)
    assert response.context["flagged"] == {wrong.pk}
    for paragraph in range(902, 930):
        decision(demo, body=board(demo), paragraph=paragraph, decision_type=DecisionType.POLICY)
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("decision-list"), only_tests)
    assert len(response.context["page"]) == 25
    assert len(response.context["flagged"]) == 25  # the policy too is the council's


def test_decision_detail_shows_what_was_decided_flags_and_history(english, demo):
    wrong = decision(demo, body=board(demo), decision_type=DecisionType.TWIN_TOWN_AGREEMENT)
    agreement = wrong.agreements.model.objects.create(
        municipality=demo.motala,
        kind="twin_town_agreement",
        title="Avtal med Hyvinge",
        decision=wrong,
    )
    login(english, demo, "reader")
    response = english.get(reverse("decision-detail", args=[wrong.pk]))
    page = response.content.decode()
    assert "Vänortsavtal beslutas av kommunfullmäktige (P12)." in page
    assert agreement.title in page
    assert response.context["history"]
    assert not response.context["can_change"]


def test_decision_edit_keeps_the_rules(client, demo):
    kf = decision(demo, decision_type=DecisionType.TWIN_TOWN_AGREEMENT)
    login(client, demo, "registrar")
    data = decision_data(
        demo, board(demo), paragraph=kf.paragraph, registration_number=kf.registration_number
    )
    response = client.post(
        reverse("decision-edit", args=[kf.pk]), {**data, "opened_version": kf.version}
    )
    assert response.status_code == 200
    kf.refresh_from_db()
    assert kf.body == demo.council


# Rule violations ---------------------------------------------------------------------


def test_rule_violations_list_every_breaker_with_a_link(english, demo):
    login(english, demo, "reader")
    before = [
        row["record"] for row in english.get(reverse("rule-violations")).context["violations"]
    ]
    wrong = decision(demo, body=board(demo), decision_type=DecisionType.TWIN_TOWN_AGREEMENT)
    response = english.get(reverse("rule-violations"))
    rows = response.context["violations"]
    assert [row["record"] for row in rows] == [wrong, *before]
    page = response.content.decode()
    assert reverse("decision-detail", args=[wrong.pk]) in page
    assert "Vänortsavtal beslutas av kommunfullmäktige (P12)." in page


def test_rule_violations_empty_state_says_all_is_in_order(english, demo):
    # A municipality with nothing recorded yet.
    fresh = Municipality.objects.create(code="9999", name="Provkommun", county=demo.motala.county)
    user = get_user_model().objects.create_user("provläsare")
    RoleAssignment.objects.create(user=user, municipality=fresh, role=Role.READER)
    english.force_login(user)
    response = english.get(reverse("rule-violations"))
    assert response.context["violations"] == []
    assert "All is in order" in response.content.decode()


# Control log -------------------------------------------------------------------------


def test_control_log_entry_defaults_to_today_and_the_user(client, demo):
    kf = decision(demo)
    login(client, demo, "coordinator")
    form = client.get(reverse("controllog-create", args=["decision", kf.pk])).context["form"]
    coordinator = demo.users["coordinator"]
    assert form["reviewed_on"].value() == timezone.localdate()
    assert form["reviewed_by"].value() == coordinator.get_full_name()
    response = client.post(
        reverse("controllog-create", args=["decision", kf.pk]),
        {"reviewed_on": "2026-04-01", "reviewed_by": "Styrelsen", "findings": "Allt i ordning."},
    )
    assert response.status_code == 302
    assert response.url == reverse("decision-detail", args=[kf.pk])
    entry = ControlLogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Decision), object_id=kf.pk
    )
    assert entry.item == kf and entry.municipality == demo.motala
    page = client.get(response.url).content.decode()
    assert "2026-04-01" in page and "Allt i ordning." in page


def test_control_log_needs_change_rights_and_a_known_kind(client, demo):
    hyvinge = partner(demo)
    before = ControlLogEntry.objects.count()
    login(client, demo, "reader")
    url = reverse("controllog-create", args=["partner", hyvinge.pk])
    assert (
        client.post(
            url, {"reviewed_on": "2026-04-01", "reviewed_by": "X", "findings": "Y"}
        ).status_code
        == 403
    )
    login(client, demo, "coordinator")
    assert client.get(reverse("controllog-create", args=["planet", hyvinge.pk])).status_code == 404
    response = client.post(url, {"reviewed_on": "2026-04-01", "reviewed_by": "", "findings": ""})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"reviewed_by", "findings"}
    assert ControlLogEntry.objects.count() == before


# Register settings -------------------------------------------------------------------


def test_register_settings_are_edited_by_the_coordinator_only(client, demo):
    login(client, demo, "reader")
    assert client.get(reverse("register-settings")).status_code == 403
    login(client, demo, "coordinator")
    response = client.get(reverse("register-settings"))
    assert response.status_code == 200
    opened = response.context["form"]["opened_version"].value()
    response = client.post(
        reverse("register-settings"),
        {
            "contact_retention_months": 24,
            "twin_town_review_interval_months": 12,
            **({"opened_version": opened} if opened is not None else {}),
        },
    )
    assert response.status_code == 302
    saved = RegisterSettings.objects.get(municipality=demo.motala)
    assert saved.contact_retention_months == 24
    response = client.post(
        reverse("register-settings"),
        {
            "contact_retention_months": -1,
            "twin_town_review_interval_months": 12,
            "opened_version": saved.version,
        },
    )
    assert response.status_code == 200
    assert "contact_retention_months" in response.context["form"].errors


def test_every_record_page_of_the_demo_opens(client, demo):
    from samverkan.registry.models import Contact

    login(client, demo, "coordinator")
    pages = [reverse(name) for name in ("partner-list", "contact-list", "decision-list")]
    pages += [reverse("partner-detail", args=[pk]) for pk in _pks(demo, Partner)]
    pages += [reverse("decision-detail", args=[pk]) for pk in _pks(demo, Decision)]
    pages += [reverse("contact-detail", args=[pk]) for pk in _pks(demo, Contact)]
    pages += [reverse("rule-violations"), reverse("register-settings")]
    for url in pages:
        assert client.get(url).status_code == 200, url


def _pks(demo, model):
    return model.objects.filter(municipality=demo.motala).values_list("pk", flat=True)
