"""Pages for twin towns, agreements and memberships: rules, roles, tenancy and query counts."""

import datetime
import json
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samverkan.organisation.models import Body
from samverkan.registry.models import (
    Agreement,
    Contact,
    ControlLogEntry,
    Decision,
    DecisionType,
    MembershipFee,
    NetworkMembership,
    ParticipationEntry,
    Partner,
    RegisterSettings,
    TwinTown,
    TwinTownNote,
    ValueReview,
)

DATA = Path(__file__).parent / "data"
MEETING = datetime.date(2026, 3, 30)
CONSIDERATION = dict.fromkeys(TwinTown.CONSIDERATION_FIELDS, "Utrett av samordnaren.")


@pytest.fixture
def english(client):
    # Assertions read English msgids, whatever the Swedish catalogue holds.
    client.cookies["django_language"] = "en"
    return client


def login(client, demo, username):
    client.force_login(demo.users[username])
    return client


def board(demo):
    return Body.objects.get(municipality=demo.motala, kind=Body.Kind.EXECUTIVE_BOARD)


def partner(demo, name="Provort", country="FI", kind=Partner.Kind.MUNICIPALITY, **extra):
    return Partner.objects.create(
        municipality=extra.pop("municipality", demo.motala),
        name=name,
        country=country,
        kind=kind,
        **extra,
    )


def decision(demo, decision_type, body=None, paragraph=501, **extra):
    """A decision made directly, as an import would: the rules do not stop it here."""
    return Decision.objects.create(
        municipality=demo.motala,
        body=body or demo.council,
        decision_type=decision_type,
        meeting_date=extra.pop("meeting_date", MEETING),
        registration_number=f"26/KS {paragraph:04d}",
        paragraph=paragraph,
        title=extra.pop("title", f"Beslut {paragraph}"),
        **extra,
    )


def twin_town(demo, name="Provort", **extra):
    return TwinTown.objects.create(
        municipality=demo.motala,
        partner=extra.pop("partner", None) or partner(demo, name, local_name=name + "-lokal"),
        **extra,
    )


def membership(demo, name="Provnätverket", **extra):
    return NetworkMembership.objects.create(
        municipality=demo.motala,
        organisation=extra.pop("organisation", None)
        or partner(demo, name, country="IT", kind=Partner.Kind.NETWORK),
        started_on=extra.pop("started_on", datetime.date(2009, 1, 1)),
        **extra,
    )


def errors_of(response):
    return response.context["form"].errors


# Twin towns -------------------------------------------------------------------------


def test_coordinator_registers_a_twin_town_with_its_consideration(client, demo):
    login(client, demo, "coordinator")
    tartu = partner(demo, "Provstad Tartu", "EE")
    relation = decision(demo, DecisionType.TWIN_TOWN_RELATION)
    response = client.post(
        reverse("twintown-create"),
        {
            "partner": tartu.pk,
            "kind": "twin_town",
            "status": "decided",
            "decision": relation.pk,
            "since": "2026-04-01",
            **CONSIDERATION,
        },
    )
    created = TwinTown.objects.get(partner=tartu)
    assert response.status_code == 302
    assert response.url == reverse("twintown-detail", args=[created.pk])
    assert created.decision == relation
    client.cookies["django_language"] = "en"
    page = client.get(response.url)
    content = page.content.decode()
    assert "Complete." in content
    assert 'aria-current="step">Decided (current)' in content
    assert relation.title in content


def test_the_form_groups_the_consideration_and_shows_every_field(english, demo):
    login(english, demo, "coordinator")
    response = english.get(reverse("twintown-create"))
    content = response.content.decode()
    # The consideration is a section of its own, holding its fields.
    consideration = content.split("<legend>Consideration</legend>")[1].split("</fieldset>")[0]
    for name in TwinTown.CONSIDERATION_FIELDS:
        assert f'id="id_{name}"' in consideration
    assert 'class="record-form"' in content


def test_a_decision_before_the_consideration_is_complete_is_refused(english, demo):
    login(english, demo, "coordinator")
    tartu = partner(demo, "Provstad Tartu", "EE")
    relation = decision(demo, DecisionType.TWIN_TOWN_RELATION)
    response = english.post(
        reverse("twintown-create"),
        {"partner": tartu.pk, "kind": "twin_town", "status": "decided", "decision": relation.pk},
    )
    assert response.status_code == 200
    message = errors_of(response)["decision"][0]
    assert "(P11)" in message and "purpose" in message
    assert "error-summary" in response.content.decode()
    assert not TwinTown.objects.filter(partner=tartu).exists()


