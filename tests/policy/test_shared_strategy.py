"""A third shape of pack: one strategy adopted by two neighbouring municipalities, with
rules that depend on the partner's country, time rules and a delegation list.

The strategy is shared by Vadstena and Ydre: loading it once gives both the same text and
rules. Its executive board decides twin towns in the Nordic countries, the council those
outside them; cooperation agreements run at most four years; relations outside the EU must
have ended by 2025-12-31; the board lets its working committee decide cooperation
agreements. Every message and clause comes from the pack; no Motala number is assumed."""

import datetime

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.urls import reverse

from samverkan.followup import compliance
from samverkan.followup.report.build import build_report
from samverkan.followup.report.html import render_document
from samverkan.lib.actions import SYSTEM, RuleViolation
from samverkan.organisation import actions as organisation_actions
from samverkan.organisation.models import Body, Municipality
from samverkan.policy.models import Delegation, PolicyDocument, TimeRule
from samverkan.policy.pack import PackError, parse_pack
from samverkan.registry import actions as registry_actions
from samverkan.registry import authority
from samverkan.registry.models import Agreement, Decision, Partner, TwinTown

NON_NORDIC_MESSAGE = "Vänorter utanför Norden beslutas av kommunfullmäktige (strategin, 3.2)."
AGREEMENT_TIME_MESSAGE = "Samarbetsavtal gäller högst fyra år (strategin, 3.4)."
NON_EU_END_MESSAGE = "Relationer utanför EU ska vara avslutade senast 2025-12-31 (strategin, 3.5)."

SHARED = {
    "format": "samverkan-policy-pack/2",
    "policy": {
        "key": "gemensam-strategi",
        "title": "Gemensam strategi för internationellt samarbete",
        "kind": "strategy",
        "decided_by": "council",
        "decided_on": "2021-02-15",
        "registration_number": "KS 2021/40",
        "paragraph": "12",
        "valid_from": "2021-03-01",
        "municipalities": ["0584", "0512"],
    },
    "terms": {
        "committee": "programnämnd",
        "committees": "programnämnder",
        "programme": "Ydreplanen",
        "menu": {"activities": "Internationella insatser"},
    },
    "sections": [
        {"key": "vart-arbete", "label": "Vårt arbete"},
        {"key": "beslut", "label": "Beslut och ansvar"},
    ],
    "bodies": [
        {"kind": "council", "name": "Kommunfullmäktige", "abbreviation": "KF"},
        {"kind": "executive_board", "name": "Kommunstyrelsen", "abbreviation": "KS"},
        {
            "kind": "working_committee",
            "name": "Kommunstyrelsens arbetsutskott",
            "abbreviation": "KSAU",
            "delegated_by": "KS",
        },
    ],
    "clauses": [
        {"id": "1", "section": "vart-arbete", "summary": "Samarbete", "text": "Vi samarbetar."},
        {"id": "3.1", "section": "beslut", "summary": "Vänorter i Norden", "text": "KS beslutar."},
        {"id": "3.2", "section": "beslut", "summary": "Vänorter utanför", "text": "KF beslutar."},
        {"id": "3.3", "section": "beslut", "summary": "Delegation", "text": "KSAU beslutar."},
        {"id": "3.4", "section": "beslut", "summary": "Avtal", "text": "Högst fyra år."},
        {"id": "3.5", "section": "beslut", "summary": "Utanför EU", "text": "Avslutas 2025."},
    ],
    "decision_rules": [
        {
            "decision_type": "twin_town_relation",
            "label": "Ny vänort",
            "authorised_body": "executive_board",
            "clause": "3.1",
            "message": "Vänorter beslutas av kommunstyrelsen (strategin, 3.1).",
        },
        {
            "decision_type": "twin_town_relation",
            "label": "Ny vänort utanför Norden",
            "authorised_body": "council",
            "partners": "non_nordic",
            "clause": "3.2",
            "message": NON_NORDIC_MESSAGE,
        },
        {
            "decision_type": "cooperation_agreement",
            "label": "Samarbetsavtal",
            "authorised_body": "executive_board",
            "clause": "3.3",
            "message": "Samarbetsavtal beslutas av kommunstyrelsen (strategin, 3.3).",
        },
    ],
    "time_rules": [
        {
            "key": "avtal-hogst-fyra-ar",
            "applies_to": "agreement",
            "agreement_kind": "cooperation_agreement",
            "max_years": 4,
            "clause": "3.4",
            "message": AGREEMENT_TIME_MESSAGE,
        },
        {
            "key": "utanfor-eu-avslutas",
            "applies_to": "twin_town",
            "partners": "non_eu",
            "end_by": "2025-12-31",
            "clause": "3.5",
            "message": NON_EU_END_MESSAGE,
        },
    ],
    "delegation": [
        {
            "body": "executive_board",
            "to": "working_committee",
            "decision_types": ["cooperation_agreement"],
            "clause": "3.3",
        }
    ],
    "indicators": [
        {
            "clause": "3.2",
            "key": "decisions_without_authority",
            "label": "Beslut utan befogenhet",
            "comparison": "at_most",
            "target": 0,
        },
        {
            "clause": "3.5",
            "key": "time_rule_violations",
            "label": "Relationer som bryter tidsregler",
            "comparison": "at_most",
            "target": 0,
        },
    ],
}


