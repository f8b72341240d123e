"""Other municipalities' packs, followed all the way: their own sections, clause ids and
bodies, their rules' messages, and compliance counted from exactly the rule violations.

Vadstena (in the demo without a pack) gets a strategy whose executive board decides twin
towns and which asks for no consideration; no Motala clause number is assumed here."""

import datetime
import io

import docx
import pytest
import yaml
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from samverkan.followup import compliance
from samverkan.followup.report.build import build_report
from samverkan.followup.report.docx import render_docx
from samverkan.followup.report.html import render_document
from samverkan.history.models import DeletedRecord
from samverkan.organisation.models import Body, Role, RoleAssignment
from samverkan.policy.models import PolicyDocument
from samverkan.policy.pack import PackError, parse_pack
from samverkan.registry import authority
from samverkan.registry.models import Decision, Partner, TwinTown

STRATEGY = {
    "format": "samverkan-policy-pack/2",
    "municipality": "0584",
    "policy": {
        "key": "internationell-strategi",
        "title": "Strategi för internationellt arbete",
        "kind": "strategy",
        "decided_by": "council",
        "decided_on": "2019-05-20",
        "registration_number": "KS 2019/123",
        "paragraph": "57",
        "valid_from": "2019-06-01",
        "registration_number_pattern": r"^KS \d{4}/\d{1,4}$",
        "registration_number_example": "KS 2019/123",
    },
    "sections": [
        {"key": "oppenhet", "label": "Öppenhet mot omvärlden"},
        {"key": "ansvar", "label": "Ansvar och beslut"},
    ],
    "terms": {"committee": "programnämnd", "committees": "programnämnder"},
    "clauses": [
        {"id": "2.1", "section": "oppenhet", "summary": "Samarbete", "text": "Vi samarbetar."},
        {
            "id": "B4",
            "section": "ansvar",
            "summary": "Kommunstyrelsen beslutar om vänorter",
            "text": "Kommunstyrelsen beslutar om vänorter och vänortsavtal.",
        },
    ],
    "decision_rules": [
        {
            "decision_type": "twin_town_relation",
            "label": "Ny vänort",
            "authorised_body": "executive_board",
            "clause": "B4",
            "message": "Vänorter beslutas av kommunstyrelsen (strategin, B4).",
        },
        {
            "decision_type": "twin_town_agreement",
            "label": "Vänortsavtal",
            "authorised_body": "executive_board",
            "clause": "B4",
            "message": "Vänortsavtal beslutas av kommunstyrelsen (strategin, B4).",
        },
    ],
    "indicators": [
        {
            "clause": "B4",
            "key": "decisions_without_authority_board",
            "label": "Beslut utan kommunstyrelsens befogenhet",
            "comparison": "at_most",
            "target": 0,
        },
        {
            "clause": "B4",
            "key": "decisions_without_authority_council",
            "label": "Beslut utan fullmäktiges befogenhet",
            "comparison": "at_most",
            "target": 0,
        },
        {
            "clause": "B4",
            "key": "proposals_decided_without_consideration",
            "label": "Vänorter beslutade utan övervägande",
            "comparison": "at_most",
            "target": 0,
        },
    ],
}


@pytest.fixture
def strategy(demo, tmp_path):
    path = tmp_path / "vadstena.yaml"
    path.write_text(yaml.safe_dump(STRATEGY, allow_unicode=True), encoding="utf-8")
    call_command("loadpolicy", str(path), "--municipality", "0584")
    return PolicyDocument.objects.get(municipality=demo.vadstena)


@pytest.fixture
def council_twin_town(demo, strategy):
    """A twin town Vadstena's council decided: the strategy gives that to the board."""
    council = Body.objects.get(municipality=demo.vadstena, kind=Body.Kind.COUNCIL)
    decision = Decision.objects.create(
        municipality=demo.vadstena,
        body=council,
        decision_type="twin_town_relation",
        meeting_date=datetime.date(2024, 3, 11),
        registration_number="KS 2024/12",
        paragraph=9,
        title="Vänort i Finland",
    )
    partner = Partner.objects.create(
        municipality=demo.vadstena, name="Naantali", kind=Partner.Kind.MUNICIPALITY, country="FI"
    )
    # Written as an importer would, without the rules: the register flags it.
    return TwinTown.objects.create(
        municipality=demo.vadstena,
        partner=partner,
        kind=TwinTown.Kind.TWIN_TOWN,
        status=TwinTown.Status.ACTIVE,
        since=datetime.date(2024, 3, 11),
        decision=decision,
    )