@pytest.mark.parametrize(
    ("status", "extra", "field", "text"),
    [
        ("paused", {}, "status_reason", "Give the reason"),
        (
            "ended",
            {"status_reason": "Sanktioner", "ended_on": "2026-05-01"},
            "end_decision",
            "ended the relation",
        ),
        ("ended", {"end_decision": None, "ended_on": "2026-05-01"}, "status_reason", "reason"),
    ],
)
def test_paused_or_ended_needs_reason_and_end_decision(english, demo, status, extra, field, text):
    login(english, demo, "coordinator")
    existing = twin_town(demo, since=datetime.date(1998, 7, 1))
    data = {"partner": existing.partner_id, "kind": "twin_town", "status": status}
    data.update({key: value for key, value in extra.items() if value is not None})
    data["opened_version"] = existing.version
    response = english.post(reverse("twintown-edit", args=[existing.pk]), data)
    assert response.status_code == 200
    assert text in errors_of(response)[field][0]
    existing.refresh_from_db()
    assert existing.status == "proposed"


def test_twin_town_ending_before_it_began_is_refused(english, demo):
    login(english, demo, "coordinator")
    tartu = partner(demo, "Provstad Tartu", "EE")
    response = english.post(
        reverse("twintown-create"),
        {
            "partner": tartu.pk,
            "kind": "twin_town",
            "status": "proposed",
            "since": "2020-01-01",
            "ended_on": "2019-12-31",
        },
    )
    assert errors_of(response)["ended_on"] == ["The end date cannot be before the start date."]
    assert not TwinTown.objects.filter(partner=tartu).exists()


def test_a_decision_of_the_wrong_type_is_refused(english, demo):
    login(english, demo, "coordinator")
    tartu = partner(demo, "Provstad Tartu", "EE")
    wrong = decision(demo, DecisionType.COOPERATION_AGREEMENT, body=board(demo))
    response = english.post(
        reverse("twintown-create"),
        {
            "partner": tartu.pk,
            "kind": "twin_town",
            "status": "decided",
            "decision": wrong.pk,
            **CONSIDERATION,
        },
    )
    message = errors_of(response)["decision"][0]
    assert "Cooperation agreement" in message and "New twin town or sister city" in message
    assert not TwinTown.objects.filter(partner=tartu).exists()


def test_twin_town_list_filters_searches_sorts_and_shows_review_due(english, demo):
    login(english, demo, "coordinator")
    old = datetime.date(2000, 1, 1)
    twin_town(demo, "Provort Alfa", status="active", since=old)
    twin_town(demo, "Provort Beta", status="active", since=datetime.date(1998, 7, 1))
    gamma = partner(demo, "Provort Gamma", "IS")
    twin_town(demo, partner=gamma, status="paused", status_reason="Vilande", since=old)
    twin_town(demo, "Provort Delta", status="proposed")

    def names(**query):
        # The search narrows to this test's rows; the demo's twin towns are there too.
        response = english.get(reverse("twintown-list"), {"q": "provort", **query})
        return [row["twin_town"].partner.name for row in response.context["rows"]], response

    found, response = names(status="active", sort="-since")
    assert found == ["Provort Alfa", "Provort Beta"]
    assert "review due" in response.content.decode()
    assert names(sort="partner__name")[0] == [
        "Provort Alfa",
        "Provort Beta",
        "Provort Delta",
        "Provort Gamma",
    ]
    assert names(country="IS")[0] == ["Provort Gamma"]
    assert names(status="paused", kind="twin_town")[0] == ["Provort Gamma"]
    assert names(q="PROVORT bet")[0] == ["Provort Beta"]
    # A proposal has no review yet.
    _found, response = names(status="proposed")
    assert response.context["rows"][0]["review_due_on"] is None


def count_queries(client, url):
    client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def test_twin_town_list_queries_do_not_grow_with_rows(client, demo, django_assert_max_num_queries):
    login(client, demo, "coordinator")
    url = reverse("twintown-list")
    before, _response = count_queries(client, url)
    agreement = Agreement.objects.create(
        municipality=demo.motala, kind=Agreement.Kind.TWIN_TOWN, title="Provavtal"
    )
    relation = decision(demo, DecisionType.TWIN_TOWN_RELATION)
    for number in range(12):
        twin_town(
            demo, f"Provort {number}", status="active", agreement=agreement, decision=relation
        )
    after, response = count_queries(client, url)
    assert after == before
    with django_assert_max_num_queries(12):
        client.get(url)
    assert len(response.context["rows"]) >= 12