def _write(tmp_path, pack, name="shared.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(pack, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def ydre(demo):
    municipality, _created = Municipality.objects.get_or_create(
        code="0512", defaults={"name": "Ydre kommun", "county": demo.vadstena.county}
    )
    return municipality


@pytest.fixture
def shared(demo, ydre, tmp_path):
    path = _write(tmp_path, SHARED)
    call_command("loadpolicy", str(path))
    for municipality in (demo.vadstena, ydre):
        call_command("setup_municipality", municipality.code, "--policy", str(path))
    return path


def _body(municipality, abbreviation):
    return Body.objects.get(municipality=municipality, abbreviation=abbreviation)


def _decision(municipality, abbreviation, decision_type, day, paragraph, title="Beslut"):
    return Decision.objects.create(
        municipality=municipality,
        body=_body(municipality, abbreviation),
        decision_type=decision_type,
        meeting_date=day,
        registration_number=f"KS {day.year}/{paragraph}",
        paragraph=paragraph,
        title=title,
    )


def _partner(municipality, name, country):
    return Partner.objects.create(
        municipality=municipality, name=name, kind=Partner.Kind.MUNICIPALITY, country=country
    )


def test_one_document_is_shared_by_both_municipalities(demo, ydre, shared):
    documents = PolicyDocument.objects.filter(key="gemensam-strategi")
    assert {d.municipality_id for d in documents} == {demo.vadstena.pk, ydre.pk}
    for document in documents:
        assert document.shared_with == ["0584", "0512"]
        assert list(document.clauses.values_list("key", flat=True)) == [
            "1",
            "3.1",
            "3.2",
            "3.3",
            "3.4",
            "3.5",
        ]
        assert TimeRule.objects.filter(policy=document).count() == 2
        assert Delegation.objects.filter(policy=document).count() == 1
    # The working committee was made, deciding for the board.
    committee = _body(ydre, "KSAU")
    assert committee.kind == Body.Kind.WORKING_COMMITTEE
    assert committee.delegated_by == _body(ydre, "KS")


def test_a_new_version_updates_every_party_at_once(demo, ydre, shared, tmp_path):
    changed = yaml.safe_load(shared.read_text(encoding="utf-8"))
    changed["policy"]["title"] = "Gemensam strategi, reviderad"
    call_command("loadpolicy", str(_write(tmp_path, changed, "v2.yaml")))
    titles = set(
        PolicyDocument.objects.filter(key="gemensam-strategi").values_list("title", flat=True)
    )
    assert titles == {"Gemensam strategi, reviderad"}


def test_a_party_that_is_not_there_stops_the_whole_load(demo, tmp_path):
    pack = yaml.safe_load(yaml.safe_dump(SHARED))
    pack["policy"]["municipalities"] = ["0584", "9999"]
    with pytest.raises(CommandError, match="9999"):
        call_command("loadpolicy", str(_write(tmp_path, pack)))
    assert not PolicyDocument.objects.filter(key="gemensam-strategi").exists()


def test_the_rule_for_partners_outside_the_nordic_countries_applies_to_them_only(
    demo, ydre, shared
):
    board = _decision(ydre, "KS", "twin_town_relation", datetime.date(2024, 4, 2), 10)
    finnish = _partner(ydre, "Mänttä-Vilppula", "FI")
    brazilian = _partner(ydre, "Curitiba", "BR")
    # The board may decide a Finnish twin town …
    nordic = registry_actions.create_twin_town(
        ydre,
        {"partner": finnish, "status": TwinTown.Status.ACTIVE, "decision": board},
        acting_user=SYSTEM,
    )
    assert nordic.decision == board
    # … but not one in Brazil: the council does, and the pack's own message says so.
    with pytest.raises(RuleViolation) as refused:
        registry_actions.create_twin_town(
            ydre,
            {"partner": brazilian, "status": TwinTown.Status.ACTIVE, "decision": board},
            acting_user=SYSTEM,
        )
    assert NON_NORDIC_MESSAGE in str(refused.value)
    council = _decision(ydre, "KF", "twin_town_relation", datetime.date(2024, 4, 22), 30)
    registry_actions.create_twin_town(
        ydre,
        {"partner": brazilian, "status": TwinTown.Status.ACTIVE, "decision": council},
        acting_user=SYSTEM,
    )


def test_a_working_committee_decides_by_delegation_only_what_is_delegated(demo, ydre, shared):
    day = datetime.date(2024, 5, 6)
    allowed = Decision(
        municipality=ydre,
        body=_body(ydre, "KSAU"),
        decision_type="cooperation_agreement",
        meeting_date=day,
        registration_number="KS 2024/77",
        paragraph=4,
        title="Samarbetsavtal med Mänttä",
    )
    authority.check_decision(allowed)  # delegated: no error
    allowed.save()
    refused = Decision(
        municipality=ydre,
        body=_body(ydre, "KSAU"),
        decision_type="twin_town_relation",
        meeting_date=day,
        registration_number="KS 2024/78",
        paragraph=5,
        title="Ny vänort",
    )
    with pytest.raises(Exception, match="strategin, 3.1"):
        authority.check_decision(refused)


def test_the_delegated_decisions_are_listed_for_the_body_and_period(demo, ydre, shared, client):
    from django.contrib.auth import get_user_model

    from samverkan.organisation.models import Role, RoleAssignment

    _decision(ydre, "KSAU", "cooperation_agreement", datetime.date(2024, 5, 6), 4, "Avtal A")
    _decision(ydre, "KSAU", "cooperation_agreement", datetime.date(2023, 5, 6), 4, "Avtal B")
    _decision(ydre, "KS", "cooperation_agreement", datetime.date(2024, 5, 7), 40, "Avtal C")
    user = get_user_model().objects.create_user("ydre-reader", password="x-Passw0rd-long")
    RoleAssignment.objects.create(user=user, municipality=ydre, role=Role.READER)
    client.force_login(user)
    page = client.get(
        reverse("delegated-decisions"),
        {"body": _body(ydre, "KS").pk, "from": "2024-01-01", "to": "2024-12-31"},
    )
    assert page.status_code == 200
    content = page.content.decode()
    assert "Avtal A" in content
    assert "Avtal B" not in content  # outside the period
    assert "Avtal C" not in content  # the board's own decision
    bad = client.get(reverse("delegated-decisions"), {"from": "2024-13-01"})
    assert bad.status_code == 400
    # Another municipality's body is not offered, nor listed.
    other = client.get(reverse("delegated-decisions"), {"body": demo.own_committee.pk})
    assert other.status_code == 400


def test_an_agreement_longer_than_the_time_rule_allows_is_refused(demo, ydre, shared):
    partner = _partner(ydre, "Mänttä-Vilppula", "FI")
    values = {
        "kind": Agreement.Kind.COOPERATION,
        "title": "Samarbetsavtal",
        "parties": [partner],
        "valid_from": datetime.date(2024, 1, 1),
        "valid_until": datetime.date(2030, 12, 31),
    }
    with pytest.raises(RuleViolation) as refused:
        registry_actions.create_agreement(ydre, values, acting_user=SYSTEM)
    assert AGREEMENT_TIME_MESSAGE in str(refused.value)
    with pytest.raises(RuleViolation):
        registry_actions.create_agreement(ydre, {**values, "valid_until": None}, acting_user=SYSTEM)
    kept = registry_actions.create_agreement(
        ydre, {**values, "valid_until": datetime.date(2027, 12, 31)}, acting_user=SYSTEM
    )
    assert kept.pk
    # An agreement from before the strategy is not judged by it: history is not rewritten.
    older = registry_actions.create_agreement(
        ydre,
        {**values, "valid_from": datetime.date(2015, 1, 1), "valid_until": None},
        acting_user=SYSTEM,
    )
    assert older.pk


def test_relations_outside_the_eu_still_going_are_flagged_and_counted(
    demo, ydre, shared, client, capsys
):
    council = _decision(ydre, "KF", "twin_town_relation", datetime.date(2022, 4, 22), 30)
    brazilian = _partner(ydre, "Curitiba", "BR")
    going = TwinTown.objects.create(
        municipality=ydre,
        partner=brazilian,
        status=TwinTown.Status.ACTIVE,
        decision=council,
        since=datetime.date(2022, 5, 1),
    )
    found = [v for v in authority.violations(ydre.pk) if v.time_rule is not None]
    assert [(v.record, v.message, v.clause) for v in found] == [(going, NON_EU_END_MESSAGE, "3.5")]
    rows = {row.key: row for row in compliance.dashboard(ydre, 2026)}
    assert rows["time_rule_violations"].value == 1
    assert rows["time_rule_violations"].status == compliance.NOT_MET
    assert rows["time_rule_violations"].clause == "3.5"
    # The API lists the same record with the rule's key.
    client.force_login(_coordinator(ydre, "ydre-coordinator"))
    listed = client.get("/api/v1/rule-violations").json()["items"]
    assert [(v["record_id"], v["time_rule"], v["clause"]) for v in listed] == [
        (going.pk, "utanfor-eu-avslutas", "3.5")
    ]
    # The dashboard (page, API, command) and the report cite the strategy's clauses.
    page = client.get(reverse("compliance-dashboard", args=[2026]))
    assert page.status_code == 200
    assert "3.5" in page.content.decode()
    api = client.get("/api/v1/compliance/2026").json()
    assert "3.5" in str(api) and "P13" not in str(api)
    call_command("compliance", "2026", "--municipality", "0512", "--json")
    assert '"clause": "3.5"' in capsys.readouterr().out
    report = render_document(build_report(ydre, 2026))
    assert "Gemensam strategi för internationellt samarbete" in report
    assert "P12" not in report and "P13" not in report
    # Once ended by the date, nothing is broken.
    going.status = TwinTown.Status.ENDED
    going.ended_on = datetime.date(2025, 6, 30)
    going.status_reason = "Avslutad enligt strategin."
    going.save()
    assert not [v for v in authority.violations(ydre.pk) if v.time_rule is not None]


def test_a_pack_with_broken_rules_is_refused_whole_with_every_problem():
    pack = yaml.safe_load(yaml.safe_dump(SHARED))
    pack["delegation"][0]["decision_types"] = ["lunch"]
    pack["time_rules"].append({"key": "tom", "applies_to": "agreement", "message": "Ingen regel."})
    pack["bodies"].append({"kind": "officer", "name": "Kommundirektören"})
    pack["decision_rules"][1]["partners"] = "martians"
    with pytest.raises(PackError) as refused:
        parse_pack(yaml.safe_dump(pack, allow_unicode=True), "shared.yaml")
    problems = "\n".join(refused.value.problems)
    assert "decision_rules.1.partners" in problems
    assert "time_rules.2" in problems
    # The cross-references are checked once the shape is right.
    pack["decision_rules"][1]["partners"] = "non_nordic"
    pack["time_rules"].pop()
    with pytest.raises(PackError) as refused:
        parse_pack(yaml.safe_dump(pack, allow_unicode=True), "shared.yaml")
    problems = "\n".join(refused.value.problems)
    assert "delegation.0.decision_types.0: unknown decision type lunch" in problems
    assert "bodies.3.delegated_by" in problems


def test_a_working_committee_needs_the_body_it_decides_for(demo):
    with pytest.raises(RuleViolation):
        organisation_actions.create_body(
            demo.vadstena,
            {"kind": Body.Kind.WORKING_COMMITTEE, "name": "Arbetsutskottet"},
            acting_user=SYSTEM,
        )


def _coordinator(municipality, username):
    from django.contrib.auth import get_user_model

    from samverkan.organisation.models import Role, RoleAssignment

    user = get_user_model().objects.create_user(username, password="x-Passw0rd-long")
    RoleAssignment.objects.create(user=user, municipality=municipality, role=Role.COORDINATOR)
    return user


def test_the_policy_page_shows_the_shared_document_its_time_rules_and_delegation(
    demo, ydre, shared, client
):
    client.force_login(_coordinator(ydre, "ydre-coordinator"))
    document = PolicyDocument.objects.get(municipality=ydre, key="gemensam-strategi")
    page = client.get(reverse("policy-detail", args=[document.pk]))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Vadstena" in content and "Ydre" in content  # adopted together
    assert AGREEMENT_TIME_MESSAGE in content and NON_EU_END_MESSAGE in content
    assert 'href="#3.3"' in content  # the delegation cites its clause


def test_the_interface_uses_the_packs_words(demo, ydre, shared, client):
    client.force_login(_coordinator(ydre, "ydre-coordinator"))
    assert ydre.__class__.objects.get(pk=ydre.pk).policy_terms["programme"] == "Ydreplanen"
    page = client.get(reverse("goal-list"))
    assert page.status_code == 200
    assert "Ydreplanen" in page.content.decode()
    assert "LUP" not in page.content.decode()
    assert "Internationella insatser" in page.content.decode()  # the menu's own word
    # Motala's pack names no programme: its page keeps the standard word.
    client.force_login(demo.users["coordinator"])
    motala = client.get(reverse("goal-list")).content.decode()
    assert "LUP" in motala and "Internationella insatser" not in motala


def test_the_menu_words_a_pack_may_name_are_the_menus_items():
    from samverkan import navigation
    from samverkan.policy.sections import MENU_KEYS

    assert [key for key, *_rest in navigation.MENU] == list(MENU_KEYS)
    pack = yaml.safe_load(yaml.safe_dump(SHARED))
    pack["terms"]["menu"] = {"lunch": "Lunch"}
    with pytest.raises(PackError, match="lunch is not a menu item"):
        parse_pack(yaml.safe_dump(pack, allow_unicode=True), "shared.yaml")


def test_the_operator_sets_up_a_municipality_on_a_page(
    demo, ydre, client, django_capture_on_commit_callbacks
):
    from django.contrib.auth import get_user_model
    from django.core import mail
    from django.core.files.uploadedfile import SimpleUploadedFile

    from samverkan.organisation.models import Role, RoleAssignment

    url = reverse("municipality-setup")
    client.force_login(demo.users["coordinator"])
    assert client.get(url).status_code == 403  # a municipality's coordinator is no operator
    operator = get_user_model().objects.create_superuser(
        "platform-operator", password="x-Passw0rd-long"
    )
    client.force_login(operator)
    assert client.get(url).status_code == 200
    pack = yaml.safe_dump(SHARED, allow_unicode=True).encode()
    broken = client.post(
        url,
        {
            "municipality": ydre.pk,
            "pack_file": SimpleUploadedFile("ydre.yaml", pack.replace(b"3.4", b"9.9", 1)),
            "email": "admin@ydre.example",
        },
    )
    assert broken.status_code == 400
    assert "time_rules.0.clause: no clause 3.4" in broken.content.decode()
    assert not PolicyDocument.objects.filter(municipality=ydre).exists()  # nothing half-made
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            url,
            {
                "municipality": ydre.pk,
                "pack_file": SimpleUploadedFile("ydre.yaml", pack),
                "email": "admin@ydre.example",
            },
        )
    assert done.status_code == 200
    assert PolicyDocument.objects.filter(municipality=ydre, key="gemensam-strategi").exists()
    assert _body(ydre, "KSAU").delegated_by == _body(ydre, "KS")
    admin = RoleAssignment.objects.get(municipality=ydre, role=Role.ADMINISTRATOR)
    assert admin.user.email == "admin@ydre.example"
    assert len(mail.outbox) == 1
    # Again: nothing new.
    again = client.post(
        url,
        {
            "municipality": ydre.pk,
            "pack_file": SimpleUploadedFile("ydre.yaml", pack),
            "email": "admin@ydre.example",
        },
    )
    assert again.status_code == 200
    assert RoleAssignment.objects.filter(municipality=ydre).count() == 1
    assert Body.objects.filter(municipality=ydre).count() == 3