def test_the_pack_is_loaded_with_its_own_shape(strategy):
    assert strategy.kind == "strategy"
    assert [s["key"] for s in strategy.sections] == ["oppenhet", "ansvar"]
    assert list(strategy.clauses.values_list("key", flat=True)) == ["2.1", "B4"]
    assert strategy.terms == {"committee": "programnämnd", "committees": "programnämnder"}
    assert not strategy.consideration_required


def test_violations_cite_the_packs_own_rule(demo, council_twin_town):
    records = {council_twin_town, council_twin_town.decision}
    found = [v for v in authority.violations(demo.vadstena.pk) if v.record in records]
    assert {v.record for v in found} == records  # the relation and its decision
    for violation in found:
        assert violation.clause == "B4"
        assert violation.authorised_body_kind == Body.Kind.EXECUTIVE_BOARD
        assert "(strategin, B4)" in violation.message
    # The strategy asks for no consideration: none is missing, and nothing says P11.
    assert authority.missing_consideration(council_twin_town) == []
    assert all("P1" not in v.message for v in authority.violations(demo.vadstena.pk))


def test_the_authority_indicator_counts_exactly_the_rule_violations(
    demo, council_twin_town, call_as
):
    rows = {row.key: row for row in compliance.dashboard(demo.vadstena, 2024)}
    listed = call_as("vadstena-coordinator").get("/rule-violations").json()
    board_rules = [v for v in listed["items"] if v["authorised_body_kind"] == "executive_board"]
    assert len(board_rules) == 2
    assert {v["clause"] for v in board_rules} == {"B4"}
    board = rows["decisions_without_authority_board"]
    assert board.value == len(board_rules)
    assert board.status == compliance.NOT_MET  # never a false "met"
    assert board.clause == "B4"
    assert rows["decisions_without_authority_council"].value == 0
    assert rows["proposals_decided_without_consideration"].value == 0
    # The year before the decision, nothing was broken yet.
    before = {row.key: row for row in compliance.dashboard(demo.vadstena, 2023)}
    assert before["decisions_without_authority_board"].value == 0


def test_the_dashboard_page_and_command_show_the_packs_clauses(
    demo, council_twin_town, client, capsys
):
    client.force_login(demo.users["vadstena-coordinator"])
    page = client.get(reverse("compliance-dashboard", args=[2024]))
    assert page.status_code == 200
    assert "B4" in page.content.decode()
    call_command("compliance", "2024", "--municipality", "0584", "--json")
    output = capsys.readouterr().out
    assert '"clause": "B4"' in output
    assert '"P12"' not in output and '"P13"' not in output


def test_the_navigation_follows_the_packs_sections(demo, strategy, client):
    client.force_login(demo.users["vadstena-coordinator"])
    page = client.get(reverse("section", args=["oppenhet"]))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Öppenhet mot omvärlden" in content and "Ansvar och beslut" in content
    assert client.get(reverse("section", args=["twinning"])).status_code == 404


def test_a_decision_by_the_wrong_body_is_refused_with_the_packs_message(demo, strategy, call_as):
    council = Body.objects.get(municipality=demo.vadstena, kind=Body.Kind.COUNCIL)
    response = call_as("vadstena-coordinator").post(
        "/decisions",
        {
            "body": council.pk,
            "decision_type": "twin_town_agreement",
            "meeting_date": "2025-02-03",
            "registration_number": "KS 2025/7",
            "paragraph": 3,
            "title": "Vänortsavtal",
        },
    )
    assert response.status_code == 400
    messages = [e["message"] for e in response.json()["errors"] if e["field"] == "body"]
    assert messages == ["Vänortsavtal beslutas av kommunstyrelsen (strategin, B4)."]


def test_the_registration_number_error_gives_the_packs_example(demo, strategy, call_as):
    board = Body.objects.get(municipality=demo.vadstena, kind=Body.Kind.EXECUTIVE_BOARD)
    response = call_as("vadstena-coordinator").post(
        "/decisions",
        {
            "body": board.pk,
            "decision_type": "other",
            "meeting_date": "2025-02-03",
            "registration_number": "15/KS 0089",
            "paragraph": 4,
            "title": "Något",
        },
    )
    assert response.status_code == 400
    [message] = [e["message"] for e in response.json()["errors"]]
    assert "KS 2019/123" in message and "15/KS 0089" in message.split("(")[0]


def _pack(**changes):
    data = yaml.safe_load(yaml.safe_dump(STRATEGY))
    for key, value in changes.items():
        data[key] = value
    return yaml.safe_dump(data, allow_unicode=True)


