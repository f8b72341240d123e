"""Every CSV/XLSX export is formula-safe (CSV injection): text starting with = + - @, a tab
or a carriage return is written with an apostrophe, and read back without it."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from samverkan.lib import exports
from samverkan.registry import wikidata

DANGEROUS = ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_neutralise_prefixes_every_formula_start(text):
    assert exports.neutralise(text) == "'" + text
    assert exports.restore(exports.neutralise(text)) == text


@pytest.mark.parametrize("value", ["Motala", "", None, -5, 3.5, "'s-Hertogenbosch", "a=b"])
def test_harmless_values_are_written_as_they_are(value):
    assert exports.neutralise(value) == value


def test_the_csv_writers_neutralise_every_cell():
    assert exports.CsvWriter(lineterminator="\n").writerow(["=1", "ok", -1]) == "'=1,ok,-1\n"
    out = io.StringIO()
    writer = exports.CsvDictWriter(out, fieldnames=["a", "b"], lineterminator="\n")
    writer.writeheader()
    writer.writerow({"a": "@x", "b": "y"})
    assert out.getvalue() == "a,b\n'@x,y\n"


def test_the_twin_town_wikidata_csv_is_formula_safe_and_reads_back():
    class Relation:
        name = '=HYPERLINK("http://evil","Klicka")'
        local_name = "+46 Town"
        country = "SE"
        since = None
        ended_on = None

    rows = wikidata.export_rows("-Motala", [Relation()])
    text = wikidata.to_csv(rows)
    cells = list(csv.reader(io.StringIO(text)))[1]
    assert all(not cell.startswith(exports.FORMULA_STARTS) for cell in cells)
    assert cells[3] == "'" + Relation.name
    read_back = wikidata._csv_rows(text)[0]
    assert read_back["twinLabel"] == Relation.name
    assert read_back["itemLabel"] == "-Motala"


def test_the_twin_town_export_page_is_formula_safe(client, demo):
    from samverkan.registry.models import Partner, TwinTown

    twin = TwinTown.objects.filter(municipality=demo.motala).exclude(status="proposed").first()
    Partner.objects.filter(pk=twin.partner_id).update(name="=cmd|' /C calc'!A0")
    client.force_login(demo.users["coordinator"])
    url = reverse("twintown-wikidata-export")
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode("utf-8-sig")
    assert "\n=" not in body and ",=" not in body
    assert "'=cmd" in body


def test_the_activity_exports_are_formula_safe(client, demo):
    from samverkan.activities.models import Activity

    activity = Activity.objects.filter(municipality=demo.motala).first()
    Activity.objects.filter(pk=activity.pk).update(title="@SUM(1+1)", description="\t=1")
    client.force_login(demo.users["coordinator"])
    csv_text = client.get(reverse("activity-export"), {"format": "csv"})
    text = b"".join(csv_text.streaming_content).decode("utf-8-sig")
    assert "'@SUM(1+1)" in text
    assert ";@SUM" not in text
    xlsx = client.get(reverse("activity-export"), {"format": "xlsx"}).content
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "'@SUM(1+1)" in values and "'\t=1" in values
    assert not any(isinstance(v, str) and v.startswith(exports.FORMULA_STARTS) for v in values)
