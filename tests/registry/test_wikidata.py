"""Twin towns against Wikidata's P190 statements: reading files, matching, exporting.

The sample files in data/ are shaped like the Wikidata Query Service's answers
(SPARQL JSON, and CSV); their entity ids are illustrative.
"""

import datetime
from pathlib import Path

import pytest
from django.utils import translation

from samverkan.registry import wikidata
from samverkan.registry.wikidata import Relation, WikidataFileError

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _english():
    # The messages are checked by their English wording; Swedish is the default language.
    with translation.override("en"):
        yield


MOTALA = [
    Relation("Hyvinge", "Hyvinkää", "FI", None, status="active", pk=1),
    Relation("Daugavpils", "Daugavpils", "LV", datetime.date(1998, 7, 1), status="active", pk=2),
    Relation("Eigersund", "", "NO", None, status="paused", pk=3),
    Relation("Tartu", "", "EE", datetime.date(2026, 4, 15), status="active", pk=4),
]


def _names(items):
    return sorted(getattr(item, "name", None) or item.twin_label for item in items)


def test_sparql_json_is_read_and_repeated_rows_kept_once():
    statements = wikidata.parse_statements((DATA / "wikidata_p190_motala.json").read_bytes())
    # Daugavpils comes twice (two start dates in Wikidata): one statement.
    assert [s.twin_label for s in statements] == [
        "Hyvinge",
        "Daugavpils",
        "Eigersunds kommun",
        "Sorø",
    ]
    daugavpils = statements[1]
    assert daugavpils.country == "LV"
    assert daugavpils.start == datetime.date(1998, 7, 1)
    assert daugavpils.twin == "http://www.wikidata.org/entity/Q190164"
    assert daugavpils.item_label == "Motala kommun"


def test_json_export_compared_with_motala_relations():
    statements = wikidata.parse_statements((DATA / "wikidata_p190_motala.json").read_bytes())
    result = wikidata.compare(MOTALA, statements, "Motala kommun")
    assert _names(m.relation for m in result.in_both) == ["Daugavpils", "Eigersund", "Hyvinge"]
    assert _names(result.only_here) == ["Tartu"]
    assert [s.twin_label for s in result.only_wikidata] == ["Sorø"]
    eigersund = next(m for m in result.in_both if m.relation.name == "Eigersund")
    assert eigersund.statement.twin_label == "Eigersunds kommun"
    hyvinge = next(m for m in result.in_both if m.relation.name == "Hyvinge")
    assert hyvinge.notes == []
    daugavpils = next(m for m in result.in_both if m.relation.name == "Daugavpils")
    assert daugavpils.notes == []


def test_csv_with_local_names_accents_and_country_items():
    statements = wikidata.parse_statements((DATA / "wikidata_p190_motala.csv").read_bytes())
    by_label = {s.twin_label: s for s in statements}
    # Countries given as a Wikidata item, an ISO alpha-3 code and a Swedish name.
    assert by_label["Daugavpils pilsēta"].country == "LV"
    assert by_label["Eigersund kommune"].country == "NO"
    assert by_label["Soro"].country == "DK"
    assert by_label["Eigersund kommune"].start == datetime.date(1950, 1, 1)
    result = wikidata.compare(MOTALA, statements, "Motala kommun")
    matched = {m.relation.name: m.statement.twin_label for m in result.in_both}
    # "HYVINKÄÄ" is Hyvinge's local name, in capitals.
    assert matched == {
        "Hyvinge": "HYVINKÄÄ",
        "Daugavpils": "Daugavpils pilsēta",
        "Eigersund": "Eigersund kommune",
    }
    assert [s.twin_label for s in result.only_wikidata] == ["Soro"]


def test_the_country_must_agree_when_both_give_one():
    wrong_country = wikidata.Statement("Daugavpils", country="LT")
    result = wikidata.compare(MOTALA, [wrong_country], "Motala kommun")
    assert result.in_both == []
    assert result.only_wikidata == [wrong_country]