def test_review_sets_the_date_and_writes_the_control_log(english, demo):
    login(english, demo, "coordinator")
    relation = twin_town(demo, status="active", since=datetime.date(2000, 1, 1))
    RegisterSettings.objects.create(municipality=demo.motala, twin_town_review_interval_months=12)
    response = english.post(
        reverse("twintown-review", args=[relation.pk]),
        {"findings": "Utbytet inom skolan fortsätter; relationen tjänar policyn."},
    )
    assert response.status_code == 302
    relation.refresh_from_db()
    today = timezone.localdate()
    assert relation.last_reviewed_on == today
    entry = ControlLogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(TwinTown), object_id=relation.pk
    )
    assert entry.reviewed_on == today
    assert entry.reviewed_by == "Kim Exempel"
    assert "tjänar policyn" in entry.findings
    page = english.get(reverse("twintown-detail", args=[relation.pk]))
    assert page.context["review_due_on"] == relation.review_due_on(12)
    assert "tjänar policyn" in page.content.decode()


def test_a_review_without_findings_is_refused_and_nothing_changes(english, demo):
    login(english, demo, "coordinator")
    relation = twin_town(demo, status="active", since=datetime.date(2000, 1, 1))
    response = english.post(reverse("twintown-review", args=[relation.pk]), {"findings": " "})
    assert response.status_code == 200
    assert response.context["review_form"].errors["findings"]
    assert "error-summary" in response.content.decode()
    relation.refresh_from_db()
    assert relation.last_reviewed_on is None
    assert not ControlLogEntry.objects.filter(object_id=relation.pk).exists()
    # A review is a POST only.
    assert english.get(reverse("twintown-review", args=[relation.pk])).status_code == 405


def test_dialogue_note_is_added(client, demo):
    login(client, demo, "coordinator")
    relation = twin_town(demo)
    response = client.post(
        reverse("twintown-note-create", args=[relation.pk]),
        {"noted_on": "2026-02-01", "text": "Samtal om ungdomsutbyte."},
    )
    assert response.status_code == 302
    assert TwinTownNote.objects.get(twin_town=relation).text == "Samtal om ungdomsutbyte."


def test_contact_names_only_for_roles_that_see_personal_data(client, demo):
    relation = twin_town(demo)
    contact = Contact.objects.create(
        municipality=demo.motala, partner=relation.partner, name="Matti Esimerkki"
    )
    relation.contacts.add(contact)
    login(client, demo, "coordinator")
    assert (
        "Matti Esimerkki"
        in client.get(reverse("twintown-detail", args=[relation.pk])).content.decode()
    )
    login(client, demo, "reader")
    page = client.get(reverse("twintown-detail", args=[relation.pk]))
    assert page.status_code == 200
    assert "Matti Esimerkki" not in page.content.decode()


def test_twin_town_flag_shows_on_its_page(english, demo):
    login(english, demo, "reader")
    relation = twin_town(demo, status="active")  # active without any decision: flagged
    page = english.get(reverse("twintown-detail", args=[relation.pk]))
    # The pack's own rule is quoted (Motala's cites its clause P12).
    assert "No decision is recorded for this twin town." in page.content.decode()
    assert "(P12)" in page.content.decode()


@pytest.mark.parametrize("username", ["reader", "registrar", "editor"])
def test_only_coordinators_and_admins_change_twin_towns(client, demo, username):
    login(client, demo, username)
    relation = twin_town(demo)
    assert client.get(reverse("twintown-create")).status_code == 403
    assert client.get(reverse("twintown-edit", args=[relation.pk])).status_code == 403
    assert (
        client.post(reverse("twintown-review", args=[relation.pk]), {"findings": "x"}).status_code
        == 403
    )
    assert client.get(reverse("twintown-note-create", args=[relation.pk])).status_code == 403
    assert client.get(reverse("twintown-detail", args=[relation.pk])).status_code == 200


def test_reader_list_has_no_new_button(client, demo):
    login(client, demo, "reader")
    response = client.get(reverse("twintown-list"))
    assert response.status_code == 200
    assert reverse("twintown-create") not in response.content.decode()


def test_export_for_wikidata_in_csv_and_json(client, demo):
    login(client, demo, "reader")
    provort = partner(demo, "Provort", "FI", local_name="Provkaupunki")
    twin_town(
        demo,
        partner=provort,
        status="ended",
        since=datetime.date(1998, 7, 1),
        ended_on=datetime.date(2024, 1, 1),
    )
    twin_town(demo, "Provstad Tartu", status="proposed")
    response = client.get(reverse("twintown-wikidata-export"))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    lines = response.content.decode().splitlines()
    assert lines[0] == "item,itemLabel,twin,twinLabel,twinLocalLabel,country,start,end"
    assert ",Motala,,Provort,Provkaupunki,FI,1998-07-01,2024-01-01" in lines
    # The proposal is not a twin town yet.
    assert not any("Tartu" in line for line in lines)
    document = json.loads(
        client.get(reverse("twintown-wikidata-export"), {"format": "json"}).content
    )
    bindings = {b["twinLabel"]["value"]: b for b in document["results"]["bindings"]}
    assert bindings["Provort"]["start"]["value"] == "1998-07-01T00:00:00Z"
    assert bindings["Provort"]["country"]["value"] == "FI"
    assert "Provstad Tartu" not in bindings


