"""The policy pack: Motala's pack loads; a broken pack is refused naming the field."""

import datetime

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.urls import reverse

from samverkan.policy.models import Clause, DecisionRule, Indicator, PolicyDocument
from samverkan.policy.pack import DEFAULT_PACK, PackError, apply_pack, parse_pack, read_pack

# The adopted text ships beside the pack, so the pack can be checked against it.
POLICY_TEXT = DEFAULT_PACK.parent / "motala-policy-internationell-samverkan-2016.txt"


def motala_pack_data():
    return yaml.safe_load(DEFAULT_PACK.read_text(encoding="utf-8"))


def test_motala_pack_holds_the_policy():
    pack = read_pack(DEFAULT_PACK)
    assert [c.id for c in pack.clauses] == [f"P{n}" for n in range(1, 16)]
    assert pack.policy.registration_number == "15/KS 0089"
    assert pack.policy.paragraph == "4"
    assert pack.policy.decided_on == datetime.date(2016, 2, 8)
    rules = {r.decision_type: r.authorised_body for r in pack.decision_rules}
    assert rules["twin_town_agreement"] == "council"
    assert rules["policy"] == "council"
    assert rules["cooperation_agreement"] == "executive_board"
    assert rules["membership_municipality"] == "executive_board"
    assert {i.clause for i in pack.indicators} == {c.id for c in pack.clauses}


def test_clause_texts_are_the_policys_own_sentences():
    source = " ".join(POLICY_TEXT.read_text(encoding="utf-8").split()).replace(
        "utvecklings-programmet", "utvecklingsprogrammet"
    )
    for clause in read_pack(DEFAULT_PACK).clauses:
        first_sentence = clause.text.split(". ")[0].rstrip(".")
        assert first_sentence in source, clause.id


def test_loading_twice_changes_nothing(demo):
    policy = PolicyDocument.objects.get(municipality=demo.motala)
    counts = (Clause.history.count(), DecisionRule.history.count(), Indicator.history.count())
    call_command("loadpolicy", "--municipality", "0583")
    assert (
        Clause.history.count(),
        DecisionRule.history.count(),
        Indicator.history.count(),
    ) == counts
    assert PolicyDocument.objects.get(municipality=demo.motala).version == policy.version


def test_loading_a_changed_pack_updates_and_removes(demo, tmp_path):
    data = motala_pack_data()
    data["policy"]["review_interval_years"] = 2
    data["indicators"] = data["indicators"][:3]
    path = tmp_path / "pack.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    call_command("loadpolicy", str(path), "--municipality", "0583")
    policy = PolicyDocument.objects.get(municipality=demo.motala)
    assert policy.review_interval_years == 2
    assert policy.indicators.count() == 3


@pytest.mark.parametrize(
    ("change", "field_path"),
    [
        (lambda d: d["policy"].pop("title"), "policy.title"),
        (lambda d: d["policy"].update(decided_by="mayor"), "policy.decided_by"),
        (lambda d: d["policy"].update(decided_on="8 februari"), "policy.decided_on"),
        (lambda d: d["clauses"][2].update(id="P3 is far too long"), "clauses.2.id"),
        (lambda d: d["clauses"][0].update(section="elsewhere"), "clauses.0.section"),
        (lambda d: d["decision_rules"][0].update(clause="P99"), "decision_rules.0.clause"),
        (lambda d: d["indicators"][1].update(target="many"), "indicators.1.target"),
        (lambda d: d["indicators"][1].update(clause="P42"), "indicators.1.clause"),
        (lambda d: d["clauses"].append(dict(d["clauses"][0])), "clauses.15.id"),
        (lambda d: d.update(surprise=True), "surprise"),
        (
            lambda d: d["policy"].update(registration_number_pattern="(unclosed"),
            "policy.registration_number_pattern",
        ),
    ],
)
def test_broken_pack_is_refused_naming_the_field(change, field_path):
    data = motala_pack_data()
    change(data)
    with pytest.raises(PackError) as error:
        parse_pack(yaml.safe_dump(data, allow_unicode=True), "broken.yaml")
    assert any(p.startswith(f"broken.yaml: {field_path}:") for p in error.value.problems), (
        error.value.problems
    )


def test_loadpolicy_command_reports_the_field_and_writes_nothing(demo, tmp_path):
    data = motala_pack_data()
    data["policy"]["key"] = "ny-policy"
    data["clauses"][4]["text"] = ""
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CommandError, match=r"broken.yaml: clauses\.4\.text:"):
        call_command("loadpolicy", str(path), "--municipality", "0583")
    assert not PolicyDocument.objects.filter(key="ny-policy").exists()


def test_not_yaml_and_unknown_municipality(demo, tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("policy: [unclosed", encoding="utf-8")
    with pytest.raises(CommandError, match="line 1"):
        call_command("loadpolicy", str(path), "--municipality", "0583")
    with pytest.raises(CommandError, match="Unknown municipality code '9999'"):
        call_command("loadpolicy", "--municipality", "9999")
    with pytest.raises(CommandError, match="no such file"):
        call_command("loadpolicy", str(tmp_path / "missing.yaml"), "--municipality", "0583")


def test_pack_for_another_municipality_is_refused(demo):
    with pytest.raises(CommandError, match="the pack is for 0583, not 0584"):
        call_command("loadpolicy", "--municipality", "0584")


def test_review_is_due_four_years_after_the_decision(demo):
    policy = PolicyDocument.objects.get(municipality=demo.motala)
    assert policy.review_due_on == datetime.date(2020, 2, 8)
    assert policy.is_review_overdue(datetime.date(2026, 11, 26))
    assert not policy.is_review_overdue(datetime.date(2019, 1, 1))
    policy.revised_on = datetime.date(2025, 3, 1)
    assert not policy.is_review_overdue(datetime.date(2026, 11, 26))


def test_policy_page_shows_text_metadata_and_overdue_review(client, demo):
    client.force_login(demo.users["reader"])
    policy = PolicyDocument.objects.get(municipality=demo.motala)
    page = client.get(reverse("policy-detail", args=[policy.pk])).content.decode()
    assert "15/KS 0089" in page
    assert "2016-02-08" in page
    assert "vänortsavtal" in page
    assert 'class="notice"' in page  # due for review
    assert "2020-02-08" in page


def test_apply_pack_to_a_new_municipality(demo):
    pack = read_pack(DEFAULT_PACK)
    document = apply_pack(pack.model_copy(update={"municipality": None}), demo.vadstena)
    assert document.municipality == demo.vadstena
    assert document.clauses.count() == 15