def test_a_statement_without_country_matches_by_name_with_a_note():
    result = wikidata.compare(MOTALA, [wikidata.Statement("tartu")], "Motala kommun")
    assert [m.relation.name for m in result.in_both] == ["Tartu"]
    notes = result.in_both[0].notes
    assert any("matched by name only" in note for note in notes)
    assert any("no start date" in note for note in notes)


def test_a_different_start_year_is_noted():
    statement = wikidata.Statement("Daugavpils", country="LV", start=datetime.date(1991, 1, 1))
    result = wikidata.compare(MOTALA, [statement], "Motala kommun")
    assert result.in_both[0].notes == ["Since 1998-07-01 here, 1991-01-01 in Wikidata."]


def test_a_file_about_several_municipalities_is_narrowed_to_ours():
    data = (DATA / "wikidata_p190_several_items.json").read_bytes()
    result = wikidata.compare(MOTALA, wikidata.parse_statements(data), "Motala kommun")
    assert [m.relation.name for m in result.in_both] == ["Daugavpils"]
    assert result.only_wikidata == []
    assert result.other_items == 2


def test_an_export_read_back_matches_itself_in_both_formats():
    rows = wikidata.export_rows("Motala kommun", MOTALA)
    assert rows[1] == {
        "item": "",
        "itemLabel": "Motala kommun",
        "twin": "",
        "twinLabel": "Daugavpils",
        "twinLocalLabel": "Daugavpils",
        "country": "LV",
        "start": "1998-07-01",
        "end": "",
    }
    csv_text = wikidata.to_csv(rows)
    assert (
        csv_text.splitlines()[0] == "item,itemLabel,twin,twinLabel,twinLocalLabel,country,start,end"
    )
    for text in (csv_text, wikidata.to_sparql_json(rows)):
        statements = wikidata.parse_statements(text.encode())
        result = wikidata.compare(MOTALA, statements, "Motala kommun")
        assert len(result.in_both) == 4
        assert result.only_here == [] and result.only_wikidata == []
        assert all(not m.notes for m in result.in_both if m.relation.since)


def test_normalise_ignores_case_and_accents():
    assert wikidata.normalise("  HYVINKÄÄ ") == wikidata.normalise("hyvinkaa")
    assert wikidata.normalise("Sorø") != ""
    assert wikidata.normalise("Łódź") == "lodz" or wikidata.normalise("Łódź").endswith("odz")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1998-07-01T00:00:00Z", datetime.date(1998, 7, 1)),
        ("+1998-00-00T00:00:00Z", datetime.date(1998, 1, 1)),
        ("1998", datetime.date(1998, 1, 1)),
        ("", None),
        ("unknown", None),
    ],
)
def test_wikidata_time_values(value, expected):
    assert wikidata.parse_date(value) == expected


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\xff\xfe\x00", "UTF-8"),
        (b'{"head": {}, "results": ', "not valid JSON"),
        (b'{"head": {"vars": []}, "rows": []}', "not a SPARQL query result"),
        (b'{"results": {"bindings": [{"item": {"value": "Q1"}}]}}', "no twinLabel"),
        (b"name,land\r\nTartu,EE\r\n", "no twinLabel column"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(data, message):
    with pytest.raises(WikidataFileError, match=message):
        wikidata.parse_statements(data)


def test_query_service_tsv_is_read():
    tsv = (
        "?item\t?itemLabel\t?twin\t?twinLabel\t?country\t?start\n"
        '<http://www.wikidata.org/entity/Q505058>\t"Motala kommun"@sv\t'
        '<http://www.wikidata.org/entity/Q207620>\t"Hyvinkää"@fi\t"FI"\t\n'
    )
    (statement,) = wikidata.parse_statements(tsv.encode())
    assert (statement.twin_label, statement.country) == ("Hyvinkää", "FI")