def test_unknown_indicator_keys_and_decision_types_are_refused_with_the_known_ones():
    indicators = [*STRATEGY["indicators"], {**STRATEGY["indicators"][0], "key": "happiness"}]
    rules = [*STRATEGY["decision_rules"], {**STRATEGY["decision_rules"][0], "decision_type": "x"}]
    with pytest.raises(PackError) as error:
        parse_pack(_pack(indicators=indicators, decision_rules=rules), "p.yaml")
    problems = "\n".join(error.value.problems)
    assert "p.yaml: indicators.3.key: unknown indicator happiness" in problems
    assert "--list-indicators" in problems
    assert "p.yaml: decision_rules.2.decision_type: unknown decision type x" in problems
    assert "twin_town_agreement" in problems  # the known ones are listed


def test_a_clause_in_a_section_the_pack_does_not_have_is_refused():
    clauses = [{**STRATEGY["clauses"][0], "section": "cooperation"}, STRATEGY["clauses"][1]]
    with pytest.raises(PackError) as error:
        parse_pack(_pack(clauses=clauses), "p.yaml")
    assert any(p.startswith("p.yaml: clauses.0.section:") for p in error.value.problems)


def test_format_1_cannot_name_sections():
    with pytest.raises(PackError) as error:
        parse_pack(_pack(format="samverkan-policy-pack/1"), "p.yaml")
    assert any("sections: needs format" in p for p in error.value.problems)


def test_the_indicator_catalogue_is_printed(capsys):
    call_command("loadpolicy", "--list-indicators")
    output = capsys.readouterr().out
    assert "decisions_without_authority_board\t" in output
    assert len(output.strip().splitlines()) == len(compliance.INDICATORS)


# A supplementing, time-bound decision; rules judged on the meeting date ---------------

SUPPLEMENT = {
    "format": "samverkan-policy-pack/2",
    "municipality": "0584",
    "policy": {
        "key": "ks-beslut-medlemskap-2022",
        "title": "Kommunstyrelsens beslut om medlemskap",
        "kind": "decision",
        "supplements": "internationell-strategi",
        "decided_by": "executive_board",
        "decided_on": "2022-01-10",
        "registration_number": "KS 2022/4",
        "paragraph": "2",
        "valid_from": "2022-02-01",
        "valid_to": "2026-12-31",
    },
    "decision_rules": [
        {
            "decision_type": "membership_municipality",
            "label": "Medlemskap för hela kommunen",
            "authorised_body": "executive_board",
            "clause": "B4",
            "message": "Medlemskap för hela kommunen beslutas av kommunstyrelsen (KS-beslut 2022).",
        }
    ],
}


@pytest.fixture
def supplement(strategy, tmp_path):
    path = tmp_path / "supplement.yaml"
    path.write_text(yaml.safe_dump(SUPPLEMENT, allow_unicode=True), encoding="utf-8")
    call_command("loadpolicy", str(path), "--municipality", "0584")
    return PolicyDocument.objects.get(key="ks-beslut-medlemskap-2022")


def _council_membership_decision(demo, day):
    council = Body.objects.get(municipality=demo.vadstena, kind=Body.Kind.COUNCIL)
    return Decision.objects.create(
        municipality=demo.vadstena,
        body=council,
        decision_type="membership_municipality",
        meeting_date=day,
        registration_number="KS 2020/1",
        paragraph=day.month,
        title=f"Medlemskap {day}",
    )


def test_a_supplement_adds_rules_and_keeps_the_documents_clauses(demo, strategy, supplement):
    assert supplement.supplements == strategy
    assert strategy.clauses.count() == 2  # untouched
    rules = authority.rules_for(demo.vadstena.pk, datetime.date(2024, 1, 1))
    assert set(rules) == {"twin_town_relation", "twin_town_agreement", "membership_municipality"}
    assert rules.get("membership_municipality").clause.key == "B4"
    # Before the supplement was in force, and after it ends, its rule does not apply.
    assert "membership_municipality" not in authority.rules_for(
        demo.vadstena.pk, datetime.date(2021, 6, 1)
    )
    assert "membership_municipality" not in authority.rules_for(
        demo.vadstena.pk, datetime.date(2027, 1, 1)
    )


def test_a_decision_is_judged_by_the_rules_in_force_on_its_meeting_date(demo, supplement):
    before = _council_membership_decision(demo, datetime.date(2021, 5, 3))
    during = _council_membership_decision(demo, datetime.date(2023, 5, 8))
    flagged = {v.record for v in authority.violations(demo.vadstena.pk)}
    assert during in flagged
    assert before not in flagged  # a rule never rewrites history
    # A decision from before the strategy itself is judged by no rule at all.
    council = Body.objects.get(municipality=demo.vadstena, kind=Body.Kind.COUNCIL)
    old = Decision.objects.create(
        municipality=demo.vadstena,
        body=council,
        decision_type="twin_town_relation",
        meeting_date=datetime.date(1990, 4, 2),
        registration_number="KS 1990/1",
        paragraph=1,
        title="Vänort 1990",
    )
    assert old not in {v.record for v in authority.violations(demo.vadstena.pk)}