def test_check_against_wikidata_shows_the_three_groups(english, demo):
    login(english, demo, "reader")
    # Motala's real twin towns (the demo has them; made here if it does not).
    for name, country, local_name in (("Hyvinge", "FI", "Hyvinkää"), ("Daugavpils", "LV", "")):
        place, _created = Partner.objects.get_or_create(
            municipality=demo.motala,
            name=name,
            country=country,
            defaults={"kind": Partner.Kind.MUNICIPALITY, "local_name": local_name},
        )
        if not place.twin_towns.exists():
            twin_town(demo, partner=place, status="active")
    twin_town(demo, partner=partner(demo, "Provstad Tartu", "EE"), status="active")
    upload = SimpleUploadedFile(
        "p190.json", (DATA / "wikidata_p190_motala.json").read_bytes(), "application/json"
    )
    response = english.post(reverse("twintown-wikidata-check"), {"file": upload})
    assert response.status_code == 200
    comparison = response.context["comparison"]
    in_both = {m.relation.name for m in comparison.in_both}
    assert {"Daugavpils", "Hyvinge"} <= in_both
    assert "Provstad Tartu" in [r.name for r in comparison.only_here]
    assert "Sorø" in [s.twin_label for s in comparison.only_wikidata]
    assert "Provstad Tartu" not in in_both
    content = response.content.decode()
    assert "Only in Wikidata" in content and "Sorø" in content
    assert 'href="https://www.wikidata.org/wiki/Q1003203"' in content


def test_check_refuses_an_unreadable_file_with_a_message(english, demo):
    login(english, demo, "reader")
    upload = SimpleUploadedFile("p190.csv", b"name;land\nTartu;EE\n", "text/csv")
    response = english.post(reverse("twintown-wikidata-check"), {"file": upload})
    assert response.status_code == 200
    assert "no twinLabel column" in response.context["form"].errors["file"][0]
    assert response.context["comparison"] is None


def test_twin_town_of_another_municipality_answers_404(client, demo):
    relation = twin_town(demo)
    login(client, demo, "vadstena-coordinator")
    for name in ("twintown-detail", "twintown-edit", "twintown-delete", "twintown-note-create"):
        assert client.get(reverse(name, args=[relation.pk])).status_code == 404
    assert (
        client.post(reverse("twintown-review", args=[relation.pk]), {"findings": "x"}).status_code
        == 404
    )
    assert relation.partner.name not in client.get(reverse("twintown-list")).content.decode()
    assert "Provort" not in client.get(reverse("twintown-wikidata-export")).content.decode()


def test_twin_town_is_deleted_to_the_trash(client, demo):
    login(client, demo, "coordinator")
    relation = twin_town(demo)
    response = client.post(reverse("twintown-delete", args=[relation.pk]))
    assert response.status_code == 302
    assert not TwinTown.objects.filter(pk=relation.pk).exists()


# Agreements -------------------------------------------------------------------------


def test_cooperation_agreement_signed_by_the_board_is_saved(client, demo):
    login(client, demo, "coordinator")
    tartu = partner(demo, "Provstad Tartu", "EE")
    ks = board(demo)
    ks_decision = decision(demo, DecisionType.COOPERATION_AGREEMENT, body=ks)
    response = client.post(
        reverse("agreement-create"),
        {
            "kind": "cooperation_agreement",
            "title": "Samarbetsavtal om skolutbyte",
            "parties": [tartu.pk],
            "signed_on": "2026-05-20",
            "valid_from": "2026-06-01",
            "valid_until": "2028-05-31",
            "signing_body": ks.pk,
            "decision": ks_decision.pk,
        },
    )
    agreement = Agreement.objects.get(title="Samarbetsavtal om skolutbyte")
    assert response.url == reverse("agreement-detail", args=[agreement.pk])
    assert list(agreement.parties.all()) == [tartu]


def test_twin_town_agreement_decided_by_the_board_is_refused_quoting_p12(english, demo):
    login(english, demo, "coordinator")
    tartu = partner(demo, "Provstad Tartu", "EE")
    # Imported: the decision itself skipped the rules; the agreement still may not use it.
    ks_decision = decision(demo, DecisionType.TWIN_TOWN_AGREEMENT, body=board(demo))
    response = english.post(
        reverse("agreement-create"),
        {
            "kind": "twin_town_agreement",
            "title": "Vänortsavtal Motala–Tartu",
            "parties": [tartu.pk],
            "decision": ks_decision.pk,
        },
    )
    assert response.status_code == 200
    assert errors_of(response)["decision"] == ["Vänortsavtal beslutas av kommunfullmäktige (P12)."]
    assert "Vänortsavtal beslutas av kommunfullmäktige (P12)." in response.content.decode()
    assert not Agreement.objects.filter(title="Vänortsavtal Motala–Tartu").exists()