def test_an_agreement_both_are_party_to_is_seen_and_kept_by_both(
    demo, ydre, shared, client, settings, tmp_path
):
    from django.test import Client

    settings.MEDIA_ROOT = tmp_path

    finnish = _partner(demo.vadstena, "Mänttä-Vilppula", "FI")
    agreement = registry_actions.create_agreement(
        demo.vadstena,
        {
            "kind": Agreement.Kind.COOPERATION,
            "title": "Gemensamt samarbetsavtal",
            "parties": [finnish],
            "valid_from": datetime.date(2024, 1, 1),
            "valid_until": datetime.date(2026, 12, 31),
            "shared_with": [ydre],
        },
        acting_user=SYSTEM,
    )
    ydre_user = _coordinator(ydre, "ydre-coordinator")
    client.force_login(ydre_user)
    # Seen by the party: list, page, API.
    listed = client.get(reverse("agreement-list")).content.decode()
    assert "Gemensamt samarbetsavtal" in listed
    page = client.get(reverse("agreement-detail", args=[agreement.pk]))
    assert page.status_code == 200
    assert "Mänttä-Vilppula" in page.content.decode()
    got = client.get(f"/api/v1/agreements/{agreement.pk}").json()
    assert got["registered_by"] == "0584" and got["shared_with"] == [ydre.pk]
    # Kept by the party: the dates, on the page …
    form = client.get(reverse("agreement-edit", args=[agreement.pk])).context["form"]
    assert set(form.fields) - {"opened_version"} == set(Agreement.PARTY_EDITABLE)
    saved = client.post(
        reverse("agreement-edit", args=[agreement.pk]),
        {
            "title": "Gemensamt samarbetsavtal",
            "valid_from": "2024-01-01",
            "valid_until": "2027-06-30",
            "opened_version": agreement.version,
        },
    )
    assert saved.status_code == 302
    agreement.refresh_from_db()
    assert agreement.valid_until == datetime.date(2027, 6, 30)
    # … but not its parties or its deletion: those stay with the one that registered it.
    body = {
        "kind": "cooperation_agreement",
        "title": "Gemensamt samarbetsavtal",
        "parties": [],
        "valid_from": "2024-01-01",
        "valid_until": "2027-06-30",
        "shared_with": [ydre.pk],
        "version": agreement.version,
    }
    refused = client.put(
        f"/api/v1/agreements/{agreement.pk}", body, content_type="application/json"
    )
    assert refused.status_code == 403
    assert "Vadstena" in refused.json()["message"]
    kept = client.put(
        f"/api/v1/agreements/{agreement.pk}",
        {**body, "parties": [finnish.pk], "description": "Båda kommunerna."},
        content_type="application/json",
    )
    assert kept.status_code == 200, kept.content
    assert kept.json()["description"] == "Båda kommunerna."
    deleted = client.delete(f"/api/v1/agreements/{agreement.pk}")
    assert deleted.status_code == 403
    assert Agreement.objects.filter(pk=agreement.pk).exists()
    # Its documents are the party's to read and add to as well.
    from django.core.files.uploadedfile import SimpleUploadedFile

    from samverkan.registry.demo import minimal_pdf

    signed = registry_actions.add_document(
        agreement,
        {
            "title": "Undertecknat avtal",
            "file": SimpleUploadedFile("avtal.pdf", minimal_pdf("Avtal")),
            "is_public": True,
        },
        acting_user=SYSTEM,
    )
    assert client.get(reverse("document-download", args=[signed.pk])).status_code == 200
    # Everyone else still gets a 404.
    motala = Client()
    motala.force_login(demo.users["coordinator"])
    assert motala.get(reverse("agreement-detail", args=[agreement.pk])).status_code == 404
    assert motala.get(f"/api/v1/agreements/{agreement.pk}").status_code == 404
    assert motala.get(reverse("document-download", args=[signed.pk])).status_code == 404
    # The one that registered it keeps everything.
    vadstena = Client()
    vadstena.force_login(demo.users["vadstena-coordinator"])
    own = vadstena.get(reverse("agreement-edit", args=[agreement.pk])).context["form"]
    assert "parties" in own.fields and "shared_with" in own.fields