def test_a_supplement_for_a_document_that_is_not_there_is_refused_whole(demo, tmp_path):
    path = tmp_path / "orphan.yaml"
    path.write_text(yaml.safe_dump(SUPPLEMENT, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CommandError, match="policy.supplements"):
        call_command("loadpolicy", str(path), "--municipality", "0584")
    assert not PolicyDocument.objects.filter(municipality=demo.vadstena).exists()


def test_a_supplements_broken_clause_reference_is_refused(demo, strategy, tmp_path):
    data = yaml.safe_load(yaml.safe_dump(SUPPLEMENT))
    data["decision_rules"][0]["clause"] = "Z9"
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CommandError, match="decision_rules.0.clause: no clause Z9"):
        call_command("loadpolicy", str(path), "--municipality", "0584")
    assert not PolicyDocument.objects.filter(key=SUPPLEMENT["policy"]["key"]).exists()


def test_the_policy_page_shows_the_layers_in_force(demo, supplement, client):
    client.force_login(demo.users["vadstena-coordinator"])
    content = client.get(reverse("policy-list")).content.decode()
    assert "Kommunstyrelsens beslut om medlemskap" in content
    assert "2026-12-31" in content


def test_unloading_refuses_a_document_in_use_and_removes_one_that_is_not(
    demo, strategy, supplement
):
    with pytest.raises(CommandError) as error:
        call_command("unloadpolicy", "internationell-strategi", "--municipality", "0584")
    assert "Kommunstyrelsens beslut om medlemskap" in str(error.value)
    call_command("unloadpolicy", "ks-beslut-medlemskap-2022", "--municipality", "0584")
    assert not PolicyDocument.objects.filter(pk=supplement.pk).exists()
    assert DeletedRecord.objects.filter(
        model_label="policy.policydocument", object_id=str(supplement.pk)
    ).exists()
    assert "membership_municipality" not in authority.rules_for(
        demo.vadstena.pk, datetime.date(2024, 1, 1)
    )
    call_command("unloadpolicy", "internationell-strategi", "--municipality", "0584")
    assert not PolicyDocument.objects.filter(municipality=demo.vadstena).exists()


def test_a_municipality_is_set_up_in_one_command_and_again_changes_nothing(
    demo, tmp_path, django_capture_on_commit_callbacks
):
    data = yaml.safe_load(yaml.safe_dump(STRATEGY))
    data["bodies"] = [
        {"kind": "executive_board", "name": "Kommunstyrelsen", "abbreviation": "KS"},
        {"kind": "committee", "name": "Samhällsbyggnadsnämnden", "abbreviation": "SBN"},
    ]
    path = tmp_path / "setup.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    arguments = ["setup_municipality", "0584", "--policy", str(path)]
    with django_capture_on_commit_callbacks(execute=True):
        call_command(*arguments, "--email", "forsta.admin@vadstena.example")
    assert PolicyDocument.objects.filter(municipality=demo.vadstena).count() == 1
    assert Body.objects.filter(municipality=demo.vadstena, name="Samhällsbyggnadsnämnden").exists()
    admin = RoleAssignment.objects.get(
        municipality=demo.vadstena, user__email="forsta.admin@vadstena.example"
    )
    assert admin.role == Role.ADMINISTRATOR
    assert len(mail.outbox) == 1
    counts = (Body.objects.count(), RoleAssignment.objects.count(), PolicyDocument.objects.count())
    call_command(*arguments, "--email", "forsta.admin@vadstena.example")
    assert counts == (
        Body.objects.count(),
        RoleAssignment.objects.count(),
        PolicyDocument.objects.count(),
    )


def test_the_report_names_the_municipalitys_documents_and_cites_their_clauses(
    demo, council_twin_town, supplement
):
    report = build_report(demo.vadstena, 2024)
    text = "\n".join(report.introduction)
    assert "Strategi för internationellt arbete" in text
    assert "Kommunstyrelsens beslut om medlemskap" in text
    assert "policy for international cooperation" not in text
    clauses = {row[0] for row in report.compliance}
    assert clauses == {"B4"}
    board = next(row for row in report.compliance if "kommunstyrelsens" in row[1])
    assert board[2] == "2"
    html = render_document(report)
    assert 'id="compliance"' in html and "B4" in html
    document = docx.Document(io.BytesIO(render_docx(report)))
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert "B4" in cells