def test_agreement_ending_before_it_begins_is_refused(english, demo):
    login(english, demo, "coordinator")
    response = english.post(
        reverse("agreement-create"),
        {
            "kind": "letter_of_intent",
            "title": "Avsiktsförklaring",
            "parties": [partner(demo, "Provstad Tartu", "EE").pk],
            "valid_from": "2026-06-01",
            "valid_until": "2026-05-31",
        },
    )
    assert errors_of(response)["valid_until"] == ["The end date cannot be before the start date."]
    assert not Agreement.objects.filter(title="Avsiktsförklaring").exists()


def test_agreement_detail_flags_an_imported_wrong_decision_and_links_documents(english, demo):
    login(english, demo, "coordinator")
    ks_decision = decision(demo, DecisionType.TWIN_TOWN_AGREEMENT, body=board(demo))
    agreement = Agreement.objects.create(
        municipality=demo.motala,
        kind=Agreement.Kind.TWIN_TOWN,
        title="Gammalt vänortsavtal",
        decision=ks_decision,
    )
    relation = twin_town(demo, agreement=agreement)
    page = english.get(reverse("agreement-detail", args=[agreement.pk]))
    content = page.content.decode()
    assert page.context["flags"] == ["Vänortsavtal beslutas av kommunfullmäktige (P12)."]
    assert "Breaks the decision rules" in content
    assert reverse("document-create", args=["agreement", agreement.pk]) in content
    assert reverse("twintown-detail", args=[relation.pk]) in content
    assert reverse("controllog-create", args=["agreement", agreement.pk]) in content


def _agreement(demo, title, **dates):
    return Agreement.objects.create(
        municipality=demo.motala, kind=Agreement.Kind.COOPERATION, title=title, **dates
    )


def test_renewals_lists_agreements_due_within_90_days_soonest_first(english, demo):
    login(english, demo, "reader")
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    _agreement(demo, "Prov: Slutar om 60 dagar", valid_until=today + 60 * day)
    _agreement(demo, "Prov: Förnyas om 10 dagar", renewal_due_on=today + 10 * day)
    _agreement(
        demo,
        "Prov: Förnyas idag, slutar senare",
        renewal_due_on=today,
        valid_until=today + 400 * day,
    )
    _agreement(demo, "Prov: Slutar dag 90", valid_until=today + 90 * day)
    _agreement(demo, "Prov: Slutar om 91 dagar", valid_until=today + 91 * day)
    _agreement(demo, "Prov: Slutade igår", valid_until=today - day)
    _agreement(demo, "Prov: Tillsvidare")
    response = english.get(reverse("agreement-renewals"))
    # Only this test's agreements: the demo may have its own due.
    rows = [r for r in response.context["rows"] if r["agreement"].title.startswith("Prov:")]
    assert [row["agreement"].title for row in rows] == [
        "Prov: Förnyas idag, slutar senare",
        "Prov: Förnyas om 10 dagar",
        "Prov: Slutar om 60 dagar",
        "Prov: Slutar dag 90",
    ]
    assert [row["days_left"] for row in rows] == [0, 10, 60, 90]
    assert str(rows[0]["what"]) == "Must be renewed"
    assert str(rows[2]["what"]) == "Ends"
    # The same window as a filter on the list.
    listed = english.get(reverse("agreement-list"), {"due": "90", "q": "Prov:"})
    assert sorted(a.title for a in listed.context["page"]) == sorted(
        r["agreement"].title for r in rows
    )


def test_agreement_list_filters_and_sorts(client, demo):
    login(client, demo, "reader")
    ks = board(demo)
    tartu = partner(demo, "Provstad Tartu", "EE")
    first = _agreement(
        demo,
        "Provavtal B",
        signed_on=datetime.date(2020, 1, 1),
        valid_until=datetime.date(2030, 1, 1),
        signing_body=ks,
    )
    first.parties.add(tartu)
    Agreement.objects.create(
        municipality=demo.motala,
        kind=Agreement.Kind.TWIN_TOWN,
        title="Provavtal A, vänort",
        signed_on=datetime.date(2021, 1, 1),
    )

    def titles(**query):
        # "provavtal" narrows to this test's rows; the demo's agreements are there too.
        response = client.get(reverse("agreement-list"), {"q": "provavtal", **query})
        return [a.title for a in response.context["page"]]

    assert titles() == ["Provavtal A, vänort", "Provavtal B"]
    assert titles(sort="-title") == ["Provavtal B", "Provavtal A, vänort"]
    assert titles(sort="-signed_on") == ["Provavtal A, vänort", "Provavtal B"]
    assert titles(kind="twin_town_agreement") == ["Provavtal A, vänort"]
    assert titles(party=tartu.pk) == ["Provavtal B"]
    assert titles(signing_body=ks.pk) == ["Provavtal B"]
    assert titles(q="PROVAVTAL b") == ["Provavtal B"]