def test_reviews_and_time_rule_dates_are_deadlines_for_the_coordinator(demo, ydre, shared):
    from samverkan.lib.deadlines import upcoming
    from samverkan.registry.models import RegisterSettings

    coordinator = _coordinator(ydre, "ydre-coordinator")
    council = _decision(ydre, "KF", "twin_town_relation", datetime.date(2022, 4, 22), 30)
    twin_town = TwinTown.objects.create(
        municipality=ydre,
        partner=_partner(ydre, "Mänttä-Vilppula", "FI"),
        status=TwinTown.Status.ACTIVE,
        decision=council,
        since=datetime.date(2022, 5, 1),
        last_reviewed_on=datetime.date(2024, 3, 10),
    )
    interval = RegisterSettings.for_municipality(ydre).twin_town_review_interval_months
    due = twin_town.review_due_on(interval)
    found = upcoming(coordinator, ydre, due, due)
    assert [(d.kind, d.path) for d in found if d.kind == "review"] == [
        ("review", reverse("twintown-detail", args=[twin_town.pk]))
    ]
    # The day relations outside the EU must have ended, from the pack's time rule.
    end_by = upcoming(coordinator, ydre, datetime.date(2025, 12, 31), datetime.date(2025, 12, 31))
    assert [d.path for d in end_by if NON_EU_END_MESSAGE in d.title] == [reverse("rule-violations")]
    # The strategy's own review, four years after its decision.
    document = PolicyDocument.objects.get(municipality=ydre, key="gemensam-strategi")
    review = upcoming(coordinator, ydre, document.review_due_on, document.review_due_on)
    assert any(d.path == reverse("policy-detail", args=[document.pk]) for d in review)
    # A reader hears of none of them.
    from django.contrib.auth import get_user_model

    from samverkan.organisation.models import Role, RoleAssignment

    reader = get_user_model().objects.create_user("ydre-reader", password="x-Passw0rd-long")
    RoleAssignment.objects.create(user=reader, municipality=ydre, role=Role.READER)
    assert not [d for d in upcoming(reader, ydre, due, due) if d.kind == "review"]