def test_agreement_list_queries_do_not_grow_with_rows(client, demo, django_assert_max_num_queries):
    login(client, demo, "coordinator")
    ks = board(demo)
    url = reverse("agreement-list")
    before, _response = count_queries(client, url)
    parties = [partner(demo, f"Provpart {n}", "EE") for n in range(3)]
    for number in range(12):
        agreement = _agreement(demo, f"Provavtal {number}", signing_body=ks)
        agreement.parties.set(parties)
    after, response = count_queries(client, url)
    assert after == before
    with django_assert_max_num_queries(12):
        client.get(url)
    assert len(response.context["page"]) >= 12


def test_agreement_roles_and_tenancy(client, demo):
    agreement = _agreement(
        demo, "Provavtal Motala", valid_until=timezone.localdate() + datetime.timedelta(days=10)
    )
    login(client, demo, "reader")
    assert "Provavtal Motala" in client.get(reverse("agreement-renewals")).content.decode()
    assert client.get(reverse("agreement-create")).status_code == 403
    assert client.get(reverse("agreement-edit", args=[agreement.pk])).status_code == 403
    assert client.get(reverse("agreement-detail", args=[agreement.pk])).status_code == 200
    login(client, demo, "vadstena-coordinator")
    for name in ("agreement-detail", "agreement-edit", "agreement-delete"):
        assert client.get(reverse(name, args=[agreement.pk])).status_code == 404
    assert "Provavtal Motala" not in client.get(reverse("agreement-renewals")).content.decode()


# Memberships ------------------------------------------------------------------------


def test_membership_with_board_decision_and_participating_committees(client, demo):
    login(client, demo, "coordinator")
    network = partner(demo, "Provnätverket Eurocities", "BE", kind=Partner.Kind.NETWORK)
    ks_decision = decision(demo, DecisionType.MEMBERSHIP_MUNICIPALITY, body=board(demo))
    response = client.post(
        reverse("membership-create"),
        {
            "organisation": network.pk,
            "scope": "municipality",
            "started_on": "2026-06-01",
            "decision": ks_decision.pk,
            "participating_committees": [demo.own_committee.pk, demo.other_committee.pk],
            "representatives": "Kommunfullmäktiges ordförande",
        },
    )
    created = NetworkMembership.objects.get(organisation=network)
    assert response.url == reverse("membership-detail", args=[created.pk])
    assert set(created.participating_committees.all()) == {demo.own_committee, demo.other_committee}


def test_whole_municipality_membership_decided_by_a_committee_is_refused_quoting_p13(english, demo):
    login(english, demo, "coordinator")
    network = partner(demo, "Provnätverket Eurocities", "BE", kind=Partner.Kind.NETWORK)
    committee_decision = decision(
        demo, DecisionType.MEMBERSHIP_MUNICIPALITY, body=demo.own_committee
    )
    response = english.post(
        reverse("membership-create"),
        {
            "organisation": network.pk,
            "scope": "municipality",
            "started_on": "2026-06-01",
            "decision": committee_decision.pk,
        },
    )
    assert errors_of(response)["decision"] == [
        "Medlemskap i internationella nätverk och organisationer som omfattar hela kommunen "
        "beslutas av kommunstyrelsen (P13)."
    ]
    assert not NetworkMembership.objects.filter(organisation=network).exists()


def test_membership_ending_before_it_began_is_refused(english, demo):
    login(english, demo, "coordinator")
    network = partner(demo, "Provnätverket Eurocities", "BE", kind=Partner.Kind.NETWORK)
    response = english.post(
        reverse("membership-create"),
        {
            "organisation": network.pk,
            "scope": "municipality",
            "started_on": "2026-06-01",
            "ended_on": "2025-06-01",
        },
    )
    assert errors_of(response)["ended_on"] == ["The end date cannot be before the start date."]
    assert not NetworkMembership.objects.filter(organisation=network).exists()


def test_fees_are_kept_per_year_and_shown_the_swedish_way(client, demo):
    login(client, demo, "coordinator")
    member = membership(demo)
    url = reverse("membership-fee-create", args=[member.pk])
    response = client.post(url, {"year": 2025, "amount": "12345.50", "currency": "SEK"})
    assert response.status_code == 302
    page = client.get(reverse("membership-detail", args=[member.pk]))  # Swedish by default
    assert "12\xa0345,50" in page.content.decode()

    client.cookies["django_language"] = "en"
    again = client.post(url, {"year": 2025, "amount": "99", "currency": "EUR"})
    assert again.status_code == 200
    assert errors_of(again)["year"] == ["There is already a fee for 2025."]
    assert MembershipFee.objects.filter(membership=member).count() == 1


def test_value_review_per_year(client, demo):
    login(client, demo, "coordinator")
    member = membership(demo)
    url = reverse("membership-review-create", args=[member.pk])
    data = {"year": 2025, "benefits": "Två EU-projekt", "recommendation": "keep"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, {**data, "recommendation": "leave"}).status_code == 200
    reviews = ValueReview.objects.filter(membership=member)
    assert list(reviews.values_list("recommendation", flat=True)) == ["keep"]


def test_committee_editor_logs_participation_for_their_participating_committee(client, demo):
    member = membership(demo)
    member.participating_committees.add(demo.own_committee)
    login(client, demo, "editor")
    url = reverse("membership-participation-create", args=[member.pk])
    form = client.get(url).context["form"]
    assert list(form.fields["committee"].queryset) == [demo.own_committee]
    # Another committee is not the editor's to log for.
    refused = client.post(
        url,
        {
            "kind": "meeting",
            "occurred_on": "2026-02-10",
            "committee": demo.other_committee.pk,
            "description": "Styrelsemöte",
        },
    )
    assert refused.status_code == 200 and "committee" in errors_of(refused)
    response = client.post(
        url,
        {
            "kind": "meeting",
            "occurred_on": "2026-02-10",
            "committee": demo.own_committee.pk,
            "description": "Styrelsemöte i Bologna",
            "participants": "Bildningschefen",
        },
    )
    assert response.status_code == 302
    assert ParticipationEntry.objects.get(membership=member).committee == demo.own_committee
    # The editor still may not edit the membership itself.
    assert client.get(reverse("membership-edit", args=[member.pk])).status_code == 403


def test_committee_editor_may_not_log_where_their_committee_takes_no_part(client, demo):
    member = membership(demo)
    member.participating_committees.add(demo.other_committee)
    login(client, demo, "editor")
    url = reverse("membership-participation-create", args=[member.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"kind": "meeting", "occurred_on": "2026-02-10"}).status_code == 403
    assert not ParticipationEntry.objects.filter(membership=member).exists()


def test_coordinator_logs_participation_for_any_committee(client, demo):
    login(client, demo, "coordinator")
    member = membership(demo)
    response = client.post(
        reverse("membership-participation-create", args=[member.pk]),
        {"kind": "role", "occurred_on": "2026-02-10", "description": "Styrelseplats"},
    )
    assert response.status_code == 302


def test_membership_list_filters(client, demo):
    login(client, demo, "reader")
    today = timezone.localdate()
    active = membership(demo, "Provnätverk A")
    active.participating_committees.add(demo.own_committee)
    membership(
        demo,
        "Provnätverk B",
        started_on=datetime.date(2001, 1, 1),
        ended_on=today - datetime.timedelta(days=1),
    )
    membership(
        demo,
        "Provnätverk C",
        scope=NetworkMembership.Scope.COMMITTEE,
        committee=demo.own_committee,
        started_on=datetime.date(2015, 1, 1),
    )
    membership(demo, "Provnätverk D", started_on=today + datetime.timedelta(days=30))

    def names(**query):
        # "provnätverk" narrows to this test's rows; the demo's memberships are there too.
        response = client.get(reverse("membership-list"), {"q": "provnätverk", **query})
        return [m.organisation.name for m in response.context["page"]]

    assert names(active="yes") == ["Provnätverk A", "Provnätverk C"]
    assert names(active="no") == ["Provnätverk B", "Provnätverk D"]
    assert names(scope="committee") == ["Provnätverk C"]
    assert names(committee=demo.own_committee.pk) == ["Provnätverk A"]
    assert names(q="PROVnätverk b") == ["Provnätverk B"]
    assert names(sort="-started_on") == [
        "Provnätverk D",
        "Provnätverk C",
        "Provnätverk A",
        "Provnätverk B",
    ]


def test_membership_list_queries_do_not_grow_with_rows(client, demo, django_assert_max_num_queries):
    login(client, demo, "coordinator")
    url = reverse("membership-list")
    before, _response = count_queries(client, url)
    for number in range(12):
        member = membership(demo, f"Provnätverk {number}")
        member.participating_committees.set([demo.own_committee, demo.other_committee])
    after, response = count_queries(client, url)
    assert after == before
    with django_assert_max_num_queries(12):
        client.get(url)
    assert len(response.context["page"]) >= 12


def test_membership_detail_shows_flags_and_everything_logged(english, demo):
    login(english, demo, "reader")
    committee_decision = decision(
        demo, DecisionType.MEMBERSHIP_MUNICIPALITY, body=demo.own_committee
    )
    member = membership(demo, decision=committee_decision, representatives="KF:s ordförande")
    MembershipFee.objects.create(
        municipality=demo.motala, membership=member, year=2025, amount=5000
    )
    ValueReview.objects.create(
        municipality=demo.motala,
        membership=member,
        year=2025,
        benefits="Nätverk",
        recommendation="keep",
    )
    page = english.get(reverse("membership-detail", args=[member.pk]))
    content = page.content.decode()
    assert "beslutas av kommunstyrelsen (P13)" in content
    assert "KF:s ordförande" in content and "Keep" in content
    assert reverse("membership-fee-create", args=[member.pk]) not in content  # reader


def test_membership_roles_and_tenancy(client, demo):
    member = membership(demo)
    login(client, demo, "reader")
    assert client.get(reverse("membership-create")).status_code == 403
    assert client.get(reverse("membership-fee-create", args=[member.pk])).status_code == 403
    assert client.get(reverse("membership-review-create", args=[member.pk])).status_code == 403
    assert (
        client.get(reverse("membership-participation-create", args=[member.pk])).status_code == 403
    )
    login(client, demo, "vadstena-coordinator")
    for name in (
        "membership-detail",
        "membership-edit",
        "membership-delete",
        "membership-fee-create",
        "membership-participation-create",
        "membership-review-create",
    ):
        assert client.get(reverse(name, args=[member.pk])).status_code == 404
    assert "Provnätverket" not in client.get(reverse("membership-list")).content.decode()


# The demo's real and invented rows ---------------------------------------------------


@pytest.mark.parametrize("username", ["coordinator", "reader", "editor"])
def test_every_demo_relation_page_opens(client, demo, username):
    login(client, demo, username)
    pages = [reverse("twintown-list"), reverse("agreement-list"), reverse("membership-list")]
    pages.append(reverse("agreement-renewals"))
    for model, name in (
        (TwinTown, "twintown-detail"),
        (Agreement, "agreement-detail"),
        (NetworkMembership, "membership-detail"),
    ):
        pages += [
            reverse(name, args=[pk])
            for pk in model.objects.filter(municipality=demo.motala).values_list("pk", flat=True)
        ]
    for url in pages:
        assert client.get(url).status_code == 200, url


def test_demo_twin_towns_match_their_wikidata_sample(english, demo):
    """Motala's real twin towns in the demo against the sample query result."""
    login(english, demo, "reader")
    names = set(
        TwinTown.objects.filter(municipality=demo.motala).values_list("partner__name", flat=True)
    )
    if not {"Hyvinge", "Daugavpils", "Eigersund"} <= names:
        pytest.fail(f"the demo lost a real twin town: {sorted(names)}")
    upload = SimpleUploadedFile("p190.csv", (DATA / "wikidata_p190_motala.csv").read_bytes())
    comparison = english.post(reverse("twintown-wikidata-check"), {"file": upload}).context[
        "comparison"
    ]
    assert {"Hyvinge", "Daugavpils", "Eigersund"} <= {m.relation.name for m in comparison.in_both}
    assert [s.twin_label for s in comparison.only_wikidata] == ["Soro"]


def test_a_stale_agreement_edit_is_a_conflict_not_an_overwrite(client, demo):
    login(client, demo, "coordinator")
    agreement = _agreement(demo, "Provavtal konflikt")
    opened = agreement.version
    data = {
        "kind": "cooperation_agreement",
        "parties": [partner(demo).pk],
        "opened_version": opened,
    }
    first = client.post(reverse("agreement-edit", args=[agreement.pk]), {**data, "title": "Först"})
    assert first.status_code == 302
    second = client.post(reverse("agreement-edit", args=[agreement.pk]), {**data, "title": "Sen"})
    assert second.status_code == 409
    agreement.refresh_from_db()
    assert agreement.title == "Först"


def test_the_twin_town_page_shows_its_activity_log(client, demo):
    from samverkan.activities.models import Activity

    twin_town = TwinTown.objects.filter(municipality=demo.motala).first()
    activity = Activity.objects.create(
        municipality=demo.motala,
        title="Provutbyte med vänorten",
        committee=demo.own_committee,
        start_date=datetime.date(2026, 5, 4),
    )
    activity.twin_towns.add(twin_town)
    login(client, demo, "reader")
    html = client.get(reverse("twintown-detail", args=[twin_town.pk])).content.decode()
    assert f'href="/activities/{activity.pk}/"' in html
    assert "Provutbyte med vänorten" in html
